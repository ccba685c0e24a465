"""Expert reviewers on applications (DOMAIN.md §The 彝乡 leading-talent programme, step 4): the prefecture
admin assigns accounts holding EXPERT to the county-passed applications of a round (the first assignment
starts the scoring: CALLING → SCORING), a reviewer of the applicant's organisation is kept out as a
conflict of interest, a reviewer may declare a conflict, and the admin may excuse a reviewer, recorded.

Conflict of interest (same organisation): the reviewer's registry person works at the application's
organisation (`organization_id`), or the reviewer's organisation name (their account's, or their
person's) is the application's once normalised (`names.plain_text`, whitespace removed, case folded).
Conflict of interest (an applicant of the round): the reviewer's registry person has an application of
their own in the round that is not WITHDRAWN or DECLINED; they may score none of the round's
applications (they compete with every one of them).

Who assigned, declared or excused a reviewer is the prefecture's to know: those audit events, and the
scores' (`scores`), are written with no county (prefecture admins only).

Writes to a round's assignments lock the round's row, as the county review and the closing of scoring
do, so an assignment cannot land in a round being closed, and two assignments of one pair at once make
one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from domain import clock
from domain.access import Actor, Role
from domain.accounts import service as accounts
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope, in_row
from domain.names import free_text, plain_text
from domain.paging import Page, keyset_page
from domain.people import service as people
from domain.people.errors import ReasonRequired
from domain.talent.errors import (
    AlreadyScored,
    NotAnExpert,
    NotAssigned,
    ReviewerConflict,
    TalentApplicationNotFound,
    TalentRoundNotFound,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import TalentApplication, TalentAssignment, TalentRound, TalentScore
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus, RoundStatus
from domain.talent.workflow import (
    ASSIGNMENT_MOVES,
    ROUND_NAMES,
    can_move,
    check_round_move,
    status_name,
)
from domain.transaction import write_transaction

__all__ = [
    "APPLICANT_CONFLICT",
    "Assigned",
    "applicants_of_round",
    "assign_reviewers",
    "assignments_by_ids",
    "check_assignment_move",
    "declare_conflict",
    "excuse_reviewer",
    "my_assignments",
    "round_assignments",
    "scores_by_assignment_ids",
]

MAX_REVIEWERS: Final = 50
MAX_APPLICATIONS: Final = 500
MAX_REASON_LENGTH: Final = 500


@dataclass(frozen=True, slots=True)
class Assigned:
    """What `assign_reviewers` did: the round as it now is, and the assignments of the pairs asked for
    (new ones and those that already existed), by application then by reviewer as given."""

    round: TalentRound
    assignments: list[TalentAssignment]


@dataclass(frozen=True, slots=True)
class _Reviewer:
    user_id: int
    name: str
    person_id: int | None
    organization_id: int | None
    organization_names: dict[str, str]  # normalised → as written


def _normalised(name: str) -> str:
    return "".join(plain_text(name).split()).casefold()


def check_assignment_move(assignment: TalentAssignment, to: AssignmentStatus, action: str) -> None:
    """Raise the refusal that fits unless ASSIGNMENT_MOVES allows the assignment's status → `to`:
    AlreadyScored (sealed), ReviewerConflict (a conflict found or declared), NotAssigned (excused)."""
    current = assignment.status
    if can_move(ASSIGNMENT_MOVES, current, to):
        return
    if current is AssignmentStatus.SCORED:
        raise AlreadyScored(f"您对此申报的评分已提交封存，不能{action}")
    if current in (AssignmentStatus.CONFLICT, AssignmentStatus.CONFLICT_DECLARED):
        # The recorded reason (same organisation, an applicant of the round, or the reviewer's own words).
        why = f"（{assignment.reason}）" if assignment.reason else ""
        raise ReviewerConflict(f"您对此申报须回避{why}，不能{action}", field="applicationId")
    raise NotAssigned(f"您对此申报{status_name(current)}，不能{action}")


def _checked_reason(reason: str | None) -> str:
    text = free_text(reason or "")
    if not text:
        raise ReasonRequired("请填写原因", field="reason")
    if len(text) > MAX_REASON_LENGTH:
        raise InvalidInput(f"原因不超过 {MAX_REASON_LENGTH} 字", field="reason")
    return text


def _check_ids(ids: Sequence[int], field: str, maximum: int, label: str) -> None:
    if not ids:
        raise InvalidInput(f"请至少选择一个{label}", field=field)
    if len(ids) > maximum:
        raise InvalidInput(f"一次最多选择 {maximum} 个{label}", field=field)
    for index, pk in enumerate(ids):
        if pk in ids[:index]:
            with in_row(field, index):
                raise InvalidInput(f"同一{label}重复选择")


async def _reviewers(reviewer_ids: Sequence[int]) -> list[_Reviewer]:
    users = await accounts.users_by_ids(list(reviewer_ids))
    grants = await accounts.grants_by_user_ids(list(reviewer_ids))
    persons = await people.persons_by_ids([u.person_id for u in users.values() if u.person_id is not None])
    found: list[_Reviewer] = []
    for index, pk in enumerate(reviewer_ids):
        with in_row("reviewerIds", index):
            user = users.get(pk)
            if user is None:
                raise NotAnExpert("账号不存在，请从评审专家中选择", field="")
            if not any(g.role is Role.EXPERT for g in grants.get(pk, [])):
                raise NotAnExpert(f"「{user.name}」不是评审专家账号，请先授予评审专家角色", field="")
            person = persons.get(user.person_id) if user.person_id is not None else None
            written = [user.organization_name] + ([person.organization_name] if person else [])
            found.append(
                _Reviewer(
                    user_id=pk,
                    name=user.name,
                    person_id=user.person_id,
                    organization_id=person.organization_id if person else None,
                    organization_names={_normalised(n): n for n in written if _normalised(n)},
                )
            )
    return found


def _conflict(
    reviewer: _Reviewer, application: TalentApplication, applicant: str, *, applies: bool
) -> tuple[str, str] | None:
    """Why the reviewer may not score the application: the assignment's reason ("与申报人同一单位：…")
    and the refusal's words; None when they may. `applies`: the reviewer is an applicant of the round."""
    if reviewer.person_id is not None and reviewer.person_id == application.person_id:
        return "评审专家即申报人本人", f"专家「{reviewer.name}」即申报人本人，须回避，不能分配"
    if applies:
        return APPLICANT_CONFLICT, f"专家「{reviewer.name}」本人为本轮申报人，须回避本轮全部申报，不能分配"
    same_id = reviewer.organization_id is not None and reviewer.organization_id == application.organization_id
    if same_id or _normalised(application.organization_name) in reviewer.organization_names:
        organization = application.organization_name
        return (
            f"与申报人同一单位：{organization}",
            f"专家「{reviewer.name}」与申报人「{applicant}」同一单位（{organization}），须回避，不能分配",
        )
    return None


