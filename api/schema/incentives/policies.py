"""Policy versions: setIncentivePolicy, endIncentivePolicy, incentivePolicies (domain/incentives/
policies.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from api.context import Info
from api.schema.incentives.types import IncentivePolicyNode
from api.schema.mutation import ADMINS, Payload, mutation
from api.schema.relay import input_pk
from domain.exam.vocabulary import ExamLevel
from domain.incentives import policies
from domain.incentives.vocabulary import IncentiveKind


@strawberry.input(description="政策规则开关；不填的取括号中的默认值")
class IncentiveRulesInput:
    requires_pass: bool | None = strawberry.field(
        default=None, description="考试费补贴须考试合格后发放（默认 true）"
    )
    requires_registration: bool | None = strawberry.field(
        default=None, description="证书须已登记（默认 true）"
    )
    min_tenure_months: int | None = strawberry.field(
        default=None, description="本地工作最少月数，0 到 600（默认 0，不限）"
    )
    full_time_community_worker_only: bool | None = strawberry.field(
        default=None, description="仅限专职社区工作者（默认：职业津贴 true，其他 false）"
    )
    pay_difference_on_upgrade: bool | None = strawberry.field(
        default=None, description="一次性奖励晋级只补差额（就高差额，默认 true）"
    )
    prorate: bool | None = strawberry.field(
        default=None, description="职业津贴不满一月按天折算；false 为按月末所具资格整月发放（默认 true）"
    )


@strawberry.input
class SetIncentivePolicyInput:
    county_code: str | None = strawberry.field(
        default=None, description="县市代码；不填为全州默认政策（州级管理员）"
    )
    kind: IncentiveKind
    level: ExamLevel
    amount: Decimal = strawberry.field(description="金额（元，不小于零，最多两位小数）")
    effective_from: date = strawberry.field(description="生效日期（含）")
    effective_to: date | None = strawberry.field(default=None, description="截止日期（含）；不填为长期有效")
    rules: IncentiveRulesInput | None = strawberry.field(default=None, description="规则开关；不填全取默认值")


@strawberry.type
class SetIncentivePolicyPayload(Payload):
    policy: IncentivePolicyNode | None = None


@strawberry.input
class EndIncentivePolicyInput:
    policy_id: strawberry.ID
    effective_to: date = strawberry.field(description="截止日期（含）：只能提前，不能延后")


@strawberry.type
class EndIncentivePolicyPayload(Payload):
    policy: IncentivePolicyNode | None = None


@strawberry.type
class PoliciesQuery:
    @strawberry.field(
        description="激励政策（公开）：给出县市时为该县自定的版本和全州默认版本，不给时为全部版本；"
        "按类别、级别、生效日期排列"
    )
    async def incentive_policies(
        self,
        county_code: Annotated[
            str | None, strawberry.argument(description="县市代码，如 532301；不填列出全部版本")
        ] = None,
    ) -> list[IncentivePolicyNode]:
        return [IncentivePolicyNode.from_model(row) for row in await policies.list_policies(county_code)]


@strawberry.type
class PoliciesMutation:
    @mutation("设定激励政策的新版本：县级管理员设定本县，州级管理员设定任一县或全州默认", roles=ADMINS)
    async def set_incentive_policy(
        self, info: Info, input: SetIncentivePolicyInput
    ) -> SetIncentivePolicyPayload:
        rules = input.rules or IncentiveRulesInput()
        version = policies.PolicyVersion(
            county_code=input.county_code,
            kind=input.kind,
            level=input.level,
            amount=input.amount,
            effective_from=input.effective_from,
            effective_to=input.effective_to,
            rules=policies.PolicyRules(
                requires_pass=rules.requires_pass,
                requires_registration=rules.requires_registration,
                min_tenure_months=rules.min_tenure_months,
                full_time_community_worker_only=rules.full_time_community_worker_only,
                pay_difference_on_upgrade=rules.pay_difference_on_upgrade,
                prorate=rules.prorate,
            ),
        )
        row = await policies.set_policy(info.context.actor, version)
        return SetIncentivePolicyPayload(policy=IncentivePolicyNode.from_model(row))

    @mutation("为政策版本设定截止日期（只能提前），以便设定后续版本", roles=ADMINS)
    async def end_incentive_policy(
        self, info: Info, input: EndIncentivePolicyInput
    ) -> EndIncentivePolicyPayload:
        row = await policies.end_policy(
            info.context.actor, input_pk(input.policy_id, "IncentivePolicy", "policyId"), input.effective_to
        )
        return EndIncentivePolicyPayload(policy=IncentivePolicyNode.from_model(row))
