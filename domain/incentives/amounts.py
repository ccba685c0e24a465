"""The amount rules of incentives, pure: what a person is owed, in integer fen, from facts the caller
has read (DOMAIN.md §Subsidies, seed §四 and §八).

- An exam-fee subsidy refunds the fees paid, up to the policy's amount.
- A one-time reward is paid once per person and level; reaching a higher level later pays only the
  difference from what the lower levels paid (就高, 差额补发), unless the policy pays each level whole.
- A monthly allowance takes, on each day, the highest level the person is eligible for and never adds
  levels together (就高不叠加). Prorated, a month pays each eligible day its share of that day's amount;
  otherwise a month is paid whole, at the level eligible on its last day, or not at all.
- A minimum local tenure is counted in calendar months from the day it began.

Amounts are integer fen throughout (`domain.money` converts to and from yuan); a share of a fen is
rounded half up once, at the end (四舍五入), never per day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from domain import money
from domain.exam.vocabulary import ExamLevel
from domain.incentives.errors import InvalidAmount
from domain.incentives.vocabulary import LEVEL_ORDER


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, as `accrueMonthlyAllowances` names one (`"2027-07"`)."""

    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def fen_of(amount: Decimal) -> int:
    """An amount typed in yuan (a policy's, a budget's) as integer fen: not negative, at most two
    decimal places (`domain.money.to_fen`, which never rounds).

    Raises:
        InvalidAmount: negative, more than two decimal places, or not a reasonable number.
    """
    try:
        fen = money.to_fen(amount)
    except money.InvalidAmount as exc:
        raise InvalidAmount(str(exc)) from None
    if fen < 0:
        raise InvalidAmount("金额不能为负数")
    return fen


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the later month lacks becomes its last day (31 January + 1
    month is 28 or 29 February), as tenure is counted in offices."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def tenure_reached_on(since: date, months: int) -> date:
    """The first day on which a tenure begun on `since` has lasted `months` whole months."""
    return add_months(since, months)


def fee_subsidy_fen(fee_paid_fen: int, cap_fen: int) -> int:
    """The fees paid, up to the policy's amount; never negative."""
    return max(0, min(fee_paid_fen, cap_fen))


def one_time_reward_fen(
    level_amount_fen: int, paid_for_lower_levels_fen: int, *, pay_difference: bool
) -> int:
    """The reward for a level: the policy's amount, less what the person's lower levels were paid
    (net of any recovered) when the policy pays the difference (就高差额); never negative. The caller
    has established that this level was not rewarded before: a level is rewarded once, ever."""
    if not pay_difference:
        return level_amount_fen
    return max(0, level_amount_fen - paid_for_lower_levels_fen)


@dataclass(frozen=True, slots=True)
class EligibleSpan:
    """Days on which a person is eligible for the allowance of one level at one amount: from `starts_on`
    to `ends_on` inclusive (None: open-ended). The caller has intersected the certificate's registration,
    the tenure, the policy's effective dates and the full-time-community-worker condition."""

    level: ExamLevel
    amount_fen: int
    starts_on: date
    ends_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True, slots=True)
class MonthlyAllowance:
    """A month's allowance: the amount in fen, the highest level paid in it, the days it paid for, and
    (prorated) how many days each level and monthly amount paid, in the order they first did."""

    amount_fen: int
    level: ExamLevel | None
    days: int
    shares: tuple[tuple[ExamLevel, int, int], ...] = ()


def _best_on(day: date, spans: Iterable[EligibleSpan]) -> EligibleSpan | None:
    """The span paying most on `day`; of two paying the same, the higher level's (what the day is
    paid as)."""
    covering = [s for s in spans if s.covers(day)]
    return max(covering, key=lambda s: (s.amount_fen, LEVEL_ORDER.index(s.level))) if covering else None


def monthly_allowance(month: Month, spans: list[EligibleSpan], *, prorate: bool) -> MonthlyAllowance:
    """The allowance for `month`: each day the highest amount of the spans covering it (就高不叠加).

    Prorated, each eligible day pays 1/(days in the month) of that day's amount, summed exactly and
    rounded half up to the fen once. Not prorated, the month pays the amount eligible on its last day in
    full, or nothing if none is. The level reported is the highest paid in the month."""
    if not prorate:
        best = _best_on(month.last_day, spans)
        if best is None:
            return MonthlyAllowance(0, None, 0)
        return MonthlyAllowance(best.amount_fen, best.level, month.days)
    # Every day's share has the same denominator: add the whole amounts, divide once.
    day_amounts = 0
    days = 0
    top: EligibleSpan | None = None
    shares: dict[tuple[ExamLevel, int], int] = {}
    day = month.first_day
    while day <= month.last_day:
        best = _best_on(day, spans)
        if best is not None:
            day_amounts += best.amount_fen
            days += 1
            shares[best.level, best.amount_fen] = shares.get((best.level, best.amount_fen), 0) + 1
            if top is None or best.amount_fen > top.amount_fen:
                top = best
        day += timedelta(days=1)
    return MonthlyAllowance(
        _round_half_up(Fraction(day_amounts, month.days)),
        top.level if top else None,
        days,
        tuple((level, amount_fen, n) for (level, amount_fen), n in shares.items()),
    )


def _round_half_up(value: Fraction) -> int:
    """四舍五入 to a whole fen (amounts are never negative here)."""
    return int(value + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class PolicyTerms:
    """One version of a policy as the rules read it: `county_code` None is the prefecture's default;
    in force from `effective_from` to `effective_to` inclusive (None: until replaced)."""

    id: int
    county_code: str | None
    level: ExamLevel
    amount_fen: int
    effective_from: date
    effective_to: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def overlap(first: tuple[date, date | None], second: tuple[date, date | None]) -> bool:
    """Whether two inclusive date ranges (an end of None is open) share a day: two versions of one
    county's policy for one kind and level must not, or a day would have two amounts."""
    (a_from, a_to), (b_from, b_to) = first, second
    return (a_to is None or b_from <= a_to) and (b_to is None or a_from <= b_to)


def policy_in_force(
    policies: Iterable[PolicyTerms], *, county_code: str, level: ExamLevel, day: date
) -> PolicyTerms | None:
    """The policy of `level` for the county in force on `day`, else the prefecture's default in force
    then (each county sets its own rates; the prefecture sets defaults), else None. The caller passes
    the policies of one kind."""
    in_force = [p for p in policies if p.level is level and p.in_force_on(day)]
    own = [p for p in in_force if p.county_code == county_code]
    default = [p for p in in_force if p.county_code is None]
    chosen = own or default
    # Versions of one county, kind and level never overlap (`overlap`): at most one is left.
    return max(chosen, key=lambda p: p.effective_from) if chosen else None
