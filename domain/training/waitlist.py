"""A course's seats and its wait-list: a free seat never stands beside someone waiting.

Every change to a course's seats or wait-list (an enrolment, a withdrawal, a capacity change) first
locks the course row (`lock_course`: `SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the
`BEGIN IMMEDIATE` of `write_transaction` already serialises every write), so these changes to one
course take their turn and each reads the statuses the one before it left. Seats that come free then
go to the longest-waiting people, in the order they joined (`fill_seats`), in the same transaction.
"""

from __future__ import annotations

from tortoise.expressions import F

from domain.training.models import Course, Enrollment
from domain.training.vocabulary import EnrollmentStatus


async def lock_course(course_id: int) -> Course | None:
    """The course's row, locked until the caller's write transaction ends (call it inside one)."""
    return await Course.filter(id=course_id).select_for_update().first()


async def fill_seats(course_id: int) -> list[int]:
    """Give the course's free seats (capacity less seats taken) to the wait-list, longest-waiting
    first (by enrolment id, the order `enrolment.waitlists_by_course_ids` shows).

    Call it inside a write transaction holding the course (`lock_course`), after the change that
    freed or added seats. Writes each promoted enrolment's status (ENROLLED) and the course's seat
    count (one more per promotion). Returns the promoted enrolments' ids, in the order promoted.
    """
    course = await Course.get(id=course_id)
    free = course.capacity - course.enrolled_count
    if free <= 0:
        return []
    waiting = await Enrollment.filter(course_id=course_id, status=EnrollmentStatus.WAITLISTED).order_by("id")
    promoted: list[int] = []
    for candidate in waiting:
        if len(promoted) == free:
            break
        # Conditional, so a row changed by a writer that does not hold the course is never promoted.
        if await Enrollment.filter(id=candidate.id, status=EnrollmentStatus.WAITLISTED).update(
            status=EnrollmentStatus.ENROLLED
        ):
            promoted.append(candidate.id)
    if promoted:
        await Course.filter(id=course_id).update(enrolled_count=F("enrolled_count") + len(promoted))
    return promoted
