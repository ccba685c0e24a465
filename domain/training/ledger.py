"""Pure rules of the hour ledger: which requirement an entry counts toward, caps, progress, and the
checks on what a completion, an adjustment or a reversal may write.

One entry counts toward every requirement whose window includes its date (DOMAIN.md §Training);
category caps limit what counts, not what is recorded. Checks that depend on the date take `today`
from the caller, who reads the clock once per request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from domain import clock
from domain.errors import InvalidInput
from domain.training import hours as hour_units
from domain.training.errors import (
    AlreadyReversed,
    CourseNotHeld,
    HoursAboveCredit,
    InvalidDate,
    InvalidHours,
)
from domain.training.vocabulary import EntrySource, HourCategory

# A bound on one manual entry, far above any real one (a degree counts 90 h), so that a typing slip
# (900 for 90) is refused rather than credited.
MAX_ADJUSTMENT_TENTHS: Final = 2000
MAX_REASON_LENGTH: Final = 500


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


def tenths_of(hours: Decimal | str, *, field: str) -> int:
    """Hours a user gave (at most one decimal place) in integer tenths; InvalidHours on `field`,
    in the user's words, when they are not such a number."""
    try:
        return hour_units.to_tenths(hours)
    except hour_units.InvalidHours as exc:
        raise InvalidHours(str(exc), field=field) from None


def held_on(starts_at: datetime, ends_at: datetime) -> Window:
    """The business dates (Asia/Shanghai) a course was held over."""
    return Window(starts_at.astimezone(clock.SHANGHAI).date(), ends_at.astimezone(clock.SHANGHAI).date())


def check_last_session_started(last_start: datetime, now: datetime, *, field: str = "enrollmentId") -> None:
    """A completion is recorded once the course's last session has started (`now` from the clock).

    Raises:
        CourseNotHeld: the last session starts later, with its start (Asia/Shanghai) in the message.
    """
    if last_start > now:
        start = last_start.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M")
        raise CourseNotHeld(f"课程最后一次课 {start} 开始，开始之后才能记录结业", field=field)


def check_credit_hours(hours: Decimal | str | None, credit_tenths: int, *, field: str = "hours") -> int:
    """The tenths a completion credits: the course's hours unless fewer are given (part of a course
    attended), never none and never more than the course gives."""
    if hours is None:
        return credit_tenths
    tenths = tenths_of(hours, field=field)
    if tenths <= 0:
        raise InvalidHours("学时须大于 0", field=field)
    if tenths > credit_tenths:
        credit = hour_units.from_tenths(credit_tenths)
        raise HoursAboveCredit(f"学时 {hour_units.from_tenths(tenths)} 超过课程学时 {credit}", field=field)
    return tenths


def default_completion_date(held: Window, today: date) -> date:
    """A completion recorded without a date is dated the course's last day, or today while the
    course is still running (an entry is never dated in the future)."""
    return min(today, held.ends_on)


def check_completion_date(
    completed_on: date, held: Window, *, today: date, field: str = "completedOn"
) -> None:
    """A course is completed on or after its first day, and not in the future."""
    if not held.starts_on <= completed_on <= today:
        raise InvalidDate(f"完成日期须在课程开始（{held.starts_on}）之后，且不晚于今天", field=field)


def check_adjustment_hours(hours: Decimal) -> int:
    """An adjustment moves some hours, either way (negative takes hours away), within the bound."""
    tenths = tenths_of(hours, field="hours")
    if tenths == 0 or abs(tenths) > MAX_ADJUSTMENT_TENTHS:
        bound = MAX_ADJUSTMENT_TENTHS // 10
        raise InvalidHours(f"调整学时不能为 0，且绝对值不超过 {bound}", field="hours")
    return tenths


def check_entry_date(occurred_on: date, *, today: date) -> None:
    """Hours are recorded once earned: an entry is not dated in the future."""
    if occurred_on > today:
        raise InvalidDate("学时发生日期不能晚于今天", field="occurredOn")


def check_reason(reason: str, *, action: str) -> str:
    """A manual entry (调整) or a reversal (冲正) says why, so the trail explains itself; trimmed."""
    reason = reason.strip()
    if not 0 < len(reason) <= MAX_REASON_LENGTH:
        raise InvalidInput(f"须填写{action}理由（不超过 {MAX_REASON_LENGTH} 字）", field="reason")
    return reason


def sum_by_category(entries: Iterable[tuple[HourCategory, int]]) -> dict[HourCategory, int]:
    totals: dict[HourCategory, int] = {}
    for category, tenths in entries:
        totals[category] = totals.get(category, 0) + tenths
    return totals


def _previous_day(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)
