"""Reading the hour ledger: requirements, a person's progress toward one, its entries, transcripts,
and the check that every cached balance equals the sum of its entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tortoise.functions import Sum

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, in_row
from domain.paging import Page, keyset_page
from domain.training import hours as hour_units
from domain.training.errors import InvalidDate, InvalidHours, RequirementNotFound
from domain.training.ledger import (
    Progress,
    Window,
    compute_progress,
    rolling_window,
    sum_by_category,
    tenths_of,
)
from domain.training.models import CategoryCap, HourBalance, HourEntry, TrainingRequirement
from domain.training.vocabulary import HourCategory
from domain.transaction import write_transaction


async def list_requirements() -> list[TrainingRequirement]:
    return await TrainingRequirement.all().order_by("id")


async def caps_by_requirement_ids(ids: list[int]) -> dict[int, dict[HourCategory, int]]:
    result: dict[int, dict[HourCategory, int]] = {i: {} for i in ids}
    for cap in await CategoryCap.filter(requirement_id__in=ids):
        result[cap.requirement_id][cap.category] = cap.cap_tenths
    return result


async def get_requirement_or_none(requirement_id: int) -> TrainingRequirement | None:
    return await TrainingRequirement.get_or_none(id=requirement_id)


async def get_requirement(requirement_id: int) -> TrainingRequirement:
    requirement = await TrainingRequirement.get_or_none(id=requirement_id)
    if requirement is None:
        raise RequirementNotFound()
    return requirement


def window_of(requirement: TrainingRequirement, today: date) -> Window:
    """A fixed window; for continuing education without a registration period in force, the
    `period_years` up to today."""
    if requirement.starts_on is not None and requirement.ends_on is not None:
        return Window(requirement.starts_on, requirement.ends_on)
    return rolling_window(today, requirement.period_years or 3)


@dataclass(frozen=True, slots=True)
class LedgerView:
    requirement: TrainingRequirement
    window: Window
    progress: Progress
    # The requirement's per-category caps, in tenths of an hour.
    caps: dict[HourCategory, int]
    # Why the requirement does not apply to this person (continuing education for a non-holder), in
    # Chinese; None when it applies. When set, `window` and `progress` are placeholders no one shows.
    not_applicable: str | None = None


async def ledger_of(
    person_id: int, requirement: TrainingRequirement, period: Window | None = None
) -> LedgerView:
    """Progress from the cached balances (fixed windows) or from the window's entries; `period` is
    the holder's registration period for continuing education, when one is in force."""
    window = (
        period
        if period is not None and requirement.starts_on is None
        else window_of(requirement, clock.today())
    )
    if requirement.starts_on is not None:
        rows = await HourBalance.filter(person_id=person_id, requirement_id=requirement.id)
        totals = {row.category: row.tenths for row in rows}
    else:
        entries = await HourEntry.filter(
            person_id=person_id, occurred_on__gte=window.starts_on, occurred_on__lte=window.ends_on
        ).values_list("category", "tenths")
        totals = sum_by_category((HourCategory(c), t) for c, t in entries)
    caps = (await caps_by_requirement_ids([requirement.id]))[requirement.id]
    return LedgerView(requirement, window, compute_progress(requirement.required_tenths, totals, caps), caps)


async def not_applicable_ledger(requirement: TrainingRequirement, reason: str) -> LedgerView:
    """The answer for a person the requirement does not apply to: no window, no hours, `reason` (in
    Chinese) saying why. Reads only the requirement's caps."""
    caps = (await caps_by_requirement_ids([requirement.id]))[requirement.id]
    return LedgerView(
        requirement,
        window_of(requirement, clock.today()),
        compute_progress(requirement.required_tenths, {}, caps),
        caps,
        not_applicable=reason,
    )


async def entries_of(
    person_id: int, window: Window | None, *, first: int, after: int | None
) -> Page[HourEntry]:
    """Newest first, keyset-paged by id, so new entries never shift a page being read."""
    query = HourEntry.filter(person_id=person_id)
    if window is not None:
        query = query.filter(occurred_on__gte=window.starts_on, occurred_on__lte=window.ends_on)
    return await keyset_page(query, first=first, after=after, descending=True)


async def all_entries_of(person_id: int) -> list[HourEntry]:
    return (
        await HourEntry.filter(person_id=person_id).order_by("occurred_on", "id").prefetch_related("course")
    )


@dataclass(frozen=True, slots=True)
class RequirementChanges:
    name: str | None = None
    required_hours: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    # The caps as the rows the user gave, in order, so a refusal can point at its row.
    caps: Sequence[tuple[HourCategory, Decimal]] | None = None


