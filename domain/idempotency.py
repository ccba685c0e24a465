"""Idempotency keys (API.md §Idempotency): the same key with the same input is the same request and
returns its first result; the same key with different input is refused."""

from __future__ import annotations

import hashlib
import json
from typing import Final

from domain.errors import IdempotencyKeyReused, InvalidInput

MAX_KEY_LENGTH: Final = 100


def request_digest(kind: str, **fields: object) -> str:
    """A fingerprint of what a request asked for, independent of the order its fields came in."""
    payload = json.dumps({"kind": kind, **fields}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not 0 < len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(f"幂等键不能为空，且不超过 {MAX_KEY_LENGTH} 个字符", field="idempotencyKey")
    return key


def check_same_request(stored_digest: str | None, digest: str) -> None:
    """A key already used must come with the request it was first used for."""
    if stored_digest != digest:
        raise IdempotencyKeyReused()
