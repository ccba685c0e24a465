"""A reviewer's sealed scores of one application (DOMAIN.md §The 彝乡 leading-talent programme, step 4):
every dimension of the round's rubric within its maximum, recorded once with the weighted total; what a
reviewer has submitted is never changed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput
from domain.names import free_text
from domain.talent import scoring
from domain.talent.assignments import (
    APPLICANT_CONFLICT,
    applicants_of_round,
    check_assignment_move,
    own_assignment,
)
from domain.talent.errors import (
    ReviewerConflict,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import (
    TalentAssignment,
    TalentRound,
    TalentRubricItem,
    TalentScore,
)
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus, RoundStatus, TalentDimension
from domain.talent.workflow import ROUND_NAMES, status_name
from domain.transaction import write_transaction

__all__ = ["MAX_COMMENT_LENGTH", "rubric_of", "score_application"]

MAX_COMMENT_LENGTH: Final = 1000
_ACTION: Final = "评分"


async def rubric_of(round_id: int) -> list[scoring.RubricLine]:
    """The round's rubric in the seed's dimension order."""
    order = list(TalentDimension)
    rows = await TalentRubricItem.filter(round_id=round_id)
    lines = [scoring.RubricLine(r.dimension, r.weight, r.max_score) for r in rows]
    return sorted(lines, key=lambda line: order.index(line.dimension))


async def score_application(
    actor: Actor,
    application_id: int,
    scores: Sequence[tuple[TalentDimension, Decimal]],
    comment: str | None,
) -> TalentAssignment:
    """The reviewer assigned to an application scores it (step 4): one score per dimension of the round's
    rubric, 0 ≤ score ≤ the dimension's maximum, at most two decimals (`scoring.check_scores`; -0 is 0), and
    an optional comment (`names.free_text` keeping paragraphs, at most 1000 characters). The assignment is
    checked before anything else about the application; then the round must be SCORING and the
    application COUNTY_PASSED. A reviewer who is an applicant of the round (not withdrawn or declined)
    scores none of its applications. Scores are sealed: a second submission, even the same scores again,
    is refused.

    Writes, in one transaction: one `TalentScore` per dimension; the assignment ASSIGNED → SCORED with
    `weighted_total` (Σ weight × score, exact) , the comment and `decided_at`; the audit event
    `talent.application.scored` (without the scores: they are sealed from everyone but the reviewer
    until the ranking), with no county: prefecture admins only.

    Raises:
        TalentApplicationNotFound: no such application.
        WrongRoundStatus: the round is not SCORING ("选拔轮次征集中，不能评分": scoring has not begun).
        WrongApplicationStatus: the application is not COUNTY_PASSED (e.g. still awaiting county review).
        NotAssigned: the actor is not assigned to it (checked before the round and the application), or
            was excused.
        ReviewerConflict: the actor's assignment is a conflict, found or declared, or the actor is an
            applicant of the round.
        AlreadyScored: the actor has scored it already (sealed), also when the same request ran a moment
            earlier.
        InvalidScores: at the row and field of the first wrong score (`scores.<row>.score`), or a missing
            dimension (`scores`); the message gives the dimension and its maximum.
        InvalidInput: a comment over 1000 characters (field `comment`).
    """
    assignment, application = await own_assignment(actor, application_id)
    round_ = await TalentRound.get(id=application.round_id)
    if round_.status is not RoundStatus.SCORING:
        raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[round_.status]}，不能{_ACTION}", field="applicationId")
    if application.status is not ApplicationStatus.COUNTY_PASSED:
        raise WrongApplicationStatus(f"该申报{status_name(application.status)}，不能{_ACTION}")
    check_assignment_move(assignment, AssignmentStatus.SCORED, _ACTION)
    if await applicants_of_round(round_.id, [actor.person_id]):
        raise ReviewerConflict(
            f"{APPLICANT_CONFLICT}，须回避本轮全部申报，不能{_ACTION}", field="applicationId"
        )
    rubric = await rubric_of(round_.id)
    checked = scoring.check_scores(rubric, scores)
    text = free_text(comment or "", paragraphs=True) or None
    if text is not None and len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput(f"评审意见不超过 {MAX_COMMENT_LENGTH} 字", field="comment")
    total = scoring.weighted_total(rubric, checked)
    async with write_transaction():
        moved = await TalentAssignment.filter(id=assignment.id, status=AssignmentStatus.ASSIGNED).update(
            status=AssignmentStatus.SCORED, weighted_total=total, comment=text, decided_at=clock.now()
        )
        if not moved:
            # Scored, excused or declared since it was read: say which.
            check_assignment_move(
                await TalentAssignment.get(id=assignment.id), AssignmentStatus.SCORED, _ACTION
            )
        await TalentScore.bulk_create(
            [
                TalentScore(
                    assignment_id=assignment.id, dimension=line.dimension, score=checked[line.dimension]
                )
                for line in rubric
            ]
        )
        await audit.record(
            actor,
            "talent.application.scored",
            target_type="TalentAssignment",
            target_id=assignment.id,
            county_code=None,  # who scored what is the prefecture's to know, not the county's
            summary={"application": application.id, "round": round_.id},
        )
    return await TalentAssignment.get(id=assignment.id)
