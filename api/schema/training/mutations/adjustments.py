"""An admin's manual adjustment of a person's hours, and the reversal of a wrong entry
(domain/training/adjustments.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.mutation import ADMINS, Payload, mutation
from api.schema.relay import input_pk
from api.schema.training.types import HourEntryNode
from domain.training import adjustments
from domain.training.vocabulary import HourCategory


@strawberry.input
class AdjustTrainingHoursInput:
    person_id: strawberry.ID
    hours: Decimal
    hour_category: HourCategory
    reason: str
    occurred_on: date | None = None
    idempotency_key: str


@strawberry.type
class AdjustTrainingHoursPayload(Payload):
    entry: HourEntryNode | None = None


@strawberry.input
class ReverseLedgerEntryInput:
    entry_id: strawberry.ID
    reason: str
    idempotency_key: str


@strawberry.type
class ReverseLedgerEntryPayload(Payload):
    entry: HourEntryNode | None = None


@strawberry.type
class AdjustmentsMutation:
    @mutation(
        "管理员手工调整学时（如学历折算、外省学时），须填写理由；减去的不能超过该类别已计学时", roles=ADMINS
    )
    async def adjust_training_hours(
        self, info: Info, input: AdjustTrainingHoursInput
    ) -> AdjustTrainingHoursPayload:
        entry = await adjustments.adjust_hours(
            info.context.actor,
            input_pk(input.person_id, "Person", "personId"),
            hours=input.hours,
            category=input.hour_category,
            reason=input.reason,
            occurred_on=input.occurred_on,
            idempotency_key=input.idempotency_key,
        )
        return AdjustTrainingHoursPayload(entry=HourEntryNode.from_model(entry))

    @mutation(
        "管理员冲正一条错误记录（每条至多冲正一次）；冲正结业学时后可按更正的学时重新记录结业", roles=ADMINS
    )
    async def reverse_ledger_entry(
        self, info: Info, input: ReverseLedgerEntryInput
    ) -> ReverseLedgerEntryPayload:
        entry = await adjustments.reverse_entry(
            info.context.actor,
            input_pk(input.entry_id, "HourEntry", "entryId"),
            reason=input.reason,
            idempotency_key=input.idempotency_key,
        )
        return ReverseLedgerEntryPayload(entry=HourEntryNode.from_model(entry))
