"""Reading entitlements, payout batches and recoveries, scoped to who may see them."""

from __future__ import annotations

from domain.incentives.models import Entitlement, PayoutBatch, Recovery


async def entitlements_by_ids(ids: list[int]) -> dict[int, Entitlement]:
    """Rows for a DataLoader; the API checks that the viewer is the person or an admin of its county."""
    return {e.id: e for e in await Entitlement.filter(id__in=ids)}


async def batches_by_ids(ids: list[int]) -> dict[int, PayoutBatch]:
    """Rows for a DataLoader; the API checks that the viewer administers the batch's county."""
    return {b.id: b for b in await PayoutBatch.filter(id__in=ids)}


async def recoveries_by_ids(ids: list[int]) -> dict[int, Recovery]:
    """Rows for a DataLoader; the API checks that the viewer administers the recovery's county."""
    return {r.id: r for r in await Recovery.filter(id__in=ids)}


async def entitlements_of_batch(batch_id: int) -> list[Entitlement]:
    """A batch's entitlements in the order the payout list numbers them."""
    return await Entitlement.filter(batch_id=batch_id).order_by("id")
