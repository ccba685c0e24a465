"""GraphQL types of the leading-talent programme (API.md §Leading talent): rounds and applications, each
from its row by an explicit `from_model`. Scores are `Decimal` on the wire; money is `Decimal` yuan.
Nested lists (rubric, quotas, ranking, evidence, steps) resolve through domain reads named for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from api.context import Info
from api.schema.people.loaders import PeopleLoaders
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, loader, register_node, to_global_id
from api.schema.talent.enums import ApplicationStatus, RoundStatus, TalentDimension
from api.schema.talent.loaders import TalentLoaders
from domain.exam.vocabulary import ExamLevel
from domain.money import from_fen
from domain.talent import applications, closing, evidence, models, rounds
from domain.talent.visibility import can_see_application
from domain.talent.vocabulary import DIMENSION_NAMES
from domain.talent.working_days import calendar_warning


@dataclass
class TalentPartsLoaders:
    """The lists nested in a round or an application, one query per kind whatever the page."""

    county_quotas: DataLoader[int, list[rounds.CountyQuota] | None] = field(
        default_factory=lambda: loader(rounds.county_quotas_of)
    )
    rubric: DataLoader[int, list[models.TalentRubricItem] | None] = field(
        default_factory=lambda: loader(rounds.rubric_of)
    )
    evidence: DataLoader[int, list[models.TalentEvidence] | None] = field(
        default_factory=lambda: loader(evidence.evidence_of)
    )
    steps: DataLoader[int, list[models.TalentApplicationStep] | None] = field(
        default_factory=lambda: loader(applications.steps_of)
    )


@strawberry.type(description="县市名额")
class TalentCountyQuota:
    county_code: str = strawberry.field(description="县市代码")
    county_name: str = strawberry.field(description="县市名称")
    quota: int = strawberry.field(description="该县市名额（县级初审通过与最终入选均不超过此数）")


@strawberry.type(description="评分细则中的一个评价维度")
class TalentRubricItem:
    dimension: TalentDimension
    name: str = strawberry.field(description="维度名称（如 职业操守）")
    weight: Decimal = strawberry.field(description="权重：加权总分 = Σ 权重 × 该维度得分")
    max_score: Decimal = strawberry.field(description="该维度满分")


@strawberry.type(name="TalentEvidence", description="申报的证明材料（PDF 或图片）")
class TalentEvidenceNode:
    id: strawberry.ID
    file_name: str = strawberry.field(description="文件名")
    content_type: str = strawberry.field(description="文件类型（按内容识别，如 application/pdf、image/png）")
    size_bytes: int = strawberry.field(description="大小（字节）")
    uploaded_at: datetime = strawberry.field(description="上传时间")
    download_path: str = strawberry.field(
        description="下载路径（GET，带同一登录令牌；仅申报人、推荐单位、辖区管理员和分配的评审专家可下载）"
    )

    @classmethod
    def from_model(cls, row: models.TalentEvidence) -> TalentEvidenceNode:
        global_id = to_global_id("TalentEvidence", row.id)
        return cls(
            id=global_id,
            file_name=row.file_name,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            uploaded_at=row.uploaded_at,
            download_path=f"/files/talent-evidence/{global_id}",
        )


@strawberry.type(
    name="TalentApplicationStep", description="申报的一步历程：谁在何时把申报从何状态改为何状态，及其意见"
)
class TalentApplicationStepNode:
    from_status: ApplicationStatus | None = strawberry.field(description="原状态；首次申报或推荐时为空")
    to_status: ApplicationStatus = strawberry.field(description="新状态")
    comment: str | None = strawberry.field(description="意见或理由")
    at: datetime = strawberry.field(description="时间")

    @classmethod
    def from_model(cls, row: models.TalentApplicationStep) -> TalentApplicationStepNode:
        return cls(from_status=row.from_status, to_status=row.to_status, comment=row.comment, at=row.at)


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

    @strawberry.field(
        description="公示期跨越尚未载入国家法定节假日安排的年份时的提示（按周一至周五及管理员添加的日期计算）；"
        "否则为空"
    )
    def notice_calendar_warning(self) -> str | None:
        return calendar_warning(self.notice_starts_on, self.notice_ends_on)

    @strawberry.field(description="各县市名额（按县市代码排列；未列出的县市没有名额）")
    async def county_quotas(self, info: Info) -> list[TalentCountyQuota]:
        rows = await info.context.loaders(TalentPartsLoaders).county_quotas.load(self.pk) or []
        return [
            TalentCountyQuota(county_code=r.county_code, county_name=r.county_name, quota=r.quota)
            for r in rows
        ]

    @strawberry.field(description="评分细则：六个评价维度的权重和满分（按文件所列顺序）")
    async def rubric(self, info: Info) -> list[TalentRubricItem]:
        rows = await info.context.loaders(TalentPartsLoaders).rubric.load(self.pk) or []
        return [
            TalentRubricItem(
                dimension=r.dimension,
                name=DIMENSION_NAMES[r.dimension],
                weight=r.weight,
                max_score=r.max_score,
            )
            for r in rows
        ]

    @strawberry.field(
        description=(
            "评审排名（结束专家评审后）：按名次排列；州级管理员看全部，县级管理员看本县的，其他人为空列表。"
            "得分相同时依次比较：各评价维度（职业操守、职业素质、专业技术、工作能力、工作绩效、服务对象反馈意见，"
            "按此顺序）去掉最高最低分后的平均分，高者在前；提交时间早者在前；申报编号小者在前"
        )
    )
    async def ranking(self, info: Info) -> list[TalentRankingEntry]:
        row = await info.context.loaders(TalentLoaders).round.load(self.pk)
        if row is None:
            return []
        return [
            TalentRankingEntry(
                application=TalentApplicationNode.from_model(a),
                score=a.score if a.score is not None else Decimal(0),
                rank=a.rank or 0,
                within_quota=a.within_quota,
            )
            for a in await closing.ranking_of(info.context.actor, row)
        ]

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
    notice_ends_on: date | None = strawberry.field(description="本人公示截止日（递补人选单独计算）")
    created_at: datetime
    round_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    pk: strawberry.Private[int]
    score_value: strawberry.Private[Decimal | None]
    rank_value: strawberry.Private[int | None]
    within_quota_value: strawberry.Private[bool]

    def _sees_result(self, info: Info) -> bool:
        """The ranking and the history are the applicant's and the admins' in scope, never an expert's
        (a reviewer could work out another's sealed total from them)."""
        actor = info.context.actor
        if actor.can_administer_county(self.county_code):
            return True
        return actor.person_id is not None and actor.person_id == self.person_pk

    @strawberry.field(
        description="评审得分（结束评审后；去掉最高最低分后的平均分）；仅申报人本人和辖区管理员可见，其他人为空"
    )
    def score(self, info: Info) -> Decimal | None:
        return self.score_value if self._sees_result(info) else None

    @strawberry.field(description="评审排名（1 为最高）；仅申报人本人和辖区管理员可见，其他人为空")
    def rank(self, info: Info) -> int | None:
        return self.rank_value if self._sees_result(info) else None

    @strawberry.field(description="排名是否在总名额和县级名额内；仅申报人本人和辖区管理员可见，其他人为空")
    def within_quota(self, info: Info) -> bool | None:
        # Null, not false: false would tell a reviewer the candidate is out, which may not be so.
        return self.within_quota_value if self._sees_result(info) else None

    @strawberry.field(
        description="申报人姓名（能查看该申报的人均可见，评审专家据此判断是否须回避；不含身份证号和电话）"
    )
    async def applicant_name(self, info: Info) -> str:
        row = await info.context.loaders(PeopleLoaders).person.load(self.person_pk)
        return row.name if row is not None else ""

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

    @strawberry.field(description="证明材料（PDF 或图片），按上传先后排列")
    async def evidence(self, info: Info) -> list[TalentEvidenceNode]:
        rows = await info.context.loaders(TalentPartsLoaders).evidence.load(self.pk) or []
        return [TalentEvidenceNode.from_model(r) for r in rows]

    @strawberry.field(
        description="申报历程：每一步的状态变化、意见和时间，最早的在前；仅申报人本人和辖区管理员可见，其他人为空列表"
    )
    async def steps(self, info: Info) -> list[TalentApplicationStepNode]:
        if not self._sees_result(info):
            return []
        rows = await info.context.loaders(TalentPartsLoaders).steps.load(self.pk) or []
        return [TalentApplicationStepNode.from_model(r) for r in rows]

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
            score_value=row.score,
            rank_value=row.rank,
            within_quota_value=row.within_quota,
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


@strawberry.type(description="评审排名中的一项")
class TalentRankingEntry:
    application: TalentApplicationNode = strawberry.field(description="申报")
    score: Decimal = strawberry.field(
        description="得分：各专家加权总分的平均分（5 名及以上专家时去掉一个最高分和一个最低分），两位小数"
    )
    rank: int = strawberry.field(description="名次（1 为最高，不并列）")
    within_quota: bool = strawberry.field(description="是否在总名额和本县名额之内")
