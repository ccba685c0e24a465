"""Enrolment with a wait-list, withdrawal with promotion, and attendance.

Seats are guarded by a conditional update (`enrolled_count < capacity`), which works on SQLite and
PostgreSQL alike, so a course is never overbooked whatever the concurrency (ARCHITECTURE.md). A unique
`live_key` on the enrolment keeps one live enrolment per person per course in the database itself.
Enrolments and withdrawals lock the course row first (`waitlist.lock_course`), so seat and wait-list
changes to one course take their turn.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.idempotency import Recorded, check_key, idempotent, request_digest
from domain.paging import Page, keyset_page
from domain.people.errors import NoPerson
from domain.training import waitlist
from domain.training.catalog import (
    can_read_enrollments,
    course_for_provider,
    course_for_roster,
    get_course_or_none,
)
from domain.training.errors import (
    AlreadyEnrolled,
    CourseNotFound,
    CourseNotHeld,
    CourseNotOpen,
    EnrollmentClosed,
    EnrollmentNotFound,
    NotEnrolled,
    SessionNotFound,
    SessionNotStarted,
)
from domain.training.models import Attendance, Course, CourseSession, Enrollment
from domain.training.vocabulary import CourseStatus, EnrollmentStatus
from domain.transaction import write_transaction

LIVE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.COMPLETED)


async def enroll(actor: Actor, course_id: int, *, idempotency_key: str | None = None) -> Enrollment:
    """The signed-in person (`actor.person_id`) enrols in a published course before it starts.

    Takes a seat if one is free, by a conditional update of the course's `enrolled_count` (so a course
    is never overbooked, whatever the concurrency); otherwise the person joins the wait-list
    (DOMAIN.md, Training: "enrolment beyond capacity goes to a wait-list"). One live enrolment per
    person per course, kept by the database (a unique `live_key`, so racing requests cannot both
    enrol): a duplicate, with or without a key and whatever the key, returns the person's live
    enrolment (enrolled, wait-listed or completed) and writes nothing, also when it races the first
    (API.md §Training). With `idempotency_key` (1–100 characters), a retry with a key that wrote an
    enrolment returns that enrolment; the key belongs to that request, so another person or another
    course with it is refused. A duplicate writes nothing, so its key records nothing.

    Writes one `Enrollment` (ENROLLED, or WAITLISTED when the course is full), the course's seat count
    when a seat was taken, and the audit event `enrollment.created`, in one transaction.

    Raises:
        NoPerson: the account has no registry record.
        InvalidInput: the key is empty or too long.
        IdempotencyKeyReused: the key wrote an enrolment for a different request (another course, or
            another person).
        CourseNotFound: no such course, or a draft the actor may not see.
        CourseNotOpen: the person holds no live enrolment in it and the course is not published (a
            draft or cancelled), has started or has ended.
    """
    if actor.person_id is None:
        raise NoPerson()
    person_id = actor.person_id
    if idempotency_key is None:
        return await _enroll(actor, person_id, course_id, key=None, digest=None)
    key = check_key(idempotency_key)
    # The person is part of the request: an enrolment is always the actor's own, so another
    # person's retry with the key is a different request, refused rather than shown the first one.
    digest = request_digest("enrollment", person=person_id, course=course_id)
    return await idempotent(
        key,
        digest,
        find=_enrollment_with_key,
        scope=_no_scope,
        write=lambda _: _enroll(actor, person_id, course_id, key=key, digest=digest),
        conflict=AlreadyEnrolled,
    )


async def _no_scope() -> None:
    """An enrolment is the actor's own: the digest names the person, so nothing more to check."""


async def _enrollment_with_key(key: str) -> Recorded[Enrollment] | None:
    enrollment = await Enrollment.get_or_none(idempotency_key=key)
    return None if enrollment is None else Recorded(enrollment, enrollment.request_digest)


def live_key(course_id: int, person_id: int) -> str:
    return f"{course_id}:{person_id}"


async def _enroll(
    actor: Actor, person_id: int, course_id: int, *, key: str | None, digest: str | None
) -> Enrollment:
    course = await get_course_or_none(actor, course_id)
    if course is None:
        raise CourseNotFound()
    existing = await _live_enrollment(course.id, person_id)
    if existing is not None:  # a duplicate: the one live enrolment answers it
        return existing
    if course.status is not CourseStatus.PUBLISHED:
        raise CourseNotOpen("课程未开放报名（草稿或已取消）")
    now = clock.now()
    if course.ends_at <= now:
        raise CourseNotOpen("课程已结束，不能报名")
    if course.starts_at <= now:
        raise CourseNotOpen("课程已开始，报名已截止")
    try:
        return await _take_seat_or_wait(actor, course, person_id, key=key, digest=digest)
    except IntegrityError:
        # A racing twin took the live key (or the idempotency key) first: its enrolment is the answer.
        existing = await _live_enrollment(course.id, person_id)
        if existing is None:
            raise
        return existing


