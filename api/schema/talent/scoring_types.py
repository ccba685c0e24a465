"""GraphQL types of expert scoring: a reviewer's assignment to an application and its sealed scores.

Scores are sealed: the reviewer reads their own (`myScores`) once submitted; the prefecture admin reads a
reviewer's scores (`scores`, `weightedTotal`, `comment`) only once the round is ranked; no reviewer ever
reads another's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from api.context import Info
from api.schema.accounts.types import UserNode, user_node
from api.schema.relay import Node, loader, register_node, to_global_id
from api.schema.talent.enums import AssignmentStatus, RoundStatus, TalentDimension
from api.schema.talent.loaders import TalentLoaders
from api.schema.talent.types import TalentApplicationNode, TalentRoundNode, talent_application_node
from domain.access import Actor
from domain.talent import assignments, models
from domain.talent.vocabulary import DIMENSION_NAMES

# Once the ranking is settled, the prefecture admin may read how each reviewer scored.
_OPEN_AFTER = frozenset({RoundStatus.RANKED, RoundStatus.ON_NOTICE, RoundStatus.APPROVED})


@dataclass
class ScoringLoaders:
    scores: DataLoader[int, list[models.TalentScore] | None] = field(
        default_factory=lambda: loader(assignments.scores_by_assignment_ids)
    )


@strawberry.type(name="TalentScore", description="一个评价维度的得分")
class TalentScoreEntry:
    dimension: TalentDimension = strawberry.field(description="评价维度")
    name: str = strawberry.field(description="维度名称（如 职业操守）")
    score: Decimal = strawberry.field(description="得分（0 至该维度满分，最多两位小数）")


@strawberry.type(
    name="TalentAssignment",
    description="一位评审专家对一份申报的评审：分配、回避、免评或已评分（评分提交后封存，专家之间互不可见）",
)
class TalentAssignmentNode(Node):
    status: AssignmentStatus = strawberry.field(description="评审状态")
    reason: str | None = strawberry.field(
        description="不评分的原因：同一单位回避、本人申明回避或管理员准予免评"
    )
    assigned_at: datetime = strawberry.field(description="分配时间")
    decided_at: datetime | None = strawberry.field(description="评分、回避或免评的时间")
    pk: strawberry.Private[int]
    round_pk: strawberry.Private[int]
    application_pk: strawberry.Private[int]
    reviewer_pk: strawberry.Private[int]
    sealed_total: strawberry.Private[Decimal | None]
    sealed_comment: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, row: models.TalentAssignment) -> TalentAssignmentNode:
        return cls(
            id=to_global_id("TalentAssignment", row.id),
            status=row.status,
            reason=row.reason,
            assigned_at=row.assigned_at,
            decided_at=row.decided_at,
            pk=row.id,
            round_pk=row.round_id,
            application_pk=row.application_id,
            reviewer_pk=row.reviewer_user_id,
            sealed_total=row.weighted_total,
            sealed_comment=row.comment,
        )

    def _is_mine(self, actor: Actor) -> bool:
        return actor.user_id is not None and actor.user_id == self.reviewer_pk

    async def _opened_to_admin(self, info: Info) -> bool:
        if not info.context.actor.is_prefecture_admin:
            return False
        row = await info.context.loaders(TalentLoaders).round.load(self.round_pk)
        return row is not None and row.status in _OPEN_AFTER

    async def _readable(self, info: Info) -> bool:
        return self._is_mine(info.context.actor) or await self._opened_to_admin(info)

    async def _entries(self, info: Info) -> list[TalentScoreEntry]:
        rows = await info.context.loaders(ScoringLoaders).scores.load(self.pk) or []
        order = list(TalentDimension)
        return [
            TalentScoreEntry(dimension=r.dimension, name=DIMENSION_NAMES[r.dimension], score=r.score)
            for r in sorted(rows, key=lambda r: order.index(r.dimension))
        ]

    @strawberry.field(description="申报（专家回避后不再可见，为空）")
    async def application(self, info: Info) -> TalentApplicationNode | None:
        return await talent_application_node(info, self.application_pk)

    @strawberry.field(description="选拔轮次")
    async def round(self, info: Info) -> TalentRoundNode:
        row = await info.context.loaders(TalentLoaders).round.load(self.round_pk)
        assert row is not None  # noqa: S101 - an assignment's round is RESTRICTed from deletion
        return TalentRoundNode.from_model(row)

    @strawberry.field(description="评审专家账号（专家本人和州级管理员可见）")
    async def reviewer(self, info: Info) -> UserNode | None:
        return await user_node(info, self.reviewer_pk)

    @strawberry.field(description="本人已提交（封存）的各维度得分；不是本人的评审或尚未评分时为空列表")
    async def my_scores(self, info: Info) -> list[TalentScoreEntry]:
        if not self._is_mine(info.context.actor) or self.status is not AssignmentStatus.SCORED:
            return []
        return await self._entries(info)

    @strawberry.field(
        description="该专家的各维度得分：州级管理员在评审结束排名后可见；其他情况为空（评分封存，专家之间互不可见）"
    )
    async def scores(self, info: Info) -> list[TalentScoreEntry] | None:
        if self.status is not AssignmentStatus.SCORED or not await self._opened_to_admin(info):
            return None
        return await self._entries(info)

    @strawberry.field(description="加权总分（Σ 权重 × 得分）：专家本人，或评审结束排名后的州级管理员可见")
    async def weighted_total(self, info: Info) -> Decimal | None:
        return self.sealed_total if await self._readable(info) else None

    @strawberry.field(description="评审意见：专家本人，或评审结束排名后的州级管理员可见")
    async def comment(self, info: Info) -> str | None:
        return self.sealed_comment if await self._readable(info) else None


async def talent_assignment_node(info: Info, pk: int) -> TalentAssignmentNode | None:
    """Visible to its reviewer and to the prefecture admin."""
    actor = info.context.actor
    found = await assignments.assignments_by_ids([pk])
    row = found.get(pk)
    if row is None or not (actor.is_prefecture_admin or actor.user_id == row.reviewer_user_id):
        return None
    return TalentAssignmentNode.from_model(row)


register_node("TalentAssignment", talent_assignment_node)
