"""Training's interface for the contexts above it (exam, incentives, reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


__all__ = [
    "ContinuingEducation",
    "LedgerView",
    "Window",
    "continuing_education",
    "from_tenths",
    "get_requirement_or_none",
    "ledger_of",
    "not_applicable_ledger",
]
