"""Setting up the year's sitting (domain/exam/sittings.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.exam.types import ExamSittingNode
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
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
            sites=tuple(sittings.SitePlan(s.name, s.county_code, s.capacity) for s in input.sites),
            fee_per_subject=input.fee_per_subject,
            pass_mark=input.pass_mark,
        )
        row = await sittings.create_sitting(info.context.actor, plan)
        return CreateExamSittingPayload(sitting=ExamSittingNode.from_model(row))
