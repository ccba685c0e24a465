"""GraphQL types of a leading talent's title and cultivation (API.md §Leading talent): the title with its
tranches, assessments and history, each from its row by an explicit `from_model`; nested lists through
per-request DataLoaders (one query per kind of row, whatever the page).

Person carries `leadingTalents` lazily (`strawberry.lazy("api.schema.talent.talent_types")`), so this
module may import the people types, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from api.context import Info
from api.schema.enums import described_enum
from api.schema.people.loaders import PeopleLoaders
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, loader, register_node, to_global_id
from api.schema.talent.enums import AssessmentGrade, RevocationCause, TalentStatus, TrancheStatus
from api.schema.talent.loaders import TalentLoaders
from api.schema.talent.types import TalentRoundNode
from domain.money import from_fen
from domain.talent import cultivation, models
from domain.talent.cultivation_plan import TalentEventKind

described_enum(
    TalentEventKind,
    name="LeadingTalentEventKind",
    description="领军人才称号历程中的事项",
    values={
        TalentEventKind.AWARDED: "授予称号（批准选拔结果）",
        TalentEventKind.ASSESSED: "年度考核（含期满考核）",
        TalentEventKind.TRANCHE_RELEASED: "拨付一期培养经费",
        TalentEventKind.TRANCHE_STOPPED: "停止拨付一期培养经费（称号撤销）",
        TalentEventKind.COMPLETED: "培养期满，期满考核合格",
        TalentEventKind.REVOKED: "撤销称号",
    },
)


@dataclass
class CultivationLoaders:
    """Each title's tranches and assessments, batched per request."""

    tranches: DataLoader[int, list[models.CultivationTranche] | None] = field(
        default_factory=lambda: loader(cultivation.tranches_by_talent_ids)
    )
    assessments: DataLoader[int, list[models.CultivationAssessment] | None] = field(
        default_factory=lambda: loader(cultivation.assessments_by_talent_ids)
    )
    of_person: DataLoader[int, list[models.LeadingTalent] | None] = field(
        default_factory=lambda: loader(cultivation.titles_by_person_ids)
    )


@strawberry.type(description="一期培养经费")
class CultivationTranche:
    ordinal: int = strawberry.field(
        description="期次（从 1 起）：第 1 期于批准时拨付，其后每期于上一年度考核合格后拨付"
    )
    amount: Decimal = strawberry.field(description="金额（元）")
    status: TrancheStatus = strawberry.field(description="拨付状态")
    decided_on: date | None = strawberry.field(description="拨付或停止拨付的日期；计划中为空")

    @classmethod
    def from_model(cls, row: models.CultivationTranche) -> CultivationTranche:
        return cls(
            ordinal=row.ordinal, amount=from_fen(row.amount_fen), status=row.status, decided_on=row.decided_on
        )


@strawberry.type(description="培养期年度考核（最后一年为期满考核）")
class CultivationAssessment:
    year: int = strawberry.field(description="考核年度（公历年）")
    grade: AssessmentGrade = strawberry.field(description="考核等次")
    comment: str | None = strawberry.field(description="考核意见")
    recorded_at: datetime = strawberry.field(description="录入时间")

    @classmethod
    def from_model(cls, row: models.CultivationAssessment) -> CultivationAssessment:
        return cls(year=row.year, grade=row.grade, comment=row.comment, recorded_at=row.recorded_at)


@strawberry.type(description="领军人才称号历程中的一件事")
class LeadingTalentEvent:
    on: date = strawberry.field(description="日期")
    what: TalentEventKind = strawberry.field(description="事项")
    detail: str = strawberry.field(
        description="说明，如「2028 年度考核：合格」「第 2 期培养经费 10000.00 元已拨付」"
    )