async def _live_enrollment(course_id: int, person_id: int) -> Enrollment | None:
    return await Enrollment.get_or_none(course_id=course_id, person_id=person_id, status__in=LIVE)


async def _take_seat_or_wait(
    actor: Actor, course: Course, person_id: int, *, key: str | None, digest: str | None
) -> Enrollment:
    async with write_transaction():
        # The course row is locked until commit (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises
        # every write): enrolments in one course take their turn, so seats and the wait-list go in
        # the order requests got the lock, and a cancellation cannot slip between check and write.
        locked = await waitlist.lock_course(course.id)
        if locked is None or locked.status is not CourseStatus.PUBLISHED:
            raise CourseNotOpen("课程未开放报名（草稿或已取消）")
        # The enrolment first, the seat second: a twin's enrolment fails on the unique `live_key`
        # before it could take a seat.
        enrollment = await Enrollment.create(
            course_id=course.id,
            person_id=person_id,
            status=EnrollmentStatus.WAITLISTED,
            live_key=live_key(course.id, person_id),
            idempotency_key=key,
            request_digest=digest,
        )
        took_seat = await Course.filter(id=course.id, enrolled_count__lt=F("capacity")).update(
            enrolled_count=F("enrolled_count") + 1
        )
        if took_seat:
            enrollment.status = EnrollmentStatus.ENROLLED
            await enrollment.save(update_fields=["status"])
        await audit.record(
            actor,
            "enrollment.created",
            target_type="Enrollment",
            target_id=enrollment.id,
            county_code=course.county_id,
            summary={"course": course.id, "status": enrollment.status.value},
        )
    return enrollment


async def withdraw(actor: Actor, enrollment_id: int) -> Enrollment:
    """The trainee withdraws: an enrolled one before the first session, a wait-listed one at any time.

    Only the enrolled person (`actor.person_id`) may withdraw. The enrolment's status is read with
    the course locked (`waitlist.lock_course`), so a concurrent promotion is seen: a wait-listed
    trainee promoted while she withdraws gives up the seat she now holds. A wait-listed enrolment just
    leaves the list (also once the course has started or ended: nobody is admitted from it then, and
    leaving it tells the trainee's list she was not); an enrolled one frees its seat, which goes to
    the longest-waiting wait-listed enrolment or, when nobody waits, back to the course
    (`waitlist.fill_seats`).

    Writes the enrolment's status (WITHDRAWN) and `withdrawn_at` (UTC); either the promoted
    enrolment's status (ENROLLED) or the course's seat count; and the audit event
    `enrollment.withdrawn`, naming the status withdrawn from and the promoted enrolment; in one
    transaction.

    Raises:
        EnrollmentNotFound: no such enrolment, or not the actor's.
        EnrollmentClosed: already withdrawn, completed, or cancelled with its course; or enrolled in
            a course that has started.
    """
    enrollment = await Enrollment.get_or_none(id=enrollment_id)
    if enrollment is None or enrollment.person_id != actor.person_id:
        raise EnrollmentNotFound()
    now = clock.now()
    async with write_transaction():
        course = await waitlist.lock_course(enrollment.course_id)
        if course is None:  # cannot happen: a course with enrolments cannot be deleted (RESTRICT)
            raise EnrollmentNotFound()
        # Read again under the course's lock: a withdrawal or a capacity change may have promoted it.
        current = await Enrollment.get(id=enrollment.id)
        _check_withdrawable(current, course, now)
        changed = await Enrollment.filter(id=current.id, status=current.status).update(
            status=EnrollmentStatus.WITHDRAWN, withdrawn_at=now, live_key=None
        )
        if not changed:  # cannot happen while the course is locked; refuse rather than guess
            raise EnrollmentClosed("该报名已退出")
        promoted = None
        if current.status is EnrollmentStatus.ENROLLED:
            await Course.filter(id=course.id).update(enrolled_count=F("enrolled_count") - 1)
            promoted = next(iter(await waitlist.fill_seats(course.id)), None)
        await audit.record(
            actor,
            "enrollment.withdrawn",
            target_type="Enrollment",
            target_id=current.id,
            county_code=course.county_id,
            summary={"course": course.id, "from": current.status.value, "promoted": promoted},
        )
    return await Enrollment.get(id=enrollment.id)


def _check_withdrawable(enrollment: Enrollment, course: Course, now: datetime) -> None:
    """Raises EnrollmentClosed, saying why, when the enrolment cannot be withdrawn now."""
    match enrollment.status:
        case EnrollmentStatus.WITHDRAWN:
            raise EnrollmentClosed("该报名已退出")
        case EnrollmentStatus.CANCELLED:
            raise EnrollmentClosed("课程已取消，该报名已随课程取消，无需退出")
        case EnrollmentStatus.COMPLETED:
            raise EnrollmentClosed("已结业，不能退出")
        case EnrollmentStatus.ENROLLED if course.starts_at <= now:
            raise EnrollmentClosed("课程已开始，不能退出")