async def _start_or_continue(round_: TalentRound) -> bool:
    """Check the round may take reviewers; True when this assignment starts the scoring."""
    if round_.status is RoundStatus.SCORING:
        return False
    check_round_move(round_.status, RoundStatus.SCORING, "分配评审专家")
    if clock.today() <= round_.application_closes_on:
        raise WrongRoundStatus(
            f"申报截止日为 {round_.application_closes_on:%Y年%-m月%-d日}，截止后才能开始专家评审"
        )
    waiting = await TalentApplication.filter(round_id=round_.id, status=ApplicationStatus.SUBMITTED).count()
    if waiting:
        raise WrongRoundStatus(f"还有 {waiting} 份申报待县级初审，县级初审全部完成后才能开始专家评审")
    returned = await TalentApplication.filter(round_id=round_.id, status=ApplicationStatus.RETURNED).count()
    if returned:
        raise WrongRoundStatus(
            f"还有 {returned} 份退回修改的申报尚未重新提交：请县级在其重新提交后初审，"
            "或以逾期未重新提交为由不予通过"
        )
    return True


# An application of these statuses no longer makes its person an applicant of the round.
_NOT_APPLYING = (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED)
APPLICANT_CONFLICT: Final = "评审专家本人为本轮申报人"


async def applicants_of_round(round_id: int, person_ids: Sequence[int | None]) -> set[int]:
    """Which of `person_ids` are applicants of the round: an application of theirs in it that is not
    WITHDRAWN or DECLINED (module docstring: such a reviewer has a conflict with every application)."""
    wanted = sorted({pk for pk in person_ids if pk is not None})
    if not wanted:
        return set()
    rows = await TalentApplication.filter(round_id=round_id, person_id__in=wanted).exclude(
        status__in=_NOT_APPLYING
    )
    return {row.person_id for row in rows}


