"""The one clock: business dates in Asia/Shanghai and timestamps in UTC, which every rule reads here.

Rules never call `date.today()` or `datetime.now()`. The clock reads, strongest first:

1. `travel_to(day_or_instant)`, for code that must move time (the demo loader, tests). It is a context
   manager over a context variable, so it moves the clock for the code inside the `with` block and the
   asyncio tasks started from there, never for other tasks running concurrently (another request, another
   test); leaving the block puts back whatever was in force before, even on an exception.
2. `SWTALENT_TODAY=YYYY-MM-DD` in the environment, which pins the whole process (demos, manual testing).
3. The real time.

A clock moved to an instant keeps running from there, so timestamps written one after another stay in
order. A pinned *date* holds the date and runs the time of day: it never rolls over to the next day, so at
Shanghai midnight `now()` goes back 24 hours (a token issued in the evening then outlives its lifetime
for as long as the date stays pinned; pinning is for demos and tests). Either way `now()` and `today()` agree,
`today() == now().astimezone(SHANGHAI).date()`, so a rule that checks a timestamp ("开始时间已过") and one
that checks a date (a withdrawal before the first session) see the same moment.
"""

from __future__ import annotations

import os
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from types import TracebackType

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class _Shift:
    """Where the clock was put: a business date at the running time of day, or an offset from real time."""

    day: date | None = None
    offset: timedelta = timedelta(0)

    def apply(self, real: datetime) -> datetime:
        return real + self.offset if self.day is None else _on_day(self.day, real)


_travel: ContextVar[_Shift | None] = ContextVar("swtalent_clock_travel", default=None)


def now() -> datetime:
    """The current instant, in UTC: moved by `travel_to`, else on the date `SWTALENT_TODAY` pins."""
    real = datetime.now(UTC)
    shift = _travel.get()
    if shift is not None:
        return shift.apply(real)
    pinned = os.environ.get("SWTALENT_TODAY", "").strip()
    if pinned:
        return _on_day(date.fromisoformat(pinned), real)
    return real


def today() -> date:
    """Today's business date in Asia/Shanghai: the date of `now()`."""
    return now().astimezone(SHANGHAI).date()


class Travel:
    """A move of the clock, in force inside `with`; see `travel_to`."""

    def __init__(self, when: date | datetime) -> None:
        if isinstance(when, datetime) and when.utcoffset() is None:
            raise ValueError("travel_to needs an aware datetime (timestamps are UTC), or a date")
        self._when = when
        self._token: Token[_Shift | None] | None = None

    def __enter__(self) -> datetime:
        if self._token is not None:
            raise RuntimeError("this travel_to is already in force; nest a new one instead")
        when = self._when
        shift = _Shift(offset=when - datetime.now(UTC)) if isinstance(when, datetime) else _Shift(day=when)
        self._token = _travel.set(shift)
        return now()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._token is None:
            raise RuntimeError("travel_to left without being entered")
        _travel.reset(self._token)
        self._token = None


def travel_to(when: date | datetime) -> Travel:
    """Move the clock for the code inside `with` (and the tasks it starts), over `SWTALENT_TODAY`.

    A `date` holds that business date at the running time of day, as `SWTALENT_TODAY` does; an aware
    `datetime` puts `now()` at that instant, from where it keeps running. The block returns `now()`:

        with clock.travel_to(clock.now() - timedelta(days=30)):
            ...  # post a course whose sessions are now in the past
        with clock.travel_to(date(2026, 12, 21)) as moment:
            ...

    Blocks nest; leaving one restores the clock outside it. Use it inside one coroutine, never as a
    decorator, and not across a fixture's `yield` (a context variable is reset only in the context that
    set it). Tokens and audit events take their time from this clock too: a token issued before the
    clock moves forward past its lifetime has expired, so sign in again after such a move.
    """
    return Travel(when)


def _on_day(day: date, real: datetime) -> datetime:
    """`day` at the time of day (Asia/Shanghai) of the instant `real`, in UTC."""
    return datetime.combine(day, real.astimezone(SHANGHAI).timetz()).astimezone(UTC)


def add_years(day: date, years: int) -> date:
    """The same day `years` on; 29 February in a year without one becomes 1 March, so a period that
    starts on 29 February ends on 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)
