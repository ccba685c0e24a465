"""Password hashing with scrypt (memory-hard, in the standard library), and the password rule.

scrypt takes tens of milliseconds of CPU by design; called on the event loop it stops every other
request for that long (200 sign-ups at a concurrency of 20 took 9 s on SQLite). Services therefore call
`hash_password_off_loop` / `verify_password_off_loop`, which run it in a worker thread (hashlib releases
the GIL while it works), and before opening a write transaction, so the write lock is not held meanwhile.
"""

from __future__ import annotations

import asyncio
import base64
import contextvars
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache, partial
from typing import Final, TypeVar

from domain.accounts.common_passwords import is_common_password
from domain.accounts.usernames import normalize_username

T = TypeVar("T")

N: Final = 2**14
R: Final = 8
P: Final = 1
MIN_LENGTH: Final = 8
MAX_LENGTH: Final = 128


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return "$".join(["scrypt", str(N), str(R), str(P), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """True only when `stored` is a usable scrypt hash of `password`; anything unusable is False."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
        return hmac.compare_digest(candidate, _unb64(digest))
    # Bad numbers, bad base64 (binascii.Error is a ValueError), parameters scrypt refuses, or a
    # password that is not encodable (a lone surrogate, which JSON can carry).
    except (ValueError, UnicodeEncodeError):
        return False


# scrypt is CPU-bound: run as many at once as there are cores less one, so a burst of sign-ups queues
# here instead of taking every core from the event loop (on 2 cores, six hashing threads made cheap
# requests wait longer than hashing on the loop had).
_HASHING: Final = ThreadPoolExecutor(
    max_workers=max(1, (os.cpu_count() or 2) - 1), thread_name_prefix="scrypt"
)


async def _off_loop(work: Callable[..., T], *args: str) -> T:
    # As asyncio.to_thread does, but on the hashing pool, and with the caller's context variables.
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(_HASHING, partial(context.run, work, *args))


async def hash_password_off_loop(password: str) -> str:
    """`hash_password` in a worker thread, so the event loop keeps serving other requests meanwhile."""
    return await _off_loop(hash_password, password)


async def verify_password_off_loop(password: str, stored: str) -> bool:
    """`verify_password` in a worker thread, for the same reason."""
    return await _off_loop(verify_password, password, stored)


@cache
def unknown_user_hash() -> str:
    """Verifying against this when the username is unknown keeps the response time the same, so
    timing does not reveal which usernames exist."""
    return hash_password(secrets.token_hex(16))


async def unknown_user_hash_off_loop() -> str:
    """`unknown_user_hash` on the hashing pool: its first call hashes, like any other."""
    return await _off_loop(unknown_user_hash)


def password_problem(password: str, *, username: str) -> str | None:
    """Why a new password is too weak, in Chinese, or None: 8–128 characters with a letter and a
    digit, not the username in any case or width, and not one of the commonest passwords."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"密码长度须为 {MIN_LENGTH} 到 {MAX_LENGTH} 位"
    try:
        password.encode()
    except UnicodeEncodeError:
        return "密码含有无法识别的字符"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "密码须同时包含字母和数字"
    if normalize_username(password) == normalize_username(username):
        return "密码不能与用户名相同"
    if is_common_password(password):
        return "该密码过于常见，容易被猜中，请换一个"
    return None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
