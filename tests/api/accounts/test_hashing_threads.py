"""Over the API, every scrypt hash and check runs on the hashing pool, never on the event loop's thread:
a sign-up or a sign-in then never stops other requests (issue 14). Proved by where the work runs, not
by a timing."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from domain.accounts import passwords
from tests.api.accounts.test_passwords import CHANGE, NEW_PASSWORD, RESET, change
from tests.api.accounts.test_register_account import REGISTER, registration
from tests.api.conftest import LOGIN, Api, Tokens


@dataclass
class Threads:
    """The thread each hash or check ran on."""

    seen: list[threading.Thread] = field(default_factory=list)


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> Threads:
    recorded = Threads()
    real_hash, real_verify = passwords.hash_password, passwords.verify_password

    def hash_password(password: str) -> str:
        recorded.seen.append(threading.current_thread())
        return real_hash(password)

    def verify_password(password: str, stored: str) -> bool:
        recorded.seen.append(threading.current_thread())
        return real_verify(password, stored)

    monkeypatch.setattr(passwords, "hash_password", hash_password)
    monkeypatch.setattr(passwords, "verify_password", verify_password)
    # The hash verified against for unknown usernames is made once per process: make it again here.
    passwords.unknown_user_hash.cache_clear()
    return recorded


def off_the_loop(seen: list[threading.Thread], count: int) -> None:
    loop_thread = threading.current_thread()  # the test runs on the event loop's thread
    assert len(seen) == count
    assert all(t is not loop_thread for t in seen)
    assert all(t.name.startswith("scrypt") for t in seen)


async def login(api: Api, username: str, password: str) -> dict[str, object]:
    data = await api.data(LOGIN, {"input": {"username": username, "password": password}})
    result: dict[str, object] = data["login"]
    return result


async def test_signing_up_and_in_hash_and_verify_off_the_event_loop(api: Api, threads: Threads) -> None:
    registered = await api.data(REGISTER, {"input": registration()})
    assert registered["registerAccount"]["userErrors"] == []
    off_the_loop(threads.seen, 1)

    assert (await login(api, "li.na", "lina-2026-ok"))["userErrors"] == []
    off_the_loop(threads.seen, 2)


async def test_a_wrong_password_and_an_unknown_user_verify_off_the_event_loop(
    api: Api, threads: Threads
) -> None:
    await api.data(REGISTER, {"input": registration()})
    threads.seen.clear()
    assert (await login(api, "li.na", "wrong-2026-pass"))["token"] is None
    # Unknown: the stand-in hash is made, then verified against.
    assert (await login(api, "nobody.here", "wrong-2026-pass"))["token"] is None
    off_the_loop(threads.seen, 3)


async def test_staff_accounts_and_password_changes_hash_off_the_event_loop(
    api: Api, tokens: Tokens, threads: Threads
) -> None:
    threads.seen.clear()
    created = await api.data(
        "mutation C($input: CreateUserInput!) { createUser(input: $input) { userErrors { code } } }",
        {
            "input": {
                "username": "dayao.admin",
                "password": "dayao-2026",
                "name": "大姚管理员",
                "organizationName": "大姚县民政局",
                "roles": [{"role": "COUNTY_ADMIN", "countyCode": "532326"}],
            }
        },
        token=tokens.prefecture,
    )
    assert created["createUser"]["userErrors"] == []
    token = (await login(api, "dayao.admin", "dayao-2026"))["token"]
    assert isinstance(token, str)
    changed = await api.data(CHANGE, change("dayao-2026", NEW_PASSWORD), token=token)
    assert changed["changePassword"]["userErrors"] == []
    reset = await api.data(RESET, {"input": {"username": "dayao.admin"}}, token=tokens.prefecture)
    assert reset["resetPassword"]["userErrors"] == []
    # Create: hash; sign in: verify; change: verify and hash; reset: hash.
    off_the_loop(threads.seen, 5)
