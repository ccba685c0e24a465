"""GraphQL types of incentives (API.md §Incentives): policy versions and their rules, entitlements and
those still waiting, county budgets, payout batches and recoveries; each from its row by an explicit
`from_model`, with the incentives' enums under their API.md names (registered here, once). Money is
`Decimal` yuan on the wire, integer fen in the rows."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.enums import described_enum
from api.schema.incentives.loaders import IncentivesLoaders
from api.schema.people.loaders import PeopleLoaders
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, register_node, to_global_id
from domain.exam.vocabulary import ExamLevel
from domain.incentives import listing, models, payouts
from domain.incentives.vocabulary import (
    EntitlementStatus,
    IncentiveKind,
    PayoutBatchStatus,
    RecoveryStatus,
    WaitingCondition,
)
from domain.money import from_fen

described_enum(
    IncentiveKind,
    name="IncentiveKind",
    description="激励类别：考试费补贴、一次性奖励、职业津贴（按月）",
    values={
        IncentiveKind.EXAM_FEE_SUBSIDY: "考试费补贴：退还已缴考试费（通常考试合格后发放）",
        IncentiveKind.ONE_TIME_REWARD: "一次性奖励：取得证书，按级别，每人每级一次，晋级补差额",
        IncentiveKind.MONTHLY_ALLOWANCE: "职业津贴：持证专职社区工作者按月发放，就高不叠加",
    },
)
described_enum(
    EntitlementStatus,
    name="EntitlementStatus",
    description="待遇状态：待审核 → 审核通过 → 编入发放批次 → 已发放；或审核未通过、已撤销",
    values={
        EntitlementStatus.PENDING: "待县级审核",
        EntitlementStatus.APPROVED: "审核通过，待编入发放批次",
        EntitlementStatus.REJECTED: "审核未通过",
        EntitlementStatus.IN_BATCH: "已编入发放批次，待县财政发放",
        EntitlementStatus.PAID: "已发放",
        EntitlementStatus.REVOKED: "已撤销（已发放的须追回）",
    },
)
described_enum(
    WaitingCondition,
    name="WaitingCondition",
    description="待遇尚未生成时所等待的条件",
    values={
        WaitingCondition.EXAM_PASSED: "待考试合格（考试费补贴合格后发放）",
        WaitingCondition.CERTIFICATE_REGISTRATION: "待证书登记",
        WaitingCondition.TENURE: "待本地工作年限届满",
    },
)
described_enum(
    PayoutBatchStatus,
    name="PayoutBatchStatus",
    description="发放批次状态",
    values={PayoutBatchStatus.OPEN: "已编制，待县财政发放", PayoutBatchStatus.PAID: "已发放"},
)
described_enum(
    RecoveryStatus,
    name="RecoveryStatus",
    description="追回事项状态",
    values={RecoveryStatus.OUTSTANDING: "待追回", RecoveryStatus.RECOVERED: "已追回"},
)


@strawberry.type(description="政策规则开关（未填的取默认值，见 setIncentivePolicy）")
class IncentiveRules:
    requires_pass: bool = strawberry.field(description="考试费补贴须考试合格后发放")
    requires_registration: bool = strawberry.field(description="证书须已登记")
    min_tenure_months: int = strawberry.field(description="本地工作最少月数（0 为不限）")
    full_time_community_worker_only: bool = strawberry.field(description="仅限专职社区工作者")
    pay_difference_on_upgrade: bool = strawberry.field(description="晋级只补差额（就高差额）")
    prorate: bool = strawberry.field(description="职业津贴：不满一月按天折算；否则按月末所具资格整月发放")


@strawberry.type(
    name="IncentivePolicy", description="激励政策（一个版本：县或全州默认、类别、级别、金额、有效期）"
)
class IncentivePolicyNode(Node):
    county_code: str | None = strawberry.field(description="县市代码；为空表示全州默认")
    kind: IncentiveKind
    level: ExamLevel
    amount: Decimal = strawberry.field(description="金额（元）：补贴上限、奖励额或每月津贴")
    effective_from: date
    effective_to: date | None = strawberry.field(description="截止日期（含）；为空表示长期有效")
    rules: IncentiveRules

    @classmethod
    def from_model(cls, row: models.IncentivePolicy) -> IncentivePolicyNode:
        return cls(
            id=to_global_id("IncentivePolicy", row.id),
            county_code=row.county_id,
            kind=row.kind,
            level=row.level,
            amount=from_fen(row.amount_fen),
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            rules=IncentiveRules(
                requires_pass=row.requires_pass,
                requires_registration=row.requires_registration,
                min_tenure_months=row.min_tenure_months,
                full_time_community_worker_only=row.full_time_community_worker_only,
                pay_difference_on_upgrade=row.pay_difference_on_upgrade,
                prorate=row.prorate,
            ),
        )


async def incentive_policy_node(info: Info, pk: int) -> IncentivePolicyNode | None:
    """Policies are public documents."""
    row = await info.context.loaders(IncentivesLoaders).policy.load(pk)
    return IncentivePolicyNode.from_model(row) if row else None


register_node("IncentivePolicy", incentive_policy_node)


@strawberry.type(name="Entitlement", description="个人待遇（补贴、奖励或某月津贴），及其金额的由来")
class EntitlementNode(Node):
    number: str = strawberry.field(description="待遇编号（发放名单中的编号）")
    kind: IncentiveKind
    level: ExamLevel
    amount: Decimal = strawberry.field(description="金额（元）")
    status: EntitlementStatus
    reason: str = strawberry.field(description="金额的由来：依据的政策、级别、此前已发的差额、折算天数")
    county_code: str
    month: str | None = strawberry.field(description="职业津贴的月份，如 2027-07")
    paid_for_lower_levels: Decimal = strawberry.field(description="就高差额：较低级别此前已发的金额（元）")
    review_reason: str | None
    revoked_reason: str | None
    paid_on: date | None
    created_at: datetime
    person_pk: strawberry.Private[int]
    policy_pk: strawberry.Private[int]
    batch_pk: strawberry.Private[int | None]

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @strawberry.field(description="计算金额所依据的政策版本（政策调整不改变已生成的待遇）")
    async def policy(self, info: Info) -> IncentivePolicyNode | None:
        return await incentive_policy_node(info, self.policy_pk)

    @strawberry.field(
        description="不能编入发放批次的原因：仅对已审核通过而本人未登记收款账户（开户银行、账号）的待遇非空"
    )
    async def payout_blocked_reason(self, info: Info) -> str | None:
        if self.status is not EntitlementStatus.APPROVED:
            return None
        person = await info.context.loaders(PeopleLoaders).person.load(self.person_pk)
        if person is None:
            return None
        return payouts.payout_blocked_reason(self.status, person.bank_name, person.account_number)

    @strawberry.field(description="所在发放批次（仅县级管理员可见）")
    async def batch(self, info: Info) -> PayoutBatchNode | None:
        return await payout_batch_node(info, self.batch_pk) if self.batch_pk is not None else None

    @classmethod
    def from_model(cls, row: models.Entitlement) -> EntitlementNode:
        return cls(
            id=to_global_id("Entitlement", row.id),
            number=entitlement_number(row),
            kind=row.kind,
            level=row.level,
            amount=from_fen(row.amount_fen),
            status=row.status,
            reason=row.explanation,
            county_code=row.county_id,
            month=row.month,
            paid_for_lower_levels=from_fen(row.paid_for_lower_levels_fen),
            review_reason=row.review_reason,
            revoked_reason=row.revoked_reason,
            paid_on=row.paid_on,
            created_at=row.created_at,
            person_pk=row.person_id,
            policy_pk=row.policy_id,
            batch_pk=row.batch_id,
        )


def entitlement_number(row: models.Entitlement) -> str:
    """The number the payout list and the person see: county code and a zero-padded id."""
    return payouts.entitlement_number(row.county_id, row.id)


async def entitlement_node(info: Info, pk: int) -> EntitlementNode | None:
    """Visible to its person and to admins of its county."""
    row = await info.context.loaders(IncentivesLoaders).entitlement.load(pk)
    actor = info.context.actor
    if row is None or not (actor.person_id == row.person_id or actor.can_administer_county(row.county_id)):
        return None
    return EntitlementNode.from_model(row)


register_node("Entitlement", entitlement_node)


@strawberry.type(name="PayoutBatch", description="发放批次：交县财政发放的已审核待遇清单")
class PayoutBatchNode(Node):
    number: str
    county_code: str
    status: PayoutBatchStatus
    total: Decimal = strawberry.field(description="合计金额（元），等于所含待遇之和")
    entitlement_count: int
    paid_on: date | None
    payment_reference: str | None
    created_at: datetime
    pk: strawberry.Private[int]

    @strawberry.field(description="批次所含待遇")
    async def entitlements(self, info: Info) -> list[EntitlementNode]:
        rows = await listing.entitlements_of_batch(self.pk)
        return [EntitlementNode.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, row: models.PayoutBatch) -> PayoutBatchNode:
        return cls(
            id=to_global_id("PayoutBatch", row.id),
            number=payouts.batch_number(row.county_id, row.id),
            county_code=row.county_id,
            status=row.status,
            total=from_fen(row.total_fen),
            entitlement_count=row.entitlement_count,
            paid_on=row.paid_on,
            payment_reference=row.payment_reference,
            created_at=row.created_at,
            pk=row.id,
        )


async def payout_batch_node(info: Info, pk: int) -> PayoutBatchNode | None:
    """Visible to admins of the batch's county."""
    row = await info.context.loaders(IncentivesLoaders).batch.load(pk)
    if row is None or not info.context.actor.can_administer_county(row.county_id):
        return None
    return PayoutBatchNode.from_model(row)


