"""Pure rules of the hour ledger: which requirement an entry counts toward, caps, and progress.

One entry counts toward every requirement whose window includes its date (DOMAIN.md §Training);
category caps limit what counts, not what is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from domain import clock
from domain.training.errors import AlreadyReversed
from domain.training.vocabulary import EntrySource, HourCategory


@dataclass(frozen=True, slots=True)
class Window:
    """Inclusive business dates."""

    starts_on: date
    ends_on: date

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def registration_period(first_registered_on: date, today: date, years: int) -> Window:
    """The registration period containing `today` for a registration made on `first_registered_on`.

    Each period starts on an anniversary of the first registration, counted from that date (so a
    29 February registration comes back to 29 February in leap years)."""
    k = 0
    while True:
        end = clock.add_years(first_registered_on, (k + 1) * years)
        if today < end:
            return Window(clock.add_years(first_registered_on, k * years), _previous_day(end))
        k += 1


def rolling_window(today: date, years: int) -> Window:
    """The `years` up to and including today, for holders whose registration is not yet recorded."""
    try:
        back = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February: the same day `years` back is 28 February
        back = today.replace(year=today.year - years, day=28)
    return Window(_next_day(back), today)


@dataclass(frozen=True, slots=True)
class CategoryProgress:
    category: HourCategory
    tenths: int
    counted_tenths: int


@dataclass(frozen=True, slots=True)
class Progress:
    required_tenths: int
    earned_tenths: int
    by_category: tuple[CategoryProgress, ...]

    @property
    def remaining_tenths(self) -> int:
        return max(self.required_tenths - self.earned_tenths, 0)

    @property
    def met(self) -> bool:
        return self.earned_tenths >= self.required_tenths


def compute_progress(
    required_tenths: int,
    tenths_by_category: Mapping[HourCategory, int],
    caps: Mapping[HourCategory, int],
) -> Progress:
    """Earned hours are the sum over categories of what each contributes after its cap; a category
    whose entries net to less than zero (a reversal larger than its credits) contributes nothing."""
    rows = tuple(
        CategoryProgress(
            category=category,
            tenths=tenths,
            counted_tenths=max(0, min(tenths, caps.get(category, tenths))),
        )
        for category, tenths in sorted(tenths_by_category.items(), key=lambda kv: kv[0].value)
        if tenths != 0
    )
    return Progress(
        required_tenths=required_tenths,
        earned_tenths=sum(r.counted_tenths for r in rows),
        by_category=rows,
    )


def check_reversible(source: EntrySource, *, already_reversed: bool) -> None:
    """An entry is reversed at most once, and a reversal is not itself reversed: a wrong reversal
    is put right with an adjustment, so the trail reads in one direction."""
    if source is EntrySource.REVERSAL:
        raise AlreadyReversed("冲正记录本身不能再冲正")
    if already_reversed:
        raise AlreadyReversed("该记录已冲正")


def reversing_tenths(tenths: int) -> int:
    """A reversal takes back exactly what the entry gave, in the same category and on the same date,
    so it moves the same requirements' balances back."""
    return -tenths


def sum_by_category(entries: Iterable[tuple[HourCategory, int]]) -> dict[HourCategory, int]:
    totals: dict[HourCategory, int] = {}
    for category, tenths in entries:
        totals[category] = totals.get(category, 0) + tenths
    return totals


def _previous_day(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)
