"""A person's application to a leading-talent round (DOMAIN.md §The 彝乡 leading-talent programme,
step 2): applying in the window with a statement, achievements and evidence, editing until submitted
(and again after the county returns it), submitting, withdrawing; the lists of one's own applications
and of a round's applications for the county queue; eligibility explained rule by rule.

One application per person per round: the database holds it unique, and a withdrawn application keeps
its row, so a person who withdrew may not apply again in that round. A recommendation the person
declined, or the employer took back (DECLINED), does not close the round for them: applying reuses its
row (DECLINED → SUBMITTED or DRAFT), and an employer may recommend them again (DECLINED →
RECOMMENDED). Every move goes along APPLICATION_MOVES by a conditional update on the status read, with
a `TalentApplicationStep` and an audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.names import free_text
from domain.paging import Page, keyset_page
from domain.people import service as people
from domain.people.errors import NoPerson
from domain.talent import applicant_facts, evidence, steps
from domain.talent.eligibility import Eligibility, EligibilityRule
from domain.talent.errors import (
    AlreadyApplied,
    CountyWithoutPlaces,
    TalentApplicationNotFound,
    TalentNotEligible,
    WrongApplicationStatus,
)
from domain.talent.models import TalentApplication, TalentApplicationStep, TalentRound
from domain.talent.rounds import check_calling, check_county_has_places, check_window_open, get_round
from domain.talent.visibility import can_see_application
from domain.talent.vocabulary import ApplicationStatus
from domain.talent.workflow import APPLICATION_NAMES, check_application_move
from domain.transaction import write_transaction

MAX_STATEMENT_LENGTH: Final = 2000
MAX_ACHIEVEMENTS_LENGTH: Final = 5000
MAX_REASON_LENGTH: Final = 500

A = ApplicationStatus


def check_texts(statement: str, achievements: str) -> tuple[str, str]:
    """The statement (required, ≤ 2000 characters) and achievements (≤ 5000), cleaned as paragraphs
    (`names.free_text`: Chinese punctuation kept, invisible characters dropped, line breaks kept)."""
    statement = free_text(statement, paragraphs=True)
    achievements = free_text(achievements, paragraphs=True)
    if not statement:
        raise InvalidInput("请填写个人陈述", field="statement")
    if len(statement) > MAX_STATEMENT_LENGTH:
        raise InvalidInput(
            f"个人陈述不超过 {MAX_STATEMENT_LENGTH} 字（现 {len(statement)} 字）", field="statement"
        )
    if len(achievements) > MAX_ACHIEVEMENTS_LENGTH:
        raise InvalidInput(
            f"主要业绩不超过 {MAX_ACHIEVEMENTS_LENGTH} 字（现 {len(achievements)} 字）", field="achievements"
        )
    return statement, achievements


def check_reason(raw: str | None) -> str | None:
    reason = free_text(raw or "") or None
    if reason is not None and len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(f"理由不超过 {MAX_REASON_LENGTH} 字", field="reason")
    return reason


async def check_not_applied(round_id: int, person_id: int) -> TalentApplication | None:
    """None when the person has no application in the round; their DECLINED recommendation, whose
    row a new application or recommendation reuses; else raises AlreadyApplied."""
    existing = await TalentApplication.filter(round_id=round_id, person_id=person_id).first()
    if existing is None or existing.status is A.DECLINED:
        return existing
    if existing.status is A.WITHDRAWN:
        raise AlreadyApplied("此人本轮的申报已撤回：每人每轮只能申报一次，撤回后本轮不能再次申报")
    raise AlreadyApplied(
        f"本轮已有此人的申报（{APPLICATION_NAMES[existing.status]}）：每人每轮只能申报一次，请修改已有的申报"
    )


async def check_eligible(round_: TalentRound, person_id: int) -> applicant_facts.Applicant:
    """The applicant's snapshot; raises CountyWithoutPlaces when the round gives their county no
    places, TalentNotEligible listing every unmet rule."""
    judged = await applicant_facts.eligibility_of(round_, person_id)
    if judged is None:
        raise NoPerson()
    found, eligibility = judged
    for unmet in eligibility.unmet:
        if unmet.rule is EligibilityRule.COUNTY_QUOTA:
            raise CountyWithoutPlaces(unmet.detail)
    if not eligibility.eligible:
        raise TalentNotEligible(eligibility.refusal())
    return found


async def apply(
    actor: Actor,
    round_id: int,
    *,
    statement: str,
    achievements: str,
    submit: bool = True,
    files: Sequence[evidence.EvidenceFile] = (),
) -> TalentApplication:
    """The signed-in person applies to a round (DOMAIN.md §leading talent, step 2).

    The round must be CALLING with its window open (opens on ≤ today ≤ closes on), give the person's
    county places, the person eligible (`applicant_facts`, as of the closing date) and without an
    application in the round (a withdrawn one counts; a DECLINED recommendation does not: its row is
    reused, DECLINED → SUBMITTED or DRAFT, with the new texts, `recommended_by_user_id` cleared, the
    county and organisation snapshot again, and the recommender's evidence removed — the person's own
    files replace it; each removal has its `talent.evidence.removed` event). `statement` (required,
    ≤ 2000 characters) and `achievements` (≤ 5000) are cleaned line by line (`paragraphs`). `files` are
    evidence, each checked (`evidence.check_evidence_file`), at most 10. `submit` true submits at once
    (SUBMITTED, `submitted_at` now); false saves a DRAFT. The person's county and organisation (id and
    name) are snapshot on the application.

    Writes, in one transaction: the `TalentApplication`, its first step (none → DRAFT or SUBMITTED),
    the evidence rows and the audit events `talent.application.drafted` or `.submitted` and
    `talent.evidence.attached` for each file.

    Raises:
        NoPerson: the account has no registry record.
        TalentRoundNotFound: no such round.
        WrongRoundStatus: the round has moved past the call.
        ApplicationWindowClosed: today is outside the window (the message gives the dates).
        CountyWithoutPlaces: the round gives the person's county no places.
        AlreadyApplied: the person has an application in the round (also when one lands concurrently).
        InvalidInput: statement empty or too long, achievements too long.
        TalentNotEligible: a rule is unmet (the message lists each unmet rule).
        InvalidEvidence: a file is not a PDF or an image, too large, or more than 10 (its row).
    """
    if actor.person_id is None:
        raise NoPerson()
    round_ = await get_round(round_id)
    check_window_open(round_)
    county_code = await people.county_of(actor.person_id)
    if county_code is None:
        raise NoPerson()
    await check_county_has_places(round_, county_code)
    declined = await check_not_applied(round_.id, actor.person_id)
    statement, achievements = check_texts(statement, achievements)
    found = await check_eligible(round_, actor.person_id)
    checked = evidence.check_evidence_files(files)
    status = A.SUBMITTED if submit else A.DRAFT
    if declined is not None:
        async with write_transaction():
            removed = await evidence.remove_all_evidence(actor, declined)
            row = await steps.move_application(
                actor,
                declined,
                status,
                action="submitted" if submit else "drafted",
                refusal="申报",
                summary={"declinedRecommendationEvidenceRemoved": removed},
                statement=statement,
                achievements=achievements,
                recommended_by_user_id=None,
                county_id=found.county_code,
                organization_id=found.organization_id,
                organization_name=found.organization_name,
                submitted_at=clock.now() if submit else None,
            )
            await evidence.store_evidence(actor, row, checked)
        return row
    try:
        async with write_transaction():
            row = await TalentApplication.create(
                round_id=round_.id,
                person_id=found.person_id,
                county_id=found.county_code,
                organization_id=found.organization_id,
                organization_name=found.organization_name,
                status=status,
                statement=statement,
                achievements=achievements,
                submitted_at=clock.now() if submit else None,
            )
            await steps.record_step(
                actor, row, None, comment=None, action="submitted" if submit else "drafted"
            )
            await evidence.store_evidence(actor, row, checked)
    except IntegrityError:
        # Another request applied for the same person a moment earlier: the unique row is theirs.
        raise AlreadyApplied() from None
    return row


async def _own(actor: Actor, application_id: int, action: str) -> TalentApplication:
    """The application, if `actor` is its applicant; TalentApplicationNotFound if they may not see it,
    OutOfScope if they may see it but are not the applicant."""
    row = await TalentApplication.get_or_none(id=application_id)
    if row is None or not await can_see_application(actor, row):
        raise TalentApplicationNotFound()
    if actor.person_id is None or actor.person_id != row.person_id:
        raise OutOfScope(f"只有申报人本人可以{action}", field="applicationId")
    return row


async def update_application(
    actor: Actor, application_id: int, *, statement: str, achievements: str
) -> TalentApplication:
    """The applicant changes the statement and achievements of a DRAFT (while the window is open: a
    draft can only be submitted then) or RETURNED application (while the round is still CALLING),
    checked as in `apply`. Writes the application and the audit event `talent.application.updated`.

    Raises:
        TalentApplicationNotFound: no such application, or not visible to the actor.
        OutOfScope: the actor sees it but is not the applicant.
        WrongApplicationStatus: it is neither a draft nor returned for changes.
        ApplicationWindowClosed: a draft outside the window.
        WrongRoundStatus: the round has moved past the call.
        InvalidInput: as `apply`.
    """
    row = await _own(actor, application_id, "修改申报")
    editable = (A.DRAFT, A.RETURNED)
    if row.status not in editable:
        raise WrongApplicationStatus(
            f"该申报{APPLICATION_NAMES[row.status]}，只有草稿或退回修改的申报可以修改"
        )
    await check_still_changeable(row, "修改申报")
    statement, achievements = check_texts(statement, achievements)
    async with write_transaction():
        moved = await TalentApplication.filter(id=row.id, status__in=editable).update(
            statement=statement, achievements=achievements
        )
        if not moved:
            now = await TalentApplication.get(id=row.id)
            raise WrongApplicationStatus(f"该申报{APPLICATION_NAMES[now.status]}，不能修改")
        await audit.record(
            actor,
            "talent.application.updated",
            target_type="TalentApplication",
            target_id=row.id,
            county_code=row.county_id,
            summary={"statementLength": len(statement), "achievementsLength": len(achievements)},
        )
    return await TalentApplication.get(id=row.id)


async def check_still_changeable(row: TalentApplication, action: str) -> None:
    """A change to a DRAFT or RECOMMENDED application needs the window open (it can only be submitted
    or confirmed then: ApplicationWindowClosed), to a RETURNED one the round still CALLING
    (WrongRoundStatus); `action` words the refusal ("修改申报")."""
    round_ = await get_round(row.round_id)
    if row.status is A.RETURNED:
        check_calling(round_, f"{action}（退回修改的申报只能在征集阶段再次提交）")
    else:
        check_window_open(round_, action)


async def submit_in_transaction(
    actor: Actor, row: TalentApplication, round_: TalentRound
) -> TalentApplication:
    """Within the caller's write transaction: DRAFT or RETURNED → SUBMITTED, after the checks of
    `submit_application` (the caller has checked eligibility)."""
    if row.status is A.DRAFT:
        check_window_open(round_)
    else:
        check_calling(round_, "再次提交申报")
    return await steps.move_application(
        actor, row, A.SUBMITTED, action="submitted", refusal="提交", submitted_at=clock.now()
    )


async def submit_application(actor: Actor, application_id: int) -> TalentApplication:
    """The applicant submits a DRAFT (the window must be open) or resubmits a RETURNED application
    (while the round is still calling, even after the window closed: the county asked for it).
    Eligibility is checked again. Writes the move (step, `submitted_at`) and the audit event
    `talent.application.submitted`, in one transaction.

    Raises:
        TalentApplicationNotFound, OutOfScope: as `update_application`.
        WrongApplicationStatus: not a draft or returned (also when moved a moment earlier).
        ApplicationWindowClosed: a draft outside the window.
        WrongRoundStatus: the round has moved past the call.
        TalentNotEligible: a rule is now unmet.
    """
    row = await _own(actor, application_id, "提交申报")
    check_application_move(row.status, A.SUBMITTED, "提交")
    round_ = await get_round(row.round_id)
    if row.status is A.DRAFT:
        check_window_open(round_)
    else:
        check_calling(round_, "再次提交申报")
    await check_eligible(round_, row.person_id)
    async with write_transaction():
        return await submit_in_transaction(actor, row, round_)


async def withdraw_application(actor: Actor, application_id: int, reason: str | None) -> TalentApplication:
    """The applicant withdraws a DRAFT or RETURNED application (→ WITHDRAWN: the row stays and the
    person cannot apply again in this round). A RECOMMENDED one, withdrawn by the recommending
    employer (or by the person), goes → DECLINED instead: the person may still apply themselves.
    `reason` is optional, one line ≤ 500 characters. Writes the move (step with the reason) and the
    audit event `talent.application.withdrawn` (or `.declined`).

    Raises:
        TalentApplicationNotFound: not visible to the actor.
        OutOfScope: neither the applicant nor the recommender.
        WrongApplicationStatus: submitted or later (the county has it), already withdrawn or declined,
            or the recommender's once it is no longer waiting for the person.
        InvalidInput: reason too long.
    """
    row = await TalentApplication.get_or_none(id=application_id)
    if row is None or not await can_see_application(actor, row):
        raise TalentApplicationNotFound()
    is_applicant = actor.person_id is not None and actor.person_id == row.person_id
    is_recommender = actor.user_id is not None and actor.user_id == row.recommended_by_user_id
    if not (is_applicant or is_recommender):
        raise OutOfScope("只有申报人本人可以撤回申报", field="applicationId")
    if not is_applicant and row.status is not A.RECOMMENDED:
        raise WrongApplicationStatus(
            f"该申报{APPLICATION_NAMES[row.status]}，不能撤回：推荐单位只能撤回待本人确认的推荐"
        )
    reason = check_reason(reason)
    if row.status is A.RECOMMENDED:
        async with write_transaction():
            return await steps.move_application(
                actor, row, A.DECLINED, action="declined", refusal="撤回推荐", comment=reason
            )
    if row.status not in (A.DRAFT, A.RETURNED):
        if row.submitted_at is not None:
            raise WrongApplicationStatus(
                f"已提交的申报不能撤回，由县级审核（该申报{APPLICATION_NAMES[row.status]}）"
            )
        raise WrongApplicationStatus(f"该申报{APPLICATION_NAMES[row.status]}，不能撤回")
    async with write_transaction():
        return await steps.move_application(
            actor, row, A.WITHDRAWN, action="withdrawn", refusal="撤回", comment=reason
        )


async def my_applications(actor: Actor) -> list[TalentApplication]:
    """The signed-in person's applications, newest first (none for an account without a person)."""
    if actor.person_id is None:
        return []
    return await TalentApplication.filter(person_id=actor.person_id).order_by("-id")


