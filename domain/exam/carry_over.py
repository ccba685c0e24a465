"""Pure rules of exam results: which subjects count, when a level is passed (DOMAIN.md §The national exam).

- 初级: both subjects must be passed in the same exam year; a pass does not carry over to the next year.
- 中级: passes roll over within 2 consecutive exam years: the level is passed when all three subjects are
  passed within some window of exam years Y, Y+1.
- 高级: one paper; a pass is valid 3 years for the provincial review, read as exam years Y, Y+1 and Y+2.

A result taken on a local pass line (单独划线) counts like any other, but a level passed with one is valid
only in that area, so the progress says so (`local_only`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from domain.exam.vocabulary import SUBJECTS_OF, ExamLevel, ExamSubject

# DOMAIN.md: each subject is 100 points and the pass mark is 60 *(configurable)*: a sitting may set its own.
PASS_MARK_DEFAULT: Final = Decimal("60")
MAX_SCORE: Final = Decimal("100")

# How many consecutive exam years a set of subject passes may span and still make up the level.
_WINDOW_YEARS: Final[Mapping[ExamLevel, int]] = {
    ExamLevel.ASSISTANT: 1,  # "both must be passed in the same exam year"
    ExamLevel.SOCIAL_WORKER: 2,  # "passes roll over within 2 consecutive exam years"
    ExamLevel.SENIOR: 1,  # one paper
}
# 高级: "a pass is valid 3 years for the provincial review": the pass year and the two following.
SENIOR_REVIEW_VALID_YEARS: Final = 3


class InvalidScore(ValueError):
    """A score or pass mark outside 0–100: bad input, which the service turns into a userError."""

    def __init__(self, value: Decimal, *, what: str = "成绩") -> None:
        super().__init__(f"{what}须在 0 到 100 分之间，收到 {value}")
        self.value = value


@dataclass(frozen=True, slots=True)
class SubjectResult:
    subject: ExamSubject
    exam_year: int
    score: Decimal
    local_line: bool  # taken on a local pass line (单独划线)


@dataclass(frozen=True, slots=True)
class LevelProgress:
    level: ExamLevel
    passed_subjects: tuple[ExamSubject, ...]  # in SUBJECTS_OF order
    remaining_subjects: tuple[ExamSubject, ...]  # in SUBJECTS_OF order
    # Not yet passed: the last exam year in which the passes held can still be combined. 高级 passed: the last
    # exam year the pass is valid for the review. Otherwise None.
    valid_until_year: int | None
    level_passed: bool
    passed_in_year: int | None  # the exam year the level was completed
    local_only: bool  # the level was passed using a result taken on a local pass line


def passed(result: SubjectResult, pass_mark: Decimal) -> bool:
    """A score at or above the pass mark passes: 60 passes and 59.5 fails at the default mark."""
    return result.score >= pass_mark


def check_score(value: Decimal, *, what: str = "成绩") -> None:
    """Raise `InvalidScore` unless `value` is a number from 0 to 100, both included."""
    if not value.is_finite() or not Decimal(0) <= value <= MAX_SCORE:
        raise InvalidScore(value, what=what)


def compute_progress(
    level: ExamLevel,
    results: Sequence[SubjectResult],
    *,
    pass_mark: Decimal,
    current_year: int,
) -> LevelProgress:
    """Where a candidate stands on `level` as of the exam in `current_year`, from all their results.

    Every score is checked (0–100), whatever its subject; results of other levels' subjects are then ignored,
    as are results of exam years after `current_year` (not yet sat as of that year). A subject passed more
    than once in a year counts once, on the national line if any of those passes was on it.

    初级 and 中级 are passed in the earliest exam year that completes a window. 高级 uses the latest pass: a
    candidate whose pass lapsed before the review sits again, and the new pass is valid anew. A 高级 pass
    still reads as passed once `valid_until_year` is behind `current_year`; the review stage checks it.
    While a level is not passed, only passes still inside a window ending in `current_year` count.
    """
    check_score(pass_mark, what="合格线")
    for result in results:
        check_score(result.score)
    subjects = SUBJECTS_OF[level]
    passes = _passes(subjects, results, pass_mark, current_year)
    window = _WINDOW_YEARS[level]

    completions = [
        year for year in sorted({year for _, year in passes}) if _completes(passes, subjects, year, window)
    ]
    if completions:
        year = completions[-1] if level is ExamLevel.SENIOR else completions[0]
        window_years = range(year - window + 1, year + 1)
        return LevelProgress(
            level=level,
            passed_subjects=subjects,
            remaining_subjects=(),
            valid_until_year=year + SENIOR_REVIEW_VALID_YEARS - 1 if level is ExamLevel.SENIOR else None,
            level_passed=True,
            passed_in_year=year,
            # Prefer a national pass of each subject: the level is local only if some subject has no other.
            local_only=any(not any(passes.get((s, y), False) for y in window_years) for s in subjects),
        )

    # Not yet passed: a pass still counts while a window ending in current_year or later can include it.
    still_valid = range(current_year - window + 1, current_year + 1)
    latest = {
        subject: max(year for year in still_valid if (subject, year) in passes)
        for subject in subjects
        if any((subject, year) in passes for year in still_valid)
    }
    return LevelProgress(
        level=level,
        passed_subjects=tuple(s for s in subjects if s in latest),
        remaining_subjects=tuple(s for s in subjects if s not in latest),
        # The earliest of the subjects' latest passes expires first, so it bounds the window.
        valid_until_year=min(latest.values()) + window - 1 if latest else None,
        level_passed=False,
        passed_in_year=None,
        local_only=False,
    )


def _passes(
    subjects: Sequence[ExamSubject],
    results: Sequence[SubjectResult],
    pass_mark: Decimal,
    current_year: int,
) -> dict[tuple[ExamSubject, int], bool]:
    """(subject, exam year) -> whether it was passed on the national line, for each subject-year passed."""
    passes: dict[tuple[ExamSubject, int], bool] = {}
    for result in results:
        if result.subject in subjects and result.exam_year <= current_year and passed(result, pass_mark):
            key = (result.subject, result.exam_year)
            passes[key] = passes.get(key, False) or not result.local_line
    return passes


def _completes(
    passes: Mapping[tuple[ExamSubject, int], bool],
    subjects: Sequence[ExamSubject],
    year: int,
    window: int,
) -> bool:
    """Whether every subject is passed in the `window` exam years ending with `year`."""
    years = range(year - window + 1, year + 1)
    return all(any((subject, y) in passes for y in years) for subject in subjects)
