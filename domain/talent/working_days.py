"""Working days (工作日) for 公示 (DOMAIN.md §leading talent, step 6: "for ≥ 5 working days"): the official
calendar of public holidays and make-up working days (调休上班), as the `chinese-calendar` library keeps it
from the State Council's yearly notices, with the days an admin adds winning over it.

The library covers 2004 to the last year whose notice it has loaded (2026 in 1.11); it raises for any other
year. For such a year a day is a working day when it is Monday to Friday, unless an admin has added it
(a holiday, or a make-up working day on a weekend): `covers_year` says which rule applies, and
`calendar_warning` words it for the admin who starts a notice.

Pure: no ORM, no I/O. `overrides` is the admin's days (`domain.talent.calendar_days.overrides_from`):
day → whether it is a working day.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from functools import cache
from typing import Final

import chinese_calendar
from chinese_calendar.constants import Holiday

Overrides = Mapping[date, bool]
NO_OVERRIDES: Final[Overrides] = {}
ONE_DAY: Final = timedelta(days=1)
SATURDAY: Final = 5  # date.weekday() counts Monday as 0

# The library's holidays by their Chinese names (its enum carries them), for the calendar an admin reads.
HOLIDAY_NAMES: Final[Mapping[str, str]] = {holiday.value: holiday.chinese for holiday in Holiday}


def is_weekday(day: date) -> bool:
    """Monday to Friday: the working week where no calendar says otherwise."""
    return day.weekday() < SATURDAY


@cache
def covers_year(year: int) -> bool:
    """Whether the official calendar (chinese-calendar) knows `year`'s holidays and make-up days."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date, overrides: Overrides = NO_OVERRIDES) -> bool:
    """An admin's entry for `day` first; then the official calendar for the years it covers; else
    Monday to Friday."""
    if day in overrides:
        return overrides[day]
    if covers_year(day.year):
        return bool(chinese_calendar.is_workday(day))
    return is_weekday(day)


def working_days_from(start: date, overrides: Overrides = NO_OVERRIDES) -> Iterator[date]:
    """The working days on or after `start`, in order, without end (an admin's entries are finite, so
    a working day always follows within a week of the last of them)."""
    day = start
    while True:
        if is_working_day(day, overrides):
            yield day
        day += ONE_DAY


def first_working_day(start: date, overrides: Overrides = NO_OVERRIDES) -> date:
    """The first working day on or after `start`."""
    return next(working_days_from(start, overrides))


def nth_working_day(start: date, n: int, overrides: Overrides = NO_OVERRIDES) -> date:
    """The `n`th working day counting from `start`: the first working day on or after `start` is day 1.

    Raises ValueError for `n` < 1 (callers check the notice's length first)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    for count, day in enumerate(working_days_from(start, overrides), start=1):
        if count == n:
            return day
    raise AssertionError("unreachable: working_days_from never ends")  # pragma: no cover


def working_days_between(start: date, end: date, overrides: Overrides = NO_OVERRIDES) -> int:
    """How many working days lie in [start, end], both included (0 when `end` is before `start`)."""
    days = (end - start).days + 1
    return sum(1 for offset in range(max(days, 0)) if is_working_day(start + timedelta(offset), overrides))


def uncovered_years(start: date, end: date) -> list[int]:
    """The years of [start, end] the official calendar does not cover, in order."""
    return [year for year in range(start.year, end.year + 1) if not covers_year(year)]


def calendar_warning(start: date | None, end: date | None) -> str | None:
    """What an admin should know about a span counted in working days: the years of it whose official
    holidays are not loaded yet were counted Monday to Friday plus the days admins added. None when
    every year is covered (or there is no span)."""
    if start is None or end is None:
        return None
    years = uncovered_years(start, end)
    if not years:
        return None
    named = "、".join(str(year) for year in years)
    return f"{named} 年的法定节假日尚未载入，已按周一至周五计算，并计入管理员添加的节假日"


def official_day_name(day: date) -> str | None:
    """The official calendar's name for `day` when it is a holiday or a make-up working day of a holiday
    ("春节"); None for an ordinary day or a year it does not cover."""
    if not covers_year(day.year):
        return None
    _, name = chinese_calendar.get_holiday_detail(day)
    if not isinstance(name, str):
        return None
    return HOLIDAY_NAMES.get(name, name)
