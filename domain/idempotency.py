"""Idempotency keys (API.md §Idempotency): the same key with the same input is the same request and
returns its first result; the same key with different input is refused.

Every use case that moves hours or money runs through `idempotent`, which fixes the order of the
steps once: key → digest → scope → replay → rules and write → look the key up again on a refusal.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Generic, TypeVar

from tortoise.exceptions import IntegrityError

from domain.errors import DomainError, IdempotencyKeyReused, InvalidInput

MAX_KEY_LENGTH: Final = 100

Result = TypeVar("Result")
Target = TypeVar("Target")


def request_digest(kind: str, **fields: object) -> str:
    """A fingerprint of what a request asked for, independent of the order its fields came in and of
    how a number was written: `120`, `120.0` and `120.00` yuan (or hours) are one request."""
    payload = json.dumps({"kind": kind, **fields}, sort_keys=True, default=_canonical, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _canonical(value: object) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        # normalize() drops trailing zeros; "f" keeps 1.2E+2 written as 120.
        return format(value.normalize(), "f")
    return str(value)


def check_key(key: str) -> str:
    key = key.strip()
    if not 0 < len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(f"幂等键不能为空，且不超过 {MAX_KEY_LENGTH} 个字符", field="idempotencyKey")
    return key


def check_same_request(stored_digest: str | None, digest: str) -> None:
    """A key already used must come with the request it was first used for."""
    if stored_digest != digest:
        raise IdempotencyKeyReused()


@dataclass(frozen=True, slots=True)
class Recorded(Generic[Result]):
    """What a key's first request returned, and the digest of what that request asked for."""

    result: Result
    digest: str | None


async def idempotent(
    key: str,
    digest: str,
    *,
    find: Callable[[str], Awaitable[Recorded[Result] | None]],
    scope: Callable[[], Awaitable[Target]],
    write: Callable[[Target], Awaitable[Result]],
    conflict: Callable[[], DomainError] | None = None,
) -> Result:
    """Run a request at most once per key: the first request writes, and every retry with the key,
    sequential or racing it, gets the first result.

    `key` comes from `check_key`; `digest` from `request_digest` over everything the request asks
    for, its target included (the enrolment, person, entry or registration acted on), so a key's
    first result always belongs to the target that `scope` checks.

    - `find(key)`: what the key wrote, with the stored digest, or None while the key is unused.
    - `scope()`: loads the target and checks the actor may act on it, raising the caller's own
      refusal (EnrollmentNotFound, OutOfScope, ...); its value is passed to `write`.
    - `write(target)`: the status and rule checks and the write, in its own write transaction,
      storing `key` and `digest` on the row `find` reads. Owning the transaction matters: when it
      refuses, its writes are rolled back before the key is looked up again (on PostgreSQL an
      aborted transaction answers nothing more).
    - `conflict()`: the refusal for an IntegrityError the key did not cause (a second credit of one
      enrolment, a second live registration); without it such an error propagates, as a bug.

    The steps, in this order:

    1. A key already used for a different request is refused (IdempotencyKeyReused), before the
       scope check: any write with the key would be refused the same way, the column being unique.
       Keys are the client's own random strings; a caller who holds another's key learns only
       whether a guessed input matches the first request's, never its result.
    2. `scope()`, for retries too: a first result is returned only to someone who may act on its
       target, so another provider replaying a provider's key is refused as if the enrolment were
       not theirs.
    3. A retry returns the first result.
    4. `write(target)`.
    5. On any refusal (DomainError) or IntegrityError from `write`, the key is looked up again: a
       twin with the same key may have written between step 1 and the write, and made this
       request's checks fail (already credited, already registered, site full, already paid, already
       reversed). Then the twin's result is this request's result. Every refusal is looked up, not
       a list: which refusal a lost race causes depends on where it is lost, and a refusal no twin
       caused finds the key unused and stands, at the cost of one query.

    Raises:
        IdempotencyKeyReused: the key was first used for a different request.
        Whatever `scope` or `write` raises, and `conflict()` for a collision not on the key.
    """
    first = await find(key)
    if first is not None:
        check_same_request(first.digest, digest)
    target = await scope()
    if first is not None:
        return first.result
    try:
        return await write(target)
    except (DomainError, IntegrityError) as refusal:
        first = await find(key)
        if first is None:
            if isinstance(refusal, IntegrityError) and conflict is not None:
                raise conflict() from None
            raise
    check_same_request(first.digest, digest)
    return first.result
