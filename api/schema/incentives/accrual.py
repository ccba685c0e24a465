"""The monthly accrual of allowances and the entitlements still waiting: accrueMonthlyAllowances,
waitingEntitlements."""

from __future__ import annotations

import strawberry


@strawberry.type
class AccrualQuery:
    pass


@strawberry.type
class AccrualMutation:
    pass
