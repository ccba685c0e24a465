"""The prefecture sets a training requirement's hours, period and category caps
(domain/training/progress.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import input_pk
from api.schema.training.types import TrainingRequirementNode
from domain.training import progress
from domain.training.vocabulary import HourCategory


@strawberry.input
class CategoryCapInput:
    category: HourCategory
    hours: Decimal


@strawberry.input
class UpdateTrainingRequirementInput:
    requirement_id: strawberry.ID
    name: str | None = None
    required_hours: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    caps: list[CategoryCapInput] | None = None


@strawberry.type
class UpdateTrainingRequirementPayload(Payload):
    requirement: TrainingRequirementNode | None = None


@strawberry.type
class RequirementsMutation:
    @mutation("州级管理员修改学时要求（学时数、周期、类别上限）", roles=PREFECTURE_ADMIN)
    async def update_training_requirement(
        self, info: Info, input: UpdateTrainingRequirementInput
    ) -> UpdateTrainingRequirementPayload:
        row = await progress.update_requirement(
            info.context.actor,
            input_pk(input.requirement_id, "TrainingRequirement", "requirementId"),
            progress.RequirementChanges(
                name=input.name,
                required_hours=input.required_hours,
                starts_on=input.starts_on,
                ends_on=input.ends_on,
                caps=[(c.category, c.hours) for c in input.caps] if input.caps is not None else None,
            ),
        )
        return UpdateTrainingRequirementPayload(requirement=TrainingRequirementNode.from_model(row))
