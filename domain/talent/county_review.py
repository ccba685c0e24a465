"""The county's preliminary review of applications (县级初审; DOMAIN.md §The 彝乡 leading-talent
programme, step 3): pass within the county's quota, return for changes, or reject, with a comment.

The county quota binds under concurrency: a review locks the round's row (PostgreSQL `FOR UPDATE`;
SQLite's `write_transaction` holds the one write lock from its first statement) before counting the
county's passed applications, so two admins passing the last place at once pass one application, and
starting the expert scoring (`assignments`), which takes the same lock, cannot slip in between.
"""

from __future__ import annotations

from typing import Final

from domain import clock
from domain.access import Actor
from domain.errors import InvalidInput
from domain.names import free_text
from domain.people import service as people
from domain.people.errors import ReasonRequired
from domain.talent import steps
from domain.talent.errors import (
    CountyQuotaFull,
    TalentApplicationNotFound,
    WrongRoundStatus,
)
from domain.talent.models import (
    TalentApplication,
    TalentCountyQuota,
    TalentRound,
)
from domain.talent.vocabulary import ApplicationStatus, ReviewDecision, RoundStatus
from domain.talent.workflow import ROUND_NAMES, check_application_move
from domain.transaction import write_transaction

__all__ = ["MAX_COMMENT_LENGTH", "review_application"]

MAX_COMMENT_LENGTH: Final = 500

_TARGETS: Final = {
    ReviewDecision.PASS: ApplicationStatus.COUNTY_PASSED,
    ReviewDecision.RETURN: ApplicationStatus.RETURNED,
    ReviewDecision.REJECT: ApplicationStatus.REJECTED,
}
_ACTIONS: Final = {
    ReviewDecision.PASS: "通过县级初审",
    ReviewDecision.RETURN: "退回修改",
    ReviewDecision.REJECT: "不予通过",
}
_EVENTS: Final = {
    ReviewDecision.PASS: "county_passed",
    ReviewDecision.RETURN: "returned",
    ReviewDecision.REJECT: "rejected",
}


def _checked_comment(decision: ReviewDecision, comment: str | None) -> str | None:
    text = free_text(comment or "", paragraphs=True) or None
    if text is None and decision is not ReviewDecision.PASS:
        raise ReasonRequired(f"{_ACTIONS[decision]}时须填写初审意见", field="comment")
    if text is not None and len(text) > MAX_COMMENT_LENGTH:
        raise InvalidInput(f"初审意见不超过 {MAX_COMMENT_LENGTH} 字", field="comment")
    return text


async def review_application(
    actor: Actor, application_id: int, decision: ReviewDecision, comment: str | None
) -> TalentApplication:
    """A county admin of the application's county (or the prefecture admin) passes, returns or rejects a
    SUBMITTED application while its round is CALLING (step 3), or rejects a RETURNED one that was not
    resubmitted in time (so expert scoring, which waits for no RETURNED application, can start).

    `comment` (`names.free_text` keeping its paragraphs, at most 500 characters) is the county's
    opinion: optional when passing, required when returning or rejecting. Passing is refused once the
    county has as many COUNTY_PASSED applications in the round as its county quota
    (`TalentCountyQuota`; a county without a quota row has no cap of its own: the experts' ranking
    applies the total quota).

    Writes, in one transaction: the application SUBMITTED → COUNTY_PASSED, RETURNED or REJECTED (or
    RETURNED → REJECTED) with
    `county_comment` and `county_reviewed_at`; a `TalentApplicationStep` (from, to, reviewer, comment);
    the audit event `talent.application.county_passed`, `.returned` or `.rejected`.

    Raises:
        TalentApplicationNotFound: no such application, or of a county the actor does not administer.
        ReasonRequired: returning or rejecting without a comment (field `comment`).
        InvalidInput: a comment over 500 characters (field `comment`).
        WrongRoundStatus: the round is no longer CALLING (expert scoring has begun or ended).
        WrongApplicationStatus: the application is not SUBMITTED, nor RETURNED when rejecting (the
            message names its status), also when another admin reviewed it a moment earlier.
        CountyQuotaFull: passing, and the county's quota is taken (the message gives the quota).
    """
    found = await TalentApplication.get_or_none(id=application_id)
    if found is None or not actor.can_administer_county(found.county_id):
        raise TalentApplicationNotFound()
    text = _checked_comment(decision, comment)
    target = _TARGETS[decision]
    async with write_transaction():
        # The round's row serialises the county's reviews and the start of scoring (module docstring).
        round_ = await TalentRound.filter(id=found.round_id).select_for_update().get()
        if round_.status is not RoundStatus.CALLING:
            raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[round_.status]}，县级初审已结束")
        row = await TalentApplication.get(id=application_id)
        check_application_move(row.status, target, _ACTIONS[decision])
        if decision is ReviewDecision.PASS:
            await _check_county_quota(row)
        return await steps.move_application(
            actor,
            row,
            target,
            action=_EVENTS[decision],
            refusal=_ACTIONS[decision],
            comment=text,
            summary={"decision": decision.value},
            county_comment=text,
            county_reviewed_at=clock.now(),
        )


async def _check_county_quota(row: TalentApplication) -> None:
    quota = await TalentCountyQuota.get_or_none(round_id=row.round_id, county_id=row.county_id)
    if quota is None:
        return
    passed = await TalentApplication.filter(
        round_id=row.round_id, county_id=row.county_id, status=ApplicationStatus.COUNTY_PASSED
    ).count()
    if passed >= quota.quota:
        names = await people.county_names([row.county_id])
        county = names.get(row.county_id, row.county_id)
        raise CountyQuotaFull(
            f"{county}本轮县级名额为 {quota.quota} 名，已通过初审 {passed} 名，不能再通过；"
            "如需调整，请先联系州级管理员"
        )
