"""The demo's 彝乡 leading-talent round: called by the prefecture two and a half months ago, applied to by
three certificate holders of three counties (李娜's returned once for more detail), passed by the counties,
scored by two experts, ranked, and on public notice (公示) today, with one objection from the public
waiting for the prefecture's answer. Everything goes through the services, in the order users act, with the
clock moved back where the story happened earlier."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Final

from api.demo.data import SEEDER
from domain import clock
from domain.access import Actor
from domain.accounts.models import User
from domain.accounts.roles import actor_for, grants_of
from domain.exam.vocabulary import ExamLevel
from domain.talent import (
    applications,
    assignments,
    closing,
    county_review,
    notice,
    objections,
    rounds,
    scores,
)
from domain.talent.vocabulary import ReviewDecision, TalentDimension

# Applicant, statement, achievements, and each expert's scores in the seed's order of dimensions
# (ETHICS … CLIENT_FEEDBACK; maxima 15/15/20/20/20/10).
APPLICANTS: Final = [
    (
        "pu.xiu",
        "在武定县狮山镇社区从事社会工作十七年，长期服务彝族留守老人和困境儿童。",
        "牵头建立“彝乡邻里守望”互助网络，覆盖 12 个村民小组；2024 年获评州级优秀社会工作者。",
        ((14, 14, 18, 18, 19, 9), (13, 14, 17, 19, 18, 9)),
    ),
    (
        "li.na",
        "社会工作专业本科毕业，扎根楚雄市鹿城镇社区十余年，专职从事社区社会工作。",
        "主持“鹿城护苗”困境儿童关爱项目，服务 300 余名儿童；督导社区社工 8 名。",
        ((13, 13, 17, 17, 17, 9), (13, 12, 18, 17, 16, 8)),
    ),
    (
        "zhang.mei",
        "社会工作硕士，2020 年起在禄丰市金山镇社区工作，专注社区养老服务。",
        "设计社区居家养老探访服务流程并在全镇推广；发表实务论文 2 篇。",
        ((12, 13, 17, 16, 16, 8), (12, 12, 16, 16, 17, 8)),
    ),
]
EXPERTS: Final = ("expert.yang", "yang.fan")
DIMENSIONS: Final = tuple(TalentDimension)


async def _actor(username: str) -> Actor:
    user = await User.get(username=username)
    return actor_for(user, await grants_of(user.id), SEEDER)


async def seed_talent(talents: dict[str, Actor]) -> None:
    """After the exam and incentives demos (李娜, 张梅 and 普秀 hold certificates by then)."""
    today = clock.today()
    with clock.travel_to(today - timedelta(days=75)):
        round_ = await rounds.open_round(
            SEEDER,
            rounds.RoundInput(
                year=today.year,
                title=f"{today.year}年度彝乡专业社会工作领军人才选拔",
                quota=3,
                county_quotas=[("532301", 1), ("532302", 1), ("532329", 1), ("532324", 1)],
                application_opens_on=today - timedelta(days=60),
                application_closes_on=today - timedelta(days=30),
                # This round is open to every certificate holder with three years of practice.
                eligibility=rounds.EligibilityInput(min_certificate_level=ExamLevel.ASSISTANT),
                funding=Decimal("30000"),
            ),
        )
    with clock.travel_to(today - timedelta(days=50)):
        applied = {
            username: await applications.apply(
                talents[username], round_.id, statement=statement, achievements=achievements
            )
            for username, statement, achievements, _ in APPLICANTS
        }
    with clock.travel_to(today - timedelta(days=45)):
        await county_review.review_application(
            SEEDER, applied["li.na"].id, ReviewDecision.RETURN, "请补充项目服务人数和督导记录"
        )
        await applications.update_application(
            talents["li.na"],
            applied["li.na"].id,
            statement=APPLICANTS[1][1],
            achievements=APPLICANTS[1][2] + "\n2023—2025 年累计督导记录 96 次。",
        )
        await applications.submit_application(talents["li.na"], applied["li.na"].id)
    with clock.travel_to(today - timedelta(days=40)):
        for application in applied.values():
            await county_review.review_application(SEEDER, application.id, ReviewDecision.PASS, "同意推荐")
    experts = [await _actor(username) for username in EXPERTS]
    with clock.travel_to(today - timedelta(days=25)):
        reviewer_ids = [expert.user_id for expert in experts if expert.user_id is not None]
        await assignments.assign_reviewers(SEEDER, round_.id, reviewer_ids, None)
        for username, _, _, marks in APPLICANTS:
            for expert, points in zip(experts, marks, strict=True):
                await scores.score_application(
                    expert,
                    applied[username].id,
                    [(d, Decimal(p)) for d, p in zip(DIMENSIONS, points, strict=True)],
                    "材料翔实，业绩突出",
                )
    with clock.travel_to(today - timedelta(days=20)):
        await closing.close_scoring(SEEDER, round_.id)
    # 公示 for ten working days from three days ago, so it is running today.
    with clock.travel_to(today - timedelta(days=3)):
        await notice.start_public_notice(SEEDER, round_.id, 10, today - timedelta(days=3))
    with clock.travel_to(today - timedelta(days=1)):
        await objections.file_objection(
            Actor(client="203.0.113.7", request_id="seed-demo"),
            applied["zhang.mei"].id,
            "张梅同志所报居家养老探访流程系镇社工站集体成果，请核实其个人贡献。",
            "13987800000",
        )


__all__ = ["seed_talent"]
