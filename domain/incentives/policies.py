"""Incentive policies as data: versions per county (or the prefecture's default), kind and level, each
with an amount, an effective date range and rule switches (DOMAIN.md §Subsidies)."""

from __future__ import annotations

from domain.incentives.models import IncentivePolicy


async def policies_by_ids(ids: list[int]) -> dict[int, IncentivePolicy]:
    """Rows for a DataLoader; policies are public documents."""
    return {p.id: p for p in await IncentivePolicy.filter(id__in=ids)}
