"""The admin's calendar days on the real database: set (and set again), removed, audited, read together with
the official calendar; only the prefecture admin changes them."""

from __future__ import annotations

from datetime import date

import pytest

from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.talent import calendar_days
from domain.talent.calendar_days import DayInCalendar
from domain.talent.errors import CalendarDayNotFound
from domain.talent.models import CalendarDay
from tests.domain.talent.notice_rows import CHUXIONG, county_admin, prefecture_admin


async def test_a_day_set_twice_keeps_one_entry_and_each_change_is_audited(db: str) -> None:
    admin = await prefecture_admin()

    await calendar_days.set_calendar_day(admin, date(2027, 2, 8), is_working_day=False, name=" 2027年春节 ")
    day = await calendar_days.set_calendar_day(
        admin, date(2027, 2, 8), is_working_day=True, name="2027年春节调休"
    )

    assert day == DayInCalendar(
        date(2027, 2, 8), is_working_day=True, name="2027年春节调休", set_by_admin=True
    )
    [row] = await CalendarDay.all()
    assert (row.is_working_day, row.name, row.set_by_user_id) == (True, "2027年春节调休", admin.user_id)
    events = await AuditEvent.filter(action="talent.calendar_day.set").order_by("id")
    assert [e.summary for e in events] == [
        {"date": "2027-02-08", "isWorkingDay": False, "name": "2027年春节"},
        {
            "date": "2027-02-08",
            "isWorkingDay": True,
            "name": "2027年春节调休",
            "before": {"isWorkingDay": False, "name": "2027年春节"},
        },
    ]
    assert await calendar_days.overrides_from(date(2027, 1, 1)) == {date(2027, 2, 8): True}
    assert await calendar_days.overrides_from(date(2027, 2, 9)) == {}


async def test_removing_a_day_gives_back_the_official_calendar(db: str) -> None:
    admin = await prefecture_admin()
    await calendar_days.set_calendar_day(admin, date(2026, 10, 8), is_working_day=False, name="加休")

    after = await calendar_days.remove_calendar_day(admin, date(2026, 10, 8))

    assert after == DayInCalendar(date(2026, 10, 8), is_working_day=True, name="", set_by_admin=False)
    assert not await CalendarDay.exists()
    event = await AuditEvent.get(action="talent.calendar_day.removed")
    assert event.summary == {"date": "2026-10-08", "isWorkingDay": False, "name": "加休"}
    with pytest.raises(CalendarDayNotFound):
        await calendar_days.remove_calendar_day(admin, date(2026, 10, 8))


@pytest.mark.parametrize(
    ("day", "name", "field"),
    [
        (date(2027, 2, 8), "", "name"),
        (date(2027, 2, 8), "\u200b \u200b", "name"),
        (date(2027, 2, 8), "节" * 51, "name"),
        (date(2003, 1, 1), "元旦", "date"),
        (date(2101, 1, 1), "元旦", "date"),
    ],
)
async def test_a_day_needs_a_name_and_a_year_from_2004_to_2100(
    db: str, day: date, name: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await calendar_days.set_calendar_day(await prefecture_admin(), day, is_working_day=False, name=name)

    assert refused.value.field_path == (field,)
    assert not await CalendarDay.exists()


async def test_a_county_admin_changes_no_calendar_day(db: str) -> None:
    chen = await county_admin("chen", CHUXIONG)

    with pytest.raises(OutOfScope):
        await calendar_days.set_calendar_day(chen, date(2027, 2, 8), is_working_day=False, name="春节")
    with pytest.raises(OutOfScope):
        await calendar_days.remove_calendar_day(chen, date(2027, 2, 8))
    assert not await CalendarDay.exists()


async def test_a_covered_year_lists_the_official_days_and_the_admin_s_over_them(db: str) -> None:
    await calendar_days.set_calendar_day(
        await prefecture_admin(), date(2026, 10, 8), is_working_day=False, name="州庆加休"
    )

    days = {d.day: d for d in await calendar_days.calendar_of_year(2026)}

    assert days[date(2026, 2, 14)] == DayInCalendar(date(2026, 2, 14), True, "春节", set_by_admin=False)
    assert days[date(2026, 2, 16)] == DayInCalendar(date(2026, 2, 16), False, "春节", set_by_admin=False)
    assert days[date(2026, 10, 10)] == DayInCalendar(date(2026, 10, 10), True, "国庆节", set_by_admin=False)
    assert days[date(2026, 10, 8)] == DayInCalendar(date(2026, 10, 8), False, "州庆加休", set_by_admin=True)
    assert date(2026, 10, 9) not in days  # an ordinary Friday
    assert date(2026, 10, 11) not in days  # an ordinary Sunday
    assert list(days) == sorted(days)


async def test_an_uncovered_year_lists_only_the_admin_s_days(db: str) -> None:
    admin = await prefecture_admin()
    await calendar_days.set_calendar_day(admin, date(2027, 2, 13), is_working_day=True, name="春节调休")
    await calendar_days.set_calendar_day(admin, date(2027, 2, 8), is_working_day=False, name="春节")

    days = await calendar_days.calendar_of_year(2027)

    assert [(d.day, d.is_working_day, d.set_by_admin) for d in days] == [
        (date(2027, 2, 8), False, True),
        (date(2027, 2, 13), True, True),
    ]
    assert await calendar_days.calendar_of_year(1999) == []
