"""A leading talent's cultivation (DOMAIN.md §The 彝乡 leading-talent programme, steps 8–9): the annual
and final assessments that release the next tranche or revoke the title, revocation with a reason, and
what each viewer may read of the titles.

Who sees a title: the person, admins of its county (the county of the application), the prefecture;
everyone else is told it does not exist. Each status change is a conditional update on the status read,
inside the transaction that writes the tranches and the audit event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from tortoise.exceptions import IntegrityError

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.names import free_text
from domain.paging import Page, keyset_page
from domain.people import service as people
from domain.people.errors import ReasonRequired
from domain.talent.cultivation_plan import (
    AssessmentFact,
    TalentEvent,
    TrancheFact,
    check_assessment_year,
    talent_history,
)
from domain.talent.errors import AssessmentAlreadyRecorded, LeadingTalentNotFound, WrongTalentStatus
from domain.talent.models import CultivationAssessment, CultivationTranche, LeadingTalent, TalentRound
from domain.talent.vocabulary import (
    GRADE_NAMES,
    AssessmentGrade,
    RevocationCause,
    TalentStatus,
    TrancheStatus,
)
from domain.talent.workflow import TALENT_NAMES, check_talent_move
from domain.transaction import write_transaction

__all__ = [
    "Assessed",
    "TalentFilter",
    "assessments_by_talent_ids",
    "can_see_talent",
    "history_of",
    "list_talents",
    "record_assessment",
    "revoke_talent",
    "talent_in_view",
    "titles_by_person_ids",
    "titles_of_person",
    "tranches_by_talent_ids",
]

MAX_REASON_LENGTH: Final = 500
MAX_COMMENT_LENGTH: Final = 500
ASSESSING: Final = "录入年度考核"
REVOKING: Final = "撤销称号"


@dataclass(frozen=True, slots=True)
class Assessed:
    """The title after an assessment, and the assessment (the existing one on a retry)."""

    talent: LeadingTalent
    assessment: CultivationAssessment


@dataclass(frozen=True, slots=True)
class TalentFilter:
    """`leadingTalents` filter: each given condition must hold."""

    round_id: int | None = None
    county_code: str | None = None
    status: TalentStatus | None = None


def can_see_talent(actor: Actor, talent: LeadingTalent) -> bool:
    """The person, admins of the title's county (the prefecture's everywhere). The revocation's written
    reason is for the same readers: admins and the person."""
    return (
        actor.person_id is not None and actor.person_id == talent.person_id
    ) or actor.can_administer_county(talent.county_id)


async def talent_in_view(actor: Actor, talent_id: int) -> LeadingTalent:
    """The title, if the actor may see it.

    Raises:
        LeadingTalentNotFound: no such title, or one the actor may not see (told alike).
    """
    talent = await LeadingTalent.get_or_none(id=talent_id)
    if talent is None or not can_see_talent(actor, talent):
        raise LeadingTalentNotFound()
    return talent


async def list_talents(
    actor: Actor, *, first: int, after: int | None, filter: TalentFilter
) -> Page[LeadingTalent]:
    """The titles the actor may see, oldest first (keyset by id): an admin's, those of the counties
    they administer (the prefecture admin's, all); anyone else's, their own. A county outside the
    admin's scope gives an empty page.

    Raises:
        UnknownCounty: `filter.county_code` is not a county of the prefecture.
        InvalidInput: `first` outside 1–100.
    """
    if filter.county_code is not None:
        await people.check_county(filter.county_code)
    query = LeadingTalent.all()
    scope = actor.admin_county_scope() if actor.is_admin else frozenset[str]()
    if actor.is_admin and scope is not None:
        query = query.filter(county_id__in=list(scope))
    elif not actor.is_admin:
        query = query.filter(person_id=actor.person_id if actor.person_id is not None else -1)
    if filter.round_id is not None:
        query = query.filter(round_id=filter.round_id)
    if filter.county_code is not None:
        query = query.filter(county_id=filter.county_code)
    if filter.status is not None:
        query = query.filter(status=filter.status)
    return await keyset_page(query, first=first, after=after)


async def titles_of_person(actor: Actor, person_id: int) -> list[LeadingTalent]:
    """A person's titles that the actor may see (the person's record, `myLeadingTalents`), oldest first."""
    rows = await LeadingTalent.filter(person_id=person_id).order_by("id")
    return [row for row in rows if can_see_talent(actor, row)]


async def titles_by_person_ids(ids: list[int]) -> dict[int, list[LeadingTalent]]:
    """Each person's titles, oldest first (for a DataLoader: one query for a page of persons); who may
    see each is the caller's to check (`can_see_talent`)."""
    found: dict[int, list[LeadingTalent]] = {pk: [] for pk in ids}
    for row in await LeadingTalent.filter(person_id__in=ids).order_by("id"):
        found[row.person_id].append(row)
    return found


