"""Working days for 公示, across the Spring Festival and National Day weeks with their make-up working days
(the dates below are the State Council's notices for 2025 and 2026, as chinese-calendar 1.11 holds them),
and for 2027, which the library does not cover yet: Monday to Friday plus the days an admin adds."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.talent.working_days import (
    calendar_warning,
    covers_year,
    first_working_day,
    is_working_day,
    nth_working_day,
    official_day_name,
    working_days_between,
)

# 2027: the admin's Spring Festival (a made-up week for the test: Monday 8 to Friday 12 February off,
# Saturday 13 February at work) and New Year's Day.
ADMIN_2027 = {
    date(2027, 1, 1): False,
    **{date(2027, 2, day): False for day in range(8, 13)},
    date(2027, 2, 13): True,
}


def test_the_pinned_library_covers_2004_to_2026_so_2027_is_counted_monday_to_friday() -> None:
    # When chinese-calendar learns 2027, the 2027 cases below describe the fallback no more: revisit them.
    assert covers_year(2004)
    assert covers_year(2026)
    assert not covers_year(2027)
    assert not covers_year(2003)
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 1, 4))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Spring Festival 2026: 15–23 February off, Saturday 14 and Saturday 28 February at work.
        (date(2026, 2, 13), True),
        (date(2026, 2, 14), True),
        (date(2026, 2, 15), False),
        (date(2026, 2, 16), False),
        (date(2026, 2, 20), False),
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
        (date(2026, 2, 28), True),
        (date(2026, 3, 1), False),
        # Mid-Autumn and National Day 2026: Friday 25 September off; 1–7 October off; Sunday 20 September
        # and Saturday 10 October at work.
        (date(2026, 9, 19), False),
        (date(2026, 9, 20), True),
        (date(2026, 9, 25), False),
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),
        (date(2026, 10, 11), False),
        # Spring Festival 2025: 28 January – 4 February off; Sunday 26 January and Saturday 8 February at work.
        (date(2025, 1, 26), True),
        (date(2025, 1, 27), True),
        (date(2025, 1, 28), False),
        (date(2025, 2, 4), False),
        (date(2025, 2, 5), True),
        (date(2025, 2, 8), True),
        # National Day and Mid-Autumn 2025: 1–8 October off; Sunday 28 September and Saturday 11 October.
        (date(2025, 9, 28), True),
        (date(2025, 10, 1), False),
        (date(2025, 10, 8), False),
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),
        (date(2025, 10, 12), False),
        # 2027, not covered: Monday to Friday.
        (date(2027, 1, 1), True),
        (date(2027, 1, 2), False),
        (date(2027, 2, 8), True),
        (date(2027, 2, 13), False),
    ],
)
def test_the_official_calendar_decides_in_the_years_it_covers_and_the_week_in_others(
    day: date, working: bool
) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2027, 1, 1), False),
        (date(2027, 2, 8), False),
        (date(2027, 2, 12), False),
        (date(2027, 2, 13), True),
        (date(2027, 2, 14), False),
        (date(2027, 2, 15), True),
        # An admin's entry wins over the library too (a late change to a covered year).
        (date(2026, 10, 8), False),
        (date(2026, 10, 11), True),
    ],
)
def test_an_admin_s_day_wins(day: date, working: bool) -> None:
    overrides = {**ADMIN_2027, date(2026, 10, 8): False, date(2026, 10, 11): True}

    assert is_working_day(day, overrides) is working


@pytest.mark.parametrize(
    ("start", "n", "overrides", "expected"),
    [
        # The journey's notice: 28, 29, 30 September, then 8 and 9 October.
        (date(2026, 9, 28), 5, {}, date(2026, 10, 9)),
        # Moved up on 8 October: 8, 9, 10 (make-up Saturday), 12, 13 October.
        (date(2026, 10, 1), 5, {}, date(2026, 10, 13)),
        # 18 September, Sunday 20 (make-up), 21, 22, 23; Friday 25 is Mid-Autumn.
        (date(2026, 9, 18), 5, {}, date(2026, 9, 23)),
        (date(2026, 9, 18), 6, {}, date(2026, 9, 24)),
        (date(2026, 9, 18), 7, {}, date(2026, 9, 28)),
        # 12, 13, Saturday 14 (make-up), then 24 and 25 February after the holiday.
        (date(2026, 2, 12), 5, {}, date(2026, 2, 25)),
        (date(2026, 2, 15), 1, {}, date(2026, 2, 24)),
        (date(2026, 2, 24), 5, {}, date(2026, 2, 28)),
        # 2025: Friday 24 January, Sunday 26, Monday 27, then 5 and 6 February.
        (date(2025, 1, 24), 5, {}, date(2025, 2, 6)),
        # 2025: Friday 26 September, Sunday 28, 29, 30, then Thursday 9 October.
        (date(2025, 9, 26), 5, {}, date(2025, 10, 9)),
        # An admin's holiday in a covered year: 8 October off, so 9 and the make-up Saturday 10.
        (date(2026, 9, 28), 5, {date(2026, 10, 8): False}, date(2026, 10, 10)),
        # Into 2027 without the admin's days: New Year's Day counted as a Friday at work.
        (date(2026, 12, 28), 5, {}, date(2027, 1, 1)),
        (date(2026, 12, 28), 5, ADMIN_2027, date(2027, 1, 4)),
        # The admin's 2027 Spring Festival: 4, 5, Saturday 13 (make-up), 15, 16 February.
        (date(2027, 2, 4), 5, ADMIN_2027, date(2027, 2, 16)),
        (date(2027, 2, 4), 5, {}, date(2027, 2, 10)),
        (date(2027, 2, 6), 1, ADMIN_2027, date(2027, 2, 13)),
    ],
)
def test_the_nth_working_day_counts_the_first_working_day_on_or_after_the_start_as_day_one(
    start: date, n: int, overrides: dict[date, bool], expected: date
) -> None:
    assert nth_working_day(start, n, overrides) == expected
    assert working_days_between(start, expected, overrides) == n


def test_a_notice_of_no_working_days_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        nth_working_day(date(2026, 9, 28), 0)


def test_working_days_between_an_end_before_the_start_is_zero() -> None:
    assert working_days_between(date(2026, 10, 9), date(2026, 10, 8)) == 0
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 0


def test_a_span_into_an_uncovered_year_is_worded_for_the_admin() -> None:
    assert calendar_warning(date(2026, 12, 28), date(2027, 1, 4)) == (
        "2027 年的法定节假日尚未载入，已按周一至周五计算，并计入管理员添加的节假日"
    )
    assert calendar_warning(date(2026, 9, 28), date(2026, 10, 9)) is None
    assert calendar_warning(None, None) is None


def test_the_official_days_read_by_their_chinese_names() -> None:
    assert official_day_name(date(2026, 2, 17)) == "春节"
    assert official_day_name(date(2026, 2, 28)) == "春节"  # the make-up Saturday is the festival's
    assert official_day_name(date(2026, 10, 10)) == "国庆节"
    assert official_day_name(date(2026, 10, 12)) is None
    assert official_day_name(date(2027, 2, 8)) is None


days = st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 12, 31))
admin_days = st.dictionaries(days, st.booleans(), max_size=30)


@given(start=days, n=st.integers(min_value=1, max_value=40), overrides=admin_days)
def test_the_nth_working_day_is_a_working_day_with_exactly_n_up_to_it(
    start: date, n: int, overrides: dict[date, bool]
) -> None:
    end = nth_working_day(start, n, overrides)

    assert end >= start
    assert is_working_day(end, overrides)
    assert working_days_between(start, end, overrides) == n
    assert working_days_between(start, end - timedelta(days=1), overrides) == n - 1


@given(start=days, overrides=admin_days)
def test_the_first_working_day_is_day_one_and_nothing_before_it_works(
    start: date, overrides: dict[date, bool]
) -> None:
    first = first_working_day(start, overrides)

    assert nth_working_day(start, 1, overrides) == first
    assert working_days_between(start, first - timedelta(days=1), overrides) == 0