async def update_requirement(
    actor: Actor, requirement_id: int, changes: RequirementChanges
) -> TrainingRequirement:
    """The prefecture sets the figures (e.g. the 2026–2030 front-line hours). A changed window
    rebuilds its balances from the entries, in the same transaction."""
    requirement = await get_requirement(requirement_id)
    if changes.name is not None and not 0 < len(changes.name.strip()) <= 100:
        raise InvalidInput("名称不能为空，且不超过 100 个字", field="name")
    required = requirement.required_tenths
    if changes.required_hours is not None:
        required = tenths_of(changes.required_hours, field="requiredHours")
        if required <= 0:
            raise InvalidHours("要求学时须大于 0", field="requiredHours")
    starts_on = changes.starts_on or requirement.starts_on
    ends_on = changes.ends_on or requirement.ends_on
    if (changes.starts_on or changes.ends_on) and requirement.starts_on is None:
        raise InvalidDate("继续教育要求按登记有效期计算，不能设定固定起止日期", field="startsOn")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise InvalidDate("结束日期不能早于开始日期", field="endsOn")
    caps = _caps_in_tenths(changes.caps) if changes.caps is not None else None
    window_changed = (starts_on, ends_on) != (requirement.starts_on, requirement.ends_on)
    async with write_transaction():
        if changes.name is not None:
            requirement.name = changes.name.strip()
        requirement.required_tenths = required
        requirement.starts_on, requirement.ends_on = starts_on, ends_on
        await requirement.save()
        if caps is not None:
            await CategoryCap.filter(requirement_id=requirement.id).delete()
            await CategoryCap.bulk_create(
                [
                    CategoryCap(requirement_id=requirement.id, category=c, cap_tenths=t)
                    for c, t in caps.items()
                ]
            )
        if window_changed and starts_on is not None and ends_on is not None:
            await _rebuild_balances(requirement.id, Window(starts_on, ends_on))
        await audit.record(
            actor,
            "requirement.updated",
            target_type="TrainingRequirement",
            target_id=requirement.id,
            summary={
                "requiredHours": str(hour_units.from_tenths(required)),
                "startsOn": str(starts_on),
                "endsOn": str(ends_on),
                "caps": {c.value: str(hour_units.from_tenths(t)) for c, t in (caps or {}).items()},
            },
        )
    return requirement


def _caps_in_tenths(caps: Sequence[tuple[HourCategory, Decimal]]) -> dict[HourCategory, int]:
    """Each row's cap in tenths; a refusal points at its row (`caps.<index>.hours` or `.category`)."""
    result: dict[HourCategory, int] = {}
    for index, (category, hours) in enumerate(caps):
        with in_row("caps", index):
            if category in result:
                raise InvalidInput(f"第 {index + 1} 个上限的类别与前面重复", field="category")
            result[category] = tenths_of(hours, field="hours")
            if result[category] < 0:
                raise InvalidHours("上限不能为负数", field="hours")
    return result


async def _sums_in(window: Window) -> dict[tuple[int, HourCategory], int]:
    rows = (
        await HourEntry.filter(occurred_on__gte=window.starts_on, occurred_on__lte=window.ends_on)
        .annotate(total=Sum("tenths"))
        .group_by("person_id", "category")
        .values("person_id", "category", "total")
    )
    # tenths are integers: the database sums them exactly.
    return {(row["person_id"], HourCategory(row["category"])): int(row["total"]) for row in rows}


async def _rebuild_balances(requirement_id: int, window: Window) -> None:
    await HourBalance.filter(requirement_id=requirement_id).delete()
    await HourBalance.bulk_create(
        [
            HourBalance(person_id=person, requirement_id=requirement_id, category=category, tenths=total)
            for (person, category), total in (await _sums_in(window)).items()
        ]
    )


@dataclass(frozen=True, slots=True)
class BalanceMismatch:
    requirement_code: str
    person_id: int
    category: HourCategory
    balance_tenths: int
    entries_tenths: int


async def verify_ledger() -> tuple[int, list[BalanceMismatch]]:
    """Proves every cached balance equals the sum of its entries: (balances checked, mismatches)."""
    checked = 0
    mismatches: list[BalanceMismatch] = []
    for requirement in await TrainingRequirement.filter(starts_on__isnull=False, ends_on__isnull=False):
        if requirement.starts_on is None or requirement.ends_on is None:  # narrowed for the type checker
            continue
        sums = await _sums_in(Window(requirement.starts_on, requirement.ends_on))
        balances = {
            (b.person_id, b.category): b.tenths
            for b in await HourBalance.filter(requirement_id=requirement.id)
        }
        for key in sorted(set(sums) | set(balances), key=lambda k: (k[0], k[1].value)):
            checked += 1
            balance, total = balances.get(key, 0), sums.get(key, 0)
            if balance != total:
                mismatches.append(BalanceMismatch(requirement.code, key[0], key[1], balance, total))
    return checked, mismatches
