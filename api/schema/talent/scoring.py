"""Expert scoring of a round (DOMAIN.md §The 彝乡 leading-talent programme, steps 4–5): assigning
reviewers, conflicts and excuses, sealed scores, the reviewer's and the admin's lists, and closing the
scoring into a ranking (`TalentRound.ranking`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import strawberry

from api.auth import require_role, require_signed_in
from api.context import Info
from api.errors import Forbidden, NotFound
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import Connection, check_first, connection, from_cursor, input_pk, query_pk
from api.schema.talent.enums import TalentDimension
from api.schema.talent.scoring_types import TalentAssignmentNode
from api.schema.talent.types import TalentRoundNode
from domain.access import Role
from domain.errors import OutOfScope, in_row
from domain.talent import assignments, closing, scores
from domain.talent.errors import TalentRoundNotFound

EXPERTS: Final = frozenset({Role.EXPERT})
# More rows than any rubric has are refused by the rubric check; longer lists are not read at all.
_MAX_SCORE_ROWS: Final = 20


@strawberry.input(
    description="分配评审专家；首次分配即开始专家评审（申报截止、县级初审全部完成且没有退回修改未重新提交的申报后）"
)
class AssignTalentReviewersInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    reviewer_ids: list[strawberry.ID] = strawberry.field(
        description="评审专家账号（User 的全局编号，须持有评审专家角色），1 至 50 个，不得重复"
    )
    application_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=(
            "申报（TalentApplication 的全局编号，须为本轮县级初审已通过的）；"
            "不填即本轮全部县级初审已通过的申报，"
            "此时与申报人同一单位的专家、本人为本轮申报人的专家记为回避（CONFLICT）；"
            "逐份指定时遇须回避的专家则拒绝，什么也不分配"
        ),
    )


@strawberry.type
class AssignTalentReviewersPayload(Payload):
    round: TalentRoundNode | None = None
    assignments: list[TalentAssignmentNode] = strawberry.field(
        default_factory=list, description="本次所涉专家与申报的评审分配（含已有的和因同一单位回避的）"
    )


@strawberry.input(description="评审专家申明回避（利益冲突）")
class DeclareTalentConflictInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")
    reason: str = strawberry.field(description="回避原因（必填，不超过 500 字）")


@strawberry.type
class DeclareTalentConflictPayload(Payload):
    assignment: TalentAssignmentNode | None = None


@strawberry.input(description="准予评审专家免评本轮尚未评分的申报")
class ExcuseTalentReviewerInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    reviewer_id: strawberry.ID = strawberry.field(description="评审专家账号（User 的全局编号）")
    reason: str = strawberry.field(description="免评原因（必填，不超过 500 字，记入评审记录）")


@strawberry.type
class ExcuseTalentReviewerPayload(Payload):
    round: TalentRoundNode | None = None


@strawberry.input(description="一个评价维度的得分")
class TalentScoreInput:
    dimension: TalentDimension = strawberry.field(description="评价维度")
    score: Decimal = strawberry.field(description="得分：0 至该维度满分，最多两位小数（-0 按 0 计）")


@strawberry.input(description="评审专家为一份申报评分；提交后封存，不能修改")
class ScoreTalentApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="申报（TalentApplication 的全局编号）")
    scores: list[TalentScoreInput] = strawberry.field(description="评分细则每个维度各一项")
    comment: str | None = strawberry.field(
        default=None, description="评审意见（可选，可分段，不超过 1000 字）"
    )


@strawberry.type
class ScoreTalentApplicationPayload(Payload):
    assignment: TalentAssignmentNode | None = None


@strawberry.input(description="结束专家评审并排名")
class CloseTalentScoringInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")


@strawberry.type
class CloseTalentScoringPayload(Payload):
    round: TalentRoundNode | None = None


def _round_pk(global_id: strawberry.ID) -> int:
    return input_pk(global_id, "TalentRound", "roundId")


def _pks(global_ids: list[strawberry.ID], type_name: str, field: str, maximum: int) -> list[int]:
    pks: list[int] = []
    for index, global_id in enumerate(global_ids[: maximum + 1]):
        with in_row(field, index):
            pks.append(input_pk(global_id, type_name, ""))
    return pks


@strawberry.type
class ScoringQuery:
    @strawberry.field(
        description="我的评审任务（当前登录的评审专家），最早分配的在前；只含本人的评分，看不到其他专家的评分"
    )
    async def my_talent_assignments(
        self, info: Info, first: int, after: str | None = None
    ) -> Connection[TalentAssignmentNode]:
        actor = require_signed_in(info.context)
        check_first(first, info.context.settings.limits.max_page_size)
        after_pk = from_cursor(after)
        page = await assignments.my_assignments(actor, first=first, after=after_pk)
        return connection(page, TalentAssignmentNode.from_model, after=after_pk)

    @strawberry.field(
        description="一轮的全部评审分配（州级管理员）：专家、状态、回避或免评原因；各专家的评分在评审结束排名后可见"
    )
    async def talent_assignments(self, info: Info, round_id: strawberry.ID) -> list[TalentAssignmentNode]:
        actor = require_role(info.context, Role.PREFECTURE_ADMIN)
        try:
            rows = await assignments.round_assignments(actor, query_pk(round_id, "TalentRound"))
        except TalentRoundNotFound as error:
            raise NotFound(error.message) from None
        except OutOfScope as error:
            raise Forbidden(error.message) from None
        return [TalentAssignmentNode.from_model(r) for r in rows]


@strawberry.type
class ScoringMutation:
    @mutation(
        "州级管理员分配评审专家：首次分配即开始专家评审；与申报人同一单位的专家、本人为本轮申报人的专家须回避；"
        "已分配的不重复分配",
        roles=PREFECTURE_ADMIN,
    )
    async def assign_talent_reviewers(
        self, info: Info, input: AssignTalentReviewersInput
    ) -> AssignTalentReviewersPayload:
        reviewer_ids = _pks(input.reviewer_ids, "User", "reviewerIds", assignments.MAX_REVIEWERS)
        application_ids = (
            _pks(input.application_ids, "TalentApplication", "applicationIds", assignments.MAX_APPLICATIONS)
            if input.application_ids is not None
            else None
        )
        done = await assignments.assign_reviewers(
            info.context.actor, _round_pk(input.round_id), reviewer_ids, application_ids
        )
        return AssignTalentReviewersPayload(
            round=TalentRoundNode.from_model(done.round),
            assignments=[TalentAssignmentNode.from_model(a) for a in done.assignments],
        )

    @mutation("评审专家对分配给自己的申报申明回避（须填写原因）；已评分的不能回避", roles=EXPERTS)
    async def declare_talent_conflict(
        self, info: Info, input: DeclareTalentConflictInput
    ) -> DeclareTalentConflictPayload:
        row = await assignments.declare_conflict(
            info.context.actor,
            input_pk(input.application_id, "TalentApplication", "applicationId"),
            input.reason,
        )
        return DeclareTalentConflictPayload(assignment=TalentAssignmentNode.from_model(row))

    @mutation(
        "州级管理员准予评审专家免评本轮尚未评分的申报（须填写原因，记入评审记录）", roles=PREFECTURE_ADMIN
    )
    async def excuse_talent_reviewer(
        self, info: Info, input: ExcuseTalentReviewerInput
    ) -> ExcuseTalentReviewerPayload:
        row = await assignments.excuse_reviewer(
            info.context.actor,
            _round_pk(input.round_id),
            input_pk(input.reviewer_id, "User", "reviewerId"),
            input.reason,
        )
        return ExcuseTalentReviewerPayload(round=TalentRoundNode.from_model(row))

    @mutation(
        "评审专家为分配给自己的申报评分：每个维度一项，不超过该维度满分；提交后封存，不能修改", roles=EXPERTS
    )
    async def score_talent_application(
        self, info: Info, input: ScoreTalentApplicationInput
    ) -> ScoreTalentApplicationPayload:
        row = await scores.score_application(
            info.context.actor,
            input_pk(input.application_id, "TalentApplication", "applicationId"),
            [(s.dimension, s.score) for s in input.scores[:_MAX_SCORE_ROWS]],
            input.comment,
        )
        return ScoreTalentApplicationPayload(assignment=TalentAssignmentNode.from_model(row))

    @mutation(
        "州级管理员结束专家评审：计算得分（5 名及以上专家去掉一个最高分和一个最低分后取平均）、"
        "排名并标出名额内人选；"
        "须所有分配的专家都已评分或已准予免评",
        roles=PREFECTURE_ADMIN,
    )
    async def close_talent_scoring(
        self, info: Info, input: CloseTalentScoringInput
    ) -> CloseTalentScoringPayload:
        row = await closing.close_scoring(info.context.actor, _round_pk(input.round_id))
        return CloseTalentScoringPayload(round=TalentRoundNode.from_model(row))
