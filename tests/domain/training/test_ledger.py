"""Pure rules of the hour ledger: windows, registration periods, caps and progress."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.training.ledger import (
    CategoryProgress,
    Window,
    compute_progress,
    registration_period,
    rolling_window,
    sum_by_category,
)
from domain.training.vocabulary import HourCategory

K = HourCategory.KNOWLEDGE
P = HourCategory.PRACTICE_SKILLS
S = HourCategory.SUPERVISION
C = HourCategory.CONFERENCE
D = HourCategory.DEGREE_STUDY
R = HourCategory.RESEARCH_PUBLICATION
T = HourCategory.TEACHING

ONE_DAY = timedelta(days=1)

categories = st.sampled_from(list(HourCategory))
totals = st.dictionaries(categories, st.integers(min_value=-10_000, max_value=10_000))
non_negative_totals = st.dictionaries(categories, st.integers(min_value=0, max_value=10_000))
caps_strategy = st.dictionaries(categories, st.integers(min_value=0, max_value=10_000))
required_strategy = st.integers(min_value=0, max_value=20_000)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
period_years = st.integers(min_value=1, max_value=5)


def not_february_29(day: date) -> bool:
    return (day.month, day.day) != (2, 29)


# --- Window -------------------------------------------------------------------------------------

FRONT_LINE = Window(date(2021, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        pytest.param(date(2021, 1, 1), True, id="the first day"),
        pytest.param(date(2025, 12, 31), True, id="the last day"),
        pytest.param(date(2023, 6, 15), True, id="a day in the middle"),
        pytest.param(date(2020, 12, 31), False, id="the day before the first"),
        pytest.param(date(2026, 1, 1), False, id="the day after the last"),
        pytest.param(date(2019, 6, 1), False, id="long before"),
        pytest.param(date(2030, 6, 1), False, id="long after"),
    ],
)
def test_a_window_includes_both_of_its_end_days_and_nothing_beyond(day: date, inside: bool) -> None:
    assert FRONT_LINE.contains(day) is inside


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2026, 5, 19), False),
        (date(2026, 5, 20), True),
        (date(2026, 5, 21), False),
    ],
)
def test_a_one_day_window_contains_only_that_day(day: date, inside: bool) -> None:
    assert Window(date(2026, 5, 20), date(2026, 5, 20)).contains(day) is inside


@given(start=days, length=st.integers(min_value=0, max_value=4000), day=days)
def test_a_window_contains_exactly_the_days_from_its_start_to_its_end(
    start: date, length: int, day: date
) -> None:
    window = Window(start, start + timedelta(days=length))
    assert window.contains(day) is (start <= day <= start + timedelta(days=length))


# --- registration_period ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "today", "years", "expected"),
    [
        pytest.param(
            date(2021, 6, 15),
            date(2021, 6, 15),
            3,
            Window(date(2021, 6, 15), date(2024, 6, 14)),
            id="on the day of the first registration",
        ),
        pytest.param(
            date(2021, 6, 15),
            date(2022, 11, 3),
            3,
            Window(date(2021, 6, 15), date(2024, 6, 14)),
            id="within the first period",
        ),
        pytest.param(
            date(2021, 6, 15),
            date(2024, 6, 14),
            3,
            Window(date(2021, 6, 15), date(2024, 6, 14)),
            id="on the last day of the first period",
        ),
        pytest.param(
            date(2021, 6, 15),
            date(2024, 6, 15),
            3,
            Window(date(2024, 6, 15), date(2027, 6, 14)),
            id="on the boundary day the next period begins",
        ),
        pytest.param(
            date(2021, 6, 15),
            date(2030, 6, 14),
            3,
            Window(date(2027, 6, 15), date(2030, 6, 14)),
            id="the last day of the third period",
        ),
        pytest.param(
            date(2021, 6, 15),
            date(2030, 6, 15),
            3,
            Window(date(2030, 6, 15), date(2033, 6, 14)),
            id="the first day of the fourth period",
        ),
        pytest.param(
            date(2020, 1, 1),
            date(2022, 12, 31),
            3,
            Window(date(2020, 1, 1), date(2022, 12, 31)),
            id="a period of calendar years",
        ),
        pytest.param(
            date(2023, 3, 1),
            date(2026, 2, 28),
            3,
            Window(date(2023, 3, 1), date(2026, 2, 28)),
            id="a period starting on 1 March ends on 28 February",
        ),
        pytest.param(
            date(2023, 2, 28),
            date(2024, 2, 29),
            3,
            Window(date(2023, 2, 28), date(2026, 2, 27)),
            id="a leap day inside a period changes nothing",
        ),
        pytest.param(
            date(2022, 12, 31),
            date(2026, 1, 1),
            3,
            Window(date(2025, 12, 31), date(2028, 12, 30)),
            id="first registered on 31 December",
        ),
        pytest.param(
            date(2021, 6, 15),
            date(2022, 6, 15),
            1,
            Window(date(2022, 6, 15), date(2023, 6, 14)),
            id="periods of one year",
        ),
        pytest.param(
            date(2021, 1, 1),
            date(2026, 1, 1),
            5,
            Window(date(2026, 1, 1), date(2030, 12, 31)),
            id="periods of five years",
        ),
    ],
)
def test_the_registration_period_is_the_one_containing_today(
    first: date, today: date, years: int, expected: Window
) -> None:
    assert registration_period(first, today, years) == expected


@pytest.mark.parametrize(
    "today",
    [
        pytest.param(date(2024, 2, 29), id="on the day"),
        pytest.param(date(2025, 6, 1), id="the next year"),
        pytest.param(date(2027, 2, 27), id="three years on, the day before 28 February"),
    ],
)
def test_a_registration_on_29_february_starts_its_first_period_that_day(today: date) -> None:
    window = registration_period(date(2024, 2, 29), today, 3)
    assert window.starts_on == date(2024, 2, 29)
    assert window.contains(today)
    assert window.ends_on in (date(2027, 2, 27), date(2027, 2, 28))


def test_the_first_period_of_a_29_february_registration_ends_on_28_february() -> None:
    assert registration_period(date(2024, 2, 29), date(2027, 2, 28), 3) == Window(
        date(2024, 2, 29), date(2027, 2, 28)
    )


def test_the_periods_of_a_29_february_registration_start_on_29_february_again_in_a_leap_year() -> None:
    assert registration_period(date(2024, 2, 29), date(2036, 2, 29), 3).starts_on == date(2036, 2, 29)


@given(first=days, offset=st.integers(min_value=0, max_value=8000), years=period_years)
def test_the_registration_period_contains_today_and_starts_no_earlier_than_the_registration(
    first: date, offset: int, years: int
) -> None:
    today = first + timedelta(days=offset)
    window = registration_period(first, today, years)
    assert window.contains(today)
    assert first <= window.starts_on <= today


@given(
    first=days.filter(not_february_29), offset=st.integers(min_value=0, max_value=8000), years=period_years
)
def test_a_registration_period_runs_to_the_day_before_an_anniversary_of_the_registration(
    first: date, offset: int, years: int
) -> None:
    window = registration_period(first, first + timedelta(days=offset), years)
    after = window.ends_on + ONE_DAY
    assert (window.starts_on.month, window.starts_on.day) == (first.month, first.day)
    assert (after.month, after.day) == (first.month, first.day)
    assert after.year - window.starts_on.year == years
    assert (window.starts_on.year - first.year) % years == 0


@given(first=days, offset=st.integers(min_value=0, max_value=8000), years=period_years)
def test_registration_periods_follow_one_another_without_gap_or_overlap(
    first: date, offset: int, years: int
) -> None:
    window = registration_period(first, first + timedelta(days=offset), years)
    assert registration_period(first, window.starts_on, years) == window
    assert registration_period(first, window.ends_on, years) == window
    assert registration_period(first, window.ends_on + ONE_DAY, years).starts_on == window.ends_on + ONE_DAY
    if window.starts_on > first:
        before = registration_period(first, window.starts_on - ONE_DAY, years)
        assert before.ends_on == window.starts_on - ONE_DAY


@given(first=days, offset=st.integers(min_value=0, max_value=8000), years=period_years)
def test_a_registration_period_lasts_its_years_give_or_take_a_leap_day(
    first: date, offset: int, years: int
) -> None:
    window = registration_period(first, first + timedelta(days=offset), years)
    length = (window.ends_on - window.starts_on).days + 1
    leap_days = (years + 3) // 4
    assert 365 * years <= length <= 365 * years + leap_days


# --- rolling_window -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "years", "expected"),
    [
        pytest.param(
            date(2025, 6, 1), 3, Window(date(2022, 6, 2), date(2025, 6, 1)), id="three years up to today"
        ),
        pytest.param(
            date(2025, 12, 31),
            5,
            Window(date(2021, 1, 1), date(2025, 12, 31)),
            id="five years ending 31 December",
        ),
        pytest.param(
            date(2026, 1, 1), 1, Window(date(2025, 1, 2), date(2026, 1, 1)), id="one year on New Year's Day"
        ),
        pytest.param(
            date(2028, 2, 29),
            3,
            Window(date(2025, 3, 1), date(2028, 2, 29)),
            id="today is 29 February",
        ),
        pytest.param(
            date(2025, 2, 28),
            1,
            Window(date(2024, 2, 29), date(2025, 2, 28)),
            id="the year back includes a leap day",
        ),
        pytest.param(
            date(2025, 3, 1),
            1,
            Window(date(2024, 3, 2), date(2025, 3, 1)),
            id="the year back ends just after a leap day",
        ),
    ],
)
def test_the_rolling_window_is_the_years_up_to_and_including_today(
    today: date, years: int, expected: Window
) -> None:
    assert rolling_window(today, years) == expected


@given(today=days, years=period_years)
def test_the_rolling_window_ends_today_and_lasts_its_years(today: date, years: int) -> None:
    window = rolling_window(today, years)
    assert window.ends_on == today
    assert window.contains(today)
    length = (window.ends_on - window.starts_on).days + 1
    assert 365 * years <= length <= 365 * years + (years + 3) // 4


@given(today=days.filter(not_february_29), years=period_years)
def test_the_same_day_years_ago_is_just_outside_the_rolling_window(today: date, years: int) -> None:
    window = rolling_window(today, years)
    same_day = today.replace(year=today.year - years)
    assert not window.contains(same_day)
    assert window.contains(same_day + ONE_DAY)


# --- compute_progress ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("totals_", "caps", "earned"),
    [
        pytest.param({K: 500, C: 300}, {C: 200}, 700, id="a cap limits its own category only"),
        pytest.param({K: 500, C: 300}, {}, 800, id="without caps everything counts"),
        pytest.param({C: 150}, {C: 200}, 150, id="a total below its cap counts fully"),
        pytest.param({C: 200}, {C: 200}, 200, id="a total equal to its cap counts fully"),
        pytest.param({C: 300, S: 400}, {C: 200, S: 100}, 300, id="each category has its own cap"),
        pytest.param({C: 300, K: 50}, {C: 0}, 50, id="a cap of zero counts nothing from that category"),
        pytest.param({K: 500}, {C: 200}, 500, id="a cap on an absent category changes nothing"),
        pytest.param({D: 900, K: 100}, {D: 900}, 1000, id="a degree counts 90 h once"),
        pytest.param({K: 800, S: -50}, {}, 800, id="a category netting negative contributes nothing"),
        pytest.param({K: 800, S: -50}, {S: 100}, 800, id="a capped category netting negative too"),
        pytest.param({S: -50}, {}, 0, id="only a negative category"),
        pytest.param({}, {C: 200}, 0, id="no entries"),
    ],
)
def test_earned_hours_are_the_sum_of_each_category_after_its_cap(
    totals_: dict[HourCategory, int], caps: dict[HourCategory, int], earned: int
) -> None:
    assert compute_progress(720, totals_, caps).earned_tenths == earned


def test_each_category_row_shows_its_total_and_what_counted() -> None:
    progress = compute_progress(900, {C: 300, K: 500, S: -50}, {C: 200})
    assert progress.by_category == (
        CategoryProgress(category=C, tenths=300, counted_tenths=200),
        CategoryProgress(category=K, tenths=500, counted_tenths=500),
        CategoryProgress(category=S, tenths=-50, counted_tenths=0),
    )


def test_category_rows_come_in_the_order_of_the_category_names() -> None:
    progress = compute_progress(720, {T: 10, K: 10, C: 10, P: 10, R: 10}, {})
    assert [row.category for row in progress.by_category] == [C, K, P, R, T]


def test_a_category_netting_to_zero_has_no_row() -> None:
    progress = compute_progress(720, {K: 0, C: 100}, {K: 50})
    assert [row.category for row in progress.by_category] == [C]
    assert progress.earned_tenths == 100


@pytest.mark.parametrize(
    ("required", "earned", "met", "remaining"),
    [
        pytest.param(720, 0, False, 720, id="nothing earned"),
        pytest.param(720, 719, False, 1, id="one tenth short"),
        pytest.param(720, 720, True, 0, id="exactly the requirement"),
        pytest.param(720, 721, True, 0, id="one tenth over"),
        pytest.param(900, 1600, True, 0, id="far over: nothing remains, never negative"),
        pytest.param(0, 0, True, 0, id="nothing required"),
    ],
)
def test_the_requirement_is_met_exactly_when_nothing_remains(
    required: int, earned: int, met: bool, remaining: int
) -> None:
    progress = compute_progress(required, {K: earned}, {})
    assert progress.required_tenths == required
    assert progress.earned_tenths == earned
    assert progress.met is met
    assert progress.remaining_tenths == remaining


def test_hours_beyond_a_cap_do_not_meet_the_requirement() -> None:
    progress = compute_progress(720, {K: 600, C: 300}, {C: 100})
    assert progress.earned_tenths == 700
    assert not progress.met
    assert progress.remaining_tenths == 20


def test_a_negative_category_does_not_eat_into_another_categorys_hours() -> None:
    progress = compute_progress(720, {K: 720, S: -300}, {})
    assert progress.met
    assert progress.remaining_tenths == 0


@given(required=required_strategy, totals_=totals, caps=caps_strategy)
def test_earned_never_exceeds_the_sum_of_the_positive_category_totals(
    required: int, totals_: Mapping[HourCategory, int], caps: Mapping[HourCategory, int]
) -> None:
    progress = compute_progress(required, totals_, caps)
    assert 0 <= progress.earned_tenths <= sum(t for t in totals_.values() if t > 0)


@given(required=required_strategy, totals_=non_negative_totals, caps=caps_strategy)
def test_earned_is_the_sum_of_each_non_negative_total_limited_by_its_cap(
    required: int, totals_: Mapping[HourCategory, int], caps: Mapping[HourCategory, int]
) -> None:
    expected = sum(min(t, caps[c]) if c in caps else t for c, t in totals_.items())
    assert compute_progress(required, totals_, caps).earned_tenths == expected


@given(required=required_strategy, totals_=totals, caps=caps_strategy)
def test_remaining_and_earned_together_reach_the_requirement(
    required: int, totals_: Mapping[HourCategory, int], caps: Mapping[HourCategory, int]
) -> None:
    progress = compute_progress(required, totals_, caps)
    assert progress.remaining_tenths >= 0
    assert progress.remaining_tenths + progress.earned_tenths >= required
    assert progress.met is (progress.remaining_tenths == 0)


@given(required=required_strategy, totals_=totals, caps=caps_strategy)
def test_each_row_counts_between_nothing_and_its_cap_and_rows_sum_to_earned(
    required: int, totals_: Mapping[HourCategory, int], caps: Mapping[HourCategory, int]
) -> None:
    progress = compute_progress(required, totals_, caps)
    assert {row.category for row in progress.by_category} == {c for c, t in totals_.items() if t != 0}
    for row in progress.by_category:
        assert row.tenths == totals_[row.category]
        assert 0 <= row.counted_tenths <= max(row.tenths, 0)
        if row.category in caps:
            assert row.counted_tenths <= caps[row.category]
    assert sum(row.counted_tenths for row in progress.by_category) == progress.earned_tenths


@given(required=required_strategy, totals_=totals, caps=caps_strategy, more=st.integers(1, 1000))
def test_more_hours_in_a_category_never_lower_what_is_earned(
    required: int, totals_: Mapping[HourCategory, int], caps: Mapping[HourCategory, int], more: int
) -> None:
    before = compute_progress(required, totals_, caps).earned_tenths
    for category in HourCategory:
        grown = {**totals_, category: totals_.get(category, 0) + more}
        assert compute_progress(required, grown, caps).earned_tenths >= before


# --- sum_by_category ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param([], {}, id="no entries"),
        pytest.param([(K, 80)], {K: 80}, id="one entry"),
        pytest.param([(K, 80), (K, 45)], {K: 125}, id="entries of one category add up"),
        pytest.param([(K, 80), (C, 30), (K, 20)], {K: 100, C: 30}, id="categories are kept apart"),
        pytest.param([(K, 80), (K, -80)], {K: 0}, id="a reversal nets its credit to zero"),
        pytest.param([(S, 30), (S, -50)], {S: -20}, id="a larger reversal nets negative"),
    ],
)
def test_entries_are_totalled_per_category(
    entries: list[tuple[HourCategory, int]], expected: dict[HourCategory, int]
) -> None:
    assert sum_by_category(entries) == expected


def test_entries_may_come_from_any_iterable() -> None:
    assert sum_by_category((c, t) for c, t in [(K, 10), (K, 5)]) == {K: 15}


@given(st.lists(st.tuples(categories, st.integers(min_value=-10_000, max_value=10_000))))
def test_category_totals_sum_to_the_total_of_all_entries(entries: list[tuple[HourCategory, int]]) -> None:
    result = sum_by_category(entries)
    assert set(result) == {c for c, _ in entries}
    assert sum(result.values()) == sum(t for _, t in entries)
    for category, total in result.items():
        assert total == sum(t for c, t in entries if c == category)


@given(st.lists(st.tuples(categories, st.integers(min_value=-10_000, max_value=10_000))), st.randoms())
def test_the_order_of_entries_does_not_change_the_totals(
    entries: list[tuple[HourCategory, int]], randomness: random.Random
) -> None:
    shuffled = list(entries)
    randomness.shuffle(shuffled)
    assert sum_by_category(shuffled) == sum_by_category(entries)
