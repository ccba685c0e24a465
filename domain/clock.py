"""Business dates and timestamps, pinned by `SWTALENT_TODAY` for demos and tests.

Rules never call `date.today()`: business dates are Asia/Shanghai dates, timestamps are stored in UTC.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> datetime:
    """The current instant, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's business date in Asia/Shanghai, or the pinned `SWTALENT_TODAY` (ISO date)."""
    pinned = os.environ.get("SWTALENT_TODAY", "").strip()
    if pinned:
        return date.fromisoformat(pinned)
    return now().astimezone(SHANGHAI).date()


def add_years(day: date, years: int) -> date:
    """The same day `years` on; 29 February in a year without one becomes 1 March, so a period that
    starts on 29 February ends on 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)
