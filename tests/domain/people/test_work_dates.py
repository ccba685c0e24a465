"""Work and study dates a person gives, against their birth date (domain/people/details.py
`check_work_dates`): social work starts at 16 at the earliest (《劳动法》第十五条), never in the future."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import ErrorCode
from domain.people.details import check_work_dates
from domain.people.errors import DatesOutOfOrder

TODAY = date(2026, 11, 30)
BORN = date(1990, 3, 12)


def refusal(born: date, since: date, graduated: date | None = None) -> DatesOutOfOrder:
    with pytest.raises(DatesOutOfOrder) as caught:
        check_work_dates(born, since, graduated, today=TODAY)
    return caught.value


def test_social_work_may_start_on_the_16th_birthday() -> None:
    check_work_dates(BORN, date(2006, 3, 12), None, today=TODAY)


def test_social_work_that_starts_the_day_before_the_16th_birthday_is_refused() -> None:
    refused = refusal(BORN, date(2006, 3, 11))
    assert (refused.code, refused.field_name) == (ErrorCode.DATES_OUT_OF_ORDER, "socialWorkSince")
    assert refused.message == "从事社会工作的起始日期不能早于年满 16 周岁之日（2006-03-12）"


@pytest.mark.parametrize(
    "since",
    [
        pytest.param(date(1989, 1, 1), id="before birth"),
        pytest.param(BORN, id="on the day of birth"),
        pytest.param(date(2000, 9, 1), id="at ten"),
    ],
)
def test_social_work_before_sixteen_is_refused(since: date) -> None:
    assert refusal(BORN, since).field_name == "socialWorkSince"


def test_someone_born_on_29_february_turns_16_on_that_day_or_on_1_march_in_a_common_year() -> None:
    # 16 years on from a leap day is a leap day again, except across a century that is not a leap year.
    check_work_dates(date(2008, 2, 29), date(2024, 2, 29), None, today=TODAY)
    assert "2024-02-29" in refusal(date(2008, 2, 29), date(2024, 2, 28)).message
    later = date(2100, 12, 31)
    check_work_dates(date(2084, 2, 29), date(2100, 3, 1), None, today=later)
    with pytest.raises(DatesOutOfOrder, match="2100-03-01"):
        check_work_dates(date(2084, 2, 29), date(2100, 2, 28), None, today=later)


def test_social_work_may_start_today_but_not_tomorrow() -> None:
    check_work_dates(BORN, TODAY, None, today=TODAY)
    refused = refusal(BORN, date(2026, 12, 1))
    assert (refused.field_name, refused.message) == ("socialWorkSince", "从事社会工作的起始日期不能晚于今天")


def test_study_still_ends_after_birth_and_by_today() -> None:
    assert refusal(BORN, date(2013, 7, 1), date(1989, 6, 30)).field_name == "graduatedOn"
    assert refusal(BORN, date(2013, 7, 1), date(2026, 12, 1)).field_name == "graduatedOn"
    check_work_dates(BORN, date(2013, 7, 1), date(2013, 6, 30), today=TODAY)
