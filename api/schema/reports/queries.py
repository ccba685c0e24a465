"""planPeriods and targets (domain/reports)."""

from __future__ import annotations

import strawberry

from api.auth import require_admin
from api.context import Info
from api.errors import Forbidden, NotFound
from api.schema.relay import query_pk
from api.schema.reports.types import PlanPeriodNode, TargetsReport
from domain.errors import OutOfScope
from domain.reports import periods, targets
from domain.reports.errors import PlanPeriodNotFound


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        description="规划期及其目标：“十四五”（2021—2025）为政策文件的 8000 / 4000 / 1‰，“十五五”由州级设定"
    )
    async def plan_periods(self) -> list[PlanPeriodNode]:
        return [PlanPeriodNode.from_model(row) for row in await periods.list_periods()]

    @strawberry.field(
        description=(
            "目标完成情况（州级管理员全州，县级管理员本县市）；periodId 不填为当前规划期。"
            "XLSX 导出：GET /exports/targets.xlsx?periodId="
        )
    )
    async def targets(self, info: Info, period_id: strawberry.ID | None = None) -> TargetsReport:
        actor = require_admin(info.context)
        pk = query_pk(period_id, "PlanPeriod") if period_id is not None else None
        try:
            report = await targets.targets_report(actor, pk)
        except PlanPeriodNotFound as error:
            raise NotFound(error.message) from None
        except OutOfScope as error:
            raise Forbidden(error.message) from None
        return TargetsReport.from_model(report)
