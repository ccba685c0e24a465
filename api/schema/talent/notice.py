"""公示 and objections (API.md §Leading talent; domain/talent/notice.py, objections.py, calendar_days.py):
calendarDays, setCalendarDay, removeCalendarDay, startTalentPublicNotice, talentPublicNotice (public),
fileTalentObjection (public), resolveTalentObjection, talentObjections."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.auth import require_admin
from api.context import Info
from api.errors import BadUserInput
from api.schema.mutation import PREFECTURE_ADMIN, PUBLIC, Payload, mutation
from api.schema.relay import Connection, connection, input_pk, page_window, query_pk, to_global_id
from api.schema.talent.enums import ObjectionStatus
from api.schema.talent.notice_types import (
    CalendarDay,
    TalentObjectionNode,
    TalentObjectionReceipt,
    TalentPublicNotice,
)
from api.schema.talent.types import TalentApplicationNode, TalentRoundNode
from domain.errors import InvalidInput
from domain.talent import calendar_days, notice, objections


@strawberry.input(description="添加或修改公示期计算所用的节假日或调休上班日（覆盖国家安排）")
class SetCalendarDayInput:
    day: date = strawberry.field(name="date", description="日期（2004 至 2100 年）")
    is_working_day: bool = strawberry.field(description="true 为调休上班日，false 为放假日")
    name: str = strawberry.field(description="名称，如“2027年春节”，不超过 50 字")


@strawberry.type
class SetCalendarDayPayload(Payload):
    calendar_day: CalendarDay | None = None


@strawberry.input(description="删除管理员添加的日期，恢复国家安排（或周一至周五）")
class RemoveCalendarDayInput:
    day: date = strawberry.field(name="date", description="日期")


@strawberry.type
class RemoveCalendarDayPayload(Payload):
    calendar_day: CalendarDay | None = strawberry.field(default=None, description="删除后该日的安排")


@strawberry.input(description="开始公示：评审已结束、已排名的选拔轮次，名额内人选进入公示")
class StartTalentPublicNoticeInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    working_days: int = strawberry.field(description="公示期工作日数，5 至 30")
    starts_on: date | None = strawberry.field(
        default=None, description="公示开始日期，不早于今天；不填为今天。遇节假日自下一个工作日起算"
    )


@strawberry.type
class StartTalentPublicNoticePayload(Payload):
    round: TalentRoundNode | None = None


@strawberry.input(description="对公示人选提出异议（任何人，无须登录）")
class FileTalentObjectionInput:
    application_id: strawberry.ID = strawberry.field(description="公示人选（公示名单中的 applicationId）")
    text: str = strawberry.field(description="异议内容：所反映的事实和理由，10 至 2000 字")
    contact: str = strawberry.field(
        description="联系电话或电子邮箱（用于反馈处理结果，不公开），不超过 100 字"
    )


@strawberry.type
class FileTalentObjectionPayload(Payload):
    objection: TalentObjectionReceipt | None = None


@strawberry.input(description="处理公示异议")
class ResolveTalentObjectionInput:
    objection_id: strawberry.ID = strawberry.field(description="异议（TalentObjection 的全局编号）")
    upheld: bool = strawberry.field(
        description="true 异议成立：取消该人选，按本轮规则由下一名递补；false 异议不成立"
    )
    resolution: str = strawberry.field(description="处理意见（调查核实情况及结论），必填，不超过 2000 字")


@strawberry.type
class ResolveTalentObjectionPayload(Payload):
    objection: TalentObjectionNode | None = None
    round: TalentRoundNode | None = None
    removed_application: TalentApplicationNode | None = strawberry.field(
        default=None, description="异议成立时被取消的人选"
    )
    also_closed: list[TalentObjectionNode] = strawberry.field(
        default_factory=list, description="同一人选的其他待处理异议：人选已取消，随之办结（CLOSED，未作认定）"
    )
    promoted_application: TalentApplicationNode | None = strawberry.field(
        default=None, description="递补进入公示的人选（单独公示满规定工作日）"
    )
    place_left_unfilled: bool = strawberry.field(
        default=False, description="异议成立后无人递补（本轮不递补，或无符合名额的人选），名额空缺"
    )


@strawberry.input(description="公示异议的筛选条件")
class TalentObjectionFilter:
    status: ObjectionStatus | None = strawberry.field(default=None, description="处理状态；OPEN 即待处理队列")


@strawberry.type
class NoticeQuery:
    @strawberry.field(
        description="某年公示期计算所用日历中的非常规日（公开）：国家法定节假日与调休上班日，"
        "及管理员添加的日期（优先），按日期排列"
    )
    async def calendar_days(
        self, year: Annotated[int, strawberry.argument(description="年份，如 2027")]
    ) -> list[CalendarDay]:
        return [CalendarDay.from_domain(day) for day in await calendar_days.calendar_of_year(year)]

    @strawberry.field(description="领军人才选拔公示（公开，无须登录）：公示开始后可查；尚未公示的轮次为 null")
    async def talent_public_notice(
        self, round_id: Annotated[strawberry.ID, strawberry.argument(description="选拔轮次的全局编号")]
    ) -> TalentPublicNotice | None:
        found = await notice.public_notice(query_pk(round_id, "TalentRound"))
        return TalentPublicNotice.from_domain(found) if found is not None else None

    @strawberry.field(
        description="选拔轮次的公示异议（州级管理员看全部，县级管理员看针对本县人选的），最早提出的在前"
    )
    async def talent_objections(
        self,
        info: Info,
        round_id: Annotated[strawberry.ID, strawberry.argument(description="选拔轮次的全局编号")],
        first: int,
        after: str | None = None,
        filter: TalentObjectionFilter | None = None,
    ) -> Connection[TalentObjectionNode]:
        actor = require_admin(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        try:
            page = await objections.list_objections(
                actor,
                query_pk(round_id, "TalentRound"),
                first=first,
                after=after_pk,
                status=filter.status if filter else None,
            )
        except InvalidInput as error:
            raise BadUserInput(error.message) from None
        return connection(page, TalentObjectionNode.from_model, after=after_pk)


@strawberry.type
class NoticeMutation:
    @mutation(
        "州级管理员添加或修改节假日、调休上班日（用于计算公示期，优先于国家安排）", roles=PREFECTURE_ADMIN
    )
    async def set_calendar_day(self, info: Info, input: SetCalendarDayInput) -> SetCalendarDayPayload:
        day = await calendar_days.set_calendar_day(
            info.context.actor, input.day, is_working_day=input.is_working_day, name=input.name
        )
        return SetCalendarDayPayload(calendar_day=CalendarDay.from_domain(day))

    @mutation("州级管理员删除添加的节假日或调休上班日", roles=PREFECTURE_ADMIN)
    async def remove_calendar_day(
        self, info: Info, input: RemoveCalendarDayInput
    ) -> RemoveCalendarDayPayload:
        day = await calendar_days.remove_calendar_day(info.context.actor, input.day)
        return RemoveCalendarDayPayload(calendar_day=CalendarDay.from_domain(day))

    @mutation(
        "州级管理员开始公示：评审已结束的轮次，名额内人选公示不少于 5 个工作日（按法定节假日和调休计算）",
        roles=PREFECTURE_ADMIN,
    )
    async def start_talent_public_notice(
        self, info: Info, input: StartTalentPublicNoticeInput
    ) -> StartTalentPublicNoticePayload:
        row = await notice.start_public_notice(
            info.context.actor,
            input_pk(input.round_id, "TalentRound", "roundId"),
            input.working_days,
            input.starts_on,
        )
        return StartTalentPublicNoticePayload(round=TalentRoundNode.from_model(row))

    @mutation(
        "对公示中的人选提出异议（任何人，无须登录；须留联系方式；同一来源每小时最多 5 条、每天最多 20 条）",
        roles=PUBLIC,
    )
    async def file_talent_objection(
        self, info: Info, input: FileTalentObjectionInput
    ) -> FileTalentObjectionPayload:
        row = await objections.file_objection(
            info.context.actor,
            input_pk(input.application_id, "TalentApplication", "applicationId"),
            input.text,
            input.contact,
        )
        return FileTalentObjectionPayload(
            objection=TalentObjectionReceipt(id=to_global_id("TalentObjection", row.id))
        )

    @mutation(
        "州级管理员处理公示异议：成立则取消该人选（按本轮规则由下一名递补并单独公示），不成立则维持；须写明处理意见",
        roles=PREFECTURE_ADMIN,
    )
    async def resolve_talent_objection(
        self, info: Info, input: ResolveTalentObjectionInput
    ) -> ResolveTalentObjectionPayload:
        done = await objections.resolve_objection(
            info.context.actor,
            input_pk(input.objection_id, "TalentObjection", "objectionId"),
            upheld=input.upheld,
            resolution=input.resolution,
        )
        return ResolveTalentObjectionPayload(
            objection=TalentObjectionNode.from_model(done.objection),
            round=TalentRoundNode.from_model(done.round),
            removed_application=(
                TalentApplicationNode.from_model(done.removed) if done.removed is not None else None
            ),
            also_closed=[TalentObjectionNode.from_model(row) for row in done.also_closed],
            promoted_application=(
                TalentApplicationNode.from_model(done.promoted) if done.promoted is not None else None
            ),
            place_left_unfilled=done.place_left_unfilled,
        )
