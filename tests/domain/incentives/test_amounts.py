"""The amount rules of incentives (domain/incentives/amounts.py): exact, in fen, at the edges."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.exam.vocabulary import ExamLevel
from domain.incentives.amounts import (
    EligibleSpan,
    Month,
    PolicyTerms,
    add_months,
    fee_subsidy_fen,
    monthly_allowance,
    one_time_reward_fen,
    overlap,
    policy_in_force,
    tenure_reached_on,
)

A, S, H = ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR
JUNE = Month(2027, 6)  # 30 days
JANUARY = Month(2027, 1)  # 31 days


# --- exam-fee subsidy and one-time reward ------------------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "cap", "owed"), [(18000, 15000, 15000), (12000, 15000, 12000), (0, 15000, 0)]
)
def test_a_fee_subsidy_refunds_the_fees_paid_up_to_the_policys_amount(paid: int, cap: int, owed: int) -> None:
    assert fee_subsidy_fen(paid, cap) == owed


def test_reaching_a_higher_level_pays_only_the_difference() -> None:
    # 初级 1000 元 paid; 中级 2000 元 pays 1000 元 more; 高级 3000 元 then pays the last 1000 元.
    assert one_time_reward_fen(100000, 0, pay_difference=True) == 100000
    assert one_time_reward_fen(200000, 100000, pay_difference=True) == 100000
    assert one_time_reward_fen(300000, 200000, pay_difference=True) == 100000


def test_without_the_difference_rule_each_level_is_paid_whole() -> None:
    assert one_time_reward_fen(200000, 100000, pay_difference=False) == 200000


def test_a_higher_level_rewarded_less_than_already_paid_pays_nothing_never_less() -> None:
    # A county that later lowered its 中级 rate owes nothing more, and takes nothing back.
    assert one_time_reward_fen(80000, 100000, pay_difference=True) == 0


@given(
    amounts=st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=3),
)
def test_difference_payments_never_total_more_than_the_highest_level_reached(amounts: list[int]) -> None:
    paid = 0
    for amount in amounts:
        paid += one_time_reward_fen(amount, paid, pay_difference=True)
    assert paid == max(amounts)


# --- tenure ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "months", "reached"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),  # no 31 February: its last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 1), 0, date(2026, 5, 1)),
    ],
)
def test_tenure_is_counted_in_calendar_months(since: date, months: int, reached: date) -> None:
    assert tenure_reached_on(since, months) == reached


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 240))
def test_adding_months_lands_in_the_right_month_on_the_same_day_or_its_last(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    # The same day of the month, or the later month's last day when it is shorter.
    assert later.day == min(day.day, calendar.monthrange(later.year, later.month)[1])


# --- monthly allowance -------------------------------------------------------------------------------


def test_a_month_not_prorated_pays_in_full_what_is_eligible_on_its_last_day() -> None:
    joined_mid_month = [EligibleSpan(A, 15000, date(2027, 6, 16))]
    assert monthly_allowance(JUNE, joined_mid_month, prorate=False).amount_fen == 15000
    left_mid_month = [EligibleSpan(A, 15000, date(2026, 1, 1), date(2027, 6, 29))]
    assert monthly_allowance(JUNE, left_mid_month, prorate=False).amount_fen == 0


def test_a_prorated_month_pays_each_eligible_day_its_share_rounded_half_up_once() -> None:
    # 16 of 31 days of 200 元: 20000 × 16 / 31 = 10322.58… fen → 10323.
    answer = monthly_allowance(JANUARY, [EligibleSpan(S, 20000, date(2027, 1, 16))], prorate=True)
    assert (answer.amount_fen, answer.days, answer.level) == (10323, 16, S)


def test_levels_never_stack_each_day_takes_the_highest() -> None:
    # 助理 all June; 中级 registered from 16 June: 15 days at 150 元 and 15 at 300 元, not 150 + 300.
    spans = [EligibleSpan(A, 15000, date(2027, 1, 1)), EligibleSpan(S, 30000, date(2027, 6, 16))]
    prorated = monthly_allowance(JUNE, spans, prorate=True)
    assert (prorated.amount_fen, prorated.level, prorated.days) == (22500, S, 30)
    whole = monthly_allowance(JUNE, spans, prorate=False)
    assert (whole.amount_fen, whole.level) == (30000, S)


def test_nothing_is_owed_for_a_month_with_no_eligible_day() -> None:
    assert monthly_allowance(JUNE, [EligibleSpan(H, 50000, date(2027, 7, 1))], prorate=True).amount_fen == 0
    assert monthly_allowance(JUNE, [], prorate=False) == monthly_allowance(JUNE, [], prorate=True)


spans_strategy = st.lists(
    st.builds(
        EligibleSpan,
        level=st.sampled_from(list(ExamLevel)),
        amount_fen=st.integers(0, 100_000),
        starts_on=st.dates(date(2027, 5, 20), date(2027, 7, 10)),
        ends_on=st.one_of(st.none(), st.dates(date(2027, 5, 20), date(2027, 7, 10))),
    ),
    max_size=4,
)


@given(spans=spans_strategy, prorate=st.booleans())
def test_a_month_never_pays_more_than_the_highest_amount_and_a_whole_month_pays_it(
    spans: list[EligibleSpan], prorate: bool
) -> None:
    answer = monthly_allowance(JUNE, spans, prorate=prorate)
    assert 0 <= answer.amount_fen <= max((s.amount_fen for s in spans), default=0)
    whole_month = [s for s in spans if s.covers(JUNE.first_day) and s.covers(JUNE.last_day)]
    if whole_month and prorate:
        # Every day covered at least at that amount.
        assert answer.amount_fen >= max(s.amount_fen for s in whole_month)


@given(spans=spans_strategy, extra=spans_strategy)
def test_more_eligibility_never_lowers_a_prorated_month(
    spans: list[EligibleSpan], extra: list[EligibleSpan]
) -> None:
    assert (
        monthly_allowance(JUNE, spans + extra, prorate=True).amount_fen
        >= monthly_allowance(JUNE, spans, prorate=True).amount_fen
    )


# --- policies in force -------------------------------------------------------------------------------


def terms(
    pk: int, county: str | None, start: date, end: date | None = None, amount: int = 100000
) -> PolicyTerms:
    return PolicyTerms(
        id=pk, county_code=county, level=A, amount_fen=amount, effective_from=start, effective_to=end
    )


def test_a_countys_own_policy_wins_over_the_prefectures_default_within_its_dates() -> None:
    policies = [
        terms(1, None, date(2021, 1, 1)),
        terms(2, "532301", date(2027, 1, 1), date(2027, 12, 31), amount=150000),
    ]
    day = date(2027, 12, 31)
    assert policy_in_force(policies, county_code="532301", level=A, day=day) == policies[1]
    assert (
        policy_in_force(policies, county_code="532301", level=A, day=day + timedelta(days=1)) == policies[0]
    )
    assert policy_in_force(policies, county_code="532302", level=A, day=day) == policies[0]
    assert policy_in_force(policies, county_code="532301", level=A, day=date(2020, 12, 31)) is None
    assert policy_in_force(policies, county_code="532301", level=S, day=day) is None


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ((date(2027, 1, 1), date(2027, 6, 30)), (date(2027, 6, 30), None), True),  # one day in common
        ((date(2027, 1, 1), date(2027, 6, 29)), (date(2027, 6, 30), None), False),
        ((date(2027, 1, 1), None), (date(2030, 1, 1), date(2030, 2, 1)), True),
        ((date(2027, 1, 1), None), (date(2020, 1, 1), None), True),
    ],
)
def test_two_versions_overlap_when_they_share_a_day(
    first: tuple[date, date | None], second: tuple[date, date | None], shared: bool
) -> None:
    assert overlap(first, second) is shared
    assert overlap(second, first) is shared


def test_two_levels_paying_the_same_on_a_day_pay_it_as_the_higher_level() -> None:
    july = Month(2027, 7)
    spans = [
        EligibleSpan(A, 30_000, date(2027, 7, 1)),
        EligibleSpan(S, 30_000, date(2027, 7, 1)),
    ]
    paid = monthly_allowance(july, spans, prorate=True)
    assert (paid.amount_fen, paid.level, paid.shares) == (30_000, S, ((S, 30_000, 31),))