async def tranches_by_talent_ids(ids: list[int]) -> dict[int, list[CultivationTranche]]:
    """Each title's tranches by ordinal (for a DataLoader: one query whatever the page)."""
    found: dict[int, list[CultivationTranche]] = {pk: [] for pk in ids}
    for row in await CultivationTranche.filter(talent_id__in=ids).order_by("ordinal"):
        found[row.talent_id].append(row)
    return found


async def assessments_by_talent_ids(ids: list[int]) -> dict[int, list[CultivationAssessment]]:
    """Each title's assessments by year (for a DataLoader)."""
    found: dict[int, list[CultivationAssessment]] = {pk: [] for pk in ids}
    for row in await CultivationAssessment.filter(talent_id__in=ids).order_by("year"):
        found[row.talent_id].append(row)
    return found


def history_of(
    talent: LeadingTalent,
    cultivation_years: int,
    assessments: Iterable[CultivationAssessment],
    tranches: Iterable[CultivationTranche],
) -> list[TalentEvent]:
    """The title's history in date order (`cultivation_plan.talent_history`); an assessment is dated by
    the business day it was recorded (Asia/Shanghai)."""
    return talent_history(
        awarded_on=talent.awarded_on,
        final_year=talent.awarded_on.year + cultivation_years,
        status=talent.status,
        revoked_on=talent.revoked_on,
        revocation_cause=talent.revocation_cause,
        assessments=[
            AssessmentFact(a.year, a.grade, a.recorded_at.astimezone(clock.SHANGHAI).date())
            for a in assessments
        ],
        tranches=[TrancheFact(t.ordinal, t.amount_fen, t.status, t.decided_on) for t in tranches],
    )


async def record_assessment(
    actor: Actor, talent_id: int, *, year: int, grade: AssessmentGrade, comment: str | None
) -> Assessed:
    """The prefecture admin records a title's assessment of calendar `year` (step 8: annual and final,
    优秀/合格/不合格).

    `year` runs from the year after the award to the award year + the round's `cultivation_years` (the
    last is the final assessment), never after the current year, in order (`cultivation_plan.
    check_assessment_year`). `comment` is optional, one line of at most 500 characters. The same year
    again with the same grade is a retry: it returns the recorded assessment and writes nothing.

    Writes, in one transaction: the `CultivationAssessment`; on EXCELLENT or PASS the next PLANNED
    tranche RELEASED today (if any is left), and on the final year the title CULTIVATING → COMPLETED;
    on FAIL the title CULTIVATING → REVOKED (cause ASSESSMENT_FAILED, reason "<year>年度考核不合格",
    today) and every PLANNED tranche STOPPED; the audit event `talent.assessment.recorded` (and
    `talent.leading_talent.revoked` on FAIL).

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        LeadingTalentNotFound: no such title.
        AssessmentAlreadyRecorded: the year is recorded with another grade (the message gives it).
        WrongTalentStatus: the title is not CULTIVATING (completed or revoked); the message says which.
        InvalidAssessmentYear: outside the period, after the current year, or out of order.
        InvalidInput: a comment over 500 characters (field `comment`).
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope(field="talentId")
    talent = await LeadingTalent.get_or_none(id=talent_id)
    if talent is None:
        raise LeadingTalentNotFound()
    comment = free_text(comment or "") or None
    if comment is not None and len(comment) > MAX_COMMENT_LENGTH:
        raise InvalidInput(f"考核意见不超过 {MAX_COMMENT_LENGTH} 字", field="comment")
    recorded = {a.year: a for a in await CultivationAssessment.filter(talent_id=talent.id)}
    if year in recorded:
        return Assessed(talent, _same_or_refused(recorded[year], grade))
    check_talent_move(talent.status, TalentStatus.COMPLETED, ASSESSING)
    round_ = await TalentRound.get(id=talent.round_id)
    today = clock.today()
    final = check_assessment_year(
        year,
        awarded_on=talent.awarded_on,
        cultivation_years=round_.cultivation_years,
        recorded=recorded,
        today=today,
    )
    async with write_transaction():
        try:
            async with write_transaction():  # a savepoint: the same year recorded a moment earlier
                assessment = await CultivationAssessment.create(
                    talent_id=talent.id,
                    year=year,
                    grade=grade,
                    comment=comment,
                    recorded_by_user_id=actor.user_id,
                )
        except IntegrityError:
            existing = await CultivationAssessment.get(talent_id=talent.id, year=year)
            return Assessed(talent, _same_or_refused(existing, grade))
        released: int | None = None
        if grade is AssessmentGrade.FAIL:
            await _revoke(
                actor,
                talent,
                cause=RevocationCause.ASSESSMENT_FAILED,
                reason=f"{year}年度考核不合格",
            )
        else:
            released = await _release_next(talent.id)
            if final:
                await _move(talent, TalentStatus.COMPLETED, ASSESSING)
        await audit.record(
            actor,
            "talent.assessment.recorded",
            target_type="LeadingTalent",
            target_id=talent.id,
            county_code=talent.county_id,
            summary={
                "year": year,
                "grade": grade.value,
                **({"comment": comment} if comment else {}),
                **({"releasedTranche": released} if released else {}),
                **({"completed": True} if final and grade is not AssessmentGrade.FAIL else {}),
            },
        )
    await talent.refresh_from_db()
    return Assessed(talent, assessment)


def _same_or_refused(existing: CultivationAssessment, grade: AssessmentGrade) -> CultivationAssessment:
    if existing.grade is not grade:
        raise AssessmentAlreadyRecorded(
            f"{existing.year} 年度考核已录入为「{GRADE_NAMES[existing.grade]}」，不能更改"
        )
    return existing


async def revoke_talent(
    actor: Actor, talent_id: int, *, reason: str, cause: RevocationCause | None
) -> LeadingTalent:
    """The prefecture admin revokes a title (step 9: fraud, violations, a failed assessment, leaving the
    post) with a written reason; the remaining funds stop.

    `reason` is required, one line of at most 500 characters (`names.free_text`: Chinese punctuation
    kept); `cause` is optional.

    Writes, in one transaction: the title CULTIVATING or COMPLETED → REVOKED (revoked today, by the
    actor, with cause and reason), every PLANNED tranche STOPPED today, the audit event
    `talent.leading_talent.revoked`.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        LeadingTalentNotFound: no such title.
        ReasonRequired: no reason (or one of invisible characters only).
        InvalidInput: a reason over 500 characters (field `reason`).
        WrongTalentStatus: already revoked, also when revoked a moment earlier.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope(field="talentId")
    talent = await LeadingTalent.get_or_none(id=talent_id)
    if talent is None:
        raise LeadingTalentNotFound()
    reason = free_text(reason)
    if not reason:
        raise ReasonRequired("撤销称号须填写理由")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(f"理由不超过 {MAX_REASON_LENGTH} 字", field="reason")
    check_talent_move(talent.status, TalentStatus.REVOKED, REVOKING)
    async with write_transaction():
        await _revoke(actor, talent, cause=cause, reason=reason)
    await talent.refresh_from_db()
    return talent


