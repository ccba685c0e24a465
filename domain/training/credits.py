"""The one writer of the hour ledger: entries and the cached balances they count toward.

Every entry is appended, never changed (a correction is a reversing entry); the balances move in the
same transaction as the entry, so `balance == sum(entries)` holds at every commit (ARCHITECTURE.md,
Data). Completions (`completions.py`), rosters (`roster_import.py`), adjustments and reversals
(`adjustments.py`) all write through here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from tortoise import connections

from domain import clock
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
    await add_to_balances(person_id, category, tenths, occurred_on)
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
    credited_before: bool | None = None,
) -> HourEntry:
    """Credit an enrolled trainee's completion of `course`, once: ENROLLED → COMPLETED by a
    conditional update, then the entry, within the caller's transaction. An enrolment whose credit
    was reversed is ENROLLED again and may be credited again, with the corrected hours.
    `credited_before`, when the caller has read it with the enrolment: whether an entry names it.

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
    if credited_before is None:
        credited_before = await HourEntry.exists(enrollment_id=enrollment.id)
    first_credit = not credited_before
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


async def credit_enrollments(
    actor: Actor,
    course: Course,
    credits: Sequence[tuple[Enrollment, int, date]],
    *,
    source: EntrySource,
) -> int:
    """`credit_enrollment` for many enrolments of one course at once (enrolment, tenths, day), with a
    fixed number of statements per `BATCH` of them, within the caller's transaction: the enrolments
    ENROLLED → COMPLETED by conditional updates, the entries inserted in bulk, and the balances moved
    by multi-row upserts. Returns how many were credited.

    Raises:
        AlreadyCredited: some enrolment is no longer ENROLLED (a concurrent request credited it); the
            caller's transaction then rolls all of them back.
    """
    # Raw statements: building a query or a model per row costs more than the database does.
    connection = connections.get("default")
    ids = [enrollment.id for enrollment, _, _ in credits]
    credited_before: set[int] = set()
    for first in range(0, len(ids), BATCH):
        chunk = ids[first : first + BATCH]
        p = _marks(len(chunk) + 2)
        moved, _ = await connection.execute_query(
            f"UPDATE enrollment SET status = {p[0]} WHERE status = {p[1]}"  # noqa: S608 - placeholders only
            f" AND id IN ({', '.join(p[2:])})",
            [EnrollmentStatus.COMPLETED.value, EnrollmentStatus.ENROLLED.value, *chunk],
        )
        if moved != len(set(chunk)):
            raise AlreadyCredited()
        p = _marks(len(chunk))
        _, rows = await connection.execute_query(
            f"SELECT DISTINCT enrollment_id FROM hour_entry WHERE enrollment_id IN ({', '.join(p)})",  # noqa: S608 - placeholders only
            chunk,
        )
        credited_before.update(row[0] for row in rows)
    # The domain clock, as every other write records its time (`travel_to`, SWTALENT_TODAY).
    now = clock.now()
    p = _marks(9)
    await connection.execute_many(
        "INSERT INTO hour_entry (person_id, tenths, category, source, occurred_on, course_id,"  # noqa: S608 - placeholders only
        f" enrollment_id, recorded_by_user_id, recorded_at) VALUES ({', '.join(p)})",
        [
            [
                enrollment.person_id,
                tenths,
                course.hour_category.value,
                source.value,
                day,
                course.id,
                # As in `credit_enrollment`: only the first credit of an enrolment names it.
                None if enrollment.id in credited_before else enrollment.id,
                actor.user_id,
                now,
            ]
            for enrollment, tenths, day in credits
        ],
    )
    await add_to_balances_in_bulk(
        (enrollment.person_id, course.hour_category, tenths, day) for enrollment, tenths, day in credits
    )
    return len(credits)


async def fixed_requirements_on(day: date) -> list[TrainingRequirement]:
    return await TrainingRequirement.filter(starts_on__lte=day, ends_on__gte=day)


# The balance upsert: ON CONFLICT ... DO UPDATE works on SQLite >= 3.24 and PostgreSQL, against the
# unique (person, requirement, category) of `hour_balance`; atomic, so concurrent credits to one
# balance neither lose an update nor collide.
_ON_CONFLICT: Final = (
    " ON CONFLICT (person_id, requirement_id, category)"
    " DO UPDATE SET tenths = hour_balance.tenths + excluded.tenths"
)
# Rows per multi-row statement: 4 parameters each, well under SQLite's and asyncpg's bounds.
BATCH: Final = 500


def _marks(count: int, *, start: int = 1, postgres: bool | None = None) -> list[str]:
    if postgres is None:
        postgres = connections.get("default").capabilities.dialect == "postgres"
    return [f"${n}" for n in range(start, start + count)] if postgres else ["?"] * count


def _date_value(day: date) -> object:
    # Tortoise stores a DateField as ISO text on SQLite; asyncpg takes the date itself.
    return day if connections.get("default").capabilities.dialect == "postgres" else day.isoformat()


async def add_to_balances(person_id: int, category: HourCategory, tenths: int, day: date) -> None:
    """Move the balance of every fixed-window requirement whose window includes `day`, in one
    statement that reads the requirements as it upserts, so no requirement is ever read stale."""
    p = _marks(5)
    await connections.get("default").execute_query(
        "INSERT INTO hour_balance (person_id, requirement_id, category, tenths)"  # noqa: S608 - placeholders only
        f" SELECT CAST({p[0]} AS INTEGER), id, CAST({p[1]} AS VARCHAR(30)), CAST({p[2]} AS INTEGER)"
        f" FROM training_requirement WHERE starts_on <= {p[3]} AND ends_on >= {p[4]}" + _ON_CONFLICT,
        [person_id, category.value, tenths, _date_value(day), _date_value(day)],
    )


async def add_to_balances_in_bulk(moves: Iterable[tuple[int, HourCategory, int, date]]) -> None:
    """`add_to_balances` for many entries at once (person, category, tenths, day): the requirements
    read once, the moves summed per balance, and one multi-row upsert per `BATCH` balances."""
    requirements = await TrainingRequirement.all().values_list("id", "starts_on", "ends_on")
    totals: dict[tuple[int, int, str], int] = defaultdict(int)
    for person_id, category, tenths, day in moves:
        for requirement_id, starts_on, ends_on in requirements:
            if starts_on is not None and ends_on is not None and starts_on <= day <= ends_on:
                totals[person_id, requirement_id, category.value] += tenths
    rows = list(totals.items())
    connection = connections.get("default")
    postgres = connection.capabilities.dialect == "postgres"
    for first in range(0, len(rows), BATCH):
        batch = rows[first : first + BATCH]
        values = ", ".join(
            f"({', '.join(_marks(4, start=4 * i + 1, postgres=postgres))})" for i in range(len(batch))
        )
        await connection.execute_query(
            "INSERT INTO hour_balance (person_id, requirement_id, category, tenths)"  # noqa: S608 - placeholders only
            f" VALUES {values}" + _ON_CONFLICT,
            [value for key, tenths in batch for value in (*key, tenths)],
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
