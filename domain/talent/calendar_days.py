"""The days an admin adds to the calendar 公示 is counted in (DOMAIN.md §leading talent, step 6): holidays
and make-up working days (调休上班) for years the official calendar (chinese-calendar) does not cover yet,
or a correction of a year it does. An entry wins over the library (`domain.talent.working_days`).

Only the prefecture admin sets or removes a day (the notice is the prefecture's); anyone may read the
calendar. A notice already started keeps the end date it was given: a day changed afterwards counts for
notices started (and candidates moved up) after the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.names import free_text
from domain.talent import working_days
from domain.talent.errors import CalendarDayNotFound
from domain.talent.models import CalendarDay
from domain.transaction import write_transaction

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_NAME_LENGTH",
    "DayInCalendar",
    "calendar_of_year",
    "day_in_calendar",
    "overrides_from",
    "remove_calendar_day",
    "set_calendar_day",
]

MAX_NAME_LENGTH: Final = 50
# The library starts in 2004; a day far in the future is a typing mistake, not a plan.
FIRST_YEAR: Final = 2004
LAST_YEAR: Final = 2100


@dataclass(frozen=True, slots=True)
class DayInCalendar:
    """A day that is not an ordinary weekday or weekend, as 公示 counts it: `set_by_admin` when an admin
    added it (it can be removed), else the official calendar's holiday or make-up working day."""

    day: date
    is_working_day: bool
    name: str
    set_by_admin: bool


async def overrides_from(start: date) -> dict[date, bool]:
    """The admin's days on or after `start` (day → is a working day), for `working_days`. The table holds
    a few dozen days a year, so no end is needed."""
    rows = await CalendarDay.filter(day__gte=start).values_list("day", "is_working_day")
    return {day: bool(working) for day, working in rows}


def _check_day(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(f"日期须在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间", field="date")


def _check_prefecture(actor: Actor) -> None:
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以维护公示期计算所用的节假日")


async def set_calendar_day(actor: Actor, day: date, *, is_working_day: bool, name: str) -> DayInCalendar:
    """The prefecture admin marks `day` as a holiday (`is_working_day` false) or a make-up working day
    (true), named `name` (one line, 1–50 characters, e.g. "2027年春节"); setting a day again replaces its
    entry. Returns the day as the calendar now has it.

    Writes the `CalendarDay` row (created or updated) and the audit event `talent.calendar_day.set`, in
    one transaction.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        InvalidInput: a day outside 2004–2100 (field `date`), an empty or too long name (field `name`).
    """
    _check_prefecture(actor)
    _check_day(day)
    name = free_text(name)
    if not name:
        raise InvalidInput("请填写节假日或调休的名称，如“2027年春节”", field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"名称不超过 {MAX_NAME_LENGTH} 字", field="name")
    async with write_transaction():
        row = await CalendarDay.get_or_none(day=day)
        before = None if row is None else {"isWorkingDay": row.is_working_day, "name": row.name}
        if row is None:
            row = await CalendarDay.create(
                day=day,
                is_working_day=is_working_day,
                name=name,
                set_by_user_id=actor.user_id or 0,
                set_at=clock.now(),
            )
        else:
            row.is_working_day = is_working_day
            row.name = name
            row.set_by_user_id = actor.user_id or 0
            row.set_at = clock.now()
            await row.save()
        await audit.record(
            actor,
            "talent.calendar_day.set",
            target_type="CalendarDay",
            target_id=row.id,
            summary={
                "date": day.isoformat(),
                "isWorkingDay": is_working_day,
                "name": name,
                **({"before": before} if before else {}),
            },
        )
    return DayInCalendar(day=day, is_working_day=is_working_day, name=name, set_by_admin=True)


async def remove_calendar_day(actor: Actor, day: date) -> DayInCalendar:
    """The prefecture admin removes the entry for `day`; returns the day as the calendar now has it
    (the official calendar's, or Monday–Friday for a year it does not cover; `name` empty for an
    ordinary day).

    Writes: the `CalendarDay` row deleted and the audit event `talent.calendar_day.removed`, in one
    transaction.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        CalendarDayNotFound: no admin entry for `day`.
    """
    _check_prefecture(actor)
    async with write_transaction():
        row = await CalendarDay.get_or_none(day=day)
        if row is None:
            raise CalendarDayNotFound()
        await CalendarDay.filter(id=row.id).delete()
        await audit.record(
            actor,
            "talent.calendar_day.removed",
            target_type="CalendarDay",
            target_id=row.id,
            summary={"date": day.isoformat(), "isWorkingDay": row.is_working_day, "name": row.name},
        )
    return _official(day)


def _official(day: date) -> DayInCalendar:
    return DayInCalendar(
        day=day,
        is_working_day=working_days.is_working_day(day),
        name=working_days.official_day_name(day) or "",
        set_by_admin=False,
    )


async def day_in_calendar(day: date) -> DayInCalendar:
    """`day` as 公示 counts it: the admin's entry, else the official calendar (or Monday–Friday)."""
    row = await CalendarDay.get_or_none(day=day)
    if row is not None:
        return DayInCalendar(day=day, is_working_day=row.is_working_day, name=row.name, set_by_admin=True)
    return _official(day)


async def calendar_of_year(year: int) -> list[DayInCalendar]:
    """`year`'s days that are not ordinary, by date: every admin entry, and the official calendar's
    holidays and make-up working days (the days it names, and any weekday off or weekend at work).
    A year outside 2004–2100 has no entries.

    Raises nothing: an uncovered year lists only the admin's days (`working_days.covers_year` says so).
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return []
    first, last = date(year, 1, 1), date(year, 12, 31)
    admin = {row.day: row for row in await CalendarDay.filter(day__gte=first, day__lte=last).order_by("day")}
    days: list[DayInCalendar] = []
    day = first
    while day <= last:
        row = admin.get(day)
        if row is not None:
            days.append(
                DayInCalendar(day=day, is_working_day=row.is_working_day, name=row.name, set_by_admin=True)
            )
        elif working_days.covers_year(year):
            official = _official(day)
            unusual = official.is_working_day != working_days.is_weekday(day)
            if official.name or unusual:
                days.append(official)
        day += timedelta(days=1)
    return days
