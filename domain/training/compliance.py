"""How many front-line people met a period's training requirement (DOMAIN.md §Training: ≥ 160 hours in
2021–2025 for those who directly provide social services), per county, for the targets report.

One aggregate query over the cached balances (`HourBalance`, kept with every entry), whatever the number
of people: each person's hours are summed over categories after their caps (a degree counts 90 h once,
as `ledger.compute_progress` counts them), then compared with the requirement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tortoise import connections

from domain.training.hours import from_tenths
from domain.training.models import TrainingRequirement
from domain.training.vocabulary import RequirementAudience

__all__ = ["FrontLineCompliance", "front_line_compliance"]


@dataclass(frozen=True, slots=True)
class FrontLineCompliance:
    """The front-line requirement of a period, and per county code the number of front-line people
    (in the registry) who have met it so far."""

    requirement_name: str
    required_hours: Decimal
    met_by_county: dict[str, int]


# Capped per person and category, then summed per person; a person counts when the sum reaches the
# requirement. Negative balances (a reversal beyond a category's hours cannot happen, but) count as 0,
# as `compute_progress` does.
# The balances are summed from the index on (requirement_id, person_id, category, tenths) alone; only the
# people who met the requirement are then looked up for their county (#14).
_MET_BY_COUNTY = """
SELECT p.county_id, COUNT(*) AS met
FROM (
    SELECT b.person_id
    FROM hour_balance b
    LEFT JOIN category_cap c ON c.requirement_id = b.requirement_id AND c.category = b.category
    WHERE b.requirement_id = {requirement}
    GROUP BY b.person_id
    HAVING SUM(CASE WHEN b.tenths < 0 THEN 0
                    WHEN c.cap_tenths IS NOT NULL AND b.tenths > c.cap_tenths THEN c.cap_tenths
                    ELSE b.tenths END) >= {required}
) earned
JOIN person p ON p.id = earned.person_id
WHERE p.front_line = {true}
GROUP BY p.county_id
"""


async def front_line_compliance(starts_on: date, ends_on: date) -> FrontLineCompliance | None:
    """The front-line requirement whose fixed window overlaps `starts_on`..`ends_on` (the one starting
    first within it), with its met counts per county; None when no such requirement exists.

    Reads: one query for the requirement, one aggregate query over `hour_balance` joined to `person`.
    """
    requirement = (
        await TrainingRequirement.filter(
            audience=RequirementAudience.FRONT_LINE, starts_on__lte=ends_on, ends_on__gte=starts_on
        )
        .order_by("starts_on")
        .first()
    )
    if requirement is None:
        return None
    connection = connections.get("default")
    postgres = connection.capabilities.dialect == "postgres"
    sql = _MET_BY_COUNTY.format(
        requirement="$1" if postgres else "?",
        required="$2" if postgres else "?",
        true="TRUE" if postgres else "1",
    )
    rows = await connection.execute_query_dict(sql, [requirement.id, requirement.required_tenths])
    return FrontLineCompliance(
        requirement_name=requirement.name,
        required_hours=from_tenths(requirement.required_tenths),
        met_by_county={str(row["county_id"]): int(row["met"]) for row in rows},
    )
