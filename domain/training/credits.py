"""Writing the hour ledger: completions (one at a time or by roster), adjustments and reversals.

Every credit is appended, never changed; cached balances move in the same transaction. A completion
credits its enrolment once (a conditional status change, backed by a unique column); a request retried
with its idempotency key returns the first result; a key reused for another request is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Final

from tortoise import connections
from tortoise.exceptions import IntegrityError

from domain import clock
from domain.access import Actor
from domain.accounts import service as accounts
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.idempotency import check_key, check_same_request, request_digest
from domain.people import service as people
from domain.people.id_card import InvalidIdCard, parse_id_card
from domain.training import hours as hour_units
from domain.training.catalog import course_for_provider
from domain.training.errors import (
    AlreadyCredited,
    AlreadyReversed,
    CourseNotFound,
    EnrollmentNotFound,
    EntryNotFound,
    FileTooLarge,
    HoursAboveCredit,
    InvalidDate,
    InvalidHours,
    InvalidRoster,
    NotEnrolled,
)
from domain.training.ledger import check_reversible, reversing_tenths
from domain.training.models import Course, Enrollment, HourEntry, TrainingRequirement
from domain.training.roster import (
    COMPLETED_ON,
    HOURS,
    ID_CARD,
    NAME,
    USERNAME,
    RosterProblem,
    RosterRow,
    UnreadableRoster,
    read_roster,
)
from domain.training.vocabulary import EnrollmentStatus, EntrySource, HourCategory
from domain.transaction import write_transaction

MAX_ADJUSTMENT_TENTHS: Final = 2000
MAX_ROSTER_BYTES: Final = 5 * 1024 * 1024


# --- idempotency ----------------------------------------------------------------------------------


async def replay(key: str, digest: str) -> HourEntry | None:
    """The entry a retried request wrote the first time, or None if the key is new."""
    existing = await HourEntry.get_or_none(idempotency_key=key)
    if existing is None:
        return None
    check_same_request(existing.request_digest, digest)
    return existing


# --- appending ------------------------------------------------------------------------------------


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
    """Append one entry and move every balance it counts toward; within the caller's transaction."""
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


# --- completions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Credit:
    entry: HourEntry
    enrollment: Enrollment | None


def check_credit_hours(hours: Decimal | str | None, course: Course, *, field: str = "hours") -> int:
    if hours is None:
        return course.credit_tenths
    try:
        tenths = hour_units.to_tenths(hours)
    except hour_units.InvalidHours as exc:
        raise InvalidHours(str(exc), field=field) from None
    if tenths <= 0:
        raise InvalidHours("学时须大于 0", field=field)
    if tenths > course.credit_tenths:
        credit = hour_units.from_tenths(course.credit_tenths)
        raise HoursAboveCredit(f"学时 {hour_units.from_tenths(tenths)} 超过课程学时 {credit}", field=field)
    return tenths


def check_completion_date(completed_on: date, course: Course, *, field: str = "completedOn") -> None:
    first_day = course.starts_at.astimezone(clock.SHANGHAI).date()
    if not first_day <= completed_on <= clock.today():
        raise InvalidDate(f"完成日期须在课程开始（{first_day}）之后，且不晚于今天", field=field)


def default_completion_date(course: Course) -> date:
    return min(clock.today(), course.ends_at.astimezone(clock.SHANGHAI).date())


async def record_completion(
    actor: Actor,
    enrollment_id: int,
    *,
    hours: Decimal | None,
    completed_on: date | None,
    idempotency_key: str,
) -> Credit:
    key = check_key(idempotency_key)
    digest = request_digest("completion", enrollment=enrollment_id, hours=hours, completedOn=completed_on)
    if (first := await replay(key, digest)) is not None:
        return Credit(first, await Enrollment.get_or_none(id=enrollment_id))
    enrollment = await Enrollment.get_or_none(id=enrollment_id)
    if enrollment is None:
        raise EnrollmentNotFound()
    try:
        course = await course_for_provider(actor, enrollment.course_id)  # type: ignore[attr-defined]
    except CourseNotFound:
        raise EnrollmentNotFound() from None
    if enrollment.status is EnrollmentStatus.COMPLETED:
        raise AlreadyCredited()
    if enrollment.status is not EnrollmentStatus.ENROLLED:
        raise NotEnrolled("只有正式报名（非候补、未退出）的学员可以记录结业学时")
    tenths = check_credit_hours(hours, course)
    day = completed_on or default_completion_date(course)
    check_completion_date(day, course)
    try:
        async with write_transaction():
            entry = await _credit(
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
                county_code=await people.county_of(enrollment.person_id),  # type: ignore[attr-defined]
                summary={"enrollment": enrollment.id, "hours": str(hour_units.from_tenths(tenths))},
            )
    except IntegrityError:
        # A concurrent request with the same key, or for the same enrolment, won the race.
        if (first := await replay(key, digest)) is not None:
            return Credit(first, await Enrollment.get_or_none(id=enrollment_id))
        raise AlreadyCredited() from None
    await enrollment.refresh_from_db()
    return Credit(entry, enrollment)