register_node("PayoutBatch", payout_batch_node)


@strawberry.type(name="Recovery", description="追回事项：已发放后被撤销的待遇，须追回的金额")
class RecoveryNode(Node):
    county_code: str
    amount: Decimal
    status: RecoveryStatus
    reason: str
    recovered_on: date | None
    reference: str | None
    created_at: datetime
    entitlement_pk: strawberry.Private[int]

    @strawberry.field
    async def entitlement(self, info: Info) -> EntitlementNode | None:
        return await entitlement_node(info, self.entitlement_pk)

    @classmethod
    def from_model(cls, row: models.Recovery) -> RecoveryNode:
        return cls(
            id=to_global_id("Recovery", row.id),
            county_code=row.county_id,
            amount=from_fen(row.amount_fen),
            status=row.status,
            reason=row.reason,
            recovered_on=row.recovered_on,
            reference=row.reference,
            created_at=row.created_at,
            entitlement_pk=row.entitlement_id,
        )


async def recovery_node(info: Info, pk: int) -> RecoveryNode | None:
    """Visible to admins of the recovery's county."""
    row = await info.context.loaders(IncentivesLoaders).recovery.load(pk)
    if row is None or not info.context.actor.can_administer_county(row.county_id):
        return None
    return RecoveryNode.from_model(row)


