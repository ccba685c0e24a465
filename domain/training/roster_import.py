"""Importing a course's completion roster (结业名单): every row checked first, then all credited
together or none.

Rows are matched to people and enrolments with a fixed number of queries, whatever the roster's
length; a person already credited for the course is skipped, so a roster sent twice credits nothing
more (a roster needs no idempotency key).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from domain import clock
from domain.access import Actor
from domain.accounts import service as accounts
from domain.audit import service as audit
from domain.names import same_name
from domain.people import service as people
from domain.training.catalog import course_for_provider
from domain.training.credits import credit_enrollments
from domain.training.enrolment import check_course_held
from domain.training.enrolment_number import BadEnrollmentNumber, normalise, parse_enrollment_number
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
    ENROLLMENT_NUMBER,
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
# Yet a roster answers, row by row, whether an ID number is an enrolee's, and a provider knows each
# enrolee's masked number (5323**********1027): trying the ~19,000 numbers that fit it found the full one
# in three uploads. So a provider's roster says which rows name no enrolee only when few do, and an
# account may send such rosters a few times a day; admins in scope see full numbers anyway.
MAX_UNKNOWN_ROWS_SHOWN: Final = 3
# The answers that tell whether a full ID number is a given enrolee's; each is an identity answer.
ID_NOT_THE_NUMBERS: Final = "身份证号与报名号不是同一人，请核对"
NAME_NOT_THE_ID: Final = "姓名与身份证号不符"
MAX_UNKNOWN_ROSTERS_PER_DAY: Final = 10
UNKNOWN_IDENTITIES: Final = "roster.unknown_identities"


class RowOutcome(StrEnum):
    """What the import does (a dry run: would do) with one roster row."""

    CREDIT = "CREDIT"  # 计入学时、记为结业
    ALREADY_CREDITED = "ALREADY_CREDITED"  # 此前已记录结业，跳过
    NOT_COMPLETED = "NOT_COMPLETED"  # 学时和完成日期都空着：未结业，跳过
    ERROR = "ERROR"  # 本行有错误（见 errors）
    UNCHECKED = "UNCHECKED"  # 名单有多行与报名对不上，未逐行核对


# How much of a cell the report repeats back: a roster's own text, shortened.
MAX_ECHOED_CHARS: Final = 50


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """One roster row as the report lists it: its number, the name, 报名号 (or the ID number masked, or
    the username) and hours as the file gives them, and what happens to it."""

    row: int
    name: str
    identifier: str
    hours: str
    outcome: RowOutcome


@dataclass(frozen=True, slots=True)
class ImportReport:
    row_count: int
    credited: int
    skipped: int
    errors: list[RosterProblem] = field(default_factory=list)
    dry_run: bool = False
    rows: list[ImportedRow] = field(default_factory=list)


async def import_completions(actor: Actor, course_id: int, data: bytes, *, dry_run: bool) -> ImportReport:
    """The course's provider credits the completions listed in a roster file.

    `data` is the file's bytes (CSV or XLSX, as `read_roster` reads them), at most 5 MB. Each row
    names an enrolment by its enrolment number (报名号, as the course's roster export lists it; an ID
    number beside it must be the same person's), or a person by ID card number or username; a name
    given must match the person's. An enrolment number that fails its check digit, names no
    enrolment, another course's, or one wait-listed, withdrawn or cancelled is reported on its row.
    Each row gives the hours (one decimal place, above 0 and at most the course's credit hours;
    stored as integer tenths) and the completion date (from the course's first day to today); a row
    leaving both empty is someone who did not complete, counted as skipped, as are rows of people
    already credited.
    The roster is checked whole: any bad row credits nothing, and every bad row is reported in
    `ImportReport.errors` with the row and column users see in Excel; but a provider's roster with
    more than three rows naming no enrolee says how many, not which (see `MAX_UNKNOWN_ROWS_SHOWN`).
    `dry_run` checks and reports without writing.

    Writes, in one transaction and only when no row is bad and not a dry run: for each row, the
    enrolment ENROLLED → COMPLETED and one `HourEntry` (source ROSTER_IMPORT) with its balances, in
    bulk (`credits.credit_enrollments`: a fixed number of statements per 500 rows); then the audit
    event `completions.imported`.

    Raises:
        CourseNotFound: no such course, or not the actor's provider's.
        CourseNotHeld: the course's last session has not started yet (field `courseId`).
        FileTooLarge: the file is over 5 MB.
        InvalidRoster: the file cannot be read as a roster at all (rather than some of its rows); or,
            for a provider, rows named by ID number after ten rosters that day named people not
            enrolled (`MAX_UNKNOWN_ROSTERS_PER_DAY`: the 报名号 always works).
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
    guarded = actor.user_id is not None and not actor.can_administer_county(course.county_id)
    if guarded and any(row.id_card_number or row.username for row in rows):
        await _check_identity_tries(actor)
    today = clock.today()
    plan = await _plan_roster(course, rows, today=today)
    planned, skipped, row_problems = plan.planned, plan.skipped, plan.problems
    itemised = True
    if guarded:
        row_problems, skipped, itemised = await _guard_unknown_identities(
            actor, course, rows, plan, today=today
        )
    problems = sorted([*problems, *row_problems], key=lambda p: (p.row, p.column or ""))
    listed = _listed_rows(rows, problems, plan, itemised=itemised)
    if problems or dry_run:
        return ImportReport(
            row_count=len(rows),
            credited=0 if problems else len(planned),
            skipped=skipped,
            errors=problems,
            dry_run=dry_run,
            rows=listed,
        )
    async with write_transaction():
        await credit_enrollments(actor, course, planned, source=EntrySource.ROSTER_IMPORT)
        await audit.record(
            actor,
            "completions.imported",
            target_type="Course",
            target_id=course.id,
            county_code=course.county_id,
            summary={"rows": len(rows), "credited": len(planned), "skipped": skipped},
        )
    return ImportReport(row_count=len(rows), credited=len(planned), skipped=skipped, rows=listed)


def _echo(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= MAX_ECHOED_CHARS else text[: MAX_ECHOED_CHARS - 1] + "…"


def _listed_rows(
    rows: list[RosterRow], problems: list[RosterProblem], plan: _Plan, *, itemised: bool
) -> list[ImportedRow]:
    """Each row with its outcome. When a provider's roster names too many people not enrolled to list
    them (`itemised` false), rows without a problem of their own are UNCHECKED: whether one would be
    credited would tell whose the ID numbers are."""
    bad = {p.row for p in problems}
    listed: list[ImportedRow] = []
    for row in rows:
        if row.row in bad:
            outcome = RowOutcome.ERROR
        elif not row.completed:
            outcome = RowOutcome.NOT_COMPLETED
        elif not itemised:
            outcome = RowOutcome.UNCHECKED
        elif row.row in plan.credited_rows:
            outcome = RowOutcome.CREDIT
        elif row.row in plan.already_rows:
            outcome = RowOutcome.ALREADY_CREDITED
        else:
            outcome = RowOutcome.ERROR
        if row.enrollment_number:
            identifier = row.enrollment_number
        elif row.id_card_number:
            identifier = people.mask_id_card_number(row.id_card_number)
        else:
            identifier = row.username or ""
        listed.append(ImportedRow(row.row, _echo(row.name), _echo(identifier), _echo(row.hours), outcome))
    return listed


async def _check_identity_tries(actor: Actor) -> None:
    if actor.user_id is None:
        return
    tries = await audit.count_actor_events(
        UNKNOWN_IDENTITIES, user_id=actor.user_id, within=timedelta(days=1)
    )
    if tries >= MAX_UNKNOWN_ROSTERS_PER_DAY:
        raise InvalidRoster(
            f"今天已有 {tries} 份名单含有未报名本课程的人员：为保护学员身份信息，今天不再按身份证号核对，"
            "请用导出名单中的报名号填写"
        )


async def _guard_unknown_identities(
    actor: Actor, course: Course, rows: list[RosterRow], plan: _Plan, *, today: date
) -> tuple[list[RosterProblem], int, bool]:
    """A provider's roster: the identity answers (`_is_identity_answer`) are recorded, and shown one by
    one only when few. When more, the report is made from the file alone: what the reader and the
    format checks found (`_Plan.file_problems`), the hours and dates checked on every row, rows
    repeated word for word, one answer standing for everything that matching rows to people found
    (not enrolled, names, duplicates of one person), and only blank rows counted as skipped; so a file
    of guessed ID numbers reads the same with or without the right one. Returns the problems and the
    skipped count to report, and whether the rows are listed one by one."""
    answers = [p for p in plan.problems if _is_identity_answer(p)]
    if not answers:
        return plan.problems, plan.skipped, True
    async with write_transaction():
        await audit.record(
            actor,
            UNKNOWN_IDENTITIES,
            target_type="Course",
            target_id=course.id,
            county_code=course.county_id,
            summary={"rows": len(answers)},
        )
    if len(answers) <= MAX_UNKNOWN_ROWS_SHOWN:
        return plan.problems, plan.skipped, True
    held = held_on(course.starts_at, course.ends_at)
    own = [
        p
        for row in rows
        if row.completed
        for p in _check_row(row, course.credit_tenths, held, today=today)[0]
    ]
    summary = RosterProblem(
        min(row.row for row in rows),
        None,
        f"名单中有多行人员与本课程的报名对不上（超过 {MAX_UNKNOWN_ROWS_SHOWN} 行时不逐行列出）："
        "请用导出名单中的报名号填写，身份证号可不填",
    )
    merged = {(p.row, p.column, p.message): p for p in [*plan.file_problems, *own, *_repeated_rows(rows)]}
    return [*merged.values(), summary], sum(not row.completed for row in rows), False


def _repeated_rows(rows: list[RosterRow]) -> list[RosterProblem]:
    """Rows naming someone exactly as an earlier row does (the same 报名号, ID number or username as
    written): found from the file's text alone."""
    first: dict[tuple[str, str], int] = {}
    problems: list[RosterProblem] = []
    for row in rows:
        for column, text in (
            (ENROLLMENT_NUMBER, normalise(row.enrollment_number or "")),
            (ID_CARD, (row.id_card_number or "").upper()),
            (USERNAME, row.username or ""),
        ):
            if not text:
                continue
            if (column, text) in first:
                problems.append(RosterProblem(row.row, column, f"与第 {first[column, text]} 行重复"))
            else:
                first[column, text] = row.row
    return problems


@dataclass(frozen=True, slots=True)
class _Plan:
    planned: list[tuple[Enrollment, int, date]]
    skipped: int
    problems: list[RosterProblem]
    # The problems read from the file alone (a malformed ID number or 报名号), before any row is
    # matched to a person: what a provider's report may say whatever whose the numbers are.
    file_problems: list[RosterProblem]
    # The rows to credit, and those of people credited before (skipped).
    credited_rows: frozenset[int] = frozenset()
    already_rows: frozenset[int] = frozenset()


async def _plan_roster(course: Course, rows: list[RosterRow], *, today: date) -> _Plan:
    """Match rows to enrolments with a fixed number of queries, whatever the roster's length.

    A row names its enrolment by enrolment number (报名号), or its person by ID number or username.
    A provider learns nothing from a roster about people not enrolled in its course: whether an ID
    number is registered at all, or not enrolled here, gets the one message "此人未报名本课程", and a
    name is compared (and a mismatch reported, with the registered name masked) only for an enrolee.
    An enrolment number names no one: it is said to be unknown, or another course's, as it is."""
    people_by_row, problems = await _identify(rows, today=today)
    # The course's enrolments, in every status, read once: most rows name one of them by number.
    # Only the columns matching reads (parsing thousands of timestamps no one reads costs more than
    # the query); these partial rows are read, never saved.
    of_course = {
        e.id: e
        for e in await Enrollment.filter(course_id=course.id).only("id", "course_id", "person_id", "status")
    }
    numbered, number_problems = await _enrollments_by_number(rows, of_course)
    problems += number_problems
    file_problems = list(problems)
    enrollments = {e.person_id: e for e in of_course.values() if e.status in _LIVE}
    names = await _names_of_enrolees(course, numbered, named={row.row for row in rows if row.name})
    held = held_on(course.starts_at, course.ends_at)
    planned: list[tuple[Enrollment, int, date]] = []
    skipped = 0
    seen: dict[int, int] = {}
    credited_rows: set[int] = set()
    already_rows: set[int] = set()
    for row in rows:
        if not row.completed:
            skipped += 1
            continue
        if row.enrollment_number is not None:
            match = _match_by_number(row, course, numbered, people_by_row, names)
        else:
            match = _match_by_person(row, people_by_row, enrollments)
        if match is None:  # a problem of this row's identity, already reported
            continue
        if isinstance(match, RosterProblem):
            problems.append(match)
            continue
        person = match.person
        # However the roster spells the middle dot or spaces a name (阿依•木呷, 李　娜), it is the
        # registered person's when it normalises to the same name.
        if person.name and row.name and not same_name(row.name, person.name):
            problems.append(
                RosterProblem(
                    row.row, NAME, f"{match.mismatch}（报名时为「{people.mask_name(person.name)}」）"
                )
            )
            continue
        if person.id in seen:
            problems.append(RosterProblem(row.row, match.column, f"与第 {seen[person.id]} 行重复"))
            continue
        seen[person.id] = row.row
        row_problems, tenths = _check_row(row, course.credit_tenths, held, today=today)
        problems += row_problems
        if match.enrollment.status is EnrollmentStatus.COMPLETED:
            skipped += 1
            already_rows.add(row.row)
        elif not row_problems and row.completed_on is not None:
            planned.append((match.enrollment, tenths, row.completed_on))
            credited_rows.add(row.row)
    return _Plan(planned, skipped, problems, file_problems, frozenset(credited_rows), frozenset(already_rows))


@dataclass(frozen=True, slots=True)
class _Match:
    enrollment: Enrollment
    person: _Person
    column: str  # the column that named the person, for messages about the row's identity
    mismatch: str  # what a name that does not match is said not to match


def _match_by_person(
    row: RosterRow, people_by_row: dict[int, _Person | None], enrollments: dict[int, Enrollment]
) -> _Match | RosterProblem | None:
    """The enrolment of the person a row names by ID number or username."""
    if row.row not in people_by_row:
        return None
    found = people_by_row[row.row]
    enrollment = enrollments.get(found.id) if found is not None else None
    column = ID_CARD if row.id_card_number else USERNAME
    if found is None or enrollment is None:
        return RosterProblem(row.row, column, NOT_ENROLLED)
    if enrollment.status is EnrollmentStatus.WAITLISTED:
        # The course's own enrolee: saying so tells the provider nothing it cannot see in its list.
        return RosterProblem(row.row, column, WAITLISTED_BY_ID)
    return _Match(enrollment, found, column, NAME_NOT_THE_ID)


def _match_by_number(
    row: RosterRow,
    course: Course,
    numbered: dict[int, Enrollment | None],
    people_by_row: dict[int, _Person | None],
    names: dict[int, str],
) -> _Match | RosterProblem | None:
    """The enrolment a row names by enrolment number, if it is one of this course's to credit."""
    if row.enrollment_number is None or row.row not in numbered:
        return None
    column = row.enrollment_number_column or ENROLLMENT_NUMBER
    enrollment = numbered[row.row]
    refusal = _number_refusal(row.enrollment_number, enrollment, course)
    if refusal is not None or enrollment is None:
        return RosterProblem(row.row, column, refusal or NOT_ENROLLED)
    # An ID number written beside the enrolment number must be the same person's (a masked one was
    # left aside by the reader; a malformed one is already reported).
    if row.id_card_number and row.row in people_by_row:
        by_id_card = people_by_row[row.row]
        if by_id_card is None or by_id_card.id != enrollment.person_id:
            return RosterProblem(row.row, ID_CARD, ID_NOT_THE_NUMBERS)
    person = _Person(enrollment.person_id, names.get(enrollment.person_id, ""))
    return _Match(enrollment, person, column, "姓名与报名号不符")


# What an enrolment number's row is told when its enrolment cannot be credited, by status.
_NOT_CREDITABLE: Final = {
    EnrollmentStatus.WAITLISTED: "仍在候补名单中，未正式报名",
    EnrollmentStatus.WITHDRAWN: "已退出",
    EnrollmentStatus.CANCELLED: "已随课程取消",
}


WAITLISTED_BY_ID: Final = f"此人的报名{_NOT_CREDITABLE[EnrollmentStatus.WAITLISTED]}，不能记录结业"


def _is_identity_answer(problem: RosterProblem) -> bool:
    """Whether the row's answer depends on whose a full ID number (or username) is."""
    return problem.message in {
        NOT_ENROLLED,
        ID_NOT_THE_NUMBERS,
        WAITLISTED_BY_ID,
    } or problem.message.startswith(NAME_NOT_THE_ID)


def _number_refusal(number: str, enrollment: Enrollment | None, course: Course) -> str | None:
    """Why the enrolment an enrolment number names cannot be credited here, or None when it can."""
    shown = normalise(number)
    if enrollment is None:
        return f"报名号「{shown}」不存在，请核对"
    if enrollment.course_id != course.id:
        return f"报名号「{shown}」是其他课程的报名，不属于本课程"
    if enrollment.status in _NOT_CREDITABLE:
        return f"报名号「{shown}」的报名{_NOT_CREDITABLE[enrollment.status]}，不能记录结业"
    return None


_LIVE: Final = frozenset({EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED, EnrollmentStatus.WAITLISTED})


async def _enrollments_by_number(
    rows: list[RosterRow], of_course: dict[int, Enrollment]
) -> tuple[dict[int, Enrollment | None], list[RosterProblem]]:
    """Each numbered row's enrolment (None when no enrolment has that number): the course's own from
    `of_course`, any other with one query for the whole roster; rows whose number is malformed or
    fails its check digit are reported and left out."""
    problems: list[RosterProblem] = []
    ids: dict[int, int] = {}
    for row in rows:
        if row.enrollment_number is None:
            continue
        try:
            ids[row.row] = parse_enrollment_number(row.enrollment_number)
        except BadEnrollmentNumber as exc:
            problems.append(RosterProblem(row.row, row.enrollment_number_column, str(exc)))
    if not ids:
        return {}, problems
    others = sorted(set(ids.values()) - of_course.keys())
    found = {**of_course, **({e.id: e for e in await Enrollment.filter(id__in=others)} if others else {})}
    return {row: found.get(pk) for row, pk in ids.items()}, problems


async def _names_of_enrolees(
    course: Course, numbered: dict[int, Enrollment | None], *, named: set[int]
) -> dict[int, str]:
    """The registered names of the course's enrolees that rows name by enrolment number, for the rows
    that give a name to compare (one query, none when no row gives one)."""
    person_ids = sorted(
        {
            e.person_id
            for row, e in numbered.items()
            if e is not None and e.course_id == course.id and row in named
        }
    )
    if not person_ids:
        return {}
    return {pk: p.name for pk, p in (await people.persons_by_ids(person_ids)).items()}


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
        elif not row.username and not row.enrollment_number and not row.id_card_lost_digits:
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