async def _applications(
    round_: TalentRound, application_ids: Sequence[int] | None
) -> list[TalentApplication]:
    if application_ids is None:
        rows = await TalentApplication.filter(
            round_id=round_.id, status=ApplicationStatus.COUNTY_PASSED
        ).order_by("id")
        if not rows:
            raise WrongRoundStatus("本轮没有县级初审通过的申报，无需分配评审专家")
        return list(rows)
    found = {a.id: a for a in await TalentApplication.filter(id__in=list(application_ids))}
    rows = []
    for index, pk in enumerate(application_ids):
        with in_row("applicationIds", index):
            row = found.get(pk)
            if row is None or row.round_id != round_.id:
                raise TalentApplicationNotFound("本轮没有这份申报", field="")
            if row.status is not ApplicationStatus.COUNTY_PASSED:
                raise WrongApplicationStatus(
                    f"该申报{status_name(row.status)}，只能为县级初审已通过的申报分配评审专家", field=""
                )
            rows.append(row)
    return rows


async def assign_reviewers(
    actor: Actor, round_id: int, reviewer_ids: Sequence[int], application_ids: Sequence[int] | None
) -> Assigned:
    """The prefecture admin assigns reviewers (user ids of accounts holding EXPERT, 1–50) to applications
    of a round (ids of its COUNTY_PASSED applications, 1–500; None: every one of them).

    The first assignment starts the scoring, CALLING → SCORING: only after the application closing day,
    once no application awaits county review and none returned for changes is still unresubmitted (the
    county reviews it once resubmitted, or rejects it as not resubmitted in time). While SCORING more
    reviewers may be assigned. A pair already assigned is left as it is. Without `application_ids`, a
    reviewer with a conflict of interest (module docstring) is recorded as a CONFLICT assignment with
    the reason "与申报人同一单位：…" and does not score (an applicant of the round:
    "评审专家本人为本轮申报人", for every application); with `application_ids`, such a pair is
    refused and nothing is written.

    Writes, in one transaction: a `TalentAssignment` per new pair (ASSIGNED or CONFLICT), the round
    CALLING → SCORING when it starts, and the audit event `talent.reviewers.assigned` (reviewers,
    assigned, conflicts, whether scoring started).

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        InvalidInput: no ids, too many, or an id given twice (at its row).
        TalentRoundNotFound: no such round.
        NotAnExpert: a reviewer id that is no account, or an account without EXPERT (at its row of
            `reviewerIds`, naming the account).
        WrongRoundStatus: the round is past scoring; or, starting it, the application window is still
            open, some applications await county review or are returned and not resubmitted (how many),
            or none passed county review.
        TalentApplicationNotFound, WrongApplicationStatus: an application id not of the round, or not
            COUNTY_PASSED (at its row of `applicationIds`).
        ReviewerConflict: with `application_ids`, a reviewer of an applicant's organisation (at the
            reviewer's row of `reviewerIds`, naming both and the organisation), or an applicant of the
            round.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以分配评审专家", field="roundId")
    _check_ids(reviewer_ids, "reviewerIds", MAX_REVIEWERS, "评审专家")
    if application_ids is not None:
        _check_ids(application_ids, "applicationIds", MAX_APPLICATIONS, "申报")
    if not await TalentRound.exists(id=round_id):
        raise TalentRoundNotFound()
    reviewers = await _reviewers(reviewer_ids)
    now = clock.now()
    async with write_transaction():
        round_ = await TalentRound.filter(id=round_id).select_for_update().get()
        starts = await _start_or_continue(round_)
        applications = await _applications(round_, application_ids)
        existing = {
            (a.application_id, a.reviewer_user_id): a
            for a in await TalentAssignment.filter(
                application_id__in=[a.id for a in applications],
                reviewer_user_id__in=[r.user_id for r in reviewers],
            )
        }
        names = {
            p.id: p.name for p in (await people.persons_by_ids([a.person_id for a in applications])).values()
        }
        applying = await applicants_of_round(round_.id, [r.person_id for r in reviewers])
        result: list[TalentAssignment] = []
        created: list[tuple[int, int]] = []
        conflicts: list[dict[str, object]] = []
        for application in applications:
            for index, reviewer in enumerate(reviewers):
                pair = (application.id, reviewer.user_id)
                if pair in existing:
                    result.append(existing[pair])
                    continue
                conflict = _conflict(
                    reviewer,
                    application,
                    names.get(application.person_id, ""),
                    applies=reviewer.person_id in applying,
                )
                if conflict is not None and application_ids is not None:
                    with in_row("reviewerIds", index):
                        raise ReviewerConflict(conflict[1], field="")
                row = await TalentAssignment.create(
                    round_id=round_.id,
                    application_id=application.id,
                    reviewer_user_id=reviewer.user_id,
                    status=AssignmentStatus.ASSIGNED if conflict is None else AssignmentStatus.CONFLICT,
                    reason=None if conflict is None else conflict[0],
                    decided_at=None if conflict is None else now,
                )
                result.append(row)
                created.append(pair)
                if conflict is not None:
                    conflicts.append({"application": application.id, "reviewer": reviewer.user_id})
        if starts:
            await TalentRound.filter(id=round_.id, status=RoundStatus.CALLING).update(
                status=RoundStatus.SCORING
            )
        await audit.record(
            actor,
            "talent.reviewers.assigned",
            target_type="TalentRound",
            target_id=round_.id,
            summary={
                "reviewers": [r.user_id for r in reviewers],
                "applications": [a.id for a in applications],
                "assigned": len(created) - len(conflicts),
                "conflicts": conflicts,
                "scoringStarted": starts,
            },
        )
    return Assigned(round=await TalentRound.get(id=round_id), assignments=result)


async def own_assignment(actor: Actor, application_id: int) -> tuple[TalentAssignment, TalentApplication]:
    """The actor's assignment on an application, checked before anything else about it, so an expert
    not assigned learns nothing of the application, its status included.

    Raises:
        TalentApplicationNotFound: no such application.
        NotAssigned: the actor is not assigned to it.
    """
    application = await TalentApplication.get_or_none(id=application_id)
    if application is None:
        raise TalentApplicationNotFound()
    assignment = (
        await TalentAssignment.get_or_none(application_id=application_id, reviewer_user_id=actor.user_id)
        if actor.user_id is not None
        else None
    )
    if assignment is None:
        raise NotAssigned()
    return assignment, application


async def declare_conflict(actor: Actor, application_id: int, reason: str | None) -> TalentAssignment:
    """The reviewer assigned to an application declares a conflict of interest (step 4): their ASSIGNED
    assignment → CONFLICT_DECLARED, while the round is SCORING. `reason` is required (one line, at most
    500 characters). The reviewer no longer scores nor reads the application.

    Writes the assignment's status, reason, `decided_by_user_id` (the reviewer) and `decided_at`, and the
    audit event `talent.assignment.conflict_declared` (prefecture only: no county), in one transaction.

    Raises:
        TalentApplicationNotFound: no such application.
        NotAssigned: the actor is not assigned to it, or was excused (checked first: nothing about an
            application is told to an expert not assigned to it).
        ReasonRequired: no reason; InvalidInput: a reason over 500 characters (field `reason`).
        WrongRoundStatus: the round is not SCORING (field `applicationId`).
        AlreadyScored: the reviewer has scored it (sealed).
        ReviewerConflict: a conflict is already recorded.
    """
    assignment, application = await own_assignment(actor, application_id)
    text = _checked_reason(reason)
    round_ = await TalentRound.get(id=application.round_id)
    if round_.status is not RoundStatus.SCORING:
        raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[round_.status]}，不能申明回避", field="applicationId")
    check_assignment_move(assignment, AssignmentStatus.CONFLICT_DECLARED, "申明回避")
    async with write_transaction():
        moved = await TalentAssignment.filter(id=assignment.id, status=AssignmentStatus.ASSIGNED).update(
            status=AssignmentStatus.CONFLICT_DECLARED,
            reason=text,
            decided_by_user_id=actor.user_id,
            decided_at=clock.now(),
        )
        if not moved:
            check_assignment_move(
                await TalentAssignment.get(id=assignment.id), AssignmentStatus.CONFLICT_DECLARED, "申明回避"
            )
        await audit.record(
            actor,
            "talent.assignment.conflict_declared",
            target_type="TalentAssignment",
            target_id=assignment.id,
            county_code=None,  # the reviewer's identity is the prefecture's to know
            summary={"application": application.id, "reason": text},
        )
    return await TalentAssignment.get(id=assignment.id)


async def excuse_reviewer(actor: Actor, round_id: int, reviewer_id: int, reason: str | None) -> TalentRound:
    """The prefecture admin excuses a reviewer from the rest of a SCORING round: each of their ASSIGNED
    assignments in the round → EXCUSED with `reason` (required, one line, at most 500 characters) and
    the admin as `decided_by_user_id`; what they scored stays. Closing the scoring needs no score from
    an excused reviewer.

    Writes the assignments and the audit event `talent.reviewer.excused` (reviewer, applications,
    reason), in one transaction.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        TalentRoundNotFound: no such round.
        ReasonRequired, InvalidInput: no reason, or one over 500 characters (field `reason`).
        WrongRoundStatus: the round is not SCORING.
        NotAssigned: the reviewer has nothing left to score in the round (field `reviewerId`).
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以准予专家免评", field="roundId")
    if not await TalentRound.exists(id=round_id):
        raise TalentRoundNotFound()
    text = _checked_reason(reason)
    async with write_transaction():
        round_ = await TalentRound.filter(id=round_id).select_for_update().get()
        if round_.status is not RoundStatus.SCORING:
            raise WrongRoundStatus(f"选拔轮次{ROUND_NAMES[round_.status]}，不能准予免评")
        pending = await TalentAssignment.filter(
            round_id=round_id, reviewer_user_id=reviewer_id, status=AssignmentStatus.ASSIGNED
        ).order_by("application_id")
        if not pending:
            raise NotAssigned("该专家在本轮没有待评分的申报", field="reviewerId")
        await TalentAssignment.filter(
            id__in=[a.id for a in pending], status=AssignmentStatus.ASSIGNED
        ).update(
            status=AssignmentStatus.EXCUSED,
            reason=text,
            decided_by_user_id=actor.user_id,
            decided_at=clock.now(),
        )
        await audit.record(
            actor,
            "talent.reviewer.excused",
            target_type="TalentRound",
            target_id=round_id,
            summary={
                "reviewer": reviewer_id,
                "applications": [a.application_id for a in pending],
                "reason": text,
            },
        )
    return await TalentRound.get(id=round_id)


