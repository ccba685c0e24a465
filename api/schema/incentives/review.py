"""Entitlements and their review, county budgets: entitlements, reviewEntitlement(s), setCountyBudget,
countyBudget."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from api.auth import require_admin, require_signed_in
from api.context import Info
from api.errors import BadUserInput, Forbidden
from api.schema.incentives.types import CountyBudget, EntitlementNode
from api.schema.mutation import ADMINS, PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import (
    Connection,
    check_first,
    input_pk,
    keyed_connection,
    keyed_cursor,
    query_pk,
    timed_cursor,
)
from domain.errors import InvalidInput, OutOfScope, in_row
from domain.exam.vocabulary import ExamLevel
from domain.incentives import budgets, listing, review
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.people.errors import UnknownCounty


def _entitlement_cursor(key: listing.EntitlementKey) -> str:
    return keyed_cursor("entitlement", key.created_at.isoformat(), str(key.id))


@strawberry.input(description="待遇的筛选条件；各条件同时满足，不填的不限")
class EntitlementFilter:
    county_code: str | None = strawberry.field(
        default=None, description="待遇所属县市的行政区划代码，如 532301；不是州内县市的代码报错"
    )
    status: EntitlementStatus | None = strawberry.field(
        default=None, description="待遇状态：PENDING 即县级审核队列（最早的在前）"
    )
    kind: IncentiveKind | None = strawberry.field(default=None, description="激励类别")
    level: ExamLevel | None = strawberry.field(default=None, description="证书或报考级别")
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="待遇所属人员（Person 的全局编号）；不在查看范围内的人员列出为空"
    )


@strawberry.input(description="审核一项待遇")
class ReviewEntitlementInput:
    entitlement_id: strawberry.ID = strawberry.field(description="待遇（Entitlement 的全局编号）")
    approve: bool = strawberry.field(description="true 审核通过（占用本县本年度预算），false 不予通过")
    reason: str | None = strawberry.field(default=None, description="理由：不予通过时必填，不超过 500 字")


@strawberry.type
class ReviewEntitlementPayload(Payload):
    entitlement: EntitlementNode | None = None


@strawberry.input(description="批量审核待遇：全部成功或全部不变")
class ReviewEntitlementsInput:
    entitlement_ids: list[strawberry.ID] = strawberry.field(
        description="待遇（Entitlement 的全局编号），1 至 200 项，不得重复"
    )
    approve: bool = strawberry.field(
        description="true 全部审核通过（按各县合计占用预算），false 全部不予通过"
    )
    reason: str | None = strawberry.field(default=None, description="理由：不予通过时必填，不超过 500 字")


@strawberry.type
class ReviewEntitlementsPayload(Payload):
    entitlements: list[EntitlementNode] = strawberry.field(default_factory=list)


@strawberry.input(description="设定县级年度激励资金预算")
class SetCountyBudgetInput:
    county_code: str = strawberry.field(description="县市的行政区划代码，如 532301")
    year: int = strawberry.field(description="预算年度（2021 至 2100）")
    amount: Decimal = strawberry.field(
        description="预算额（元，不小于零，最多两位小数）；不得低于已承诺与已发放之和扣除已追回"
    )


@strawberry.type
class SetCountyBudgetPayload(Payload):
    budget: CountyBudget | None = None


def _entitlement_pk(global_id: strawberry.ID) -> int:
    return input_pk(global_id, "Entitlement", "entitlementId")


@strawberry.type
class ReviewQuery:
    @strawberry.field(
        description=(
            "待遇：县级管理员看本县的，州级管理员看全州的，其他人只看本人的；最早生成的在前，"
            "按状态 PENDING 筛选即为审核队列"
        )
    )
    async def entitlements(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: EntitlementFilter | None = None,
    ) -> Connection[EntitlementNode]:
        actor = require_signed_in(info.context)
        check_first(first, info.context.settings.limits.max_page_size)
        timed = timed_cursor(after, "entitlement")
        after_key = listing.EntitlementKey(created_at=timed[0], id=timed[1]) if timed else None
        f = filter or EntitlementFilter()
        try:
            page = await listing.list_entitlements(
                actor,
                first=first,
                after=after_key,
                filter=listing.EntitlementFilter(
                    county_code=f.county_code,
                    status=f.status,
                    kind=f.kind,
                    level=f.level,
                    person_id=query_pk(f.person_id, "Person") if f.person_id is not None else None,
                ),
            )
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return keyed_connection(
            page,
            EntitlementNode.from_model,
            lambda row: _entitlement_cursor(listing.entitlement_key(row)),
            after=after_key,
        )

    @strawberry.field(
        description="县级年度激励资金预算（县级管理员限本县，州级管理员全州）；尚未设定预算时为 null"
    )
    async def county_budget(self, info: Info, county_code: str, year: int) -> CountyBudget | None:
        actor = require_admin(info.context)
        try:
            row = await budgets.county_budget(actor, county_code, year)
        except (UnknownCounty, InvalidInput) as error:
            raise BadUserInput(error.message) from None
        except OutOfScope as error:
            raise Forbidden(error.message) from None
        return CountyBudget.from_model(row) if row is not None else None


@strawberry.type
class ReviewMutation:
    @mutation(
        "辖区管理员（县级管理员审核本县的，州级管理员全州）审核待遇：通过即占用本县本年度预算，"
        "不予通过须填写理由",
        roles=ADMINS,
    )
    async def review_entitlement(self, info: Info, input: ReviewEntitlementInput) -> ReviewEntitlementPayload:
        row = await review.review_entitlement(
            info.context.actor,
            _entitlement_pk(input.entitlement_id),
            approve=input.approve,
            reason=input.reason,
        )
        return ReviewEntitlementPayload(entitlement=EntitlementNode.from_model(row))

    @mutation(
        "辖区管理员批量审核待遇（最多 200 项）：全部成功或全部不变；通过时按各县合计核对预算",
        roles=ADMINS,
    )
    async def review_entitlements(
        self, info: Info, input: ReviewEntitlementsInput
    ) -> ReviewEntitlementsPayload:
        ids: list[int] = []
        for index, global_id in enumerate(input.entitlement_ids[: review.MAX_BULK + 1]):
            with in_row("entitlementIds", index):
                ids.append(input_pk(global_id, "Entitlement", ""))
        rows = await review.review_entitlements(
            info.context.actor, ids, approve=input.approve, reason=input.reason
        )
        return ReviewEntitlementsPayload(entitlements=[EntitlementNode.from_model(r) for r in rows])

    @mutation("州级管理员设定各县市年度激励资金预算", roles=PREFECTURE_ADMIN)
    async def set_county_budget(self, info: Info, input: SetCountyBudgetInput) -> SetCountyBudgetPayload:
        row = await budgets.set_county_budget(info.context.actor, input.county_code, input.year, input.amount)
        return SetCountyBudgetPayload(budget=CountyBudget.from_model(row))