@dataclass(frozen=True, slots=True)
class ApplicationFilter:
    status: ApplicationStatus | None = None
    county_code: str | None = None


async def list_applications(
    actor: Actor, round_id: int, *, first: int, after: int | None, filter: ApplicationFilter
) -> Page[TalentApplication]:
    """A round's applications for admins, oldest first (the county review queue: filter SUBMITTED):
    county admins see their counties' only, the prefecture admin all; drafts are private: only those
    once submitted (`submitted_at` set) or recommended by the actor are listed
    (`visibility.can_see_application`). A `county_code` outside the actor's counties lists nothing.

    Raises:
        OutOfScope: the actor is not an admin.
        TalentRoundNotFound: no such round.
        UnknownCounty: `county_code` is not a county of the prefecture.
    """
    if not actor.is_admin:
        raise OutOfScope("只有县级或州级管理员可以查看申报列表", field=None)
    await get_round(round_id)
    query = TalentApplication.filter(round_id=round_id)
    scope = actor.admin_county_scope()
    if scope is not None:
        query = query.filter(county_id__in=sorted(scope))
    if actor.user_id is None:
        query = query.filter(submitted_at__isnull=False)
    else:
        query = query.filter(Q(submitted_at__isnull=False) | Q(recommended_by_user_id=actor.user_id))
    if filter.county_code is not None:
        county = await people.check_county(filter.county_code)
        query = query.filter(county_id=county.code)
    if filter.status is not None:
        query = query.filter(status=filter.status)
    return await keyset_page(query, first=first, after=after)


async def eligibility_for(actor: Actor, round_id: int, person_id: int | None) -> Eligibility | None:
    """The eligibility of a person for a round, rule by rule: the signed-in person's by default; an
    admin may ask for a person of their counties. None when the person is not visible to the actor (or
    the account has no person and none is named).

    Raises:
        TalentRoundNotFound: no such round.
    """
    round_ = await get_round(round_id)
    wanted = person_id if person_id is not None else actor.person_id
    if wanted is None or await people.get_person_or_none(actor, wanted) is None:
        return None
    judged = await applicant_facts.eligibility_of(round_, wanted)
    return judged[1] if judged else None


async def steps_of(application_ids: list[int]) -> dict[int, list[TalentApplicationStep]]:
    """Each application's history, oldest first; callers decide visibility."""
    result: dict[int, list[TalentApplicationStep]] = {pk: [] for pk in application_ids}
    for row in await TalentApplicationStep.filter(application_id__in=application_ids).order_by("id"):
        result[row.application_id].append(row)
    return result
