"""Training's interface for the contexts above it (exam, incentives, talent, reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.training.compliance import FrontLineCompliance, front_line_compliance
from domain.training.hours import from_tenths
from domain.training.ledger import Progress, Window, compute_progress, sum_by_category
from domain.training.models import HourEntry, TrainingRequirement
from domain.training.progress import (
    LedgerView,
    caps_by_requirement_ids,
    get_requirement_or_none,
    ledger_of,
    not_applicable_ledger,
)
from domain.training.vocabulary import HourCategory, RequirementAudience


@dataclass(frozen=True, slots=True)
class ContinuingEducation:
    requirement_name: str
    progress: Progress


async def continuing_education(
    person_id: int, audience: RequirementAudience, starts_on: date, ends_on: date
) -> ContinuingEducation | None:
    """Progress toward the continuing-education requirement of `audience` over one registration
    period (民发〔2009〕123号: 72 h for 助理, 90 h for 社会工作师 and above, caps applied); None when no
    such requirement is on record."""
    requirement = await TrainingRequirement.filter(audience=audience, starts_on__isnull=True).first()
    if requirement is None:
        return None
    window = Window(starts_on, ends_on)
    rows = await HourEntry.filter(
        person_id=person_id, occurred_on__gte=window.starts_on, occurred_on__lte=window.ends_on
    ).values_list("category", "tenths")
    totals = sum_by_category((HourCategory(c), t) for c, t in rows)
    caps = (await caps_by_requirement_ids([requirement.id]))[requirement.id]
    return ContinuingEducation(requirement.name, compute_progress(requirement.required_tenths, totals, caps))


@dataclass(frozen=True, slots=True)
class FrontLineProgress:
    """Hours toward a front-line requirement counted up to a day: earned (caps applied) and required,
    as `Decimal` hours."""

    requirement_name: str
    earned_hours: Decimal
    required_hours: Decimal
    met: bool


async def front_line_progress(person_id: int, on: date) -> FrontLineProgress | None:
    """The person's progress toward the front-line training requirement (160 h per five-year plan)
    whose fixed window holds `on`, counting the ledger's entries from the window's first day up to and
    including `on` (a later entry does not make a requirement met on `on`), with its category caps.
    None when no front-line requirement's window holds `on`. Reads only; used by the leading-talent
    programme's eligibility (DOMAIN.md §leading talent, step 1)."""
    requirement = await TrainingRequirement.filter(
        audience=RequirementAudience.FRONT_LINE, starts_on__lte=on, ends_on__gte=on
    ).first()
    if requirement is None:
        return None
    return await _front_line_progress(person_id, requirement, on)


async def previous_front_line_progress(person_id: int, on: date) -> FrontLineProgress | None:
    """The person's progress toward the front-line requirement whose fixed window ended last before
    `on` (e.g. 2021–2025 for a day of 2027), counting the ledger's entries over its whole window. None
    when no front-line requirement ended before `on`. Reads only; the leading-talent eligibility counts
    a plan period completed as meeting the training condition (DOMAIN.md §leading talent, step 1)."""
    requirement = (
        await TrainingRequirement.filter(audience=RequirementAudience.FRONT_LINE, ends_on__lt=on)
        .order_by("-ends_on")
        .first()
    )
    if requirement is None or requirement.ends_on is None:
        return None
    return await _front_line_progress(person_id, requirement, requirement.ends_on)


async def _front_line_progress(
    person_id: int, requirement: TrainingRequirement, on: date
) -> FrontLineProgress | None:
    if requirement.starts_on is None:
        return None
    rows = await HourEntry.filter(
        person_id=person_id, occurred_on__gte=requirement.starts_on, occurred_on__lte=on
    ).values_list("category", "tenths")
    totals = sum_by_category((HourCategory(c), t) for c, t in rows)
    caps = (await caps_by_requirement_ids([requirement.id]))[requirement.id]
    progress = compute_progress(requirement.required_tenths, totals, caps)
    return FrontLineProgress(
        requirement_name=requirement.name,
        earned_hours=from_tenths(progress.earned_tenths),
        required_hours=from_tenths(progress.required_tenths),
        met=progress.met,
    )


__all__ = [
    "ContinuingEducation",
    "FrontLineCompliance",
    "FrontLineProgress",
    "LedgerView",
    "Window",
    "continuing_education",
    "from_tenths",
    "front_line_compliance",
    "front_line_progress",
    "get_requirement_or_none",
    "ledger_of",
    "not_applicable_ledger",
    "previous_front_line_progress",
]
