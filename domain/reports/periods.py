"""Plan periods and their targets (DOMAIN.md, Geography and targets): the 14th five-year plan carries the
seed's 8,000 / 4,000 / 1‰; the 15th's targets are *(configurable)*, set by the prefecture admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.reports.errors import InvalidTarget, PlanPeriodNotFound
from domain.reports.measures import floor_from_hundredths
from domain.reports.models import PlanPeriod
from domain.transaction import write_transaction

__all__ = ["PeriodTargets", "list_periods", "period_for", "set_period_targets"]

# A target above the prefecture's whole population is a typo; a floor above 1000‰ is impossible.
MAX_PEOPLE: Final = 3_000_000
MAX_FLOOR: Final = Decimal(1000)


@dataclass(frozen=True, slots=True)
class PeriodTargets:
    """What `setPeriodTargets` asks: whole people, and the floor in ‰ (Decimal, at most two places)."""

    talent_target: int
    certified_target: int
    per_mille_floor: Decimal


async def list_periods() -> list[PlanPeriod]:
    """Every plan period, earliest first."""
    return await PlanPeriod.all().order_by("starts_on")


async def period_for(period_id: int | None, *, today: date | None = None) -> PlanPeriod:
    """The period of `period_id`, or without one the current period: the one containing today (or, past
    the last, the latest that has started). Raises `PlanPeriodNotFound` (field `periodId`)."""
    if period_id is not None:
        period = await PlanPeriod.get_or_none(id=period_id)
        if period is None:
            raise PlanPeriodNotFound()
        return period
    day = today or clock.today()
    current = await PlanPeriod.filter(starts_on__lte=day).order_by("-starts_on").first()
    if current is None:
        current = await PlanPeriod.all().order_by("starts_on").first()
    if current is None:  # pragma: no cover - the migration seeds two periods
        raise PlanPeriodNotFound()
    return current


def _checked(targets: PeriodTargets) -> int:
    """The floor in hundredths of ‰, after checking every figure; raises `InvalidTarget` on its field."""
    if not 1 <= targets.talent_target <= MAX_PEOPLE:
        raise InvalidTarget(f"人才总量目标须为 1 至 {MAX_PEOPLE:,} 的整数", field="talentTarget")
    if not 1 <= targets.certified_target <= targets.talent_target:
        raise InvalidTarget("持证人才目标须为正整数，且不超过人才总量目标", field="certifiedTarget")
    floor = targets.per_mille_floor
    try:
        hundredths = floor * 100
        whole = hundredths == hundredths.to_integral_value()
    except InvalidOperation:
        whole = False
    if not floor.is_finite() or not whole or not Decimal(0) < floor <= MAX_FLOOR:
        raise InvalidTarget("每千人人才数下限须大于 0、不超过 1000，最多两位小数", field="perMilleFloor")
    return int(floor * 100)


async def set_period_targets(actor: Actor, period_id: int, targets: PeriodTargets) -> PlanPeriod:
    """The prefecture admin sets a plan period's targets: talents, certified talents, and the per-mille
    floor every county must meet.

    A period that has ended keeps the targets it was measured against (the 14th's are the seed's).

    Writes, in one transaction: the period's three targets and who set them, and the audit event
    `plan_period.targets_set` (the new and the previous figures).

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        PlanPeriodNotFound: no period has that id (field `periodId`).
        InvalidTarget: a figure is out of range (its field), or the period has ended (`periodId`).
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope(field="periodId")
    hundredths = _checked(targets)
    async with write_transaction():
        period = await PlanPeriod.filter(id=period_id).select_for_update().first()
        if period is None:
            raise PlanPeriodNotFound()
        if period.ends_on < clock.today():
            raise InvalidTarget(f"{period.name}已结束，其目标是当期考核的依据，不能修改", field="periodId")
        previous = {
            "talentTarget": period.talent_target,
            "certifiedTarget": period.certified_target,
            "perMilleFloor": _text(floor_from_hundredths(period.per_mille_floor_hundredths)),
        }
        await PlanPeriod.filter(id=period.id).update(
            talent_target=targets.talent_target,
            certified_target=targets.certified_target,
            per_mille_floor_hundredths=hundredths,
            updated_by_user_id=actor.user_id,
            updated_at=clock.now(),
        )
        await audit.record(
            actor,
            "plan_period.targets_set",
            target_type="PlanPeriod",
            target_id=period.id,
            summary={
                "period": period.code,
                "talentTarget": targets.talent_target,
                "certifiedTarget": targets.certified_target,
                "perMilleFloor": _text(floor_from_hundredths(hundredths)),
                "previous": previous,
            },
        )
    await period.refresh_from_db()
    return period


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
