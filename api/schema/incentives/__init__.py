"""Incentives over GraphQL (API.md §Incentives): policies, entitlements and their review, budgets,
payout batches, recoveries and the monthly accrual of allowances; one module per use-case area."""

from __future__ import annotations

import strawberry

from api.schema.incentives.accrual import AccrualMutation, AccrualQuery
from api.schema.incentives.payouts import PayoutMutation, PayoutQuery
from api.schema.incentives.policies import PoliciesMutation, PoliciesQuery
from api.schema.incentives.review import ReviewMutation, ReviewQuery


@strawberry.type
class IncentivesQuery(PoliciesQuery, ReviewQuery, AccrualQuery, PayoutQuery):
    pass


@strawberry.type
class IncentivesMutation(PoliciesMutation, ReviewMutation, AccrualMutation, PayoutMutation):
    pass


__all__ = ["IncentivesMutation", "IncentivesQuery"]
