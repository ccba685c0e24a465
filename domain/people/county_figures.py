"""Per-county figures of the registry for the targets report: front-line people (the denominator of
training compliance) and organisation filing by township (the seed's coverage target, DOMAIN.md). Each
is one grouped query, whatever the number of people or organisations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tortoise.functions import Count

from domain.people.models import Organization, Person
from domain.people.vocabulary import OrganizationStatus

__all__ = ["FilingCoverage", "filing_coverage_by_county", "front_line_counts_by_county"]


@dataclass(frozen=True, slots=True)
class FilingCoverage:
    """Organisations of one county: filed (any status), approved (备案), and the distinct townships
    with at least one approved organisation."""

    filed: int
    approved: int
    townships_covered: int


async def front_line_counts_by_county() -> dict[str, int]:
    """People in the registry who directly provide social services (`front_line`), per county code."""
    rows = (
        await Person.filter(front_line=True)
        .annotate(n=Count("id"))
        .group_by("county_id")
        .values("county_id", "n")
    )
    return {row["county_id"]: row["n"] for row in rows}


async def filing_coverage_by_county() -> dict[str, FilingCoverage]:
    """Filing per county code (counties without an organisation are absent). Two grouped queries."""
    by_status = (
        await Organization.annotate(n=Count("id"))
        .group_by("county_id", "status")
        .values("county_id", "status", "n")
    )
    filed: dict[str, int] = defaultdict(int)
    approved: dict[str, int] = defaultdict(int)
    for row in by_status:
        filed[row["county_id"]] += row["n"]
        if row["status"] == OrganizationStatus.APPROVED:
            approved[row["county_id"]] += row["n"]
    townships = (
        await Organization.filter(status=OrganizationStatus.APPROVED)
        .annotate(n=Count("township", distinct=True))
        .group_by("county_id")
        .values("county_id", "n")
    )
    covered = {row["county_id"]: row["n"] for row in townships}
    return {
        code: FilingCoverage(
            filed=filed[code], approved=approved[code], townships_covered=covered.get(code, 0)
        )
        for code in filed
    }
