"""Password checks for one username, one at a time, counted since the last reset.

The throttle (`SignInPolicy`) counts failed sign-ins recorded in the audit trail. Counting, checking and
recording are three steps, so guesses sent at once would all count the failures before any was recorded
and all be checked: 150 parallel guesses got 102 password checks past a limit of 5. Holding a lock per
username across the three steps makes them see each other. The lock is this process's: with several
workers (PostgreSQL), each worker admits at most the limit, so at most workers × limit guesses pass a
window, instead of as many as arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from weakref import WeakValueDictionary

from domain.accounts.models import User
from domain.accounts.policy import SignInPolicy
from domain.audit import service as audit

# A lock lives while someone holds or waits for it; idle usernames cost nothing.
_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()


@asynccontextmanager
async def one_at_a_time(username: str) -> AsyncIterator[None]:
    """Within this process, one password check for `username` (normalised, as stored) at a time."""
    lock = _locks.get(username)
    if lock is None:
        lock = asyncio.Lock()
        _locks[username] = lock
    async with lock:
        yield


async def reset_at(user: User | None) -> datetime | None:
    """When an admin last reset the user's password (resetPassword): failures before it do not count,
    since the reset is the way out of a lockout."""
    if user is None:
        return None
    return await audit.last_event_at("account.password_reset", target_type="User", target_id=str(user.id))


async def username_failures(username: str, user: User | None, policy: SignInPolicy) -> int:
    """Failed sign-ins of `username` within the policy's window and since the last reset. Counted as
    recorded: the audit column holds the first 100 characters."""
    return await audit.count_failed_logins(
        username=username[:100], within=policy.failure_window, since=await reset_at(user)
    )