async def _credit(
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
    moved = await Enrollment.filter(id=enrollment.id, status=EnrollmentStatus.ENROLLED).update(
        status=EnrollmentStatus.COMPLETED
    )
    if not moved:
        raise AlreadyCredited()
    return await append_entry(
        person_id=enrollment.person_id,  # type: ignore[attr-defined]
        tenths=tenths,
        category=course.hour_category,
        source=source,
        occurred_on=day,
        actor=actor,
        course_id=course.id,
        enrollment_id=enrollment.id,
        idempotency_key=key,
        digest=digest,
    )


# --- rosters --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportReport:
    row_count: int
    credited: int
    skipped: int
    errors: list[RosterProblem] = field(default_factory=list)
    dry_run: bool = False


async def import_completions(actor: Actor, course_id: int, data: bytes, *, dry_run: bool) -> ImportReport:
    """A roster is checked whole first: any bad row credits nothing and every bad row is reported.
    Rows for people already credited for this course are skipped, so a repeated roster credits
    nothing more."""
    course = await course_for_provider(actor, course_id)
    if len(data) > MAX_ROSTER_BYTES:
        raise FileTooLarge(f"名单文件不超过 {MAX_ROSTER_BYTES // 1024 // 1024} MB")
    try:
        rows, problems = read_roster(data)
    except UnreadableRoster as exc:
        raise InvalidRoster(str(exc)) from None
    if problems and not rows:
        return ImportReport(row_count=0, credited=0, skipped=0, errors=problems, dry_run=dry_run)
    planned, skipped, row_problems = await _plan_roster(course, rows)
    problems = sorted([*problems, *row_problems], key=lambda p: (p.row, p.column or ""))
    if problems or dry_run:
        return ImportReport(
            row_count=len(rows),
            credited=0 if problems else len(planned),
            skipped=skipped,
            errors=problems,
            dry_run=dry_run,
        )
    async with write_transaction():
        for enrollment, tenths, day in planned:
            await _credit(
                actor,
                course,
                enrollment,
                tenths=tenths,
                day=day,
                source=EntrySource.ROSTER_IMPORT,
                key=None,
                digest=None,
            )
        await audit.record(
            actor,
            "completions.imported",
            target_type="Course",
            target_id=course.id,
            county_code=course.county_id,  # type: ignore[attr-defined]
            summary={"rows": len(rows), "credited": len(planned), "skipped": skipped},
        )
    return ImportReport(row_count=len(rows), credited=len(planned), skipped=skipped)


async def _plan_roster(
    course: Course, rows: list[RosterRow]
) -> tuple[list[tuple[Enrollment, int, date]], int, list[RosterProblem]]:
    """Match rows to enrolments with a fixed number of queries, whatever the roster's length."""
    person_ids, problems = await _identify(rows)
    enrollments = {
        e.person_id: e  # type: ignore[attr-defined]
        for e in await Enrollment.filter(
            course_id=course.id,
            status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED],
        )
    }
    planned: list[tuple[Enrollment, int, date]] = []
    skipped = 0
    seen: dict[int, int] = {}
    for row in rows:
        person_id = person_ids.get(row.row)
        if person_id is None:
            continue
        if person_id in seen:
            problems.append(RosterProblem(row.row, ID_CARD, f"与第 {seen[person_id]} 行重复"))
            continue
        seen[person_id] = row.row
        row_problems, tenths = _check_row(row, course)
        problems += row_problems
        enrollment = enrollments.get(person_id)
        if enrollment is None:
            problems.append(RosterProblem(row.row, ID_CARD, "此人未正式报名本课程"))
        elif enrollment.status is EnrollmentStatus.COMPLETED:
            skipped += 1
        elif not row_problems and row.completed_on is not None:
            planned.append((enrollment, tenths, row.completed_on))
    return planned, skipped, problems


async def _identify(rows: list[RosterRow]) -> tuple[dict[int, int], list[RosterProblem]]:
    """Each row's person, by ID number (or username), with two queries for the whole roster."""
    problems: list[RosterProblem] = []
    numbers: dict[int, str] = {}
    for row in rows:
        if row.id_card_number:
            try:
                numbers[row.row] = parse_id_card(row.id_card_number, today=clock.today()).number
            except InvalidIdCard as exc:
                problems.append(RosterProblem(row.row, ID_CARD, exc.problem.value))
        elif not row.username:
            problems.append(RosterProblem(row.row, ID_CARD, "身份证号不能为空"))
    persons = await people.persons_by_id_card_numbers(sorted(set(numbers.values())))
    by_username = await accounts.person_ids_by_usernames(sorted({r.username for r in rows if r.username}))
    found: dict[int, int] = {}
    for row in rows:
        if row.row in numbers:
            person = persons.get(numbers[row.row])
            if person is None:
                problems.append(RosterProblem(row.row, ID_CARD, "系统中没有此身份证号的人员"))
            elif row.name and row.name != person.name:
                problems.append(
                    RosterProblem(row.row, NAME, f"姓名与身份证号不符（系统中为「{person.name}」）")
                )
            else:
                found[row.row] = person.id
        elif row.username and not row.id_card_number:
            if (person_id := by_username.get(row.username)) is None:
                problems.append(RosterProblem(row.row, USERNAME, "系统中没有此用户名的学员"))
            else:
                found[row.row] = person_id
    return found, problems


