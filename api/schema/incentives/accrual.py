"""The monthly accrual of allowances and the entitlements still waiting: accrueMonthlyAllowances,
waitingEntitlements."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from api.auth import require_signed_in
from api.context import Info
from api.errors import BadUserInput, NotFound
from api.schema.incentives.types import WaitingEntitlement
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import query_pk
from domain.errors import OutOfScope
from domain.incentives import accrual, outbox, waiting
from domain.money import from_fen
from domain.people.errors import NoPerson


@strawberry.input(description="计提某月职业津贴")
class AccrueMonthlyAllowancesInput:
    month: str = strawberry.field(description="已结束的月份，写作 YYYY-MM，如 2027-07")
    idempotency_key: str = strawberry.field(description="幂等键：重试时用同一个键，返回首次结果")


@strawberry.type
class AccrueMonthlyAllowancesPayload(Payload):
    month: str | None = strawberry.field(default=None, description="计提的月份")
    created: int | None = strawberry.field(
        default=None, description="本次新生成的津贴待遇数（该月已计提过的人员不再生成）"
    )
    total: Decimal | None = strawberry.field(default=None, description="本次新生成待遇的合计金额（元）")


@strawberry.type
class AccrualQuery:
    @strawberry.field(description="尚在等待条件的待遇（未生成）；personId 默认为本人，辖区管理员可查他人")
    async def waiting_entitlements(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> list[WaitingEntitlement]:
        actor = require_signed_in(info.context)
        await outbox.catch_up()
        pk = query_pk(person_id, "Person") if person_id is not None else None
        try:
            rows = await waiting.waiting_of(actor, pk)
        except NoPerson as error:
            raise BadUserInput(error.message) from None
        except OutOfScope:
            raise NotFound("人员不存在") from None
        return [WaitingEntitlement.from_model(r) for r in rows]


@strawberry.type
class AccrualMutation:
    @mutation("州级管理员计提某个已结束月份的职业津贴（每人每月一次，就高不叠加）", roles=PREFECTURE_ADMIN)
    async def accrue_monthly_allowances(
        self, info: Info, input: AccrueMonthlyAllowancesInput
    ) -> AccrueMonthlyAllowancesPayload:
        await outbox.catch_up()
        result = await accrual.accrue_monthly_allowances(
            info.context.actor, input.month, input.idempotency_key
        )
        return AccrueMonthlyAllowancesPayload(
            month=result.month, created=result.created, total=from_fen(result.total_fen)
        )
