"""A provider records one trainee's completion; the hours are credited once
(domain/training/completions.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.mutation import PROVIDERS, Payload, mutation
from api.schema.relay import input_pk
from api.schema.training.types import EnrollmentNode, HourEntryNode
from domain.training import completions


@strawberry.input
class RecordCompletionInput:
    enrollment_id: strawberry.ID
    hours: Decimal | None = strawberry.field(default=None, description="默认为课程学时；可部分计入")
    completed_on: date | None = strawberry.field(default=None, description="默认为课程结束日（不晚于今天）")
    idempotency_key: str


@strawberry.type
class RecordCompletionPayload(Payload):
    enrollment: EnrollmentNode | None = None
    entry: HourEntryNode | None = None


@strawberry.type
class CompletionsMutation:
    @mutation(
        "培训机构在最后一次课开始后记录一名学员结业，学时计入台账（同一报名只计一次，冲正后可重新记录）",
        roles=PROVIDERS,
    )
    async def record_completion(self, info: Info, input: RecordCompletionInput) -> RecordCompletionPayload:
        credit = await completions.record_completion(
            info.context.actor,
            input_pk(input.enrollment_id, "Enrollment", "enrollmentId"),
            hours=input.hours,
            completed_on=input.completed_on,
            idempotency_key=input.idempotency_key,
        )
        return RecordCompletionPayload(
            enrollment=EnrollmentNode.from_model(credit.enrollment) if credit.enrollment else None,
            entry=HourEntryNode.from_model(credit.entry),
        )
