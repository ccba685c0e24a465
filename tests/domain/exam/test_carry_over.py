"""Pure rules of exam results: the pass mark, same-year 初级, rolling 中级, 高级 validity, local lines."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.exam.carry_over import (
    PASS_MARK_DEFAULT,
    InvalidScore,
    LevelProgress,
    SubjectResult,
    compute_progress,
    passed,
)
from domain.exam.vocabulary import SUBJECTS_OF, ExamLevel, ExamSubject

A, S, H = ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR
A_COMP, A_PRAC = ExamSubject.ASSISTANT_COMPREHENSIVE, ExamSubject.ASSISTANT_PRACTICE
COMP, LAW, PRAC = ExamSubject.COMPREHENSIVE, ExamSubject.LAWS_AND_POLICIES, ExamSubject.PRACTICE
SENIOR = ExamSubject.SENIOR_PRACTICE
MARK = PASS_MARK_DEFAULT


def ok(subject: ExamSubject, year: int, *, local: bool = False) -> SubjectResult:
    """A pass."""
    return SubjectResult(subject, year, Decimal("75"), local)


def fail(subject: ExamSubject, year: int) -> SubjectResult:
    return SubjectResult(subject, year, Decimal("40"), local_line=False)


def progress(level: ExamLevel, *results: SubjectResult, current_year: int = 2025) -> LevelProgress:
    return compute_progress(level, results, pass_mark=MARK, current_year=current_year)


def not_yet(
    level: ExamLevel, passed_subjects: tuple[ExamSubject, ...], valid_until_year: int | None
) -> LevelProgress:
    return LevelProgress(
        level=level,
        passed_subjects=passed_subjects,
        remaining_subjects=tuple(s for s in SUBJECTS_OF[level] if s not in passed_subjects),
        valid_until_year=valid_until_year,
        level_passed=False,
        passed_in_year=None,
        local_only=False,
    )


def done(
    level: ExamLevel, year: int, *, valid_until_year: int | None = None, local: bool = False
) -> LevelProgress:
    return LevelProgress(
        level=level,
        passed_subjects=SUBJECTS_OF[level],
        remaining_subjects=(),
        valid_until_year=valid_until_year,
        level_passed=True,
        passed_in_year=year,
        local_only=local,
    )


# --- the pass mark ------------------------------------------------------------------------------


def test_the_default_pass_mark_is_sixty() -> None:
    assert Decimal("60") == PASS_MARK_DEFAULT


@pytest.mark.parametrize(
    ("score", "pass_mark", "expected"),
    [
        pytest.param("60", "60", True, id="exactly the mark passes"),
        pytest.param("59.5", "60", False, id="half a point under fails"),
        pytest.param("59.99", "60", False, id="a hundredth under fails"),
        pytest.param("100", "60", True, id="full marks pass"),
        pytest.param("0", "60", False, id="nothing fails"),
        pytest.param("55", "55", True, id="a sitting's own lower mark"),
        pytest.param("58", "55.5", True, id="above a fractional mark"),
    ],
)
def test_a_score_at_or_above_the_pass_mark_passes(score: str, pass_mark: str, expected: bool) -> None:
    assert passed(SubjectResult(COMP, 2025, Decimal(score), False), Decimal(pass_mark)) is expected


def test_a_score_of_exactly_sixty_counts_toward_the_level_and_fifty_nine_and_a_half_does_not() -> None:
    sixty = SubjectResult(A_COMP, 2025, Decimal("60"), False)
    just_under = SubjectResult(A_PRAC, 2025, Decimal("59.5"), False)

    assert progress(A, sixty, just_under) == not_yet(A, (A_COMP,), 2025)


def test_the_pass_mark_of_the_sitting_decides() -> None:
    results = (
        SubjectResult(A_COMP, 2025, Decimal("56"), False),
        SubjectResult(A_PRAC, 2025, Decimal("58"), False),
    )

    assert compute_progress(A, results, pass_mark=Decimal("55"), current_year=2025).level_passed
    assert not compute_progress(A, results, pass_mark=Decimal("60"), current_year=2025).level_passed


# --- 初级: both in the same exam year -------------------------------------------------------------


def test_the_assistant_level_is_passed_with_both_subjects_in_the_same_year() -> None:
    assert progress(A, ok(A_COMP, 2025), ok(A_PRAC, 2025)) == done(A, 2025)


def test_an_assistant_pass_from_an_earlier_year_does_not_carry_over() -> None:
    assert progress(A, ok(A_COMP, 2024), ok(A_PRAC, 2025)) == not_yet(A, (A_PRAC,), 2025)


def test_an_assistant_pass_counts_only_in_its_own_exam_year() -> None:
    assert progress(A, ok(A_COMP, 2025), current_year=2026) == not_yet(A, (), None)


def test_an_assistant_candidate_who_passed_in_split_years_passes_by_taking_both_again() -> None:
    results = (ok(A_COMP, 2024), ok(A_PRAC, 2025), ok(A_COMP, 2026), ok(A_PRAC, 2026))

    assert progress(A, *results, current_year=2026) == done(A, 2026)


def test_the_assistant_level_is_passed_in_the_first_year_that_completes_it() -> None:
    results = (ok(A_COMP, 2027), ok(A_PRAC, 2027), ok(A_COMP, 2023), ok(A_PRAC, 2023))

    assert progress(A, *results, current_year=2027) == done(A, 2023)


# --- 中级: rolling over two consecutive exam years -------------------------------------------------


def test_the_intermediate_level_is_passed_with_all_three_subjects_in_one_year() -> None:
    assert progress(S, ok(COMP, 2025), ok(LAW, 2025), ok(PRAC, 2025)) == done(S, 2025)


def test_intermediate_passes_roll_over_to_the_next_exam_year() -> None:
    assert progress(S, ok(COMP, 2024), ok(LAW, 2024), ok(PRAC, 2025)) == done(S, 2025)


def test_intermediate_passes_completed_in_the_second_year_stay_passed_in_later_years() -> None:
    assert progress(S, ok(COMP, 2024), ok(LAW, 2025), ok(PRAC, 2025), current_year=2030) == done(S, 2025)


def test_intermediate_passes_spread_over_three_years_do_not_make_the_level() -> None:
    results = (ok(COMP, 2023), ok(LAW, 2024), ok(PRAC, 2025))

    assert progress(S, *results) == not_yet(S, (LAW, PRAC), 2025)


def test_an_intermediate_pass_is_valid_in_its_year_and_the_next() -> None:
    assert progress(S, ok(COMP, 2024), current_year=2024) == not_yet(S, (COMP,), 2025)
    assert progress(S, ok(COMP, 2024), current_year=2025) == not_yet(S, (COMP,), 2025)


def test_an_intermediate_pass_expires_after_the_next_exam_year() -> None:
    assert progress(S, ok(COMP, 2024), ok(LAW, 2024), current_year=2026) == not_yet(S, (), None)


def test_the_earliest_still_valid_intermediate_pass_bounds_the_window() -> None:
    assert progress(S, ok(COMP, 2024), ok(LAW, 2025)) == not_yet(S, (COMP, LAW), 2025)


def test_passing_an_intermediate_subject_again_renews_it() -> None:
    assert progress(S, ok(COMP, 2024), ok(COMP, 2025), ok(LAW, 2025)) == not_yet(S, (COMP, LAW), 2026)


def test_failed_intermediate_subjects_stay_remaining() -> None:
    results = (ok(COMP, 2025), fail(LAW, 2025), fail(PRAC, 2025), fail(PRAC, 2024))

    assert progress(S, *results) == not_yet(S, (COMP,), 2026)


# --- 高级: one paper, valid three years for the review --------------------------------------------


def test_a_senior_pass_is_valid_for_the_review_in_its_year_and_the_two_following() -> None:
    assert progress(H, ok(SENIOR, 2024)) == done(H, 2024, valid_until_year=2026)


def test_a_senior_pass_stays_a_pass_after_its_validity_and_says_until_when_it_was_valid() -> None:
    assert progress(H, ok(SENIOR, 2020), current_year=2025) == done(H, 2020, valid_until_year=2022)


def test_passing_the_senior_paper_again_starts_a_new_validity() -> None:
    results = (ok(SENIOR, 2025), ok(SENIOR, 2020))

    assert progress(H, *results) == done(H, 2025, valid_until_year=2027)


def test_a_failed_senior_paper_leaves_the_level_to_do() -> None:
    assert progress(H, fail(SENIOR, 2025)) == not_yet(H, (), None)


def test_a_candidate_without_results_has_every_subject_to_do() -> None:
    for level in ExamLevel:
        assert progress(level) == not_yet(level, (), None)


# --- local pass lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "results", "local_only"),
    [
        pytest.param(A, (ok(A_COMP, 2025), ok(A_PRAC, 2025)), False, id="assistant national"),
        pytest.param(A, (ok(A_COMP, 2025, local=True), ok(A_PRAC, 2025)), True, id="assistant one local"),
        pytest.param(
            A,
            (ok(A_COMP, 2025, local=True), ok(A_COMP, 2025), ok(A_PRAC, 2025)),
            False,
            id="assistant a local pass and a national pass of the same subject",
        ),
        pytest.param(
            A,
            (ok(A_COMP, 2025), ok(A_COMP, 2025, local=True), ok(A_PRAC, 2025)),
            False,
            id="assistant a national pass and a local pass of the same subject",
        ),
        pytest.param(
            S,
            (ok(COMP, 2024, local=True), ok(LAW, 2025), ok(PRAC, 2025)),
            True,
            id="intermediate local, rolled over",
        ),
        pytest.param(
            S,
            (ok(COMP, 2024, local=True), ok(COMP, 2025), ok(LAW, 2025), ok(PRAC, 2025)),
            False,
            id="intermediate a national pass of the same subject in the window",
        ),
        pytest.param(
            S,
            (ok(COMP, 2021, local=True), ok(COMP, 2024), ok(LAW, 2024), ok(PRAC, 2025)),
            False,
            id="intermediate a local pass outside the window",
        ),
        pytest.param(H, (ok(SENIOR, 2025, local=True),), True, id="senior local"),
        pytest.param(H, (ok(SENIOR, 2025),), False, id="senior national"),
    ],
)
def test_a_level_passed_with_a_local_line_result_is_local_only(
    level: ExamLevel, results: tuple[SubjectResult, ...], local_only: bool
) -> None:
    result = progress(level, *results)

    assert result.level_passed
    assert result.local_only is local_only


def test_local_line_passes_of_a_level_not_yet_passed_still_count_toward_it() -> None:
    assert progress(S, ok(COMP, 2025, local=True)) == not_yet(S, (COMP,), 2026)


# --- what is ignored ----------------------------------------------------------------------------


def test_results_of_other_levels_subjects_are_ignored() -> None:
    results = (ok(COMP, 2025), ok(LAW, 2025), ok(PRAC, 2025), ok(SENIOR, 2025), ok(A_PRAC, 2025))

    assert progress(A, *results) == not_yet(A, (A_PRAC,), 2025)


def test_results_after_the_current_year_are_not_counted_yet() -> None:
    assert progress(A, ok(A_COMP, 2026), ok(A_PRAC, 2026), current_year=2025) == not_yet(A, (), None)


# --- invalid scores -----------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["-1", "-0.5", "100.5", "101", "NaN", "Infinity", "-Infinity"])
def test_a_score_outside_zero_to_a_hundred_is_refused(score: str) -> None:
    with pytest.raises(InvalidScore, match="成绩须在 0 到 100 分之间"):
        progress(A, SubjectResult(A_COMP, 2025, Decimal(score), False))


def test_an_invalid_score_is_refused_even_for_a_subject_of_another_level() -> None:
    with pytest.raises(InvalidScore):
        progress(A, SubjectResult(SENIOR, 2025, Decimal("120"), False))


@pytest.mark.parametrize("score", ["0", "100", "0.5", "99.5"])
def test_scores_from_zero_to_a_hundred_are_accepted(score: str) -> None:
    progress(A, SubjectResult(A_COMP, 2025, Decimal(score), False))


@pytest.mark.parametrize("pass_mark", ["-1", "100.5", "NaN"])
def test_a_pass_mark_outside_zero_to_a_hundred_is_refused(pass_mark: str) -> None:
    with pytest.raises(InvalidScore, match="合格线"):
        compute_progress(A, (), pass_mark=Decimal(pass_mark), current_year=2025)


def test_an_invalid_score_is_a_value_error() -> None:
    assert issubclass(InvalidScore, ValueError)


# --- properties ---------------------------------------------------------------------------------

levels = st.sampled_from(list(ExamLevel))
years = st.integers(min_value=2018, max_value=2026)
scores = st.decimals(min_value=0, max_value=100, places=1)
results = st.lists(
    st.builds(SubjectResult, st.sampled_from(list(ExamSubject)), years, scores, st.booleans()), max_size=12
)
current_years = st.integers(min_value=2018, max_value=2028)


def oracle_passed(level: ExamLevel, rs: list[SubjectResult], current_year: int) -> bool:
    """Some window of consecutive exam years, 1 long (初级, 高级) or 2 long (中级), holds a pass of every subject."""
    window = 2 if level is S else 1
    return any(
        all(
            any(
                r.subject is s and start <= r.exam_year < start + window and r.score >= MARK
                for r in rs
                if r.exam_year <= current_year
            )
            for s in SUBJECTS_OF[level]
        )
        for start in range(2010, current_year + 1)
    )


@given(levels, results, current_years)
def test_a_level_is_passed_exactly_when_a_window_holds_a_pass_of_every_subject(
    level: ExamLevel, rs: list[SubjectResult], current_year: int
) -> None:
    assert progress(level, *rs, current_year=current_year).level_passed == oracle_passed(
        level, rs, current_year
    )


@given(levels, results, current_years)
def test_passed_and_remaining_subjects_split_the_levels_subjects_in_order(
    level: ExamLevel, rs: list[SubjectResult], current_year: int
) -> None:
    result = progress(level, *rs, current_year=current_year)

    assert sorted((*result.passed_subjects, *result.remaining_subjects)) == sorted(SUBJECTS_OF[level])
    assert list(result.passed_subjects) == [s for s in SUBJECTS_OF[level] if s in result.passed_subjects]
    assert result.level_passed == (result.remaining_subjects == ())
    assert result.level_passed == (result.passed_in_year is not None)
    assert result.local_only <= result.level_passed


@given(levels, results, current_years)
def test_valid_until_year_is_never_behind_the_current_year_for_a_level_not_yet_passed(
    level: ExamLevel, rs: list[SubjectResult], current_year: int
) -> None:
    result = progress(level, *rs, current_year=current_year)

    if not result.level_passed:
        assert (result.valid_until_year is None) == (result.passed_subjects == ())
        assert result.valid_until_year is None or current_year <= result.valid_until_year <= current_year + 1


@given(levels, results, current_years, st.randoms(use_true_random=False))
def test_the_order_of_the_results_does_not_matter(
    level: ExamLevel, rs: list[SubjectResult], current_year: int, rnd: random.Random
) -> None:
    shuffled = list(rs)
    rnd.shuffle(shuffled)

    assert progress(level, *shuffled, current_year=current_year) == progress(
        level, *rs, current_year=current_year
    )


@given(levels, results, current_years, st.integers(min_value=0, max_value=11))
def test_a_higher_score_never_undoes_a_passed_level(
    level: ExamLevel, rs: list[SubjectResult], current_year: int, index: int
) -> None:
    if rs and progress(level, *rs, current_year=current_year).level_passed:
        raised = list(rs)
        raised[index % len(rs)] = replace(rs[index % len(rs)], score=Decimal(100))
        assert progress(level, *raised, current_year=current_year).level_passed


@given(levels, results, current_years)
def test_a_later_current_year_never_undoes_a_passed_level(
    level: ExamLevel, rs: list[SubjectResult], current_year: int
) -> None:
    if progress(level, *rs, current_year=current_year).level_passed:
        assert progress(level, *rs, current_year=current_year + 1).level_passed
