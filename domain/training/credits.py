"""The one writer of the hour ledger: entries and the cached balances they count toward.

Every entry is appended, never changed (a correction is a reversing entry); the balances move in the
same transaction as the entry, so `balance == sum(entries)` holds at every commit (ARCHITECTURE.md,
Data). Completions (`completions.py`), rosters (`roster_import.py`), adjustments and reversals
(`adjustments.py`) all write through here.
"""

from __future__ import annotations

from datetime import date

from tortoise import connections

from domain.access import Actor
from domain.idempotency import Recorded
from domain.training.errors import AlreadyCredited
from domain.training.models import Course, Enrollment, HourEntry, TrainingRequirement
from domain.training.vocabulary import EnrollmentStatus, EntrySource, HourCategory


async def entry_with_key(key: str) -> Recorded[HourEntry] | None:
    """The entry a key wrote, with the digest of the request that wrote it, or None if the key is
    unused: what a retried completion, adjustment or reversal replays (they share one key column,
    so a key is used once across the three)."""
    entry = await HourEntry.get_or_none(idempotency_key=key)
    return None if entry is None else Recorded(entry, entry.request_digest)


async def append_entry(
    *,
    person_id: int,
    tenths: int,
    category: HourCategory,
    source: EntrySource,
    occurred_on: date,
    actor: Actor,
    course_id: int | None = None,
    enrollment_id: int | None = None,
    reverses_id: int | None = None,
    reason: str | None = None,
    idempotency_key: str | None = None,
    digest: str | None = None,
) -> HourEntry:
    """Append one entry to a person's ledger and move every balance it counts toward.

    `tenths` is integer tenths of an hour (`hours.to_tenths`), negative to take hours away; the
    entry counts toward every fixed-window requirement whose window includes `occurred_on` (an
    Asia/Shanghai business date). `course_id`, `enrollment_id` and `reverses_id` say where the hours
    came from; `reason` is the admin's, for adjustments and reversals; `idempotency_key` and `digest`
    are stored for `entry_with_key`. The caller has checked all of these.

    Writes one `HourEntry` (recorded by `actor.user_id`) and upserts one `HourBalance` per
    requirement, within the caller's transaction; the caller records the audit event in it too.

    Raises:
        IntegrityError: the key is already used, the enrolment already credited, or the entry
            already reversed (unique columns), for the caller to turn into its refusal.
    """
    entry = await HourEntry.create(
        person_id=person_id,
        tenths=tenths,
        category=category,
        source=source,
        occurred_on=occurred_on,
        course_id=course_id,
        enrollment_id=enrollment_id,
        reverses_id=reverses_id,
        reason=reason,
        recorded_by_user_id=actor.user_id,
        idempotency_key=idempotency_key,
        request_digest=digest,
    )
    for requirement in await fixed_requirements_on(occurred_on):
        await add_to_balance(person_id, requirement.id, category, tenths)
    return entry


async def credit_enrollment(
    actor: Actor,
    course: Course,
    enrollment: Enrollment,
    *,
    tenths: int,
    day: date,
    source: EntrySource,
    key: str | None,
    digest: str | None,
) -> HourEntry:
    """Credit an enrolled trainee's completion of `course`, once: ENROLLED → COMPLETED by a
    conditional update, then the entry, within the caller's transaction. An enrolment whose credit
    was reversed is ENROLLED again and may be credited again, with the corrected hours.

    Raises:
        AlreadyCredited: the enrolment is no longer ENROLLED (a concurrent request credited it).
    """
    moved = await Enrollment.filter(id=enrollment.id, status=EnrollmentStatus.ENROLLED).update(
        status=EnrollmentStatus.COMPLETED
    )
    if not moved:
        raise AlreadyCredited()
    # The first credit of an enrolment names it (a unique column); one recorded again after its
    # reversal (`reopen_credited_enrollment`) names the course only, the enrolment being the person's
    # one live enrolment in it.
    first_credit = not await HourEntry.exists(enrollment_id=enrollment.id)
    return await append_entry(
        person_id=enrollment.person_id,
        tenths=tenths,
        category=course.hour_category,
        source=source,
        occurred_on=day,
        actor=actor,
        course_id=course.id,
        enrollment_id=enrollment.id if first_credit else None,
        idempotency_key=key,
        digest=digest,
    )


async def fixed_requirements_on(day: date) -> list[TrainingRequirement]:
    return await TrainingRequirement.filter(starts_on__lte=day, ends_on__gte=day)


async def add_to_balance(person_id: int, requirement_id: int, category: HourCategory, tenths: int) -> None:
    """An atomic upsert, so concurrent credits to one balance neither lose an update nor collide."""
    connection = connections.get("default")
    marks = ("$1", "$2", "$3", "$4") if connection.capabilities.dialect == "postgres" else ("?",) * 4
    await connection.execute_query(
        "INSERT INTO hour_balance (person_id, requirement_id, category, tenths)"  # noqa: S608 - placeholders only
        f" VALUES ({', '.join(marks)})"
        " ON CONFLICT (person_id, requirement_id, category)"
        " DO UPDATE SET tenths = hour_balance.tenths + excluded.tenths",
        [person_id, requirement_id, category.value, tenths],
    )


CREDIT_SOURCES = (EntrySource.COMPLETION, EntrySource.ROSTER_IMPORT)


async def reopen_credited_enrollment(entry: HourEntry) -> int | None:
    """When a completion's credit is reversed, its enrolment is no longer credited: COMPLETED →
    ENROLLED, so the provider can record the completion again with the corrected hours. Within the
    caller's transaction; returns the enrolment reopened, or None for an entry that credits none.
    """
    if entry.source not in CREDIT_SOURCES or entry.course_id is None:
        return None
    enrollment = await Enrollment.filter(
        person_id=entry.person_id, course_id=entry.course_id, status=EnrollmentStatus.COMPLETED
    ).first()
    if enrollment is None:
        return None
    await Enrollment.filter(id=enrollment.id, status=EnrollmentStatus.COMPLETED).update(
        status=EnrollmentStatus.ENROLLED
    )
    return enrollment.id
