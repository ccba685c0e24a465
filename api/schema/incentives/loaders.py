"""Incentives' per-request DataLoaders: one query per kind of row, whatever the page or `nodes(ids:)`."""

from __future__ import annotations

from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from api.schema.relay import loader
from domain.incentives import listing, policies
from domain.incentives.models import Entitlement, IncentivePolicy, PayoutBatch, Recovery


@dataclass
class IncentivesLoaders:
    policy: DataLoader[int, IncentivePolicy | None] = field(
        default_factory=lambda: loader(policies.policies_by_ids)
    )
    entitlement: DataLoader[int, Entitlement | None] = field(
        default_factory=lambda: loader(listing.entitlements_by_ids)
    )
    batch: DataLoader[int, PayoutBatch | None] = field(default_factory=lambda: loader(listing.batches_by_ids))
    recovery: DataLoader[int, Recovery | None] = field(
        default_factory=lambda: loader(listing.recoveries_by_ids)
    )
