"""Recording one trainee's completion: the course's provider credits an enrolment once.

Once is enforced three ways: a conditional status change (ENROLLED → COMPLETED), a unique
`enrollment` column on the entry (on the first credit), and the idempotency key, through which a retry
(even one racing the first request) gets the first request's entry. A reversed credit reopens the
enrolment (COMPLETED → ENROLLED, `adjustments.reverse_entry`), which can then be credited again with
the corrected hours, under a new key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.idempotency import check_key, idempotent, request_digest
from domain.people import service as people
from domain.training import hours as hour_units
from domain.training.catalog import course_for_provider
from domain.training.credits import credit_enrollment, entry_with_key
from domain.training.enrolment import check_course_held
from domain.training.errors import AlreadyCredited, CourseNotFound, EnrollmentNotFound, NotEnrolled
from domain.training.ledger import (
    check_completion_date,
    check_credit_hours,
    default_completion_date,
    held_on,
)
from domain.training.models import Course, Enrollment, HourEntry
from domain.training.vocabulary import EnrollmentStatus, EntrySource
from domain.transaction import write_transaction


@dataclass(frozen=True, slots=True)
class Credit:
    entry: HourEntry
    enrollment: Enrollment | None


async def record_completion(
    actor: Actor,
    enrollment_id: int,
    *,
    hours: Decimal | None,
    completed_on: date | None,
    idempotency_key: str,
) -> Credit:
    """The course's provider records that an enrolled trainee completed it; the hours are credited
    to the trainee's ledger once.

    `hours` is Decimal hours with at most one decimal place, above 0 and at most the course's credit
    hours (part of a course attended); None credits the course's hours. Stored as integer tenths.
    `completed_on` is an Asia/Shanghai business date from the course's first day to today; None dates
    it the course's last day (today while it runs). `idempotency_key` (1–100 characters): a retry
    with the same key and input returns the first result and writes nothing, even when it races the
    first request.

    Writes, in one transaction: the enrolment ENROLLED → COMPLETED, one `HourEntry` (source
    COMPLETION) with the `HourBalance`s it counts toward, and the audit event `completion.recorded`.

    Raises:
        InvalidInput: the key is empty or too long.
        IdempotencyKeyReused: the key was first used for a different request.
        EnrollmentNotFound: no such enrolment, or not in a course of the actor's provider (for
            retries too: a key is no way into another provider's records).
        AlreadyCredited: the enrolment is already credited (and that credit not reversed).
        NotEnrolled: the trainee is wait-listed or has withdrawn.
        CourseNotHeld: the course's last session has not started yet.
        InvalidHours, HoursAboveCredit: `hours` out of bounds.
        InvalidDate: `completed_on` before the course or in the future.
    """
    key = check_key(idempotency_key)
    digest = request_digest("completion", enrollment=enrollment_id, hours=hours, completedOn=completed_on)
    entry = await idempotent(
        key,
        digest,
        find=entry_with_key,
        scope=lambda: _enrollment_of_provider(actor, enrollment_id),
        write=lambda target: _complete(
            actor, *target, hours=hours, completed_on=completed_on, key=key, digest=digest
        ),
        conflict=AlreadyCredited,
    )
    return Credit(entry, await Enrollment.get_or_none(id=enrollment_id))


async def _enrollment_of_provider(actor: Actor, enrollment_id: int) -> tuple[Enrollment, Course]:
    """An enrolment in one of the actor's provider's courses; any other is not found."""
    enrollment = await Enrollment.get_or_none(id=enrollment_id)
    if enrollment is None:
        raise EnrollmentNotFound()
    try:
        course = await course_for_provider(actor, enrollment.course_id)
    except CourseNotFound:
        raise EnrollmentNotFound() from None
    return enrollment, course


async def _complete(
    actor: Actor,
    enrollment: Enrollment,
    course: Course,
    *,
    hours: Decimal | None,
    completed_on: date | None,
    key: str,
    digest: str,
) -> HourEntry:
    if enrollment.status is EnrollmentStatus.COMPLETED:
        raise AlreadyCredited()
    if enrollment.status is not EnrollmentStatus.ENROLLED:
        raise NotEnrolled("只有正式报名（非候补、未退出）的学员可以记录结业学时")
    await check_course_held(course)
    tenths = check_credit_hours(hours, course.credit_tenths)
    today = clock.today()
    held = held_on(course.starts_at, course.ends_at)
    day = completed_on or default_completion_date(held, today)
    check_completion_date(day, held, today=today)
    async with write_transaction():
        entry = await credit_enrollment(
            actor,
            course,
            enrollment,
            tenths=tenths,
            day=day,
            source=EntrySource.COMPLETION,
            key=key,
            digest=digest,
        )
        await audit.record(
            actor,
            "completion.recorded",
            target_type="HourEntry",
            target_id=entry.id,
            county_code=await people.county_of(enrollment.person_id),
            summary={"enrollment": enrollment.id, "hours": str(hour_units.from_tenths(tenths))},
        )
    return entry
