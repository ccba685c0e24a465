"""Closing the expert scoring: every assigned score needed (or the reviewer excused), scores as trimmed
means, ranks, quota marks and statuses written in one go; the ranking read by role."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.access import Actor
from domain.audit.models import AuditEvent
from domain.errors import OutOfScope
from domain.talent.assignments import excuse_reviewer
from domain.talent.closing import close_scoring, ranking_of
from domain.talent.errors import ScoringIncomplete, WrongRoundStatus
from domain.talent.models import TalentApplication, TalentApplicationStep, TalentRound
from domain.talent.vocabulary import ApplicationStatus, RoundStatus
from tests.domain.talent.scoring_rows import a_scoring_round, county_admin, prefecture_admin, scored

TEN = ("10", "10", "10", "10", "10", "10")  # 60


async def test_closing_ranks_marks_the_quotas_and_moves_everyone_in_one_go(db: str) -> None:
    # 楚雄市 (quota 1) has 甲 and 乙, 禄丰市 丙 and 丁; 5 reviewers each, total quota 3.
    scoring = await a_scoring_round(
        counties=["532301", "532301", "532302", "532302"], reviewers=5, quota=3, county_quotas={"532301": 1}
    )
    jia, yi, bing, ding = scoring.applications
    plans = {
        # One very high and one very low total are dropped: (60+60+60)/3 = 60 (the untrimmed mean is 57).
        jia.id: [TEN, TEN, TEN, ("15", "15", "20", "20", "20", "10"), ("0", "0", "0", "0", "0", "5")],
        yi.id: [("9", "9", "9", "9", "9", "9")] * 5,  # 54: second of 楚雄市, out by its county quota
        bing.id: [("8", "8", "8", "8", "8", "8")] * 5,  # 48
        ding.id: [("7", "7", "7", "7", "7", "7")] * 5,  # 42
    }
    for application in scoring.applications:
        for reviewer, values in zip(scoring.reviewers, plans[application.id], strict=True):
            await scored(application, reviewer, *values)
    admin = await prefecture_admin()
    round_ = await close_scoring(admin, scoring.round.id)
    assert round_.status is RoundStatus.RANKED
    assert round_.scoring_closed_at is not None
    rows = await TalentApplication.filter(round_id=round_.id).order_by("rank")
    assert [(r.id, r.score, r.rank, r.within_quota, r.status) for r in rows] == [
        (jia.id, Decimal("60.00"), 1, True, ApplicationStatus.SHORTLISTED),
        (yi.id, Decimal("54.00"), 2, False, ApplicationStatus.NOT_SELECTED),
        (bing.id, Decimal("48.00"), 3, True, ApplicationStatus.SHORTLISTED),
        (ding.id, Decimal("42.00"), 4, True, ApplicationStatus.SHORTLISTED),
    ]
    steps = await TalentApplicationStep.filter(application_id=yi.id)
    assert [(s.from_status, s.to_status, s.comment) for s in steps] == [
        (ApplicationStatus.COUNTY_PASSED, ApplicationStatus.NOT_SELECTED, "专家评审得分 54.00，排名第 2 名")
    ]
    event = await AuditEvent.get(action="talent.round.scoring_closed")
    ranking = event.summary["ranking"]
    assert isinstance(ranking, list)
    assert ranking[0] == {
        "application": jia.id,
        "county": "532301",
        "score": "60.00",
        "rank": 1,
        "withinQuota": True,
    }
    # The ranking by role: all for the prefecture, the county's own for a county admin, none for others.
    assert [a.id for a in await ranking_of(admin, round_)] == [jia.id, yi.id, bing.id, ding.id]
    assert [a.id for a in await ranking_of(await county_admin("532302"), round_)] == [bing.id, ding.id]
    assert await ranking_of(Actor(), round_) == []
    with pytest.raises(WrongRoundStatus, match="评审已结束、待公示，不能结束专家评审"):
        await close_scoring(admin, round_.id)


async def test_a_quota_stays_unfilled_when_too_few_are_scored(db: str) -> None:
    scoring = await a_scoring_round(counties=["532301"], reviewers=1, quota=3)
    await scored(scoring.applications[0], scoring.reviewers[0], *TEN)
    await close_scoring(await prefecture_admin(), scoring.round.id)
    assert await TalentApplication.filter(status=ApplicationStatus.SHORTLISTED).count() == 1


async def test_closing_waits_for_every_assigned_score_and_names_who_owes_them(db: str) -> None:
    scoring = await a_scoring_round(reviewers=2)
    late = scoring.reviewers[1]
    for application in scoring.applications:
        await scored(application, scoring.reviewers[0], *TEN)
    await scored(scoring.applications[0], late, *TEN)
    admin = await prefecture_admin()
    with pytest.raises(ScoringIncomplete, match="还有 2 份评分未提交：expertB（2 份）"):
        await close_scoring(admin, scoring.round.id)
    assert (await TalentRound.get(id=scoring.round.id)).status is RoundStatus.SCORING
    assert not await TalentApplicationStep.exists()
    # Excused, the reviewer owes nothing; their one score counts.
    await excuse_reviewer(admin, scoring.round.id, late.id, "出差")
    await close_scoring(admin, scoring.round.id)
    assert (await TalentRound.get(id=scoring.round.id)).status is RoundStatus.RANKED


async def test_an_application_nobody_scored_stops_the_closing(db: str) -> None:
    scoring = await a_scoring_round(counties=["532301", "532302"], reviewers=1)
    await scored(scoring.applications[0], scoring.reviewers[0], *TEN)
    admin = await prefecture_admin()
    await excuse_reviewer(admin, scoring.round.id, scoring.reviewers[0].id, "回避")
    with pytest.raises(ScoringIncomplete, match="1 份申报还没有任何专家评分：「申报人乙」"):
        await close_scoring(admin, scoring.round.id)
    assert (await TalentRound.get(id=scoring.round.id)).status is RoundStatus.SCORING


async def test_only_the_prefecture_admin_closes_the_scoring(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    with pytest.raises(OutOfScope):
        await close_scoring(await county_admin("532301"), scoring.round.id)
