"""Expert scoring of the leading-talent programme, as pure rules (DOMAIN.md §The 彝乡 leading-talent
programme, steps 4–5): checking a reviewer's scores against the rubric, the weighted total, an
application's score, the ranking with its tie-break, and who falls within the quotas. No ORM, no I/O.

- A reviewer's **weighted total** is Σ weight × score over the rubric's dimensions, exact in `Decimal`.
- An application's **score** is the mean of its reviewers' weighted totals; with 5 or more of them
  (`TRIM_FROM_REVIEWERS`) one highest and one lowest are dropped first. It is rounded to 2 places,
  half up (`ROUND_HALF_UP`), from the exact mean.
- **Ranking**: the higher score first; on equal (rounded) scores, in this order:
  1. the trimmed mean of each dimension's raw scores, compared exactly, one dimension after the other in
     the seed's order (职业操守 ETHICS, 职业素质, 专业技术, 工作能力, 工作绩效, 服务对象反馈意见
     CLIENT_FEEDBACK), the higher first; each dimension is trimmed on its own, as the score is;
  2. the earlier submission (an application never submitted counts as the latest);
  3. the lower application id.
  Ranks are 1, 2, 3, … with no two applications sharing one.
- **Quotas**: walking the ranking from the top, an application is within quota when fewer than the
  round's total quota are already in and fewer than its county's quota of its county (a county without
  a quota is bound by the total only). A quota may stay unfilled when too few qualify (step 5), and a
  county that has filled its quota does not stop the next county's applicants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Final

from domain.errors import in_row
from domain.talent.errors import InvalidScores
from domain.talent.vocabulary import DIMENSION_NAMES, TRIM_FROM_REVIEWERS, TalentDimension

SCORE_PLACES: Final = 2
_CENTS: Final = Decimal("0.01")
# Stands in for the submission time of an application never submitted (it sorts last anyway).
_NEVER: Final = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class RubricLine:
    """One dimension of a round's rubric: its weight and its maximum score (both `Decimal`)."""

    dimension: TalentDimension
    weight: Decimal
    max_score: Decimal


def check_scores(
    rubric: Sequence[RubricLine], given: Sequence[tuple[TalentDimension, Decimal]]
) -> dict[TalentDimension, Decimal]:
    """A reviewer's scores as given (rows of `scores`: dimension, score), checked against `rubric`.

    Every dimension of the rubric exactly once and no other; each score 0 ≤ score ≤ the dimension's
    maximum with at most two decimals; a negative zero ("-0") is taken as 0. Returns dimension → score.

    Raises:
        InvalidScores: at the row (`scores.<row>.dimension` or `scores.<row>.score`) of the first wrong
            row; a missing dimension at `scores`, naming it. Messages name the dimension in Chinese and
            give its maximum.
    """
    maxima = {line.dimension: line.max_score for line in rubric}
    found: dict[TalentDimension, Decimal] = {}
    for index, (dimension, score) in enumerate(given):
        with in_row("scores", index):
            name = DIMENSION_NAMES[dimension]
            if dimension not in maxima:
                raise InvalidScores(f"本轮评分标准没有「{name}」这一项", field="dimension")
            if dimension in found:
                raise InvalidScores(f"「{name}」重复评分：每项只评一次", field="dimension")
            maximum = maxima[dimension]
            if not score.is_finite() or score < 0 or score > maximum:
                raise InvalidScores(f"「{name}」的得分须在 0 到 {_shown(maximum)} 分之间", field="score")
            if score != score.quantize(_CENTS):
                raise InvalidScores(f"「{name}」的得分最多保留两位小数", field="score")
            found[dimension] = score.copy_abs() if score.is_zero() else score  # "-0" is 0
    missing = [DIMENSION_NAMES[line.dimension] for line in rubric if line.dimension not in found]
    if missing:
        raise InvalidScores(f"请为每一项评分，还缺：{'、'.join(missing)}")
    return found


