"""Setting up the year's sitting (domain/exam/sittings.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.exam.types import ExamSittingNode
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import input_pk, to_global_id
from domain.exam import sittings
from domain.exam.vocabulary import ExamLevel


@strawberry.input
class ExamSiteInput:
    name: str
    county_code: str
    capacity: int


@strawberry.input
class CreateExamSittingInput:
    year: int
    exam_date: date
    registration_opens_on: date
    registration_closes_on: date
    levels: list[ExamLevel] | None = strawberry.field(default=None, description="默认三个级别都开设")
    sites: list[ExamSiteInput]
    fee_per_subject: Decimal
    pass_mark: Decimal = Decimal(60)


@strawberry.type
class CreateExamSittingPayload(Payload):
    sitting: ExamSittingNode | None = None


@strawberry.input
class UpdateExamSittingInput:
    sitting_id: strawberry.ID
    exam_date: date | None = None
    registration_opens_on: date | None = None
    registration_closes_on: date | None = None
    levels: list[ExamLevel] | None = None
    sites: list[ExamSiteInput] | None = strawberry.field(
        default=None, description="给出则替换全部考点（报名开始前无人报名）"
    )
    fee_per_subject: Decimal | None = None
    pass_mark: Decimal | None = None


@strawberry.type
class UpdateExamSittingPayload(Payload):
    sitting: ExamSittingNode | None = None


@strawberry.input
class CancelExamSittingInput:
    sitting_id: strawberry.ID
    reason: str


@strawberry.type
class CancelExamSittingPayload(Payload):
    cancelled_sitting_id: strawberry.ID | None = strawberry.field(
        default=None, description="已取消（删除）的考试的编号"
    )


def _site_plans(sites: list[ExamSiteInput]) -> tuple[sittings.SitePlan, ...]:
    return tuple(sittings.SitePlan(s.name, s.county_code, s.capacity) for s in sites)


@strawberry.type
class SittingMutation:
    @mutation("州级管理员设立年度考试", roles=PREFECTURE_ADMIN)
    async def create_exam_sitting(
        self, info: Info, input: CreateExamSittingInput
    ) -> CreateExamSittingPayload:
        plan = sittings.SittingPlan(
            year=input.year,
            exam_date=input.exam_date,
            registration_opens_on=input.registration_opens_on,
            registration_closes_on=input.registration_closes_on,
            levels=tuple(input.levels) if input.levels is not None else tuple(ExamLevel),
            sites=_site_plans(input.sites),
            fee_per_subject=input.fee_per_subject,
            pass_mark=input.pass_mark,
        )
        row = await sittings.create_sitting(info.context.actor, plan)
        return CreateExamSittingPayload(sitting=ExamSittingNode.from_model(row))

    @mutation("州级管理员在报名开始前修改考试安排（日期、级别、考点、费用、合格线）", roles=PREFECTURE_ADMIN)
    async def update_exam_sitting(
        self, info: Info, input: UpdateExamSittingInput
    ) -> UpdateExamSittingPayload:
        correction = sittings.SittingCorrection(
            exam_date=input.exam_date,
            registration_opens_on=input.registration_opens_on,
            registration_closes_on=input.registration_closes_on,
            levels=tuple(input.levels) if input.levels is not None else None,
            sites=_site_plans(input.sites) if input.sites is not None else None,
            fee_per_subject=input.fee_per_subject,
            pass_mark=input.pass_mark,
        )
        row = await sittings.update_sitting(
            info.context.actor, input_pk(input.sitting_id, "ExamSitting", "sittingId"), correction
        )
        return UpdateExamSittingPayload(sitting=ExamSittingNode.from_model(row))

    @mutation("州级管理员取消无人报名的考试", roles=PREFECTURE_ADMIN)
    async def cancel_exam_sitting(
        self, info: Info, input: CancelExamSittingInput
    ) -> CancelExamSittingPayload:
        pk = await sittings.cancel_sitting(
            info.context.actor, input_pk(input.sitting_id, "ExamSitting", "sittingId"), input.reason
        )
        return CancelExamSittingPayload(cancelled_sitting_id=to_global_id("ExamSitting", pk))
