"""Importing a course's completion roster (结业名单): every row checked first, then all credited
together or none.

Rows are matched to people and enrolments with a fixed number of queries, whatever the roster's
length; a person already credited for the course is skipped, so a roster sent twice credits nothing
more (a roster needs no idempotency key).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from domain import clock
from domain.access import Actor
from domain.accounts import service as accounts
from domain.audit import service as audit
from domain.names import same_name
from domain.people import service as people
from domain.training.catalog import course_for_provider
from domain.training.credits import credit_enrollment
from domain.training.enrolment import check_course_held
from domain.training.errors import (
    FileTooLarge,
    HoursAboveCredit,
    InvalidDate,
    InvalidHours,
    InvalidRoster,
)
from domain.training.ledger import Window, check_completion_date, check_credit_hours, held_on
from domain.training.models import Course, Enrollment
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
from domain.training.vocabulary import EnrollmentStatus, EntrySource
from domain.transaction import write_transaction

MAX_ROSTER_BYTES: Final = 5 * 1024 * 1024
# One answer for "no such person" and "not enrolled in this course": a roster is no way to look up
# whether someone is registered in the prefecture.
NOT_ENROLLED: Final = "此人未报名本课程"


@dataclass(frozen=True, slots=True)
class ImportReport:
    row_count: int
    credited: int
    skipped: int
    errors: list[RosterProblem] = field(default_factory=list)
    dry_run: bool = False


async def import_completions(actor: Actor, course_id: int, data: bytes, *, dry_run: bool) -> ImportReport:
    """The course's provider credits the completions listed in a roster file.

    `data` is the file's bytes (CSV or XLSX, as `read_roster` reads them), at most 5 MB. Each row
    names a person by ID card number (and name, which must then match) or by username, with the
    hours (hours with one decimal place, above 0 and at most the course's credit hours; stored as
    integer tenths) and the completion date (from the course's first day to today).
    The roster is checked whole: any bad row credits nothing, and every bad row is reported in
    `ImportReport.errors` with the row and column users see in Excel. `dry_run` checks and reports
    without writing.

    Writes, in one transaction and only when no row is bad and not a dry run: for each row, the
    enrolment ENROLLED → COMPLETED and one `HourEntry` (source ROSTER_IMPORT) with its balances; then
    the audit event `completions.imported`.

    Raises:
        CourseNotFound: no such course, or not the actor's provider's.
        CourseNotHeld: the course's last session has not started yet (field `courseId`).
        FileTooLarge: the file is over 5 MB.
        InvalidRoster: the file cannot be read as a roster at all (rather than some of its rows).
        AlreadyCredited: an enrolment was credited by another request while the roster was written.
    """
    course = await course_for_provider(actor, course_id)
    await check_course_held(course, field="courseId")
    if len(data) > MAX_ROSTER_BYTES:
        raise FileTooLarge(f"名单文件不超过 {MAX_ROSTER_BYTES // 1024 // 1024} MB")
    try:
        # Parsing a workbook is CPU work: in a worker thread, other requests go on meanwhile.
        rows, problems = await asyncio.to_thread(read_roster, data)
    except UnreadableRoster as exc:
        raise InvalidRoster(str(exc)) from None
    if problems and not rows:
        return ImportReport(row_count=0, credited=0, skipped=0, errors=problems, dry_run=dry_run)
    planned, skipped, row_problems = await _plan_roster(course, rows, today=clock.today())
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
            await credit_enrollment(
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
            county_code=course.county_id,
            summary={"rows": len(rows), "credited": len(planned), "skipped": skipped},
        )
    return ImportReport(row_count=len(rows), credited=len(planned), skipped=skipped)


async def _plan_roster(
    course: Course, rows: list[RosterRow], *, today: date
) -> tuple[list[tuple[Enrollment, int, date]], int, list[RosterProblem]]:
    """Match rows to enrolments with a fixed number of queries, whatever the roster's length.

    A provider learns nothing from a roster about people not enrolled in its course: whether an ID
    number is registered at all, or not enrolled here, gets the one message "此人未报名本课程", and a
    name is compared (and a mismatch reported, with the registered name masked) only for an enrolee."""
    people_by_row, problems = await _identify(rows, today=today)
    enrollments = {
        e.person_id: e
        for e in await Enrollment.filter(
            course_id=course.id,
            status__in=[EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED],
        )
    }
    held = held_on(course.starts_at, course.ends_at)
    planned: list[tuple[Enrollment, int, date]] = []
    skipped = 0
    seen: dict[int, int] = {}
    for row in rows:
        if row.row not in people_by_row:
            continue
        person = people_by_row[row.row]
        enrollment = enrollments.get(person.id) if person is not None else None
        column = ID_CARD if row.id_card_number else USERNAME
        if person is None or enrollment is None:
            problems.append(RosterProblem(row.row, column, NOT_ENROLLED))
            continue
        # However the roster spells the middle dot or spaces a name (阿依•木呷, 李　娜), it is the
        # registered person's when it normalises to the same name.
        if row.id_card_number and row.name and not same_name(row.name, person.name):
            problems.append(
                RosterProblem(
                    row.row, NAME, f"姓名与身份证号不符（报名时为「{people.mask_name(person.name)}」）"
                )
            )
            continue
        if person.id in seen:
            problems.append(RosterProblem(row.row, column, f"与第 {seen[person.id]} 行重复"))
            continue
        seen[person.id] = row.row
        row_problems, tenths = _check_row(row, course.credit_tenths, held, today=today)
        problems += row_problems
        if enrollment.status is EnrollmentStatus.COMPLETED:
            skipped += 1
        elif not row_problems and row.completed_on is not None:
            planned.append((enrollment, tenths, row.completed_on))
    return planned, skipped, problems


@dataclass(frozen=True, slots=True)
class _Person:
    id: int
    name: str


async def _identify(
    rows: list[RosterRow], *, today: date
) -> tuple[dict[int, _Person | None], list[RosterProblem]]:
    """Each row's person (None when no one has that ID number or username), by ID number (or
    username), with three queries for the whole roster. Rows whose ID number is malformed are reported
    and left out."""
    problems: list[RosterProblem] = []
    numbers: dict[int, str] = {}
    for row in rows:
        if row.id_card_number:
            try:
                numbers[row.row] = people.parse_id_card(row.id_card_number, today=today).number
            except people.InvalidIdCard as exc:
                problems.append(RosterProblem(row.row, ID_CARD, exc.problem.value))
        elif not row.username and not row.id_card_lost_digits:
            problems.append(RosterProblem(row.row, ID_CARD, "身份证号不能为空"))
    persons = await people.persons_by_id_card_numbers(sorted(set(numbers.values())))
    by_username = await accounts.person_ids_by_usernames(sorted({r.username for r in rows if r.username}))
    found: dict[int, _Person | None] = {}
    for row in rows:
        if row.row in numbers:
            person = persons.get(numbers[row.row])
            found[row.row] = _Person(person.id, person.name) if person is not None else None
        elif row.username and not row.id_card_number:
            person_id = by_username.get(row.username)
            found[row.row] = _Person(person_id, "") if person_id is not None else None
    return found, problems


def _check_row(
    row: RosterRow, credit_tenths: int, held: Window, *, today: date
) -> tuple[list[RosterProblem], int]:
    problems: list[RosterProblem] = []
    tenths = 0
    try:
        tenths = check_credit_hours(row.hours, credit_tenths, field=HOURS)
    except (InvalidHours, HoursAboveCredit) as exc:
        problems.append(RosterProblem(row.row, HOURS, exc.message))
    if row.completed_on is not None:
        try:
            check_completion_date(row.completed_on, held, today=today)
        except InvalidDate as exc:
            problems.append(RosterProblem(row.row, COMPLETED_ON, exc.message))
    return problems, tenths
