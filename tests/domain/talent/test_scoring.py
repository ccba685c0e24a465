"""The pure scoring rules: reviewers' scores against the rubric, weighted totals, the trimmed mean, the
ranking's tie-break at each level, and the quota marks."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.talent.errors import InvalidScores
from domain.talent.scoring import (
    Candidate,
    Ranked,
    RubricLine,
    application_score,
    check_scores,
    mark_quota,
    rank,
    trimmed,
    weighted_total,
)
from domain.talent.vocabulary import DEFAULT_RUBRIC, TalentDimension

D = Decimal
RUBRIC = [RubricLine(dimension, weight, maximum) for dimension, weight, maximum in DEFAULT_RUBRIC]
DIMENSIONS = list(TalentDimension)


def full(*values: str) -> list[tuple[TalentDimension, Decimal]]:
    return [(dimension, D(value)) for dimension, value in zip(DIMENSIONS, values, strict=True)]


# --- checking a reviewer's scores -----------------------------------------------------------------


def test_scores_for_every_dimension_within_their_maxima_are_taken() -> None:
    scores = check_scores(RUBRIC, full("15", "14.5", "0", "20", "19.25", "10"))
    assert scores[TalentDimension.PROFESSIONALISM] == D("14.5")
    assert len(scores) == 6


def test_a_negative_zero_is_taken_as_zero() -> None:
    scores = check_scores(RUBRIC, full("-0", "-0.00", "0", "20", "19.25", "10"))
    assert [str(scores[d]) for d in DIMENSIONS[:3]] == ["0", "0.00", "0"]
    assert not any(scores[d].is_signed() for d in DIMENSIONS)
    zeros = check_scores(RUBRIC, full("-0", "-0", "-0", "-0", "-0", "-0"))
    assert not weighted_total(RUBRIC, zeros).is_signed()


@pytest.mark.parametrize(
    ("rows", "path", "words"),
    [
        (
            full("15.01", "1", "1", "1", "1", "1"),
            ("scores", "0", "score"),
            "「职业操守」的得分须在 0 到 15 分之间",
        ),
        (full("1", "1", "1", "1", "1", "-1"), ("scores", "5", "score"), "服务对象反馈意见"),
        (full("1", "1", "1.005", "1", "1", "1"), ("scores", "2", "score"), "最多保留两位小数"),
        (full("1", "1", "1", "1", "1", "1")[:5], ("scores",), "还缺：服务对象反馈意见"),
        (
            [*full("1", "1", "1", "1", "1", "1"), (TalentDimension.ETHICS, D(1))],
            ("scores", "6", "dimension"),
            "「职业操守」重复评分",
        ),
    ],
)
def test_wrong_scores_are_refused_at_their_row_with_the_maximum(
    rows: list[tuple[TalentDimension, Decimal]], path: tuple[str, ...], words: str
) -> None:
    with pytest.raises(InvalidScores) as refused:
        check_scores(RUBRIC, rows)
    assert refused.value.field_path == path
    assert words in refused.value.message


def test_a_dimension_the_round_does_not_score_is_refused() -> None:
    short = RUBRIC[:5]
    with pytest.raises(InvalidScores, match="没有「服务对象反馈意见」") as refused:
        check_scores(short, full("1", "1", "1", "1", "1", "1"))
    assert refused.value.field_path == ("scores", "5", "dimension")


def test_the_weighted_total_multiplies_each_score_by_its_weight_exactly() -> None:
    rubric = [
        RubricLine(TalentDimension.ETHICS, D("1.5"), D(10)),
        RubricLine(TalentDimension.EXPERTISE, D("0.35"), D(100)),
    ]
    scores = {TalentDimension.ETHICS: D("9.99"), TalentDimension.EXPERTISE: D("88.88")}
    assert weighted_total(rubric, scores) == D("14.985") + D("31.108")


# --- an application's score -----------------------------------------------------------------------


def test_four_reviewers_are_averaged_without_trimming() -> None:
    assert application_score([D(80), D(90), D(70), D(100)]) == D("85.00")


def test_five_reviewers_lose_one_highest_and_one_lowest() -> None:
    # (80 + 85 + 90) / 3 = 85: the 100 and the 10 are dropped.
    assert application_score([D(100), D(80), D(10), D(85), D(90)]) == D("85.00")


def test_seven_reviewers_lose_only_one_highest_and_one_lowest_even_when_repeated() -> None:
    # Sorted 60 60 70 80 90 95 95: one 60 and one 95 go; (60 + 70 + 80 + 90 + 95) / 5 = 79.
    assert application_score([D(95), D(60), D(80), D(60), D(90), D(95), D(70)]) == D("79.00")


def test_the_mean_is_rounded_half_up_from_its_exact_value() -> None:
    assert application_score([D("80.005")]) == D("80.01")
    assert application_score([D("80.0049")]) == D("80.00")
    # 200 / 3 = 66.666…
    assert application_score([D(66), D(67), D(67)]) == D("66.67")
    # 0.125 and 0.135 both round up: no banker's rounding.
    assert application_score([D("0.125")]) == D("0.13")
    assert application_score([D("0.135")]) == D("0.14")


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=12), st.randoms())
def test_the_order_of_reviewers_does_not_change_the_score(values: list[Decimal], random: Random) -> None:
    shuffled = list(values)
    random.shuffle(shuffled)
    assert application_score(shuffled) == application_score(values)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=12))
def test_trimming_drops_exactly_one_highest_and_one_lowest_from_five_on(values: list[Decimal]) -> None:
    kept = trimmed(values)
    if len(values) < 5:
        assert sorted(kept) == sorted(values)
    else:
        rest = sorted(values)
        rest.remove(max(values))
        rest.remove(min(values))
        assert kept == rest


# --- ranking --------------------------------------------------------------------------------------

T0 = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def candidate(
    pk: int,
    reviewers: list[list[str]],
    *,
    county: str = "532301",
    submitted: datetime | None = T0,
) -> Candidate:
    scores = tuple(dict(full(*values)) for values in reviewers)
    return Candidate(
        application_id=pk,
        county_code=county,
        submitted_at=submitted,
        totals=tuple(weighted_total(RUBRIC, s) for s in scores),
        scores=scores,
    )


def order(ranked: list[Ranked]) -> list[int]:
    return [r.application_id for r in ranked]


def test_the_higher_score_ranks_first_and_ranks_count_from_one() -> None:
    ranked = rank(
        [
            candidate(1, [["10", "10", "10", "10", "10", "5"]]),
            candidate(2, [["15", "15", "20", "20", "20", "10"]]),
        ],
        quota=5,
        county_quotas={},
    )
    assert [(r.application_id, r.rank, r.score) for r in ranked] == [(2, 1, D("100.00")), (1, 2, D("55.00"))]


def test_equal_scores_are_ordered_by_ethics_first() -> None:
    # Both total 60; 2 has the higher 职业操守 though 1 has the higher 专业技术.
    one = candidate(1, [["10", "10", "15", "10", "10", "5"]])
    two = candidate(2, [["15", "10", "10", "10", "10", "5"]])
    assert order(rank([one, two], quota=5, county_quotas={})) == [2, 1]


def test_equal_scores_and_ethics_go_on_to_the_next_dimension_in_the_seeds_order() -> None:
    one = candidate(1, [["10", "10", "10", "10", "10", "10"]])
    two = candidate(2, [["10", "10", "10", "10", "15", "5"]])
    three = candidate(3, [["10", "11", "10", "10", "10", "9"]])
    assert order(rank([one, two, three], quota=5, county_quotas={})) == [3, 2, 1]


def test_the_dimension_tie_break_uses_the_trimmed_mean_of_each_dimension() -> None:
    # Five reviewers each, every total 60. On 职业操守 1 has 15 15 0 0 0 → trimmed (15+0+0)/3 = 5, and 2
    # has 4 4 4 4 4 → 4: 1 first, though its untrimmed mean (6) would also win; 3 has one outlier 15 and
    # otherwise 3 → trimmed 3, below 2 despite its untrimmed mean of 5.4.
    def five(ethics: list[str]) -> list[list[str]]:
        return [[e, "10", "10", "20", str(20 - int(e)), "0"] for e in ethics]

    one = candidate(1, five(["15", "15", "0", "0", "0"]))
    two = candidate(2, five(["4", "4", "4", "4", "4"]))
    three = candidate(3, five(["15", "3", "3", "3", "3"]))
    ranked = rank([three, two, one], quota=5, county_quotas={})
    assert {r.score for r in ranked} == {D("60.00")}
    assert order(ranked) == [1, 2, 3]


def test_equal_scores_and_dimensions_go_to_the_earlier_submission_then_the_lower_id() -> None:
    same = [["10", "10", "10", "10", "10", "10"]]
    late = candidate(1, same, submitted=datetime(2026, 10, 2, tzinfo=UTC))
    early = candidate(2, same, submitted=datetime(2026, 10, 1, tzinfo=UTC))
    never = candidate(3, same, submitted=None)
    twin_a = candidate(5, same, submitted=datetime(2026, 10, 2, tzinfo=UTC))
    assert order(rank([never, twin_a, late, early], quota=5, county_quotas={})) == [2, 1, 5, 3]


def test_the_score_ties_on_its_rounded_value() -> None:
    # 60.004 and 60.001 both score 60.00: the dimensions decide (2 has the higher 职业操守).
    one = Candidate(1, "532301", T0, (D("60.004"),), ({d: D(10) for d in DIMENSIONS},))
    two_scores = {**{d: D(10) for d in DIMENSIONS}, TalentDimension.ETHICS: D(11)}
    two = Candidate(2, "532301", T0, (D("60.001"),), (two_scores,))
    assert order(rank([one, two], quota=5, county_quotas={})) == [2, 1]


# --- quotas ---------------------------------------------------------------------------------------


def test_a_quota_stays_unfilled_when_too_few_qualify() -> None:
    assert mark_quota(["532301", "532302"], quota=5, county_quotas={"532301": 2}) == [True, True]


def test_a_full_county_passes_its_place_to_the_next_county() -> None:
    marks = mark_quota(
        ["532301", "532301", "532301", "532302", "532322"], quota=4, county_quotas={"532301": 2, "532302": 2}
    )
    # 楚雄市's third is out by its county quota; 禄丰市 and a county without a quota take the places.
    assert marks == [True, True, False, True, True]


def test_the_total_quota_binds_after_the_counties() -> None:
    marks = mark_quota(["532301", "532302", "532322", "532302"], quota=2, county_quotas={})
    assert marks == [True, True, False, False]


@given(
    st.lists(st.sampled_from(["532301", "532302", "532322"]), max_size=30),
    st.integers(min_value=0, max_value=10),
    st.dictionaries(st.sampled_from(["532301", "532302"]), st.integers(min_value=0, max_value=5)),
)
def test_within_quota_never_exceeds_the_total_or_a_county_quota(
    counties: list[str], quota: int, county_quotas: dict[str, int]
) -> None:
    marks = mark_quota(counties, quota=quota, county_quotas=county_quotas)
    assert sum(marks) <= quota
    for county, cap in county_quotas.items():
        assert sum(1 for c, m in zip(counties, marks, strict=True) if m and c == county) <= cap
    # Nobody is left out while there was room for them (a quota stays unfilled only for want of people).
    for index, (county, mark) in enumerate(zip(counties, marks, strict=True)):
        if not mark:
            before = marks[:index]
            same = sum(1 for c, m in zip(counties[:index], before, strict=True) if m and c == county)
            assert sum(before) >= quota or same >= county_quotas.get(county, quota + 1)


_SCORE_ROWS = st.lists(
    st.tuples(*(st.integers(min_value=0, max_value=10).map(str) for _ in DIMENSIONS)), min_size=1, max_size=6
)


@given(
    st.lists(st.tuples(_SCORE_ROWS, st.sampled_from(["532301", "532302", "532322"])), min_size=1, max_size=8),
    st.randoms(),
)
def test_the_ranking_does_not_depend_on_the_order_candidates_are_read_in(
    plans: list[tuple[list[tuple[str, ...]], str]], random: Random
) -> None:
    candidates = [
        candidate(pk, [list(row) for row in rows], county=county)
        for pk, (rows, county) in enumerate(plans, start=1)
    ]
    shuffled = list(candidates)
    random.shuffle(shuffled)
    quotas = {"532301": 1}
    first = rank(candidates, quota=3, county_quotas=quotas)
    assert rank(shuffled, quota=3, county_quotas=quotas) == first
    assert [r.rank for r in first] == list(range(1, len(first) + 1))
    assert [r.score for r in first] == sorted((r.score for r in first), reverse=True)
