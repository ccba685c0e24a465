"""A reviewer's scores: every dimension within its maximum, recorded once with the weighted total and
sealed; only the assigned reviewer without a conflict, only in expert scoring, only a passed application."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from domain.access import Role
from domain.accounts.models import UserRole
from domain.audit.models import AuditEvent
from domain.talent.assignments import declare_conflict
from domain.talent.errors import (
    AlreadyScored,
    InvalidScores,
    NotAssigned,
    ReviewerConflict,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import TalentAssignment, TalentRubricItem, TalentScore
from domain.talent.scores import score_application
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus, RoundStatus, TalentDimension
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.domain.talent.scoring_rows import a_scoring_round, experts, full_scores
from tests.factories import actor_of

GOOD = ("14", "13.5", "18", "17.25", "19", "9")


async def test_scores_are_recorded_with_the_weighted_total_and_sealed(db: str) -> None:
    scoring = await a_scoring_round(reviewers=2)
    await TalentRubricItem.filter(round_id=scoring.round.id, dimension=TalentDimension.ETHICS).update(
        weight=Decimal("1.5")
    )
    reviewer = await actor_of(scoring.reviewers[0])
    application = scoring.applications[0]
    row = await score_application(reviewer, application.id, full_scores(*GOOD), "业绩突出")
    assert row.status is AssignmentStatus.SCORED
    assert row.weighted_total == Decimal("1.5") * 14 + Decimal("13.5") + 18 + Decimal("17.25") + 19 + 9
    assert row.comment == "业绩突出"
    assert row.decided_at is not None
    stored = {s.dimension: s.score for s in await TalentScore.filter(assignment_id=row.id)}
    assert stored == dict(full_scores(*GOOD))
    event = await AuditEvent.get(action="talent.application.scored")
    assert "scores" not in event.summary
    assert event.county_code is None  # who scored is the prefecture's to know
    # Sealed: the same scores again, or others, are refused and change nothing.
    for again in (GOOD, ("1", "1", "1", "1", "1", "1")):
        with pytest.raises(AlreadyScored, match="已提交封存"):
            await score_application(reviewer, application.id, full_scores(*again), None)
    assert await TalentScore.filter(assignment_id=row.id).count() == 6
    assert (await TalentAssignment.get(id=row.id)).comment == "业绩突出"


async def test_the_same_scores_sent_twice_at_once_are_recorded_once(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    reviewer = await actor_of(scoring.reviewers[0])
    application = scoring.applications[0]
    answers = await asyncio.gather(
        *(score_application(reviewer, application.id, full_scores(*GOOD), None) for _ in range(3)),
        return_exceptions=True,
    )
    assert sum(isinstance(a, TalentAssignment) for a in answers) == 1
    assert sum(isinstance(a, AlreadyScored) for a in answers) == 2
    assert await TalentScore.all().count() == 6


async def test_a_score_over_its_dimensions_maximum_is_refused_at_its_row(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    reviewer = await actor_of(scoring.reviewers[0])
    with pytest.raises(InvalidScores, match="「专业技术」的得分须在 0 到 20 分之间") as refused:
        await score_application(
            reviewer, scoring.applications[0].id, full_scores("15", "15", "20.5", "20", "20", "10"), None
        )
    assert refused.value.field_path == ("scores", "2", "score")
    with pytest.raises(InvalidScores, match="还缺"):
        await score_application(reviewer, scoring.applications[0].id, full_scores(*GOOD)[:5], None)
    assert not await TalentScore.exists()
    assert (
        await TalentAssignment.get(
            reviewer_user_id=scoring.reviewers[0].id, application_id=scoring.applications[0].id
        )
    ).status is AssignmentStatus.ASSIGNED


async def test_an_expert_not_assigned_to_the_application_may_not_score_it(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    [stranger] = await experts(1, prefix="stranger")
    with pytest.raises(NotAssigned, match="您未被分配评审此申报"):
        await score_application(
            await actor_of(stranger), scoring.applications[0].id, full_scores(*GOOD), None
        )
    assert not await TalentScore.exists()


async def test_a_reviewer_with_a_conflict_may_not_score(db: str) -> None:
    scoring = await a_scoring_round(reviewers=2)
    application = scoring.applications[0]
    found = await TalentAssignment.get(
        application_id=application.id, reviewer_user_id=scoring.reviewers[1].id
    )
    found.status = AssignmentStatus.CONFLICT
    await found.save()
    with pytest.raises(ReviewerConflict, match="须回避"):
        await score_application(
            await actor_of(scoring.reviewers[1]), application.id, full_scores(*GOOD), None
        )
    declaring = await actor_of(scoring.reviewers[0])
    await declare_conflict(declaring, application.id, "近亲属")
    with pytest.raises(ReviewerConflict, match="须回避（近亲属）"):
        await score_application(declaring, application.id, full_scores(*GOOD), None)
    assert not await TalentScore.exists()


async def test_scoring_before_the_county_review_is_refused_in_words(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("early"))
    [expert] = await experts(1, prefix="early")
    await TalentAssignment.create(
        round_id=round_.id, application_id=application.id, reviewer_user_id=expert.id
    )
    with pytest.raises(WrongRoundStatus, match="选拔轮次征集中，不能评分") as refused:
        await score_application(await actor_of(expert), application.id, full_scores(*GOOD), None)
    assert refused.value.field_path == ("applicationId",)
    scoring = await a_scoring_round(reviewers=1)
    returned = await an_application(
        scoring.round, await an_applicant("back"), status=ApplicationStatus.RETURNED
    )
    await TalentAssignment.create(
        round_id=scoring.round.id, application_id=returned.id, reviewer_user_id=scoring.reviewers[0].id
    )
    with pytest.raises(WrongApplicationStatus, match="该申报已退回修改，不能评分"):
        await score_application(await actor_of(scoring.reviewers[0]), returned.id, full_scores(*GOOD), None)


async def test_an_expert_not_assigned_learns_nothing_of_the_application_status(db: str) -> None:
    round_ = await a_round()
    early = await an_application(round_, await an_applicant("early"))
    scoring = await a_scoring_round(reviewers=1)
    returned = await an_application(
        scoring.round, await an_applicant("back"), status=ApplicationStatus.RETURNED
    )
    [stranger] = await experts(1, prefix="stranger")
    for application in (early, returned, scoring.applications[0]):
        with pytest.raises(NotAssigned, match="您未被分配评审此申报"):
            await score_application(await actor_of(stranger), application.id, full_scores(*GOOD), None)
    assert not await TalentScore.exists()


async def test_after_the_scoring_closed_nothing_more_is_scored(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    await type(scoring.round).filter(id=scoring.round.id).update(status=RoundStatus.RANKED)
    with pytest.raises(WrongRoundStatus, match="评审已结束"):
        await score_application(
            await actor_of(scoring.reviewers[0]), scoring.applications[0].id, full_scores(*GOOD), None
        )


async def test_a_negative_zero_is_stored_as_zero(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    row = await score_application(
        await actor_of(scoring.reviewers[0]),
        scoring.applications[0].id,
        full_scores("-0", "-0.00", "18", "17", "19", "9"),
        None,
    )
    stored = [str(s.score) for s in await TalentScore.filter(assignment_id=row.id).order_by("id")]
    assert stored[:2] == ["0.00", "0.00"]


async def test_a_reviewers_comment_keeps_its_paragraphs(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    row = await score_application(
        await actor_of(scoring.reviewers[0]),
        scoring.applications[0].id,
        full_scores(*GOOD),
        "业绩突出。\n\n\n建议加强督导。  ",
    )
    assert row.comment == "业绩突出。\n\n建议加强督导。"


@pytest.mark.parametrize("status", [ApplicationStatus.REJECTED, ApplicationStatus.RETURNED])
async def test_an_applicant_of_the_round_scores_none_of_its_applications(
    db: str, status: ApplicationStatus
) -> None:
    scoring = await a_scoring_round(reviewers=1)
    reviewer = await an_applicant("applyingexpert", county_code="532302", name="申评审")
    await UserRole.create(user_id=reviewer.id, role=Role.EXPERT)
    await an_application(scoring.round, reviewer, status=status, county_code="532302")
    await TalentAssignment.create(
        round_id=scoring.round.id, application_id=scoring.applications[0].id, reviewer_user_id=reviewer.id
    )
    with pytest.raises(ReviewerConflict, match="评审专家本人为本轮申报人") as refused:
        await score_application(
            await actor_of(reviewer), scoring.applications[0].id, full_scores(*GOOD), None
        )
    assert refused.value.field_path == ("applicationId",)
    assert not await TalentScore.exists()
