"""Password hashing with scrypt (memory-hard, in the standard library), and the password rule."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import cache
from typing import Final

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


@cache
def unknown_user_hash() -> str:
    """Verifying against this when the username is unknown keeps the response time the same, so
    timing does not reveal which usernames exist."""
    return hash_password(secrets.token_hex(16))


def password_problem(password: str) -> str | None:
    """Why a new password is too weak, in Chinese, or None."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"密码长度须为 {MIN_LENGTH} 到 {MAX_LENGTH} 位"
    try:
        password.encode()
    except UnicodeEncodeError:
        return "密码含有无法识别的字符"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "密码须同时包含字母和数字"
    return None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
