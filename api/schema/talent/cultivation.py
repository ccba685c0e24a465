"""Approval and cultivation (API.md §Leading talent; DOMAIN.md steps 7–9): approveTalentRound,
recordCultivationAssessment, revokeLeadingTalent, leadingTalents, myLeadingTalents."""

from __future__ import annotations

import strawberry

from api.auth import require_signed_in
from api.context import Info
from api.errors import BadUserInput
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import Connection, connection, input_pk, page_window, query_pk
from api.schema.talent.enums import AssessmentGrade, RevocationCause, TalentStatus
from api.schema.talent.talent_types import CultivationAssessment, LeadingTalentNode
from api.schema.talent.types import TalentRoundNode
from domain.people.errors import UnknownCounty
from domain.talent import approval, cultivation


@strawberry.input(description="批准选拔轮次：公示期满且异议均已处理后，公示中的人选成为领军人才")
class ApproveTalentRoundInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")


@strawberry.type
class ApproveTalentRoundPayload(Payload):
    round: TalentRoundNode | None = None
    talents: list[LeadingTalentNode] = strawberry.field(
        default_factory=list, description="本次批准产生的领军人才，按评审排名"
    )


@strawberry.input(description="录入培养期年度考核")
class RecordCultivationAssessmentInput:
    talent_id: strawberry.ID = strawberry.field(description="领军人才（LeadingTalent 的全局编号）")
    year: int = strawberry.field(
        description="考核年度（公历年）：授予称号次年起至培养期最后一年（期满考核），不晚于今年，须按年度顺序录入"
    )
    grade: AssessmentGrade = strawberry.field(
        description="考核等次：优秀、合格即拨付下一期培养经费（期满考核合格即培养期满）；不合格即撤销称号"
    )
    comment: str | None = strawberry.field(default=None, description="考核意见，不超过 500 字")


@strawberry.type
class RecordCultivationAssessmentPayload(Payload):
    talent: LeadingTalentNode | None = None
    assessment: CultivationAssessment | None = None


@strawberry.input(description="撤销领军人才称号（剩余培养经费停止拨付）")
class RevokeLeadingTalentInput:
    talent_id: strawberry.ID = strawberry.field(description="领军人才（LeadingTalent 的全局编号）")
    reason: str = strawberry.field(description="撤销理由（必填，不超过 500 字；仅管理员和本人可见）")
    cause: RevocationCause | None = strawberry.field(default=None, description="撤销原因类别；可不填")


@strawberry.type
class RevokeLeadingTalentPayload(Payload):
    talent: LeadingTalentNode | None = None


@strawberry.input(description="领军人才的筛选条件；各条件同时满足，不填的不限")
class LeadingTalentFilter:
    round_id: strawberry.ID | None = strawberry.field(
        default=None, description="选拔轮次（TalentRound 的全局编号）"
    )
    county_code: str | None = strawberry.field(
        default=None,
        description="称号所在县市的行政区划代码，如 532301；管辖范围外的县市列出为空，不是州内县市的代码报错",
    )
    status: TalentStatus | None = strawberry.field(default=None, description="称号状态")


def _talent_pk(global_id: strawberry.ID) -> int:
    return input_pk(global_id, "LeadingTalent", "talentId")


@strawberry.type
class CultivationQuery:
    @strawberry.field(
        description="领军人才：管理员看其管辖县市的（州级管理员看全州），其他人只看本人的；按授予先后排列"
    )
    async def leading_talents(
        self, info: Info, first: int, after: str | None = None, filter: LeadingTalentFilter | None = None
    ) -> Connection[LeadingTalentNode]:
        actor = require_signed_in(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        f = filter or LeadingTalentFilter()
        try:
            page = await cultivation.list_talents(
                actor,
                first=first,
                after=after_pk,
                filter=cultivation.TalentFilter(
                    round_id=query_pk(f.round_id, "TalentRound") if f.round_id is not None else None,
                    county_code=f.county_code,
                    status=f.status,
                ),
            )
        except UnknownCounty as error:
            raise BadUserInput(error.message) from None
        return connection(page, LeadingTalentNode.from_model, after=after_pk)

    @strawberry.field(description="本人的领军人才称号（未登录或没有称号时为空列表）")
    async def my_leading_talents(self, info: Info) -> list[LeadingTalentNode]:
        actor = info.context.actor
        if actor.person_id is None:
            return []
        rows = await cultivation.titles_of_person(actor, actor.person_id)
        return [LeadingTalentNode.from_model(row) for row in rows]


@strawberry.type
class CultivationMutation:
    @mutation(
        "州级管理员批准选拔轮次：公示期满（截止日次日起）且异议均已处理，公示中的人选成为领军人才，"
        "生成培养期和分期经费计划并拨付第 1 期；已批准的轮次不能再次批准",
        roles=PREFECTURE_ADMIN,
    )
    async def approve_talent_round(
        self, info: Info, input: ApproveTalentRoundInput
    ) -> ApproveTalentRoundPayload:
        done = await approval.approve_round(
            info.context.actor, input_pk(input.round_id, "TalentRound", "roundId")
        )
        return ApproveTalentRoundPayload(
            round=TalentRoundNode.from_model(done.round),
            talents=[LeadingTalentNode.from_model(row) for row in done.talents],
        )

    @mutation(
        "州级管理员录入领军人才年度考核：合格以上拨付下一期经费，期满考核合格即培养期满，不合格即撤销称号；"
        "同一年度以相同等次重复提交返回已录入的考核",
        roles=PREFECTURE_ADMIN,
    )
    async def record_cultivation_assessment(
        self, info: Info, input: RecordCultivationAssessmentInput
    ) -> RecordCultivationAssessmentPayload:
        done = await cultivation.record_assessment(
            info.context.actor,
            _talent_pk(input.talent_id),
            year=input.year,
            grade=input.grade,
            comment=input.comment,
        )
        return RecordCultivationAssessmentPayload(
            talent=LeadingTalentNode.from_model(done.talent),
            assessment=CultivationAssessment.from_model(done.assessment),
        )

    @mutation("州级管理员撤销领军人才称号（须填写理由），剩余培养经费停止拨付", roles=PREFECTURE_ADMIN)
    async def revoke_leading_talent(
        self, info: Info, input: RevokeLeadingTalentInput
    ) -> RevokeLeadingTalentPayload:
        row = await cultivation.revoke_talent(
            info.context.actor, _talent_pk(input.talent_id), reason=input.reason, cause=input.cause
        )
        return RevokeLeadingTalentPayload(talent=LeadingTalentNode.from_model(row))
