"""GraphQL types of 公示 (API.md §Leading talent): the calendar days it is counted in, the public page, and
objections (the admins' node with the filer's contact; the filer's receipt with only its id)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.context import Info
from api.schema.relay import Node, register_node, to_global_id
from api.schema.talent.enums import ObjectionStatus
from api.schema.talent.loaders import TalentLoaders
from api.schema.talent.types import TalentApplicationNode, talent_application_node
from domain.talent import models
from domain.talent.calendar_days import DayInCalendar
from domain.talent.notice import NoticeCandidate, PublicNotice


@strawberry.type(description="公示期计算所用日历中的非常规日：法定节假日、调休上班日，及管理员添加的日期")
class CalendarDay:
    day: date = strawberry.field(name="date", description="日期")
    is_working_day: bool = strawberry.field(description="是否为工作日（调休上班为 true，放假为 false）")
    name: str = strawberry.field(description="名称，如“春节”；删除管理员日期后恢复为普通日时为空")
    set_by_admin: bool = strawberry.field(
        description="true 为管理员添加（优先于国家安排，可删除）；"
        "false 为国务院公布的节假日安排（chinese-calendar）"
    )

    @classmethod
    def from_domain(cls, day: DayInCalendar) -> CalendarDay:
        return cls(
            day=day.day, is_working_day=day.is_working_day, name=day.name, set_by_admin=day.set_by_admin
        )


@strawberry.type(description="公示名单中的一名人选（不含身份证号、电话、出生日期、得分与个人陈述）")
class TalentNoticeCandidate:
    application_id: strawberry.ID = strawberry.field(
        description="申报（TalentApplication 的全局编号），提出异议时填写"
    )
    name: str = strawberry.field(description="姓名")
    organization_name: str = strawberry.field(description="工作单位（申报时）")
    county_code: str = strawberry.field(description="所在县市代码")
    county_name: str = strawberry.field(description="所在县市")
    rank: int | None = strawberry.field(description="评审排名（1 为最高）")
    notice_starts_on: date | None = strawberry.field(
        description="本人公示开始日：递补人选自递补次日起另行公示，此前不能对其提出异议"
    )
    notice_ends_on: date | None = strawberry.field(
        description="本人公示截止日（含）：递补人选另行公示满规定工作日"
    )

    @classmethod
    def from_domain(cls, candidate: NoticeCandidate) -> TalentNoticeCandidate:
        return cls(
            application_id=to_global_id("TalentApplication", candidate.application_id),
            name=candidate.name,
            organization_name=candidate.organization_name,
            county_code=candidate.county_code,
            county_name=candidate.county_name,
            rank=candidate.rank,
            notice_starts_on=candidate.notice_starts_on,
            notice_ends_on=candidate.notice_ends_on,
        )


@strawberry.type(description="领军人才选拔公示（公开）")
class TalentPublicNotice:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    round_title: str = strawberry.field(description="选拔轮次名称")
    starts_on: date = strawberry.field(description="公示开始日")
    ends_on: date = strawberry.field(description="公示截止日（含）；有递补人选时顺延至其公示截止日")
    candidates: list[TalentNoticeCandidate] = strawberry.field(description="公示人选，按评审排名")

    @classmethod
    def from_domain(cls, notice: PublicNotice) -> TalentPublicNotice:
        return cls(
            round_id=to_global_id("TalentRound", notice.round_id),
            round_title=notice.round_title,
            starts_on=notice.starts_on,
            ends_on=notice.ends_on,
            candidates=[TalentNoticeCandidate.from_domain(c) for c in notice.candidates],
        )


@strawberry.type(description="已提交的异议：提交人只得到其编号")
class TalentObjectionReceipt:
    id: strawberry.ID = strawberry.field(description="异议（TalentObjection 的全局编号）")


@strawberry.type(name="TalentObjection", description="公示期异议及其处理意见（仅管理员可见）")
class TalentObjectionNode(Node):
    status: ObjectionStatus = strawberry.field(description="处理状态")
    text: str = strawberry.field(description="异议内容")
    contact: str = strawberry.field(description="提出人的联系方式（仅管理员可见）")
    filed_at: datetime = strawberry.field(description="提出时间")
    resolution: str | None = strawberry.field(description="处理意见；待处理时为空")
    resolved_at: datetime | None = strawberry.field(description="处理时间")
    application_pk: strawberry.Private[int]
    pk: strawberry.Private[int]

    @strawberry.field(description="被提出异议的申报（人选）")
    async def application(self, info: Info) -> TalentApplicationNode | None:
        return await talent_application_node(info, self.application_pk)

    @classmethod
    def from_model(cls, row: models.TalentObjection) -> TalentObjectionNode:
        return cls(
            id=to_global_id("TalentObjection", row.id),
            status=row.status,
            text=row.text,
            contact=row.contact,
            filed_at=row.filed_at,
            resolution=row.resolution,
            resolved_at=row.resolved_at,
            application_pk=row.application_id,
            pk=row.id,
        )


async def talent_objection_node(info: Info, pk: int) -> TalentObjectionNode | None:
    """Admins of the candidate's county (the prefecture's everywhere); to anyone else, no such thing."""
    loaders = info.context.loaders(TalentLoaders)
    row = await loaders.objection.load(pk)
    if row is None:
        return None
    application = await loaders.application.load(row.application_id)
    if application is None or not info.context.actor.can_administer_county(application.county_id):
        return None
    return TalentObjectionNode.from_model(row)


register_node("TalentObjection", talent_objection_node)