register_node("Recovery", recovery_node)


@strawberry.type(description="尚在等待条件的待遇：条件满足后自动生成")
class WaitingEntitlement:
    kind: IncentiveKind
    level: ExamLevel
    waiting_for: WaitingCondition
    waiting_until: date | None = strawberry.field(description="本地工作年限届满之日（仅 TENURE）")
    reason: str = strawberry.field(description="等待什么，用中文说明")
    since: date = strawberry.field(description="引起该待遇的事实发生之日")
    policy_pk: strawberry.Private[int]

    @strawberry.field(description="将依据的政策版本")
    async def policy(self, info: Info) -> IncentivePolicyNode | None:
        return await incentive_policy_node(info, self.policy_pk)

    @classmethod
    def from_model(cls, row: models.WaitingEntitlement) -> WaitingEntitlement:
        return cls(
            kind=row.kind,
            level=row.level,
            waiting_for=row.waiting_for,
            waiting_until=row.waiting_until,
            reason=row.detail,
            since=row.occurred_on,
            policy_pk=row.policy_id,
        )


@strawberry.type(description="县级年度激励资金预算（元）：剩余 = 预算 − 已承诺 − 已发放 + 已追回")
class CountyBudget:
    county_code: str
    year: int
    amount: Decimal = strawberry.field(description="预算额")
    committed: Decimal = strawberry.field(description="已承诺：审核通过（含已编入批次）尚未发放")
    paid: Decimal = strawberry.field(description="已发放")
    recovered: Decimal = strawberry.field(description="已追回")
    remaining: Decimal = strawberry.field(description="剩余额度")

    @classmethod
    def from_model(cls, row: models.CountyBudget) -> CountyBudget:
        return cls(
            county_code=row.county_id,
            year=row.year,
            amount=from_fen(row.amount_fen),
            committed=from_fen(row.committed_fen),
            paid=from_fen(row.paid_fen),
            recovered=from_fen(row.recovered_fen),
            remaining=from_fen(row.remaining_fen),
        )
