"""Recording one trainee's completion: the course's provider credits an enrolment once.

Once is enforced three ways: a conditional status change (ENROLLED → COMPLETED), a unique
`enrollment` column on the entry (on the first credit), and the idempotency key, through which a retry
(even one racing the first request) gets the first request's entry. A reversed credit reopens the
enrolment (COMPLETED → ENROLLED, `adjustments.reverse_entry`), which can then be credited again with
the corrected hours, under a new key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Final

from tortoise.expressions import RawSQL

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.idempotency import check_key, idempotent, request_digest
from domain.training import hours as hour_units
from domain.training.catalog import can_manage_course
from domain.training.credits import credit_enrollment, entry_with_key
from domain.training.errors import AlreadyCredited, EnrollmentNotFound, NotEnrolled
from domain.training.ledger import (
    check_completion_date,
    check_credit_hours,
    check_last_session_started,
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
    loaded: list[_Target] = []
    written: list[HourEntry] = []

    async def scope() -> _Target:
        loaded.append(await _enrollment_of_provider(actor, enrollment_id))
        return loaded[-1]

    async def write(target: _Target) -> HourEntry:
        written.append(
            await _complete(actor, target, hours=hours, completed_on=completed_on, key=key, digest=digest)
        )
        return written[-1]

    entry = await idempotent(
        key, digest, find=entry_with_key, scope=scope, write=write, conflict=AlreadyCredited
    )
    if written:
        # This request credited it: the enrolment is COMPLETED, as the conditional update made it.
        loaded[-1].enrollment.status = EnrollmentStatus.COMPLETED
        return Credit(entry, loaded[-1].enrollment)
    if loaded and not loaded[-1].attempted:
        # A retry: the enrolment as read after the key was found.
        return Credit(entry, loaded[-1].enrollment)
    # A twin with the key wrote while this request was checked: what was read here is stale.
    return Credit(entry, await Enrollment.get_or_none(id=enrollment_id))


@dataclass(slots=True)
class _Target:
    """What recording a completion reads, in one query: the enrolment, its course, the person's
    county, when the course's last session starts, and whether an entry names the enrolment."""

    enrollment: Enrollment
    course: Course
    county_code: str | None
    last_start: datetime
    credited_before: bool
    attempted: bool = False


# Raw scalar subqueries beside the ORM's join (the base table is "enrollment" in Tortoise's SQL).
_LAST_START: Final = RawSQL(
    '(SELECT MAX(s.starts_at) FROM course_session s WHERE s.course_id = "enrollment"."course_id")'
)
_CREDITED_BEFORE: Final = RawSQL(
    '(SELECT COUNT(*) FROM (SELECT 1 FROM hour_entry h WHERE h.enrollment_id = "enrollment"."id" LIMIT 1) x)'
)
_COUNTY: Final = RawSQL('(SELECT p.county_id FROM person p WHERE p.id = "enrollment"."person_id")')


async def _enrollment_of_provider(actor: Actor, enrollment_id: int) -> _Target:
    """An enrolment in one of the actor's provider's courses, with what crediting it needs, in one
    query; any other enrolment is not found."""
    enrollment = (
        await Enrollment.filter(id=enrollment_id)
        .select_related("course")
        .annotate(last_start=_LAST_START, credited_before=_CREDITED_BEFORE, county=_COUNTY)
        .first()
    )
    if enrollment is None or not can_manage_course(actor, enrollment.course):
        raise EnrollmentNotFound()
    course = enrollment.course
    last_start = _as_datetime(getattr(enrollment, "last_start", None)) or course.starts_at
    county = getattr(enrollment, "county", None)
    return _Target(
        enrollment,
        course,
        str(county) if county is not None else None,
        last_start,
        bool(getattr(enrollment, "credited_before", 0)),
    )


def _as_datetime(value: object) -> datetime | None:
    # SQLite hands back an annotated timestamp as the ISO text Tortoise stored; PostgreSQL a datetime.
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


async def _complete(
    actor: Actor,
    target: _Target,
    *,
    hours: Decimal | None,
    completed_on: date | None,
    key: str,
    digest: str,
) -> HourEntry:
    target.attempted = True
    enrollment, course = target.enrollment, target.course
    if enrollment.status is EnrollmentStatus.COMPLETED:
        raise AlreadyCredited()
    if enrollment.status is not EnrollmentStatus.ENROLLED:
        raise NotEnrolled("只有正式报名（非候补、未退出）的学员可以记录结业学时")
    check_last_session_started(target.last_start, clock.now())
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
            credited_before=target.credited_before,
        )
        await audit.record(
            actor,
            "completion.recorded",
            target_type="HourEntry",
            target_id=entry.id,
            county_code=target.county_code,
            summary={"enrollment": enrollment.id, "hours": str(hour_units.from_tenths(tenths))},
        )
    return entry
