"""Policy versions: setIncentivePolicy, endIncentivePolicy, incentivePolicies."""

from __future__ import annotations

import strawberry


@strawberry.type
class PoliciesQuery:
    pass


@strawberry.type
class PoliciesMutation:
    pass
