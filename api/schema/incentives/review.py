"""Entitlements and their review, county budgets: entitlements, reviewEntitlement(s), setCountyBudget,
countyBudget."""

from __future__ import annotations

import strawberry


@strawberry.type
class ReviewQuery:
    pass


@strawberry.type
class ReviewMutation:
    pass
