"""The round's eligibility rules, each at its boundary day (domain/talent/eligibility.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.exam.vocabulary import ExamLevel
from domain.talent.eligibility import (
    ApplicantFacts,
    Criteria,
    EligibilityRule,
    FrontLineTraining,
    check_eligibility,
    whole_years,
)

CLOSES = date(2026, 10, 31)
NONE = Criteria(
    min_certificate_level=None,
    min_years_held=0,
    min_practice_years=0,
    max_age=None,
    training_requirement_met=False,
)


def facts(
    *,
    born: date = date(1990, 3, 12),
    since: date = date(2013, 7, 1),
    certificates: tuple[tuple[ExamLevel, date], ...] = ((ExamLevel.SOCIAL_WORKER, date(2020, 6, 30)),),
    training: FrontLineTraining | None = None,
) -> ApplicantFacts:
    return ApplicantFacts(
        birth_date=born, social_work_since=since, certificates=certificates, training=training
    )


def only(criteria: Criteria, applicant: ApplicantFacts, on: date = CLOSES) -> tuple[bool, str]:
    [rule] = check_eligibility(criteria, applicant, on).rules
    return rule.met, rule.detail


@pytest.mark.parametrize(
    ("start", "on", "years"),
    [
        (date(2020, 10, 31), date(2026, 10, 31), 6),  # the anniversary itself counts
        (date(2020, 11, 1), date(2026, 10, 31), 5),  # one day short
        (date(2000, 2, 29), date(2026, 2, 28), 25),  # a leap-day birthday not yet reached
        (date(2000, 2, 29), date(2026, 3, 1), 26),  # reached on 1 March
        (date(2000, 2, 29), date(2028, 2, 29), 28),  # and on the day itself in a leap year
        (date(2027, 1, 1), date(2026, 10, 31), 0),  # a start after the day is no years, not negative
    ],
)
def test_whole_years_count_as_birthdays_do(start: date, on: date, years: int) -> None:
    assert whole_years(start, on) == years


def test_no_condition_set_is_no_rule_and_eligible() -> None:
    result = check_eligibility(NONE, facts(), CLOSES)
    assert result.rules == ()
    assert result.eligible


@pytest.mark.parametrize(
    ("held", "minimum", "met"),
    [
        (ExamLevel.SOCIAL_WORKER, ExamLevel.SOCIAL_WORKER, True),
        (ExamLevel.SENIOR, ExamLevel.SOCIAL_WORKER, True),
        (ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, False),
        (ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR, False),
        (ExamLevel.ASSISTANT, ExamLevel.ASSISTANT, True),
    ],
)
def test_the_certificate_level_is_ordered_assistant_social_worker_senior(
    held: ExamLevel, minimum: ExamLevel, met: bool
) -> None:
    criteria = Criteria(minimum, 0, 0, None, False)
    assert only(criteria, facts(certificates=((held, date(2020, 1, 1)),)))[0] is met


def test_a_certificate_issued_on_the_closing_day_counts_and_the_day_after_does_not() -> None:
    criteria = Criteria(ExamLevel.SOCIAL_WORKER, 0, 0, None, False)
    assert only(criteria, facts(certificates=((ExamLevel.SOCIAL_WORKER, CLOSES),)))[0]
    met, detail = only(criteria, facts(certificates=((ExamLevel.SOCIAL_WORKER, date(2026, 11, 1)),)))
    assert not met
    assert "未持有社会工作者职业水平证书" in detail


def test_a_lower_certificate_is_named_in_the_refusal() -> None:
    criteria = Criteria(ExamLevel.SOCIAL_WORKER, 0, 0, None, False)
    met, detail = only(criteria, facts(certificates=((ExamLevel.ASSISTANT, date(2019, 1, 1)),)))
    assert not met
    assert detail == "持有助理社会工作师证书，要求社会工作师及以上证书"


@pytest.mark.parametrize(("issued", "met"), [(date(2023, 10, 31), True), (date(2023, 11, 1), False)])
def test_years_held_count_whole_years_from_the_earliest_qualifying_certificate(
    issued: date, met: bool
) -> None:
    criteria = Criteria(ExamLevel.SOCIAL_WORKER, 3, 0, None, False)
    certificates = (
        (ExamLevel.ASSISTANT, date(2015, 1, 1)),  # below the level: does not count toward years held
        (ExamLevel.SOCIAL_WORKER, issued),
        (ExamLevel.SENIOR, date(2026, 1, 1)),
    )
    result = check_eligibility(criteria, facts(certificates=certificates), CLOSES)
    years = result.rules[1]
    assert years.rule is EligibilityRule.YEARS_HELD
    assert years.met is met
    expected = 3 if met else 2
    assert years.detail == f"持有社会工作师及以上证书 {expected} 年（自 {issued} 起），要求不少于 3 年"


@pytest.mark.parametrize(("since", "met"), [(date(2023, 10, 31), True), (date(2023, 11, 1), False)])
def test_practice_years_count_from_social_work_since(since: date, met: bool) -> None:
    criteria = Criteria(None, 0, 3, None, False)
    result, detail = only(criteria, facts(since=since))
    assert result is met
    assert detail.endswith("要求不少于 3 年")


@pytest.mark.parametrize(
    ("born", "met", "age"),
    [
        (date(1971, 11, 1), True, 54),  # turns 55 the day after closing: still 54
        (date(1971, 10, 31), True, 55),  # turns 55 on the closing day: 55 ≤ 55
        (date(1970, 10, 31), False, 56),  # turns 56 on the closing day
    ],
)
def test_age_is_in_whole_years_on_the_closing_day(born: date, met: bool, age: int) -> None:
    criteria = Criteria(None, 0, 0, 55, False)
    result, detail = only(criteria, facts(born=born))
    assert result is met
    assert detail == f"截至 {CLOSES} 年满 {age} 周岁，要求不超过 55 周岁"


@pytest.mark.parametrize(("on", "met"), [(date(2027, 2, 28), True), (date(2027, 3, 1), False)])
def test_a_leap_day_birthday_turns_a_year_older_on_1_march(on: date, met: bool) -> None:
    # Born 29 February 1972: 54 until 28 February 2027, 55 from 1 March; the limit is 54.
    criteria = Criteria(None, 0, 0, 54, False)
    assert only(criteria, facts(born=date(1972, 2, 29)), on)[0] is met


def test_the_training_rule_reads_the_front_line_requirement() -> None:
    criteria = Criteria(None, 0, 0, None, True)
    done = FrontLineTraining(
        "一线社会工作者累计培训（2026—2030年）", Decimal("160.0"), Decimal("160.0"), True
    )
    short = FrontLineTraining(
        "一线社会工作者累计培训（2026—2030年）", Decimal("120.5"), Decimal("160.0"), False
    )
    assert only(criteria, facts(training=done)) == (
        True,
        "一线社会工作者累计培训（2026—2030年）已完成：已计 160 学时，要求 160 学时",
    )
    assert only(criteria, facts(training=short)) == (
        False,
        "一线社会工作者累计培训（2026—2030年）未完成：已计 120.5 学时，要求 160 学时",
    )
    met, detail = only(criteria, facts(training=None))
    assert not met
    assert "没有涵盖" in detail


def test_the_refusal_lists_every_unmet_rule_in_order() -> None:
    criteria = Criteria(ExamLevel.SENIOR, 2, 20, 30, False)
    result = check_eligibility(criteria, facts(), CLOSES)
    assert not result.eligible
    assert [r.rule for r in result.unmet] == [
        EligibilityRule.CERTIFICATE_LEVEL,
        EligibilityRule.YEARS_HELD,
        EligibilityRule.PRACTICE_YEARS,
        EligibilityRule.AGE,
    ]
    message = result.refusal()
    assert message.startswith(f"不符合本轮申报条件（以 {CLOSES} 为准）：1. ")
    for index, rule in enumerate(result.unmet, start=1):
        assert f"{index}. {rule.detail}" in message
