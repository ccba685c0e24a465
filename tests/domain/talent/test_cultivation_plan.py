"""The cultivation plan's pure rules: the funding split into yearly tranches of whole fen, which year may
be assessed next, and the title's history in date order."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import ErrorCode
from domain.talent.cultivation_plan import (
    AssessmentFact,
    TalentEventKind,
    TrancheFact,
    check_assessment_year,
    split_funding,
    talent_history,
)
from domain.talent.errors import InvalidAssessmentYear
from domain.talent.vocabulary import AssessmentGrade, RevocationCause, TalentStatus, TrancheStatus

AWARDED = date(2027, 1, 10)


@pytest.mark.parametrize("years", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("total", [1, 2, 99, 100, 3_000_000, 1_000_001, 7_654_321])
def test_the_tranches_add_up_to_the_funding_equal_but_for_the_remainder_on_the_first(
    total: int, years: int
) -> None:
    plan = split_funding(total, years)

    assert len(plan) == years
    assert sum(plan) == total
    assert len(set(plan[1:])) <= 1
    assert 0 <= plan[0] - plan[-1] < years


def test_a_three_year_plan_puts_the_odd_fen_on_the_first_tranche() -> None:
    assert split_funding(1_000_001, 3) == [333_335, 333_333, 333_333]
    assert split_funding(3_000_000, 3) == [1_000_000, 1_000_000, 1_000_000]


@pytest.mark.parametrize("years", [1, 2, 3, 4, 5])
def test_no_funding_is_no_tranches(years: int) -> None:
    assert split_funding(0, years) == []


@pytest.mark.parametrize(("total", "years"), [(100, 0), (100, -1), (-1, 3)])
def test_a_plan_without_years_or_with_negative_funding_is_a_bug(total: int, years: int) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is for developers
        split_funding(total, years)


def check(year: int, recorded: tuple[int, ...] = (), today: date = date(2030, 6, 1), years: int = 3) -> bool:
    return check_assessment_year(
        year, awarded_on=AWARDED, cultivation_years=years, recorded=recorded, today=today
    )


def test_the_years_after_the_award_are_assessed_in_order_the_last_is_final() -> None:
    assert check(2028) is False
    assert check(2029, (2028,)) is False
    assert check(2030, (2028, 2029)) is True


@pytest.mark.parametrize(
    ("year", "recorded", "today", "message"),
    [
        (
            2027,
            (),
            date(2030, 6, 1),
            "考核年度须在 2028 至 2030 年之间（2027 年授予称号，培养期 3 年，最后一年为期满考核）",
        ),
        (2031, (2028, 2029, 2030), date(2032, 1, 1), "考核年度须在 2028 至 2030 年之间"),
        (
            2029,
            (2028,),
            date(2028, 12, 31),
            "2029 年度考核针对第 2 个培养年度（至 2029-01-09），2029-01-10 起方可录入（今天是 2028-12-31）",
        ),
        # The final assessment waits for the period's end (awarded 2027-01-10, three years).
        (
            2030,
            (2028, 2029),
            date(2030, 1, 9),
            "2030 年度考核针对第 3 个培养年度（至 2030-01-09），2030-01-10 起方可录入",
        ),
        (2029, (), date(2030, 6, 1), "请按年度顺序录入考核：下一个应录入的是 2028 年度"),
        (2030, (2028,), date(2030, 6, 1), "请按年度顺序录入考核：下一个应录入的是 2029 年度"),
    ],
)
def test_a_year_outside_the_period_in_the_future_or_out_of_order_is_refused(
    year: int, recorded: tuple[int, ...], today: date, message: str
) -> None:
    with pytest.raises(InvalidAssessmentYear) as refused:
        check(year, recorded, today)

    assert refused.value.code is ErrorCode.INVALID_ASSESSMENT_YEAR
    assert refused.value.message.startswith(message)


def test_a_year_is_assessed_from_the_day_its_cultivation_year_has_ended() -> None:
    # A title awarded on 10 January 2027 looks back on 10 January 2027 – 9 January 2028 in its 2028
    # assessment: not on 1 January 2028, 26 days after the award's anniversary year began.
    with pytest.raises(InvalidAssessmentYear):
        check(2028, today=date(2028, 1, 9))
    assert check(2028, today=date(2028, 1, 10)) is False
    assert check(2030, (2028, 2029), today=date(2030, 1, 10)) is True


def test_a_one_year_period_has_only_the_final_assessment() -> None:
    assert check(2028, years=1) is True
    with pytest.raises(InvalidAssessmentYear):
        check(2029, (2028,), years=1)


def test_the_history_lists_award_assessments_tranches_and_revocation_in_date_order() -> None:
    events = talent_history(
        awarded_on=AWARDED,
        final_year=2030,
        status=TalentStatus.REVOKED,
        revoked_on=date(2029, 2, 1),
        revocation_cause=RevocationCause.ASSESSMENT_FAILED,
        assessments=[
            AssessmentFact(2029, AssessmentGrade.FAIL, date(2029, 2, 1)),
            AssessmentFact(2028, AssessmentGrade.PASS, date(2028, 12, 20)),
        ],
        tranches=[
            TrancheFact(1, 1_000_000, TrancheStatus.RELEASED, AWARDED),
            TrancheFact(2, 1_000_000, TrancheStatus.RELEASED, date(2028, 12, 20)),
            TrancheFact(3, 1_000_000, TrancheStatus.STOPPED, date(2029, 2, 1)),
        ],
    )

    assert [(e.on, e.kind, e.detail) for e in events] == [
        (AWARDED, TalentEventKind.AWARDED, "授予彝乡专业社会工作领军人才称号"),
        (AWARDED, TalentEventKind.TRANCHE_RELEASED, "第 1 期培养经费 10000.00 元已拨付"),
        (date(2028, 12, 20), TalentEventKind.ASSESSED, "2028 年度考核：合格"),
        (date(2028, 12, 20), TalentEventKind.TRANCHE_RELEASED, "第 2 期培养经费 10000.00 元已拨付"),
        (date(2029, 2, 1), TalentEventKind.ASSESSED, "2029 年度考核：不合格"),
        (date(2029, 2, 1), TalentEventKind.TRANCHE_STOPPED, "第 3 期培养经费 10000.00 元停止拨付"),
        (date(2029, 2, 1), TalentEventKind.REVOKED, "称号撤销（年度考核不合格）"),
    ]


def test_a_title_completed_then_revoked_shows_both_and_planned_tranches_are_not_events() -> None:
    events = talent_history(
        awarded_on=AWARDED,
        final_year=2028,
        status=TalentStatus.REVOKED,
        revoked_on=date(2029, 5, 1),
        revocation_cause=None,
        assessments=[AssessmentFact(2028, AssessmentGrade.EXCELLENT, date(2028, 12, 30))],
        tranches=[TrancheFact(1, 500, TrancheStatus.PLANNED, None)],
    )

    assert [e.kind for e in events] == [
        TalentEventKind.AWARDED,
        TalentEventKind.ASSESSED,
        TalentEventKind.COMPLETED,
        TalentEventKind.REVOKED,
    ]
    assert events[-1].detail == "称号撤销"
