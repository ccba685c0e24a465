"""An employer recommends someone to a leading-talent round (单位推荐; DOMAIN.md §leading talent, step 2:
"application by the person (or recommendation by the employer)"), and the person confirms or declines.

The employer is the county admin of the person's county (the prefecture admin everywhere), or the
account that filed the person's organisation, once that filing is approved. A recommendation is an
application in RECOMMENDED: it takes the person's one application of the round, and becomes theirs
(DRAFT, or SUBMITTED at once) when they accept it. Declined by the person, or taken back by the
employer (`applications.withdraw_application`), it is DECLINED: the person may still apply themselves
in the round (reusing the row), and an employer may recommend them again (DECLINED → RECOMMENDED).
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from domain.access import Actor
from domain.errors import OutOfScope
from domain.people import service as people
from domain.talent import evidence
from domain.talent.applications import (
    check_eligible,
    check_not_applied,
    check_texts,
    submit_in_transaction,
)
from domain.talent.errors import AlreadyApplied, TalentApplicationNotFound, WrongApplicationStatus
from domain.talent.models import TalentApplication
from domain.talent.rounds import check_county_has_places, check_window_open, get_round
from domain.talent.steps import move_application, record_step
from domain.talent.visibility import can_see_application
from domain.talent.vocabulary import ApplicationStatus
from domain.talent.workflow import APPLICATION_NAMES
from domain.transaction import write_transaction

A = ApplicationStatus


async def _may_recommend(actor: Actor, county_code: str, organization_id: int | None) -> bool:
    if actor.can_administer_county(county_code):
        return True
    if actor.user_id is None or organization_id is None:
        return False
    return await people.files_approved_organization(actor.user_id, organization_id)


async def recommend(
    actor: Actor, round_id: int, person_id: int, *, statement: str, achievements: str
) -> TalentApplication:
    """The employer recommends a person to a round while its window is open; the round must give the
    person's county places, the person must be eligible and have no application in the round (a
    DECLINED recommendation's row is reused: DECLINED → RECOMMENDED, its old evidence removed). The
    statement and achievements are checked as an applicant's (`applications.check_texts`).

    Writes, in one transaction: the application (RECOMMENDED, `recommended_by_user_id` the actor, the
    person's county and organisation snapshot), its step and the audit event
    `talent.application.recommended`.

    Raises:
        TalentRoundNotFound, WrongRoundStatus, ApplicationWindowClosed: as `applications.apply`.
        OutOfScope: no such person, or the actor is neither an admin of the person's county nor the
            account of the person's (approved) organisation (field `personId`; the two read alike).
        CountyWithoutPlaces: the round gives the person's county no places.
        AlreadyApplied, InvalidInput, TalentNotEligible: as `applications.apply`.
    """
    round_ = await get_round(round_id)
    check_window_open(round_)
    person = (await people.persons_by_ids([person_id])).get(person_id)
    if person is None or not await _may_recommend(actor, person.county_id, person.organization_id):
        raise OutOfScope(
            "人员不存在，或不在您的推荐范围：可由其所在县市的管理员或其所在单位（已备案）的账号推荐",
            field="personId",
        )
    await check_county_has_places(round_, person.county_id)
    declined = await check_not_applied(round_.id, person_id)
    statement, achievements = check_texts(statement, achievements)
    found = await check_eligible(round_, person_id)
    if declined is not None:
        async with write_transaction():
            removed = await evidence.remove_all_evidence(actor, declined)
            return await move_application(
                actor,
                declined,
                A.RECOMMENDED,
                action="recommended",
                refusal="推荐",
                summary={"declinedRecommendationEvidenceRemoved": removed},
                statement=statement,
                achievements=achievements,
                recommended_by_user_id=actor.user_id,
                county_id=found.county_code,
                organization_id=found.organization_id,
                organization_name=found.organization_name,
                submitted_at=None,
            )
    try:
        async with write_transaction():
            row = await TalentApplication.create(
                round_id=round_.id,
                person_id=found.person_id,
                county_id=found.county_code,
                organization_id=found.organization_id,
                organization_name=found.organization_name,
                status=A.RECOMMENDED,
                statement=statement,
                achievements=achievements,
                recommended_by_user_id=actor.user_id,
            )
            await record_step(actor, row, None, comment=None, action="recommended")
    except IntegrityError:
        raise AlreadyApplied() from None
    return row


async def confirm_recommendation(
    actor: Actor, application_id: int, *, accept: bool = True, submit: bool = True
) -> TalentApplication:
    """The recommended person accepts (RECOMMENDED → DRAFT, and → SUBMITTED at once when `submit`) or
    declines (→ DECLINED; the person may still apply themselves in this round, `applications.apply`).

    Accepting needs the window open and the round to give the person's county places; submitting at
    once checks eligibility again. Writes each move's
    step and audit event (`talent.application.accepted`, `.submitted`, `.declined`), in one
    transaction.

    Raises:
        TalentApplicationNotFound: not visible to the actor.
        OutOfScope: the actor is not the person recommended.
        WrongApplicationStatus: it is not a recommendation waiting for the person.
        WrongRoundStatus, ApplicationWindowClosed: accepting outside the window.
        CountyWithoutPlaces: accepting, and the round gives the person's county no places.
        TalentNotEligible: submitting, and a rule is now unmet.
    """
    row = await TalentApplication.get_or_none(id=application_id)
    if row is None or not await can_see_application(actor, row):
        raise TalentApplicationNotFound()
    if actor.person_id is None or actor.person_id != row.person_id:
        raise OutOfScope("只有被推荐人本人可以确认推荐", field="applicationId")
    if row.status is not A.RECOMMENDED:
        raise WrongApplicationStatus(f"该申报{APPLICATION_NAMES[row.status]}，不是待确认的推荐")
    if not accept:
        async with write_transaction():
            return await move_application(
                actor, row, A.DECLINED, action="declined", refusal="拒绝推荐", comment="本人不接受推荐"
            )
    round_ = await get_round(row.round_id)
    check_window_open(round_)
    await check_county_has_places(round_, row.county_id)
    if submit:
        await check_eligible(round_, row.person_id)
    async with write_transaction():
        row = await move_application(actor, row, A.DRAFT, action="accepted", refusal="接受推荐")
        if submit:
            row = await submit_in_transaction(actor, row, round_)
    return row