async def _revoke(actor: Actor, talent: LeadingTalent, *, cause: RevocationCause | None, reason: str) -> None:
    today = clock.today()
    was = talent.status
    await _move(
        talent,
        TalentStatus.REVOKED,
        REVOKING,
        revoked_on=today,
        revocation_cause=cause,
        revocation_reason=reason,
        revoked_by_user_id=actor.user_id,
    )
    stopped = await CultivationTranche.filter(talent_id=talent.id, status=TrancheStatus.PLANNED).update(
        status=TrancheStatus.STOPPED, decided_on=today
    )
    await audit.record(
        actor,
        "talent.leading_talent.revoked",
        target_type="LeadingTalent",
        target_id=talent.id,
        county_code=talent.county_id,
        summary={
            "from": was.value,
            "reason": reason,
            **({"cause": cause.value} if cause else {}),
            "stoppedTranches": stopped,
        },
    )


async def _move(talent: LeadingTalent, to: TalentStatus, action: str, **changes: object) -> None:
    """The title from the status read to `to`: refused, naming the status it is in now, when another
    admin moved it meanwhile."""
    check_talent_move(talent.status, to, action)
    moved = await LeadingTalent.filter(id=talent.id, status=talent.status).update(status=to, **changes)
    if not moved:
        current = await LeadingTalent.get(id=talent.id)
        raise WrongTalentStatus(f"该领军人才已变为{TALENT_NAMES[current.status]}，不能{action}，请刷新后重试")


async def _release_next(talent_id: int) -> int | None:
    """Release the PLANNED tranche of the lowest ordinal; its ordinal, or None when none is left."""
    planned = (
        await CultivationTranche.filter(talent_id=talent_id, status=TrancheStatus.PLANNED)
        .order_by("ordinal")
        .first()
    )
    if planned is None:
        return None
    await CultivationTranche.filter(id=planned.id, status=TrancheStatus.PLANNED).update(
        status=TrancheStatus.RELEASED, decided_on=clock.today()
    )
    return planned.ordinal
