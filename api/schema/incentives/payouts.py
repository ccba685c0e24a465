"""Payout batches, revocations and recoveries: createPayoutBatch, markPayoutBatchPaid, payoutBatches,
revokeEntitlement, recordRecovery, recoveries."""

from __future__ import annotations

import strawberry


@strawberry.type
class PayoutQuery:
    pass


@strawberry.type
class PayoutMutation:
    pass
