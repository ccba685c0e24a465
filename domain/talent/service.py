"""The leading-talent programme's interface to the contexts above it (reports): small reads, no writes."""

from __future__ import annotations

from domain.talent.models import LeadingTalent
from domain.talent.vocabulary import TalentStatus

__all__ = ["leading_talent_counts_by_county"]

# A title counts while it stands: during cultivation and after completing it, never once revoked.
_STANDING = (TalentStatus.CULTIVATING, TalentStatus.COMPLETED)


async def leading_talent_counts_by_county() -> dict[str, int]:
    """How many standing leading talents (CULTIVATING or COMPLETED) each county has, by county code
    (the county of the application that made the title); counties with none are left out. Counted in
    Python over the titles' county codes: one query, a small table (a few titles a year)."""
    counts: dict[str, int] = {}
    for county_code in await LeadingTalent.filter(status__in=_STANDING).values_list("county_id", flat=True):
        counts[str(county_code)] = counts.get(str(county_code), 0) + 1
    return counts
