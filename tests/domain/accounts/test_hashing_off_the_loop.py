"""scrypt runs in a worker thread and before the write transaction opens, for every writer of a hash.

Measured before: 200 sign-ups at a concurrency of 20 took 9 s on SQLite, because each scrypt ran on the
event loop inside the write transaction. These tests check the two causes, not a timing.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable

import pytest
from tortoise import connections
from tortoise.backends.base.client import TransactionalDBClient

from domain.access import Grant, Role
from domain.accounts import passwords
from domain.accounts import service as accounts
from domain.accounts.policy import SignInPolicy
from tests.factories import PASSWORD, SYSTEM, actor_of, details, staff, trainee


class HashCalls:
    def __init__(self) -> None:
        self.calls: list[tuple[bool, bool]] = []

    def record(self) -> None:
        in_transaction = isinstance(connections.get("default"), TransactionalDBClient)
        on_main_thread = threading.current_thread() is threading.main_thread()
        self.calls.append((in_transaction, on_main_thread))


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> HashCalls:
    calls = HashCalls()
    real_hash, real_verify = passwords.hash_password, passwords.verify_password

    def hash_password(password: str) -> str:
        calls.record()
        return real_hash(password)

    def verify_password(password: str, stored: str) -> bool:
        calls.record()
        return real_verify(password, stored)

    monkeypatch.setattr(passwords, "hash_password", hash_password)
    monkeypatch.setattr(passwords, "verify_password", verify_password)
    return calls


async def _register() -> None:
    await accounts.register_account(
        SYSTEM, username="li.na", password=PASSWORD, details=details(), policy=SignInPolicy()
    )


async def _create_staff() -> None:
    await staff("zhou", Grant(Role.PREFECTURE_ADMIN))


async def _login() -> None:
    await accounts.login(SYSTEM, username="LI.NA", password=PASSWORD, policy=SignInPolicy())


@pytest.mark.parametrize("writer", [_register, _create_staff], ids=["registration", "staff account"])
async def test_a_new_account_is_hashed_in_a_worker_thread_before_the_transaction(
    db: str, hashes: HashCalls, writer: Callable[[], Awaitable[None]]
) -> None:
    await writer()
    assert hashes.calls == [(False, False)]


async def test_signing_in_verifies_in_a_worker_thread_outside_any_transaction(db: str) -> None:
    await trainee("li.na")
    calls = HashCalls()
    real = passwords.verify_password

    def verify_password(password: str, stored: str) -> bool:
        calls.record()
        return real(password, stored)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "verify_password", verify_password)
        await _login()
    assert calls.calls == [(False, False)]


async def test_changing_and_resetting_hash_in_a_worker_thread_before_the_transaction(
    db: str, hashes: HashCalls
) -> None:
    user = await trainee("li.na")
    hashes.calls.clear()
    await accounts.change_password(
        await actor_of(user),
        token="not-a-live-token",
        current_password=PASSWORD,
        new_password="Chuxiong-2027",
        policy=SignInPolicy(),
    )
    await accounts.reset_password(SYSTEM, username="li.na")
    # Verify the current password, hash the new one; hash the one-time password.
    assert hashes.calls == [(False, False)] * 3