async def record_attendance(
    actor: Actor, enrollment_id: int, session_id: int, *, present: bool
) -> Enrollment:
    """The course's provider records whether an enrolled trainee was present at one of its sessions.

    Recording again for the same enrolment and session replaces the earlier mark. Attendance credits no
    hours: the ledger is credited by a completion.

    Writes one `Attendance` (created or updated, with the recording user) and the audit event
    `attendance.recorded`, in one transaction.

    Raises:
        EnrollmentNotFound: no such enrolment, or its course is not this provider's.
        NotEnrolled: the enrolment is wait-listed or withdrawn.
        SessionNotFound: the session is not one of the enrolment's course.
        SessionNotStarted: the session has not started yet (`clock.now()`).
    """
    enrollment = await Enrollment.get_or_none(id=enrollment_id)
    if enrollment is None:
        raise EnrollmentNotFound()
    try:
        course = await course_for_provider(actor, enrollment.course_id)
    except CourseNotFound:
        raise EnrollmentNotFound() from None
    if enrollment.status not in (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED):
        raise NotEnrolled("只有正式报名的学员可以记录考勤")
    session = await CourseSession.get_or_none(id=session_id, course_id=course.id)
    if session is None:
        raise SessionNotFound()
    if session.starts_at > clock.now():
        start = session.starts_at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M")
        raise SessionNotStarted(f"该课次 {start} 开始，开始之后才能记录考勤")
    async with write_transaction():
        await Attendance.update_or_create(
            enrollment_id=enrollment.id,
            session_id=session_id,
            defaults={"present": present, "recorded_by_user_id": actor.user_id or 0},
        )
        await audit.record(
            actor,
            "attendance.recorded",
            target_type="Enrollment",
            target_id=enrollment.id,
            county_code=course.county_id,
            summary={"session": session_id, "present": present},
        )
    return enrollment


async def enrollments_of_course(
    actor: Actor,
    course_id: int,
    *,
    first: int,
    after: int | None,
    status: EnrollmentStatus | None = None,
) -> Page[Enrollment]:
    """A course's enrolments in the order they were made (by id), keyset-paged; only those with
    `status` when given. Reads only.

    Raises:
        CourseNotFound: no such course, or the actor is neither its provider nor an admin whose
            scope includes its county (`catalog.can_read_enrollments`).
        InvalidInput: `first` is out of 1–100.
    """
    course = await course_for_roster(actor, course_id)
    query = Enrollment.filter(course_id=course.id)
    if status is not None:
        query = query.filter(status=status)
    return await keyset_page(query, first=first, after=after)


async def enrollments_of_person(person_id: int, *, first: int, after: int | None) -> Page[Enrollment]:
    return await keyset_page(
        Enrollment.filter(person_id=person_id), first=first, after=after, descending=True
    )


def can_see_enrollment(actor: Actor, enrollment: Enrollment, course: Course) -> bool:
    """An enrolment is visible to the enrolled person, and to whoever reads its course's enrolments:
    its provider and the admins in scope (`catalog.can_read_enrollments`)."""
    return enrollment.person_id == actor.person_id or can_read_enrollments(actor, course)


async def waitlists_by_course_ids(ids: list[int]) -> dict[int, list[int]]:
    """Each course's wait-listed enrolments, by id in the order they joined (the order
    `waitlist.fill_seats` promotes them in), with one query for all the courses."""
    result: dict[int, list[int]] = {i: [] for i in ids}
    rows = await Enrollment.filter(course_id__in=ids, status=EnrollmentStatus.WAITLISTED).order_by("id")
    for row in rows:
        result[row.course_id].append(row.id)
    return result


async def enrollments_by_ids(ids: list[int]) -> dict[int, Enrollment]:
    return {e.id: e for e in await Enrollment.filter(id__in=ids)}


async def attendance_by_enrollment_ids(ids: list[int]) -> dict[int, list[Attendance]]:
    result: dict[int, list[Attendance]] = {i: [] for i in ids}
    for row in await Attendance.filter(enrollment_id__in=ids).order_by("id"):
        result[row.enrollment_id].append(row)
    return result


async def check_course_held(course: Course, *, field: str = "enrollmentId") -> None:
    """A completion is recorded once the course's last session has started (`clock.now()`).

    Raises:
        CourseNotHeld: the last session starts later, with its start (Asia/Shanghai) in the message.
    """
    last = await CourseSession.filter(course_id=course.id).order_by("-starts_at").first()
    last_start = last.starts_at if last is not None else course.starts_at
    if last_start > clock.now():
        start = last_start.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M")
        raise CourseNotHeld(f"课程最后一次课 {start} 开始，开始之后才能记录结业", field=field)
