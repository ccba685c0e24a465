"""Payout batches, revocations and recoveries: createPayoutBatch, markPayoutBatchPaid, payoutBatches,
revokeEntitlement, recordRecovery, recoveries (domain/incentives/payouts.py, revocation.py). The
batch's list itself is a file: `GET /exports/payout-batches/{batchId}.csv` and `.xlsx` (api/exports.py)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.auth import require_admin
from api.context import Info
from api.errors import BadUserInput
from api.schema.incentives.types import EntitlementNode, PayoutBatchNode, RecoveryNode
from api.schema.mutation import ADMINS, Payload, mutation
from api.schema.relay import Connection, connection, input_pk, page_window
from domain.incentives import payouts, revocation
from domain.incentives.vocabulary import RecoveryStatus
from domain.people.errors import UnknownCounty


@strawberry.input
class CreatePayoutBatchInput:
    county_code: str = strawberry.field(description="县市代码，如 532301")
    idempotency_key: str = strawberry.field(description="幂等键：重试时用同一个键，返回同一个批次")


@strawberry.type
class CreatePayoutBatchPayload(Payload):
    batch: PayoutBatchNode | None = None


@strawberry.input
class MarkPayoutBatchPaidInput:
    batch_id: strawberry.ID = strawberry.field(description="发放批次（PayoutBatch 的全局编号）")
    paid_on: date = strawberry.field(description="发放日期：不晚于今天，不早于批次编制之日")
    reference: str = strawberry.field(description="发放凭证号（不超过 100 个字符）")


@strawberry.type
class MarkPayoutBatchPaidPayload(Payload):
    batch: PayoutBatchNode | None = None


@strawberry.input
class RevokeEntitlementInput:
    entitlement_id: strawberry.ID = strawberry.field(description="待遇（Entitlement 的全局编号）")
    reason: str = strawberry.field(description="撤销理由（必填，不超过 500 字）")


@strawberry.type
class RevokeEntitlementPayload(Payload):
    entitlement: EntitlementNode | None = None
    recovery: RecoveryNode | None = strawberry.field(
        default=None, description="已发放的待遇撤销后须追回的事项；未发放的为空"
    )


@strawberry.input
class RecordRecoveryInput:
    recovery_id: strawberry.ID = strawberry.field(description="追回事项（Recovery 的全局编号）")
    recovered_on: date = strawberry.field(description="追回日期：不晚于今天，不早于原发放日期")
    reference: str = strawberry.field(description="追回凭证号（不超过 100 个字符）")


@strawberry.type
class RecordRecoveryPayload(Payload):
    recovery: RecoveryNode | None = None


@strawberry.type
class PayoutQuery:
    @strawberry.field(description="发放批次（管理员，限本辖区），最新的在前；countyCode 不填为辖区内全部")
    async def payout_batches(
        self, info: Info, first: int, after: str | None = None, county_code: str | None = None
    ) -> Connection[PayoutBatchNode]:
        actor = require_admin(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        try:
            page = await payouts.list_batches(actor, county_code=county_code, first=first, after=after_pk)
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return connection(page, PayoutBatchNode.from_model, after=after_pk)

    @strawberry.field(
        description="追回事项（管理员，限本辖区），按撤销先后；status 为 OUTSTANDING 即待追回清单"
    )
    async def recoveries(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        county_code: str | None = None,
        status: RecoveryStatus | None = None,
    ) -> Connection[RecoveryNode]:
        actor = require_admin(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        try:
            page = await revocation.list_recoveries(
                actor, county_code=county_code, status=status, first=first, after=after_pk
            )
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return connection(page, RecoveryNode.from_model, after=after_pk)


@strawberry.type
class PayoutMutation:
    @mutation(
        "辖区管理员将本县已审核通过、本人已登记收款账户的待遇编入发放批次（幂等）；"
        "未登记账户的留待登记后编入",
        roles=ADMINS,
    )
    async def create_payout_batch(
        self, info: Info, input: CreatePayoutBatchInput
    ) -> CreatePayoutBatchPayload:
        row = await payouts.create_payout_batch(
            info.context.actor, input.county_code, idempotency_key=input.idempotency_key
        )
        return CreatePayoutBatchPayload(batch=PayoutBatchNode.from_model(row))

    @mutation("辖区管理员在县财政发放后将批次标记为已发放，批次内待遇随之已发放", roles=ADMINS)
    async def mark_payout_batch_paid(
        self, info: Info, input: MarkPayoutBatchPaidInput
    ) -> MarkPayoutBatchPaidPayload:
        row = await payouts.mark_batch_paid(
            info.context.actor,
            input_pk(input.batch_id, "PayoutBatch", "batchId"),
            paid_on=input.paid_on,
            reference=input.reference,
        )
        return MarkPayoutBatchPaidPayload(batch=PayoutBatchNode.from_model(row))

    @mutation(
        "辖区管理员撤销待遇（须填理由）：已发放的生成追回事项，已编入批次未发放的须先标记批次已发放",
        roles=ADMINS,
    )
    async def revoke_entitlement(self, info: Info, input: RevokeEntitlementInput) -> RevokeEntitlementPayload:
        done = await revocation.revoke_entitlement(
            info.context.actor,
            input_pk(input.entitlement_id, "Entitlement", "entitlementId"),
            reason=input.reason,
        )
        return RevokeEntitlementPayload(
            entitlement=EntitlementNode.from_model(done.entitlement),
            recovery=RecoveryNode.from_model(done.recovery) if done.recovery is not None else None,
        )

    @mutation("辖区管理员登记追回事项已追回，款项回到原预算年度", roles=ADMINS)
    async def record_recovery(self, info: Info, input: RecordRecoveryInput) -> RecordRecoveryPayload:
        row = await revocation.record_recovery(
            info.context.actor,
            input_pk(input.recovery_id, "Recovery", "recoveryId"),
            recovered_on=input.recovered_on,
            reference=input.reference,
        )
        return RecordRecoveryPayload(recovery=RecoveryNode.from_model(row))
