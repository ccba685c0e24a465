"""Pure rules of exam eligibility: every row of DOMAIN.md's table, its edges, and its invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.exam.eligibility import (
    LEVEL_ORDER,
    RULES,
    Candidate,
    EligibilityRule,
    HeldCertificate,
    check_eligibility,
    work_years,
)
from domain.exam.vocabulary import ExamLevel
from domain.people.vocabulary import Education, Major

A, S, H = ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR
HS, JC, BA, MA, PHD = (
    Education.HIGH_SCHOOL,
    Education.JUNIOR_COLLEGE,
    Education.BACHELOR,
    Education.MASTER,
    Education.DOCTOR,
)
SW, OTHER = Major.SOCIAL_WORK, Major.OTHER
YEAR = 2026  # the exam year of the table-driven cases: work counts up to 2026-12-31


def candidate(
    education: Education,
    major: Major = SW,
    *,
    since: date = date(2000, 1, 1),
    graduated: date | None = None,
    certificates: tuple[HeldCertificate, ...] = (),
) -> Candidate:
    return Candidate(education, major, since, graduated, certificates)


def started_with(years: int) -> date:
    """The latest start of work that still has `years` whole years by 2026-12-31."""
    return date(YEAR + 1 - years, 1, 1)


# --- work_years ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "exam_year", "years"),
    [
        pytest.param(date(2022, 1, 1), 2025, 4, id="from 1 January, the cutoff day completes the 4th year"),
        pytest.param(
            date(2022, 1, 2), 2025, 3, id="from 2 January, the 4th year ends a day after the cutoff"
        ),
        pytest.param(date(2022, 7, 1), 2025, 3, id="from mid-year, three whole years"),
        pytest.param(date(2025, 1, 1), 2025, 1, id="the whole exam year is one year"),
        pytest.param(date(2025, 1, 2), 2025, 0, id="one day short of the exam year is none"),
        pytest.param(date(2025, 12, 31), 2025, 0, id="starting on the cutoff is none"),
        pytest.param(date(2026, 1, 1), 2025, 0, id="starting the day after the cutoff is none"),
        pytest.param(date(2030, 6, 1), 2025, 0, id="starting years after the cutoff is none, not negative"),
        pytest.param(date(1990, 7, 1), 2025, 35, id="a long career"),
        pytest.param(date(2020, 2, 29), 2020, 0, id="29 February, in its own year"),
        pytest.param(date(2020, 2, 29), 2021, 1, id="29 February, first anniversary on 1 March"),
        pytest.param(date(2020, 2, 29), 2024, 4, id="29 February, anniversary on 29 February"),
    ],
)
def test_work_years_count_whole_years_through_the_last_day_of_the_exam_year(
    start: date, exam_year: int, years: int
) -> None:
    assert work_years(start, exam_year) == years


# --- every row of the table ---------------------------------------------------------------------

# DOMAIN.md §The national exam, written out here independently of RULES: level, education, major,
# years of social work, the rule that must match.
TABLE = [
    (A, HS, SW, 4, "ASSISTANT_HIGH_SCHOOL"),
    (A, HS, OTHER, 4, "ASSISTANT_HIGH_SCHOOL"),
    (A, JC, SW, 2, "ASSISTANT_JUNIOR_COLLEGE_SOCIAL_WORK"),
    (A, JC, OTHER, 4, "ASSISTANT_JUNIOR_COLLEGE_OTHER"),
    (A, BA, SW, 0, "ASSISTANT_BACHELOR_OR_ABOVE_SOCIAL_WORK"),
    (A, MA, SW, 0, "ASSISTANT_BACHELOR_OR_ABOVE_SOCIAL_WORK"),
    (A, PHD, SW, 0, "ASSISTANT_BACHELOR_OR_ABOVE_SOCIAL_WORK"),
    (A, BA, OTHER, 2, "ASSISTANT_BACHELOR_OR_ABOVE_OTHER"),
    (A, MA, OTHER, 2, "ASSISTANT_BACHELOR_OR_ABOVE_OTHER"),
    (A, PHD, OTHER, 2, "ASSISTANT_BACHELOR_OR_ABOVE_OTHER"),
    (S, JC, SW, 4, "SOCIAL_WORKER_JUNIOR_COLLEGE_SOCIAL_WORK"),
    (S, JC, OTHER, 6, "SOCIAL_WORKER_JUNIOR_COLLEGE_OTHER"),
    (S, BA, SW, 3, "SOCIAL_WORKER_BACHELOR_SOCIAL_WORK"),
    (S, BA, OTHER, 5, "SOCIAL_WORKER_BACHELOR_OTHER"),
    (S, MA, SW, 1, "SOCIAL_WORKER_MASTER_SOCIAL_WORK"),
    (S, MA, OTHER, 3, "SOCIAL_WORKER_MASTER_OTHER"),
    (S, PHD, SW, 0, "SOCIAL_WORKER_DOCTOR_SOCIAL_WORK"),
    (S, PHD, OTHER, 2, "SOCIAL_WORKER_DOCTOR_OTHER"),
]
TABLE_IDS = [f"{level}-{education}-{major}-{years}y" for level, education, major, years, _ in TABLE]
WITH_YEARS = [row for row in TABLE if row[3] > 0]
WITH_YEARS_IDS = [f"{level}-{education}-{major}-{years}y" for level, education, major, years, _ in WITH_YEARS]


@pytest.mark.parametrize(("level", "education", "major", "years", "code"), TABLE, ids=TABLE_IDS)
def test_exactly_the_years_of_a_row_make_a_candidate_eligible_under_that_row(
    level: ExamLevel, education: Education, major: Major, years: int, code: str
) -> None:
    result = check_eligibility(candidate(education, major, since=started_with(years)), level, YEAR)

    assert result.eligible
    assert result.rule is not None
    assert result.rule.code == code
    assert result.reasons == (f"符合：{result.rule.description}（截至 2026-12-31 计 {years} 年）",)


@pytest.mark.parametrize(("level", "education", "major", "years", "code"), WITH_YEARS, ids=WITH_YEARS_IDS)
def test_one_day_short_of_the_years_of_a_row_is_not_eligible(
    level: ExamLevel, education: Education, major: Major, years: int, code: str
) -> None:
    one_day_short = started_with(years) + timedelta(days=1)

    result = check_eligibility(candidate(education, major, since=one_day_short), level, YEAR)

    assert not result.eligible
    assert result.rule is None
    (reason,) = result.reasons
    assert reason.endswith(f"须从事社会工作满 {years} 年，截至 2026-12-31 为 {years - 1} 年")


@pytest.mark.parametrize(("level", "education", "major", "years", "code"), WITH_YEARS, ids=WITH_YEARS_IDS)
def test_one_year_short_of_the_years_of_a_row_is_not_eligible(
    level: ExamLevel, education: Education, major: Major, years: int, code: str
) -> None:
    one_year_short = started_with(years - 1)

    result = check_eligibility(candidate(education, major, since=one_year_short), level, YEAR)

    assert not result.eligible
    assert result.reasons[0].endswith(f"为 {years - 1} 年")


@pytest.mark.parametrize(
    ("level", "education", "major", "expected"),
    [
        pytest.param(
            A,
            HS,
            OTHER,
            "高中或中专学历须从事社会工作满 4 年，截至 2026-12-31 为 1 年",
            id="assistant high school",
        ),
        pytest.param(
            A,
            JC,
            SW,
            "大专学历、社会工作专业须从事社会工作满 2 年，截至 2026-12-31 为 1 年",
            id="assistant junior college",
        ),
        pytest.param(
            A,
            MA,
            OTHER,
            "本科及以上学历、其他专业须从事社会工作满 2 年，截至 2026-12-31 为 1 年",
            id="assistant master",
        ),
        pytest.param(
            S,
            BA,
            OTHER,
            "本科学历、其他专业须从事社会工作满 5 年，截至 2026-12-31 为 1 年",
            id="intermediate bachelor",
        ),
        pytest.param(
            S,
            PHD,
            OTHER,
            "博士研究生学历、其他专业须从事社会工作满 2 年，截至 2026-12-31 为 1 年",
            id="intermediate doctor",
        ),
    ],
)
def test_a_shortfall_says_which_row_applies_what_it_requires_and_what_was_counted(
    level: ExamLevel, education: Education, major: Major, expected: str
) -> None:
    result = check_eligibility(candidate(education, major, since=date(2025, 6, 1)), level, YEAR)

    assert result.reasons == (expected,)


def test_an_eligible_answer_names_the_rule_and_the_years_counted() -> None:
    result = check_eligibility(candidate(BA, OTHER, since=date(2020, 3, 1)), S, YEAR)

    assert result.reasons == ("符合：本科学历，其他专业，从事社会工作满 5 年（截至 2026-12-31 计 6 年）",)


@pytest.mark.parametrize(
    ("level", "education"),
    [
        pytest.param(A, BA, id="assistant bachelor"),
        pytest.param(A, PHD, id="assistant doctor"),
        pytest.param(S, PHD, id="intermediate doctor"),
    ],
)
def test_a_social_work_graduate_needs_no_work_at_all_for_a_row_of_zero_years(
    level: ExamLevel, education: Education
) -> None:
    starts_after_the_exam_year = date(YEAR + 1, 9, 1)

    result = check_eligibility(candidate(education, SW, since=starts_after_the_exam_year), level, YEAR)

    assert result.rule is not None
    assert result.rule.years == 0
    assert result.reasons == (f"符合：{result.rule.description}（截至 2026-12-31 计 0 年）",)


def test_a_doctor_of_another_major_still_needs_two_years_for_the_intermediate_exam() -> None:
    result = check_eligibility(candidate(PHD, OTHER, since=date(YEAR, 1, 1)), S, YEAR)

    assert result.reasons == ("博士研究生学历、其他专业须从事社会工作满 2 年，截至 2026-12-31 为 1 年",)


# --- graduation ---------------------------------------------------------------------------------


def test_work_before_graduating_from_full_time_study_does_not_count() -> None:
    worked_while_studying = candidate(JC, OTHER, since=date(2015, 1, 1), graduated=date(2023, 7, 1))

    result = check_eligibility(worked_while_studying, A, YEAR)

    assert not result.eligible
    assert result.reasons == ("大专学历、其他专业须从事社会工作满 4 年，截至 2026-12-31 为 3 年",)


def test_work_counts_from_the_day_of_graduation() -> None:
    graduated_on_new_year = candidate(JC, OTHER, since=date(2015, 1, 1), graduated=date(2023, 1, 1))

    assert check_eligibility(graduated_on_new_year, A, YEAR).eligible


def test_a_graduation_before_the_work_started_changes_nothing() -> None:
    late_start = candidate(BA, OTHER, since=date(2025, 1, 2), graduated=date(2020, 7, 1))

    assert check_eligibility(late_start, A, YEAR).reasons[0].endswith("为 1 年")


# --- rows counted from a certificate --------------------------------------------------------------


def assistant(issued_on: date) -> HeldCertificate:
    return HeldCertificate(A, issued_on)


def social_worker(issued_on: date) -> HeldCertificate:
    return HeldCertificate(S, issued_on)


@pytest.mark.parametrize("major", [SW, OTHER])
def test_a_high_school_candidate_sits_the_intermediate_exam_six_years_after_the_assistant_certificate(
    major: Major,
) -> None:
    person = candidate(HS, major, since=date(2010, 5, 1), certificates=(assistant(date(2021, 1, 1)),))

    result = check_eligibility(person, S, YEAR)

    assert result.rule is not None
    assert result.rule.code == "SOCIAL_WORKER_HIGH_SCHOOL_WITH_ASSISTANT"
    assert result.reasons == (
        "符合：高中或中专学历，取得助理社会工作师证书后从事社会工作满 6 年（截至 2026-12-31 计 6 年）",
    )


def test_a_high_school_candidate_one_day_short_of_six_years_after_the_certificate_is_not_eligible() -> None:
    person = candidate(HS, since=date(2010, 5, 1), certificates=(assistant(date(2021, 1, 2)),))

    result = check_eligibility(person, S, YEAR)

    assert result.reasons == (
        "高中或中专学历须在取得助理社会工作师证书后从事社会工作满 6 年，截至 2026-12-31 为 5 年",
    )


def test_a_high_school_candidate_without_the_assistant_certificate_cannot_sit_the_intermediate_exam() -> None:
    result = check_eligibility(candidate(HS, since=date(1990, 1, 1)), S, YEAR)

    assert not result.eligible
    assert result.reasons == ("高中或中专学历须持有助理社会工作师证书",)


@pytest.mark.parametrize(
    "certificate",
    [
        pytest.param(assistant(date(YEAR + 1, 3, 1)), id="a certificate issued after the exam year"),
    ],
)
def test_only_an_assistant_certificate_held_by_the_cutoff_opens_the_high_school_route(
    certificate: HeldCertificate,
) -> None:
    person = candidate(HS, since=date(1990, 1, 1), certificates=(certificate,))

    assert check_eligibility(person, S, YEAR).reasons == ("高中或中专学历须持有助理社会工作师证书",)


@pytest.mark.parametrize(
    ("held", "level", "reason"),
    [
        pytest.param(A, A, "已持有助理社会工作师证书，不能再报考初级", id="the same level"),
        pytest.param(S, A, "已持有社会工作师证书，不能再报考初级", id="a higher level blocks a lower one"),
        pytest.param(H, S, "已持有高级社会工作师证书，不能再报考中级", id="the highest held is named"),
    ],
)
def test_a_level_already_held_or_surpassed_is_not_open(
    held: ExamLevel, level: ExamLevel, reason: str
) -> None:
    certificates = tuple(
        HeldCertificate(h, date(2015, 1, 1)) for h in LEVEL_ORDER[: LEVEL_ORDER.index(held) + 1]
    )
    person = candidate(BA, since=date(2000, 1, 1), certificates=certificates)

    answer = check_eligibility(person, level, YEAR)

    assert (answer.eligible, answer.rule, answer.reasons, answer.already_held) == (
        False,
        None,
        (reason,),
        held,
    )


def test_a_lower_certificate_leaves_the_higher_level_open() -> None:
    person = candidate(BA, since=date(2000, 1, 1), certificates=(assistant(date(2015, 1, 1)),))

    answer = check_eligibility(person, S, YEAR)

    assert answer.eligible
    assert answer.already_held is None


def test_only_work_after_both_the_certificate_and_the_start_of_work_counts() -> None:
    certified_before_working = candidate(
        HS, since=date(2021, 1, 2), certificates=(assistant(date(2015, 1, 1)),)
    )

    assert check_eligibility(certified_before_working, S, YEAR).reasons[0].endswith("为 5 年")


def test_the_earliest_of_several_assistant_certificates_counts() -> None:
    person = candidate(
        HS, since=date(2000, 1, 1), certificates=(assistant(date(2024, 1, 1)), assistant(date(2020, 6, 1)))
    )

    assert check_eligibility(person, S, YEAR).eligible


@pytest.mark.parametrize("education", [BA, MA, PHD])
@pytest.mark.parametrize("major", [SW, OTHER])
def test_a_graduate_sits_the_senior_exam_five_years_after_the_intermediate_certificate(
    education: Education, major: Major
) -> None:
    person = candidate(education, major, certificates=(social_worker(date(2022, 1, 1)),))

    result = check_eligibility(person, H, YEAR)

    assert result.rule is not None
    assert result.rule.code == "SENIOR_AFTER_SOCIAL_WORKER"


def test_a_senior_candidate_one_day_short_of_five_years_after_the_certificate_is_not_eligible() -> None:
    person = candidate(BA, certificates=(social_worker(date(2022, 1, 2)),))

    assert check_eligibility(person, H, YEAR).reasons == (
        "本科及以上学历须在取得社会工作师证书后从事社会工作满 5 年，截至 2026-12-31 为 4 年",
    )


def test_a_senior_candidate_one_year_short_of_five_years_after_the_certificate_is_not_eligible() -> None:
    person = candidate(MA, certificates=(social_worker(date(2023, 1, 1)),))

    assert check_eligibility(person, H, YEAR).reasons[0].endswith("为 4 年")


def test_the_senior_exam_needs_the_intermediate_certificate_not_the_assistant_one() -> None:
    person = candidate(PHD, since=date(1990, 1, 1), certificates=(assistant(date(1995, 1, 1)),))

    assert check_eligibility(person, H, YEAR).reasons == ("本科及以上学历须持有社会工作师证书",)


@pytest.mark.parametrize("education", [HS, JC])
def test_the_senior_exam_needs_a_bachelor_degree_or_above_whatever_else_the_candidate_has(
    education: Education,
) -> None:
    person = candidate(education, since=date(1990, 1, 1), certificates=(social_worker(date(2000, 1, 1)),))

    result = check_eligibility(person, H, YEAR)

    assert not result.eligible
    assert result.reasons == ("高级须本科及以上学历",)


# --- the table itself ---------------------------------------------------------------------------


def test_the_rules_have_distinct_codes() -> None:
    assert len({rule.code for rule in RULES}) == len(RULES) == 15


@pytest.mark.parametrize("level", list(ExamLevel))
@pytest.mark.parametrize("education", list(Education))
@pytest.mark.parametrize("major", list(Major))
def test_at_most_one_rule_applies_to_any_candidate_for_a_level(
    level: ExamLevel, education: Education, major: Major
) -> None:
    applying = [
        rule
        for rule in RULES
        if rule.level is level and education in rule.educations and rule.major in (None, major)
    ]

    assert len(applying) == (0 if level is H and education in (HS, JC) else 1)


# --- other tables -------------------------------------------------------------------------------


def rule(code: str, educations: frozenset[Education], major: Major | None, years: int) -> EligibilityRule:
    return EligibilityRule(code, A, educations, major, years, None, code)


def test_when_several_rules_are_met_the_first_in_table_order_matches() -> None:
    rules = (rule("FIRST", frozenset({BA}), None, 1), rule("SECOND", frozenset({BA}), SW, 0))

    result = check_eligibility(candidate(BA, since=date(2000, 1, 1)), A, YEAR, rules=rules)

    assert result.rule == rules[0]


def test_a_rule_that_is_not_met_gives_way_to_a_later_one_that_is() -> None:
    rules = (rule("FIRST", frozenset({BA}), None, 9), rule("SECOND", frozenset({BA}), SW, 0))

    result = check_eligibility(candidate(BA, since=date(2025, 1, 1)), A, YEAR, rules=rules)

    assert result.rule == rules[1]


def test_every_applicable_rule_that_is_not_met_gives_its_own_reason() -> None:
    rules = (rule("FIRST", frozenset({BA}), None, 9), rule("SECOND", frozenset({BA}), SW, 8))

    result = check_eligibility(candidate(BA, since=date(2025, 1, 1)), A, YEAR, rules=rules)

    assert result.reasons == (
        "本科学历须从事社会工作满 9 年，截至 2026-12-31 为 2 年",
        "本科学历、社会工作专业须从事社会工作满 8 年，截至 2026-12-31 为 2 年",
    )


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        pytest.param((), "初级暂无报考条件", id="no rule for the level"),
        pytest.param((rule("R", frozenset({HS, BA}), None, 0),), "初级须高中或中专、本科学历", id="a gap"),
        pytest.param((rule("R", frozenset({MA}), None, 0),), "初级须硕士研究生学历", id="one education"),
        pytest.param(
            (rule("R", frozenset({JC}), OTHER, 0),),
            "初级没有适用于大专学历、社会工作专业的报考条件",
            id="no rule for the major",
        ),
    ],
)
def test_when_no_rule_applies_the_answer_says_what_the_level_needs(
    rules: tuple[EligibilityRule, ...], expected: str
) -> None:
    result = check_eligibility(candidate(JC, SW), A, YEAR, rules=rules)

    assert result.reasons == (expected,)


# --- properties ---------------------------------------------------------------------------------

days = st.dates(min_value=date(1980, 1, 1), max_value=date(2040, 12, 31))
exam_years = st.integers(min_value=1990, max_value=2040)
certificates = st.builds(HeldCertificate, st.sampled_from(list(ExamLevel)), days)
candidates = st.builds(
    Candidate,
    education=st.sampled_from(list(Education)),
    major=st.sampled_from(list(Major)),
    social_work_since=days,
    graduated_on=st.none() | days,
    certificates=st.lists(certificates, max_size=3).map(tuple),
)
levels = st.sampled_from(list(ExamLevel))


@given(days, exam_years)
def test_work_years_are_the_years_between_the_start_and_the_cutoff_plus_one_from_new_year(
    start: date, exam_year: int
) -> None:
    whole = exam_year - start.year + (1 if (start.month, start.day) == (1, 1) else 0)

    assert work_years(start, exam_year) == max(whole, 0)


@given(days, exam_years)
def test_each_exam_year_adds_exactly_one_year_once_work_has_started(start: date, exam_year: int) -> None:
    if start <= date(exam_year, 12, 31):
        assert work_years(start, exam_year + 1) == work_years(start, exam_year) + 1
    else:
        assert work_years(start, exam_year) == 0


@given(candidates, levels, exam_years)
def test_an_answer_names_a_rule_of_the_asked_level_exactly_when_eligible(
    person: Candidate, level: ExamLevel, exam_year: int
) -> None:
    result = check_eligibility(person, level, exam_year)

    assert result.eligible == (result.rule is not None)
    assert result.rule is None or result.rule.level is level
    assert result.reasons
    assert not result.eligible or len(result.reasons) == 1


@given(candidates, levels, exam_years, st.integers(min_value=1, max_value=5000))
def test_starting_work_earlier_never_makes_an_eligible_candidate_ineligible(
    person: Candidate, level: ExamLevel, exam_year: int, days_earlier: int
) -> None:
    earlier = replace(person, social_work_since=person.social_work_since - timedelta(days=days_earlier))

    if check_eligibility(person, level, exam_year).eligible:
        assert check_eligibility(earlier, level, exam_year).eligible


@given(candidates, levels, exam_years)
def test_a_later_exam_year_never_makes_an_eligible_candidate_ineligible(
    person: Candidate, level: ExamLevel, exam_year: int
) -> None:
    if check_eligibility(person, level, exam_year).eligible:
        assert check_eligibility(person, level, exam_year + 1).eligible


@given(candidates, levels, exam_years)
def test_dropping_the_graduation_date_never_makes_an_eligible_candidate_ineligible(
    person: Candidate, level: ExamLevel, exam_year: int
) -> None:
    if check_eligibility(person, level, exam_year).eligible:
        assert check_eligibility(replace(person, graduated_on=None), level, exam_year).eligible


@given(candidates, levels, exam_years, certificates)
def test_holding_a_lower_certificate_never_makes_an_eligible_candidate_ineligible(
    person: Candidate, level: ExamLevel, exam_year: int, extra: HeldCertificate
) -> None:
    more = replace(person, certificates=(*person.certificates, extra))

    if (
        LEVEL_ORDER.index(extra.level) < LEVEL_ORDER.index(level)
        and check_eligibility(person, level, exam_year).eligible
    ):
        assert check_eligibility(more, level, exam_year).eligible


@given(candidates, levels, exam_years, certificates)
def test_holding_the_level_or_a_higher_one_always_answers_already_held(
    person: Candidate, level: ExamLevel, exam_year: int, extra: HeldCertificate
) -> None:
    more = replace(person, certificates=(*person.certificates, extra))
    answer = check_eligibility(more, level, exam_year)

    if LEVEL_ORDER.index(extra.level) >= LEVEL_ORDER.index(level):
        assert not answer.eligible
        assert answer.rule is None
        assert answer.already_held is not None
        assert LEVEL_ORDER.index(answer.already_held) >= LEVEL_ORDER.index(extra.level)
    else:
        assert answer.already_held is None or answer.already_held in {c.level for c in person.certificates}


@given(candidates, levels, exam_years)
def test_a_social_work_major_is_eligible_whenever_the_same_candidate_of_another_major_is(
    person: Candidate, level: ExamLevel, exam_year: int
) -> None:
    if check_eligibility(replace(person, major=OTHER), level, exam_year).eligible:
        assert check_eligibility(replace(person, major=SW), level, exam_year).eligible


@given(candidates, levels, exam_years, st.sampled_from(list(Education)))
def test_a_higher_education_never_makes_an_eligible_candidate_ineligible(
    person: Candidate, level: ExamLevel, exam_year: int, other: Education
) -> None:
    order = list(Education)
    higher = max(person.education, other, key=order.index)

    if check_eligibility(person, level, exam_year).eligible:
        assert check_eligibility(replace(person, education=higher), level, exam_year).eligible
