"""Enrolment with a wait-list, withdrawal with promotion, and attendance.

Seats are guarded by a conditional update (`enrolled_count < capacity`), which works on SQLite and
PostgreSQL alike, so a course is never overbooked whatever the concurrency (ARCHITECTURE.md).
"""

from __future__ import annotations

from tortoise.expressions import F

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.paging import Page, keyset_page
from domain.people.errors import NoPerson
from domain.training.catalog import can_manage_course, course_for_provider, get_course_or_none
from domain.training.errors import (
    AlreadyEnrolled,
    CourseNotFound,
    CourseNotOpen,
    EnrollmentClosed,
    EnrollmentNotFound,
    NotEnrolled,
    SessionNotFound,
)
from domain.training.models import Attendance, Course, CourseSession, Enrollment
from domain.training.vocabulary import CourseStatus, EnrollmentStatus
from domain.transaction import write_transaction

LIVE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.COMPLETED)


async def enroll(actor: Actor, course_id: int) -> Enrollment:
    """The signed-in person (`actor.person_id`) enrols in a published course before it starts.

    Takes a seat if one is free, by a conditional update of the course's `enrolled_count` (so a course
    is never overbooked, whatever the concurrency); otherwise the person joins the wait-list
    (DOMAIN.md, Training: "enrolment beyond capacity goes to a wait-list").

    Writes one `Enrollment` (ENROLLED, or WAITLISTED when the course is full), the course's seat count
    when a seat was taken, and the audit event `enrollment.created`, in one transaction.

    Raises:
        NoPerson: the account has no registry record.
        CourseNotFound: no such course, or a draft the actor may not see.
        CourseNotOpen: the course is not published (a draft or cancelled), or has started.
        AlreadyEnrolled: the person already has a live enrolment in it (enrolled, wait-listed or completed).
    """
    if actor.person_id is None:
        raise NoPerson()
    course = await get_course_or_none(actor, course_id)
    if course is None:
        raise CourseNotFound()
    if course.status is not CourseStatus.PUBLISHED:
        raise CourseNotOpen("课程未开放报名（草稿或已取消）")
    if course.starts_at <= clock.now():
        raise CourseNotOpen("课程已开始，报名已截止")
    if await Enrollment.exists(course_id=course.id, person_id=actor.person_id, status__in=LIVE):
        raise AlreadyEnrolled()
    async with write_transaction():
        took_seat = await Course.filter(id=course.id, enrolled_count__lt=F("capacity")).update(
            enrolled_count=F("enrolled_count") + 1
        )
        enrollment = await Enrollment.create(
            course_id=course.id,
            person_id=actor.person_id,
            status=EnrollmentStatus.ENROLLED if took_seat else EnrollmentStatus.WAITLISTED,
        )
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
    """The trainee withdraws before the first session; a freed seat goes to the first wait-listed.

    Only the enrolled person (`actor.person_id`) may withdraw. A wait-listed enrolment just leaves the
    list; an enrolled one frees its seat, which goes to the longest-waiting wait-listed enrolment or,
    when nobody waits, back to the course.

    Writes the enrolment's status (WITHDRAWN) and `withdrawn_at` (UTC); either the promoted enrolment's
    status (ENROLLED) or the course's seat count; and the audit event `enrollment.withdrawn`, which
    names the promoted enrolment; in one transaction.

    Raises:
        EnrollmentNotFound: no such enrolment, or not the actor's.
        EnrollmentClosed: already withdrawn or completed, the course has started, or a concurrent
            request withdrew it first.
    """
    enrollment = await Enrollment.get_or_none(id=enrollment_id).select_related("course")
    if enrollment is None or enrollment.person_id != actor.person_id:
        raise EnrollmentNotFound()
    course = enrollment.course
    if enrollment.status not in (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED):
        raise EnrollmentClosed("该报名已退出或已结业，不能退出")
    if course.starts_at <= clock.now():
        raise EnrollmentClosed("课程已开始，不能退出")
    async with write_transaction():
        held_seat = enrollment.status is EnrollmentStatus.ENROLLED
        changed = await Enrollment.filter(id=enrollment.id, status=enrollment.status).update(
            status=EnrollmentStatus.WITHDRAWN, withdrawn_at=clock.now()
        )
        if not changed:  # a concurrent request already withdrew it
            raise EnrollmentClosed("该报名已退出")
        promoted = await _promote_first_waitlisted(course) if held_seat else None
        await audit.record(
            actor,
            "enrollment.withdrawn",
            target_type="Enrollment",
            target_id=enrollment.id,
            county_code=course.county_id,
            summary={"course": course.id, "promoted": promoted},
        )
    await enrollment.refresh_from_db()
    return enrollment


async def _promote_first_waitlisted(course: Course) -> int | None:
    """Give the freed seat to the longest-waiting person, or release it; returns who got it."""
    waiting = await Enrollment.filter(course_id=course.id, status=EnrollmentStatus.WAITLISTED).order_by("id")
    for candidate in waiting:
        promoted = await Enrollment.filter(id=candidate.id, status=EnrollmentStatus.WAITLISTED).update(
            status=EnrollmentStatus.ENROLLED
        )
        if promoted:
            return candidate.id
    await Course.filter(id=course.id).update(enrolled_count=F("enrolled_count") - 1)
    return None


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
    if not await CourseSession.exists(id=session_id, course_id=course.id):
        raise SessionNotFound()
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
    actor: Actor, course_id: int, *, first: int, after: int | None
) -> Page[Enrollment]:
    course = await course_for_provider(actor, course_id)
    return await keyset_page(Enrollment.filter(course_id=course.id), first=first, after=after)


async def enrollments_of_person(person_id: int, *, first: int, after: int | None) -> Page[Enrollment]:
    return await keyset_page(
        Enrollment.filter(person_id=person_id), first=first, after=after, descending=True
    )


def can_see_enrollment(actor: Actor, enrollment: Enrollment, course: Course) -> bool:
    """An enrolment is visible to the enrolled person and to its course's provider."""
    return enrollment.person_id == actor.person_id or can_manage_course(actor, course)


async def enrollments_by_ids(ids: list[int]) -> dict[int, Enrollment]:
    return {e.id: e for e in await Enrollment.filter(id__in=ids)}


async def attendance_by_enrollment_ids(ids: list[int]) -> dict[int, list[Attendance]]:
    result: dict[int, list[Attendance]] = {i: [] for i in ids}
    for row in await Attendance.filter(enrollment_id__in=ids).order_by("id"):
        result[row.enrollment_id].append(row)
    return result
