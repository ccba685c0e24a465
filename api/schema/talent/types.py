"""GraphQL types of the leading-talent programme (API.md §Leading talent): rounds and applications, each
from its row by an explicit `from_model`. Scores are `Decimal` on the wire; money is `Decimal` yuan.
Nested lists (rubric, quotas, ranking, evidence, steps) resolve through domain reads named for them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.people.loaders import PeopleLoaders
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, register_node, to_global_id
from api.schema.talent.enums import ApplicationStatus, RoundStatus
from api.schema.talent.loaders import TalentLoaders
from domain.exam.vocabulary import ExamLevel
from domain.money import from_fen
from domain.talent import models
from domain.talent.visibility import can_see_application


@strawberry.type(description="申报条件（以申报截止日为准计算年限与年龄）")
class TalentEligibilityCriteria:
    min_certificate_level: ExamLevel | None = strawberry.field(description="最低证书级别；为空不限")
    min_years_held: int = strawberry.field(description="取得该级别证书的最少年数")
    min_practice_years: int = strawberry.field(description="从事社会工作的最少年数")
    max_age: int | None = strawberry.field(description="最大年龄（周岁）；为空不限")
    training_requirement_met: bool = strawberry.field(description="是否须已完成一线人员培训学时要求")


@strawberry.type(name="TalentRound", description="彝乡专业社会工作领军人才选拔轮次")
class TalentRoundNode(Node):
    year: int
    title: str
    quota: int = strawberry.field(description="总名额")
    application_opens_on: date
    application_closes_on: date
    status: RoundStatus
    eligibility: TalentEligibilityCriteria
    promote_next_on_upheld: bool = strawberry.field(description="公示异议成立取消人选后，是否由下一名递补")
    cultivation_years: int = strawberry.field(description="培养期（年）")
    funding: Decimal = strawberry.field(description="每人培养经费总额（元），按年分期拨付")
    notice_working_days: int | None = strawberry.field(description="公示期（工作日）；未开始公示为空")
    notice_starts_on: date | None
    notice_ends_on: date | None = strawberry.field(description="公示截止日（含）；有递补人选时顺延")
    approved_on: date | None
    pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, row: models.TalentRound) -> TalentRoundNode:
        return cls(
            id=to_global_id("TalentRound", row.id),
            year=row.year,
            title=row.title,
            quota=row.quota,
            application_opens_on=row.application_opens_on,
            application_closes_on=row.application_closes_on,
            status=row.status,
            eligibility=TalentEligibilityCriteria(
                min_certificate_level=row.min_certificate_level,
                min_years_held=row.min_years_held,
                min_practice_years=row.min_practice_years,
                max_age=row.max_age,
                training_requirement_met=row.training_requirement_met,
            ),
            promote_next_on_upheld=row.promote_next_on_upheld,
            cultivation_years=row.cultivation_years,
            funding=from_fen(row.funding_fen),
            notice_working_days=row.notice_working_days,
            notice_starts_on=row.notice_starts_on,
            notice_ends_on=row.notice_ends_on,
            approved_on=row.approved_on,
            pk=row.id,
        )


async def talent_round_node(info: Info, pk: int) -> TalentRoundNode | None:
    """A round's call is public (DOMAIN.md: rounds are announced); what it holds is shown by role."""
    row = await info.context.loaders(TalentLoaders).round.load(pk)
    return TalentRoundNode.from_model(row) if row else None


register_node("TalentRound", talent_round_node)


@strawberry.type(name="TalentApplication", description="领军人才申报")
class TalentApplicationNode(Node):
    status: ApplicationStatus = strawberry.field(description="申报状态")
    county_code: str
    organization_name: str = strawberry.field(description="申报时的工作单位")
    statement: str = strawberry.field(description="个人陈述")
    achievements: str = strawberry.field(description="主要业绩（文本）")
    recommended: bool = strawberry.field(description="是否由单位推荐")
    submitted_at: datetime | None
    county_comment: str | None = strawberry.field(description="县级初审意见")
    score: Decimal | None = strawberry.field(description="评审得分（结束评审后；去掉最高最低分后的平均分）")
    rank: int | None = strawberry.field(description="评审排名（1 为最高）")
    within_quota: bool = strawberry.field(description="排名是否在总名额和县级名额内")
    notice_ends_on: date | None = strawberry.field(description="本人公示截止日（递补人选单独计算）")
    created_at: datetime
    round_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    pk: strawberry.Private[int]

    @strawberry.field(description="选拔轮次")
    async def round(self, info: Info) -> TalentRoundNode:
        row = await info.context.loaders(TalentLoaders).round.load(self.round_pk)
        assert row is not None  # noqa: S101 - an application's round is RESTRICTed from deletion
        return TalentRoundNode.from_model(row)

    @strawberry.field(description="申报人")
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @strawberry.field(description="县市名称")
    async def county_name(self, info: Info) -> str:
        return await info.context.loaders(PeopleLoaders).county_name.load(self.county_code) or ""

    @classmethod
    def from_model(cls, row: models.TalentApplication) -> TalentApplicationNode:
        return cls(
            id=to_global_id("TalentApplication", row.id),
            status=row.status,
            county_code=row.county_id,
            organization_name=row.organization_name,
            statement=row.statement,
            achievements=row.achievements,
            recommended=row.recommended_by_user_id is not None,
            submitted_at=row.submitted_at,
            county_comment=row.county_comment,
            score=row.score,
            rank=row.rank,
            within_quota=row.within_quota,
            notice_ends_on=row.notice_ends_on,
            created_at=row.created_at,
            round_pk=row.round_id,
            person_pk=row.person_id,
            pk=row.id,
        )


async def talent_application_node(info: Info, pk: int) -> TalentApplicationNode | None:
    """Visible per `domain.talent.visibility.can_see_application`."""
    row = await info.context.loaders(TalentLoaders).application.load(pk)
    if row is None or not await can_see_application(info.context.actor, row):
        return None
    return TalentApplicationNode.from_model(row)


register_node("TalentApplication", talent_application_node)