@strawberry.type(
    name="LeadingTalent",
    description="彝乡专业社会工作领军人才称号（本人、称号所在县市的管理员和州级管理员可见）",
)
class LeadingTalentNode(Node):
    county_code: str = strawberry.field(description="称号所在县市（申报时的县市）")
    awarded_on: date = strawberry.field(description="授予日期（批准之日）")
    cultivation_ends_on: date = strawberry.field(description="培养期截止日（含）")
    status: TalentStatus = strawberry.field(description="称号状态")
    revoked_on: date | None = strawberry.field(description="撤销日期")
    revocation_cause: RevocationCause | None = strawberry.field(description="撤销原因类别")
    shown_reason: strawberry.Private[str | None]
    person_pk: strawberry.Private[int]
    round_pk: strawberry.Private[int]
    pk: strawberry.Private[int]

    @strawberry.field(description="撤销理由（仅管理员和本人可见）")
    def revocation_reason(self) -> str | None:
        return self.shown_reason

    @strawberry.field(description="本人（查看人无权查看此人档案时为空）")
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @strawberry.field(description="选拔轮次")
    async def round(self, info: Info) -> TalentRoundNode:
        row = await info.context.loaders(TalentLoaders).round.load(self.round_pk)
        assert row is not None  # noqa: S101 - a title's round is RESTRICTed from deletion
        return TalentRoundNode.from_model(row)

    @strawberry.field(description="县市名称")
    async def county_name(self, info: Info) -> str:
        return await info.context.loaders(PeopleLoaders).county_name.load(self.county_code) or ""

    @strawberry.field(description="培养经费分期，按期次")
    async def tranches(self, info: Info) -> list[CultivationTranche]:
        rows = await info.context.loaders(CultivationLoaders).tranches.load(self.pk) or []
        return [CultivationTranche.from_model(row) for row in rows]

    @strawberry.field(description="年度考核，按年度")
    async def assessments(self, info: Info) -> list[CultivationAssessment]:
        rows = await info.context.loaders(CultivationLoaders).assessments.load(self.pk) or []
        return [CultivationAssessment.from_model(row) for row in rows]

    @strawberry.field(description="称号历程：授予、各年度考核、各期经费拨付或停止、期满或撤销，按日期排列")
    async def history(self, info: Info) -> list[LeadingTalentEvent]:
        talent = await info.context.loaders(TalentLoaders).talent.load(self.pk)
        round_ = await info.context.loaders(TalentLoaders).round.load(self.round_pk)
        if talent is None or round_ is None:
            return []
        loaders = info.context.loaders(CultivationLoaders)
        events = cultivation.history_of(
            talent,
            round_.cultivation_years,
            await loaders.assessments.load(self.pk) or [],
            await loaders.tranches.load(self.pk) or [],
        )
        return [LeadingTalentEvent(on=e.on, what=e.kind, detail=e.detail) for e in events]

    @classmethod
    async def of_person(cls, info: Info, person_pk: int) -> list[LeadingTalentNode]:
        """A person's titles that the viewer may see (`Person.leadingTalents`), batched per request."""
        rows = await info.context.loaders(CultivationLoaders).of_person.load(person_pk) or []
        return [cls.from_model(row) for row in rows if cultivation.can_see_talent(info.context.actor, row)]

    @classmethod
    def from_model(cls, row: models.LeadingTalent) -> LeadingTalentNode:
        """Built only for viewers who may see the title (`cultivation.can_see_talent`): the person and
        admins in scope, who are also the readers of the revocation reason."""
        return cls(
            id=to_global_id("LeadingTalent", row.id),
            county_code=row.county_id,
            awarded_on=row.awarded_on,
            cultivation_ends_on=row.cultivation_ends_on,
            status=row.status,
            revoked_on=row.revoked_on,
            revocation_cause=row.revocation_cause,
            shown_reason=row.revocation_reason,
            person_pk=row.person_id,
            round_pk=row.round_id,
            pk=row.id,
        )


async def leading_talent_node(info: Info, pk: int) -> LeadingTalentNode | None:
    """Visible per `domain.talent.cultivation.can_see_talent`."""
    row = await info.context.loaders(TalentLoaders).talent.load(pk)
    if row is None or not cultivation.can_see_talent(info.context.actor, row):
        return None
    return LeadingTalentNode.from_model(row)


register_node("LeadingTalent", leading_talent_node)