def _check_row(row: RosterRow, course: Course) -> tuple[list[RosterProblem], int]:
    problems: list[RosterProblem] = []
    tenths = 0
    try:
        tenths = check_credit_hours(row.hours, course, field=HOURS)
    except (InvalidHours, HoursAboveCredit) as exc:
        problems.append(RosterProblem(row.row, HOURS, exc.message))
    if row.completed_on is not None:
        try:
            check_completion_date(row.completed_on, course)
        except InvalidDate as exc:
            problems.append(RosterProblem(row.row, COMPLETED_ON, exc.message))
    return problems, tenths


# --- adjustments and reversals --------------------------------------------------------------------


async def adjust_hours(
    actor: Actor,
    person_id: int,
    *,
    hours: Decimal,
    category: HourCategory,
    reason: str,
    occurred_on: date | None,
    idempotency_key: str,
) -> HourEntry:
    """An admin's manual entry: e.g. a social-work degree counted as 90 h once (民发〔2009〕123号),
    or hours earned in another province. Negative hours take hours away, with a reason."""
    key = check_key(idempotency_key)
    day = occurred_on or clock.today()
    digest = request_digest(
        "adjustment", person=person_id, hours=hours, category=category.value, reason=reason, occurredOn=day
    )
    if (first := await replay(key, digest)) is not None:
        return first
    county = await people.county_of(person_id)
    if county is None or not actor.can_administer_county(county):
        raise OutOfScope(field="personId")
    try:
        tenths = hour_units.to_tenths(hours)
    except hour_units.InvalidHours as exc:
        raise InvalidHours(str(exc), field="hours") from None
    if tenths == 0 or abs(tenths) > MAX_ADJUSTMENT_TENTHS:
        raise InvalidHours("调整学时不能为 0，且绝对值不超过 200", field="hours")
    reason = reason.strip()
    if not 0 < len(reason) <= 500:
        raise InvalidInput("须填写调整理由（不超过 500 字）", field="reason")
    if day > clock.today():
        raise InvalidDate("学时发生日期不能晚于今天", field="occurredOn")
    try:
        async with write_transaction():
            entry = await append_entry(
                person_id=person_id,
                tenths=tenths,
                category=category,
                source=EntrySource.ADJUSTMENT,
                occurred_on=day,
                actor=actor,
                reason=reason,
                idempotency_key=key,
                digest=digest,
            )
            await audit.record(
                actor,
                "hours.adjusted",
                target_type="HourEntry",
                target_id=entry.id,
                county_code=county,
                summary={
                    "person": person_id,
                    "hours": str(hours),
                    "category": category.value,
                    "reason": reason,
                },
            )
    except IntegrityError:
        if (first := await replay(key, digest)) is not None:
            return first
        raise
    return entry


async def reverse_entry(actor: Actor, entry_id: int, *, reason: str, idempotency_key: str) -> HourEntry:
    """A wrong entry is reversed by a new entry of the opposite sign, at most once."""
    key = check_key(idempotency_key)
    digest = request_digest("reversal", entry=entry_id, reason=reason)
    if (first := await replay(key, digest)) is not None:
        return first
    entry = await HourEntry.get_or_none(id=entry_id)
    if entry is None:
        raise EntryNotFound()
    county = await people.county_of(entry.person_id)  # type: ignore[attr-defined]
    if county is None or not actor.can_administer_county(county):
        raise EntryNotFound()
    check_reversible(entry.source, already_reversed=await HourEntry.exists(reverses_id=entry.id))
    reason = reason.strip()
    if not 0 < len(reason) <= 500:
        raise InvalidInput("须填写冲正理由（不超过 500 字）", field="reason")
    try:
        async with write_transaction():
            reversal = await append_entry(
                person_id=entry.person_id,  # type: ignore[attr-defined]
                tenths=reversing_tenths(entry.tenths),
                category=entry.category,
                source=EntrySource.REVERSAL,
                occurred_on=entry.occurred_on,
                actor=actor,
                course_id=entry.course_id,  # type: ignore[attr-defined]
                reverses_id=entry.id,
                reason=reason,
                idempotency_key=key,
                digest=digest,
            )
            await audit.record(
                actor,
                "hours.reversed",
                target_type="HourEntry",
                target_id=reversal.id,
                county_code=county,
                summary={"reverses": entry.id, "reason": reason},
            )
    except IntegrityError:
        if (first := await replay(key, digest)) is not None:
            return first
        raise AlreadyReversed("该记录已冲正") from None
    return reversal