def _shown(value: Decimal) -> str:
    """20.00 as 20, 12.50 as 12.5."""
    return format(value.normalize(), "f")


def weighted_total(rubric: Sequence[RubricLine], scores: Mapping[TalentDimension, Decimal]) -> Decimal:
    """Σ weight × score over `rubric` (exact: two decimals times two decimals has at most four)."""
    return sum((line.weight * scores[line.dimension] for line in rubric), Decimal(0))


def trimmed(values: Sequence[Decimal]) -> list[Decimal]:
    """`values` without one highest and one lowest when there are `TRIM_FROM_REVIEWERS` or more
    (step 4); all of them otherwise. Sorted ascending."""
    ordered = sorted(values)
    return ordered[1:-1] if len(ordered) >= TRIM_FROM_REVIEWERS else ordered


def trimmed_mean(values: Sequence[Decimal]) -> Fraction:
    """The exact mean of `trimmed(values)`; at least one value is needed."""
    kept = trimmed(values)
    if not kept:
        msg = "a mean of no scores"
        raise ValueError(msg)
    return sum((Fraction(v) for v in kept), Fraction(0)) / len(kept)


def round_half_up(value: Fraction) -> Decimal:
    """`value` (≥ 0) to two places, half up, exactly (no intermediate rounding)."""
    scaled = value * 100
    cents = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Decimal(cents).scaleb(-SCORE_PLACES).quantize(_CENTS)


def application_score(totals: Sequence[Decimal]) -> Decimal:
    """An application's score from its reviewers' weighted totals: the trimmed mean, rounded."""
    return round_half_up(trimmed_mean(totals))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An application to rank: its reviewers' scores (one mapping of dimension → score per reviewer who
    scored), their weighted totals in the same order, its county and when it was submitted."""

    application_id: int
    county_code: str
    submitted_at: datetime | None
    totals: tuple[Decimal, ...]
    scores: tuple[Mapping[TalentDimension, Decimal], ...]


@dataclass(frozen=True, slots=True)
class Ranked:
    application_id: int
    county_code: str
    score: Decimal
    rank: int
    within_quota: bool


def _dimension_means(candidate: Candidate) -> tuple[Fraction, ...]:
    return tuple(
        trimmed_mean([scores[dimension] for scores in candidate.scores if dimension in scores])
        if any(dimension in scores for scores in candidate.scores)
        else Fraction(0)
        for dimension in TalentDimension
    )


def rank(candidates: Sequence[Candidate], *, quota: int, county_quotas: Mapping[str, int]) -> list[Ranked]:
    """`candidates` (each scored by at least one reviewer) in rank order, with score, rank and whether
    each is within the quotas, by the rules of this module's docstring."""

    def key(c: Candidate) -> tuple[object, ...]:
        # Negated so that one ascending sort puts the higher values first.
        return (
            -application_score(c.totals),
            tuple(-mean for mean in _dimension_means(c)),
            (c.submitted_at is None, c.submitted_at or _NEVER),
            c.application_id,
        )

    ordered = sorted(candidates, key=key)
    inside = mark_quota([c.county_code for c in ordered], quota=quota, county_quotas=county_quotas)
    return [
        Ranked(
            application_id=c.application_id,
            county_code=c.county_code,
            score=application_score(c.totals),
            rank=position,
            within_quota=within,
        )
        for position, (c, within) in enumerate(zip(ordered, inside, strict=True), start=1)
    ]


def mark_quota(counties: Sequence[str], *, quota: int, county_quotas: Mapping[str, int]) -> list[bool]:
    """For the ranking's counties, best first: whether each is within the total `quota` and its county's
    quota (`county_quotas`; a county missing there has no cap of its own)."""
    taken = 0
    by_county: dict[str, int] = {}
    marks: list[bool] = []
    for county in counties:
        cap = county_quotas.get(county)
        within = taken < quota and (cap is None or by_county.get(county, 0) < cap)
        if within:
            taken += 1
            by_county[county] = by_county.get(county, 0) + 1
        marks.append(within)
    return marks
