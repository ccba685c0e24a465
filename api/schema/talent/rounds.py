"""Rounds of the leading-talent programme: openTalentRound, correctTalentRound, talentRounds,
talentRound (domain/talent/rounds.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types.unset import UNSET

from api.context import Info
from api.errors import NotFound
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import Connection, check_first, connection, from_cursor, input_pk, query_pk
from api.schema.talent.enums import TalentDimension
from api.schema.talent.types import TalentRoundNode
from domain.exam.vocabulary import ExamLevel
from domain.talent import rounds
from domain.talent.errors import TalentRoundNotFound


@strawberry.input(description="一个县市的名额")
class TalentCountyQuotaInput:
    county_code: str = strawberry.field(description="县市代码，如 532301")
    quota: int = strawberry.field(description="名额：0 至总名额")


@strawberry.input(description="申报条件；每项不填取默认值，最低证书级别和最大年龄填 null 为不限")
class TalentEligibilityInput:
    min_certificate_level: ExamLevel | None = strawberry.field(
        default=UNSET, description="最低证书级别（默认 SOCIAL_WORKER 社会工作师；null 不限）"
    )
    min_years_held: int | None = strawberry.field(
        default=UNSET, description="取得该级别及以上证书的最少年数，0 至 50（默认 0）"
    )
    min_practice_years: int | None = strawberry.field(
        default=UNSET, description="从事社会工作的最少年数，0 至 50（默认 3）"
    )
    max_age: int | None = strawberry.field(
        default=UNSET, description="申报截止日的最大年龄（周岁），18 至 80（默认 55；null 不限）"
    )
    training_requirement_met: bool | None = strawberry.field(
        default=UNSET, description="是否须已完成一线人员培训学时要求（默认 false）"
    )


@strawberry.input(description="评分细则的一个评价维度")
class TalentRubricItemInput:
    dimension: TalentDimension = strawberry.field(description="评价维度")
    weight: Decimal = strawberry.field(description="权重，大于 0，最多两位小数")
    max_score: Decimal = strawberry.field(description="满分，大于 0，最多两位小数")


@strawberry.input(description="发布领军人才选拔轮次")
class OpenTalentRoundInput:
    year: int = strawberry.field(description="年度（2021 至 2100）")
    title: str = strawberry.field(description="标题，不超过 100 字")
    quota: int = strawberry.field(description="总名额（1 至 1000）")
    county_quotas: list[TalentCountyQuotaInput] = strawberry.field(
        description="各县市名额，每个县市一次；未列出的县市没有名额"
    )
    application_opens_on: date = strawberry.field(description="申报开始日期（含）")
    application_closes_on: date = strawberry.field(
        description="申报截止日期（含），不早于开始日期和今天；申报条件以此日为准"
    )
    eligibility: TalentEligibilityInput | None = strawberry.field(
        default=None, description="申报条件；不填全部取默认值"
    )
    rubric: list[TalentRubricItemInput] | None = strawberry.field(
        default=None,
        description="评分细则：六个评价维度各一次；不填取默认（权重均为 1，满分 15/15/20/20/20/10）",
    )
    promote_next_on_upheld: bool | None = strawberry.field(
        default=None, description="公示异议成立取消人选后，是否由下一名递补（默认 true）"
    )
    cultivation_years: int | None = strawberry.field(
        default=None, description="培养期（年），1 至 10（默认 3）"
    )
    funding: Decimal | None = strawberry.field(
        default=None, description="每人培养经费总额（元，最多两位小数，默认 0），按年分期拨付"
    )


@strawberry.type
class OpenTalentRoundPayload(Payload):
    round: TalentRoundNode | None = None


@strawberry.input(
    description="更正选拔轮次（仅在申报开始前）；只改所填的项，县级名额和评分细则填写时整体替换"
)
class CorrectTalentRoundInput:
    round_id: strawberry.ID = strawberry.field(description="选拔轮次（TalentRound 的全局编号）")
    year: int | None = strawberry.field(default=None, description="年度（2021 至 2100）")
    title: str | None = strawberry.field(default=None, description="标题，不超过 100 字")
    quota: int | None = strawberry.field(default=None, description="总名额（1 至 1000）")
    county_quotas: list[TalentCountyQuotaInput] | None = strawberry.field(
        default=None, description="各县市名额（整体替换）"
    )
    application_opens_on: date | None = strawberry.field(default=None, description="申报开始日期（含）")
    application_closes_on: date | None = strawberry.field(default=None, description="申报截止日期（含）")
    eligibility: TalentEligibilityInput | None = strawberry.field(
        default=None, description="申报条件：只改所填的项"
    )
    rubric: list[TalentRubricItemInput] | None = strawberry.field(
        default=None, description="评分细则（整体替换）"
    )
    promote_next_on_upheld: bool | None = strawberry.field(
        default=None, description="公示异议成立取消人选后，是否由下一名递补"
    )
    cultivation_years: int | None = strawberry.field(default=None, description="培养期（年），1 至 10")
    funding: Decimal | None = strawberry.field(default=None, description="每人培养经费总额（元）")


@strawberry.type
class CorrectTalentRoundPayload(Payload):
    round: TalentRoundNode | None = None


def _criterion(value: Any, *, nullable: bool) -> Any:
    """UNSET (left out) → take the default or keep; null → no condition where allowed, else left out."""
    if value is UNSET or (value is None and not nullable):
        return rounds.MISSING
    return value


def _eligibility(given: TalentEligibilityInput | None) -> rounds.EligibilityInput:
    if given is None:
        return rounds.EligibilityInput()
    return rounds.EligibilityInput(
        min_certificate_level=_criterion(given.min_certificate_level, nullable=True),
        min_years_held=_criterion(given.min_years_held, nullable=False),
        min_practice_years=_criterion(given.min_practice_years, nullable=False),
        max_age=_criterion(given.max_age, nullable=True),
        training_requirement_met=_criterion(given.training_requirement_met, nullable=False),
    )


def _round_input(given: OpenTalentRoundInput | CorrectTalentRoundInput) -> rounds.RoundInput:
    return rounds.RoundInput(
        year=given.year,
        title=given.title,
        quota=given.quota,
        county_quotas=(
            [(q.county_code, q.quota) for q in given.county_quotas]
            if given.county_quotas is not None
            else None
        ),
        application_opens_on=given.application_opens_on,
        application_closes_on=given.application_closes_on,
        eligibility=_eligibility(given.eligibility),
        rubric=[(r.dimension, r.weight, r.max_score) for r in given.rubric]
        if given.rubric is not None
        else None,
        promote_next_on_upheld=given.promote_next_on_upheld,
        cultivation_years=given.cultivation_years,
        funding=given.funding,
    )


@strawberry.type
class RoundsQuery:
    @strawberry.field(description="领军人才选拔轮次（公开），最新发布的在前")
    async def talent_rounds(
        self, info: Info, first: int, after: str | None = None
    ) -> Connection[TalentRoundNode]:
        check_first(first, info.context.settings.limits.max_page_size)
        after_pk = from_cursor(after)
        page = await rounds.list_rounds(first=first, after=after_pk)
        return connection(page, TalentRoundNode.from_model, after=after_pk)

    @strawberry.field(description="一个选拔轮次（公开）；不存在时报 NOT_FOUND")
    async def talent_round(
        self,
        round_id: Annotated[
            strawberry.ID, strawberry.argument(description="选拔轮次（TalentRound 的全局编号）")
        ],
    ) -> TalentRoundNode:
        try:
            row = await rounds.get_round(query_pk(round_id, "TalentRound"))
        except TalentRoundNotFound as error:
            raise NotFound(error.message) from None
        return TalentRoundNode.from_model(row)


@strawberry.type
class RoundsMutation:
    @mutation(
        "州级管理员发布领军人才选拔轮次：名额、申报期、申报条件和评分细则；未填的部分取文档所列默认值",
        roles=PREFECTURE_ADMIN,
    )
    async def open_talent_round(self, info: Info, input: OpenTalentRoundInput) -> OpenTalentRoundPayload:
        row = await rounds.open_round(info.context.actor, _round_input(input))
        return OpenTalentRoundPayload(round=TalentRoundNode.from_model(row))

    @mutation("州级管理员在申报开始前更正选拔轮次；申报开始后不能再更正", roles=PREFECTURE_ADMIN)
    async def correct_talent_round(
        self, info: Info, input: CorrectTalentRoundInput
    ) -> CorrectTalentRoundPayload:
        row = await rounds.correct_round(
            info.context.actor, input_pk(input.round_id, "TalentRound", "roundId"), _round_input(input)
        )
        return CorrectTalentRoundPayload(round=TalentRoundNode.from_model(row))
