"""Pure checks of what a completion, an adjustment or a reversal may write (domain/training/ledger.py):
hours, dates against a given `today`, and reasons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput
from domain.training.errors import HoursAboveCredit, InvalidDate, InvalidHours
from domain.training.ledger import (
    MAX_ADJUSTMENT_TENTHS,
    MAX_REASON_LENGTH,
    Window,
    check_adjustment_hours,
    check_completion_date,
    check_credit_hours,
    check_entry_date,
    check_reason,
    default_completion_date,
    held_on,
)

HELD = Window(date(2026, 4, 1), date(2026, 4, 3))


def test_a_course_is_held_on_its_business_dates_in_shanghai() -> None:
    # 17:00 UTC on 31 March is 01:00 on 1 April in Shanghai.
    starts = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    assert held_on(starts, starts + timedelta(days=2, hours=6)) == Window(date(2026, 4, 1), date(2026, 4, 3))


@pytest.mark.parametrize(
    ("hours", "tenths"),
    [
        pytest.param(None, 160, id="no hours: the course's"),
        pytest.param(Decimal(16), 160, id="all of the course's"),
        pytest.param(Decimal("7.5"), 75, id="part of the course"),
        pytest.param("0.1", 1, id="the least"),
    ],
)
def test_a_completion_credits_the_hours_given_or_the_courses(
    hours: Decimal | str | None, tenths: int
) -> None:
    assert check_credit_hours(hours, 160) == tenths


@pytest.mark.parametrize(
    ("hours", "refusal"),
    [
        pytest.param(Decimal("16.1"), HoursAboveCredit, id="above the course's"),
        pytest.param(Decimal(0), InvalidHours, id="none"),
        pytest.param(Decimal(-1), InvalidHours, id="negative"),
        pytest.param(Decimal("1.25"), InvalidHours, id="two decimal places"),
        pytest.param("abc", InvalidHours, id="not a number"),
    ],
)
def test_a_completion_is_refused_hours_out_of_bounds(hours: Decimal | str, refusal: type[Exception]) -> None:
    with pytest.raises(refusal):
        check_credit_hours(hours, 160, field="学时")


def test_a_refused_completion_names_the_field_it_was_given() -> None:
    with pytest.raises(HoursAboveCredit) as refused:
        check_credit_hours(Decimal(20), 160, field="学时")
    assert refused.value.field_name == "学时"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2026, 4, 20), date(2026, 4, 3), id="after the course: its last day"),
        pytest.param(date(2026, 4, 2), date(2026, 4, 2), id="while it runs: today"),
        pytest.param(date(2026, 4, 3), date(2026, 4, 3), id="on its last day"),
    ],
)
def test_a_completion_without_a_date_is_dated_the_last_day_or_today(today: date, expected: date) -> None:
    assert default_completion_date(HELD, today) == expected


@pytest.mark.parametrize(
    "completed_on",
    [date(2026, 4, 1), date(2026, 4, 3), date(2026, 4, 10)],
    ids=["the first day", "the last day", "after the course, before today"],
)
def test_a_completion_dated_from_the_first_day_to_today_is_accepted(completed_on: date) -> None:
    check_completion_date(completed_on, HELD, today=date(2026, 4, 10))


@pytest.mark.parametrize(
    ("completed_on", "today"),
    [
        pytest.param(date(2026, 3, 31), date(2026, 4, 10), id="before the course"),
        pytest.param(date(2026, 4, 11), date(2026, 4, 10), id="tomorrow"),
        pytest.param(date(2026, 4, 2), date(2026, 4, 1), id="tomorrow, while the course runs"),
    ],
)
def test_a_completion_dated_before_the_course_or_in_the_future_is_refused(
    completed_on: date, today: date
) -> None:
    with pytest.raises(InvalidDate) as refused:
        check_completion_date(completed_on, HELD, today=today)
    assert refused.value.field_name == "completedOn"


@given(st.dates(min_value=HELD.starts_on, max_value=date(2036, 12, 31)))
def test_the_default_completion_date_is_always_accepted_once_the_course_has_begun(today: date) -> None:
    check_completion_date(default_completion_date(HELD, today), HELD, today=today)


@pytest.mark.parametrize(
    ("hours", "tenths"),
    [
        (Decimal(90), 900),
        (Decimal("-2.5"), -25),
        (Decimal(200), MAX_ADJUSTMENT_TENTHS),
        (Decimal(-200), -MAX_ADJUSTMENT_TENTHS),
    ],
)
def test_an_adjustment_moves_hours_either_way_up_to_the_bound(hours: Decimal, tenths: int) -> None:
    assert check_adjustment_hours(hours) == tenths


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("200.1"), Decimal("-200.1"), Decimal("0.05")])
def test_an_adjustment_of_nothing_beyond_the_bound_or_below_a_tenth_is_refused(hours: Decimal) -> None:
    with pytest.raises(InvalidHours) as refused:
        check_adjustment_hours(hours)
    assert refused.value.field_name == "hours"


def test_an_entry_may_be_dated_today_or_before_but_not_after() -> None:
    today = date(2026, 3, 20)
    check_entry_date(today, today=today)
    check_entry_date(date(2021, 1, 1), today=today)
    with pytest.raises(InvalidDate, match="不能晚于今天"):
        check_entry_date(date(2026, 3, 21), today=today)


def test_a_reason_is_trimmed() -> None:
    assert check_reason("  录入错误 \n", action="冲正") == "录入错误"


@pytest.mark.parametrize("reason", ["", "   ", "理" * (MAX_REASON_LENGTH + 1)])
def test_a_missing_or_overlong_reason_is_refused_naming_the_action(reason: str) -> None:
    with pytest.raises(InvalidInput, match="须填写调整理由") as refused:
        check_reason(reason, action="调整")
    assert refused.value.field_name == "reason"


def test_a_reason_of_the_longest_length_is_accepted() -> None:
    assert check_reason("理" * MAX_REASON_LENGTH, action="调整") == "理" * MAX_REASON_LENGTH
