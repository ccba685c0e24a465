"""setPeriodTargets (domain/reports/periods.py)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import input_pk
from api.schema.reports.types import PlanPeriodNode
from domain.reports import periods


@strawberry.input(description="设定规划期目标")
class SetPeriodTargetsInput:
    period_id: strawberry.ID = strawberry.field(
        description="规划期（PlanPeriod 的全局编号）；已结束的不能修改"
    )
    talent_target: int = strawberry.field(description="人才总量目标（人，1 至 3,000,000）")
    certified_target: int = strawberry.field(description="持证人才目标（人，不超过人才总量目标）")
    per_mille_floor: Decimal = strawberry.field(
        description="每个县市人才数不低于户籍人口的千分之几（‰，大于 0、最多两位小数，如 1 或 1.5）"
    )


@strawberry.type
class SetPeriodTargetsPayload(Payload):
    period: PlanPeriodNode | None = None


@strawberry.type
class ReportsMutation:
    @mutation("州级管理员设定规划期的人才总量、持证人才目标和每千人人才数下限", roles=PREFECTURE_ADMIN)
    async def set_period_targets(self, info: Info, input: SetPeriodTargetsInput) -> SetPeriodTargetsPayload:
        row = await periods.set_period_targets(
            info.context.actor,
            input_pk(input.period_id, "PlanPeriod", "periodId"),
            periods.PeriodTargets(
                talent_target=input.talent_target,
                certified_target=input.certified_target,
                per_mille_floor=input.per_mille_floor,
            ),
        )
        return SetPeriodTargetsPayload(period=PlanPeriodNode.from_model(row))