async def my_assignments(actor: Actor, *, first: int, after: int | None) -> Page[TalentAssignment]:
    """The signed-in reviewer's own assignments, oldest first, keyset-paged by id (none for anyone
    else)."""
    query = TalentAssignment.filter(reviewer_user_id=actor.user_id or 0)
    return await keyset_page(query, first=first, after=after)


async def round_assignments(actor: Actor, round_id: int) -> list[TalentAssignment]:
    """Every assignment of a round, by application then in the order made: the prefecture admin's view.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        TalentRoundNotFound: no such round.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以查看评审分配")
    if not await TalentRound.exists(id=round_id):
        raise TalentRoundNotFound()
    return list(await TalentAssignment.filter(round_id=round_id).order_by("application_id", "id"))


async def scores_by_assignment_ids(ids: list[int]) -> dict[int, list[TalentScore]]:
    """Each assignment's scores, in the rubric's dimension order (for a DataLoader; callers decide who
    may see them)."""
    found: dict[int, list[TalentScore]] = {pk: [] for pk in ids}
    for row in await TalentScore.filter(assignment_id__in=ids).order_by("id"):
        found[row.assignment_id].append(row)
    return found


async def assignments_by_ids(ids: list[int]) -> dict[int, TalentAssignment]:
    """Rows by id (callers decide who may see them: the reviewer and the prefecture admin)."""
    return {row.id: row for row in await TalentAssignment.filter(id__in=ids)}
