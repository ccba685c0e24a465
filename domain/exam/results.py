"""Exam results: recorded per registration and subject, checked whole first; passing a level issues
its certificate (高级 yields a pass valid three years for the review stage instead)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from decimal import Decimal

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import DomainError, in_row
from domain.exam import carry_over
from domain.exam.certificates import issue_certificate
from domain.exam.errors import (
    ExamNotYetHeld,
    InvalidScore,
    RegistrationNotFound,
    ResultAlreadyRecorded,
    WrongRegistrationStatus,
    WrongSubject,
)
from domain.exam.models import Certificate, ExamRegistration, ExamResult, ExamSitting
from domain.exam.registration import person_for
from domain.exam.results_file import ADMISSION_NUMBER, SCORE, SUBJECT, RowProblem, read_results
from domain.exam.sittings import get_sitting
from domain.exam.vocabulary import SUBJECTS_OF, ExamLevel, ExamRegistrationStatus, ExamSubject
from domain.spreadsheets import UnreadableFile
from domain.transaction import write_transaction

MAX_RESULTS_BYTES = 10 * 1024 * 1024
SITTABLE = (ExamRegistrationStatus.PAID, ExamRegistrationStatus.ADMITTED, ExamRegistrationStatus.SAT)


@dataclass(frozen=True, slots=True)
class ResultLine:
    registration_id: int
    subject: ExamSubject
    score: Decimal
    local_line: bool


@dataclass(frozen=True, slots=True)
class Recorded:
    registrations: list[ExamRegistration]
    certificates: list[Certificate]


def _score_tenths(line: ResultLine, number: int) -> int:
    try:
        carry_over.check_score(line.score)
    except carry_over.InvalidScore:
        raise InvalidScore(f"第 {number} 条：成绩须在 0 到 100 分之间", field="score") from None
    tenths = line.score * 10
    if tenths != tenths.to_integral_value():
        raise InvalidScore(f"第 {number} 条：成绩最多一位小数", field="score")
    return int(tenths)


@dataclass
class _Check:
    """What the lines of one request are checked against: fetched once for the whole request."""

    registrations: dict[int, ExamRegistration]
    existing: set[tuple[int, ExamSubject]]
    seen: set[tuple[int, ExamSubject]] = field(default_factory=set)

    def check(self, number: int, line: ResultLine) -> int:
        """The line's score in tenths, or the DomainError that refuses it."""
        registration = self.registrations.get(line.registration_id)
        if registration is None:
            raise RegistrationNotFound()
        if registration.status not in SITTABLE:
            raise WrongRegistrationStatus(f"第 {number} 条：只能为已缴费或已发准考证的报名录入成绩")
        if line.subject not in SUBJECTS_OF[registration.level]:
            raise WrongSubject(f"第 {number} 条：科目不属于所报级别", field="subject")
        key = (line.registration_id, line.subject)
        if key in self.existing or key in self.seen:
            raise ResultAlreadyRecorded(f"第 {number} 条：该科成绩已录入", field="subject")
        self.seen.add(key)
        return _score_tenths(line, number)


async def _checker(sitting: ExamSitting, registration_ids: list[int]) -> _Check:
    registrations = {
        r.id: r for r in await ExamRegistration.filter(id__in=registration_ids, sitting_id=sitting.id)
    }
    existing = {
        (row.registration_id, row.subject)
        for row in await ExamResult.filter(registration_id__in=list(registrations))
    }
    return _Check(registrations, existing)


def check_exam_held(sitting: ExamSitting) -> None:
    """Results come on or after the exam date (DOMAIN.md, order of events: exam date → results), the
    Asia/Shanghai business date of `domain.clock`; raises ExamNotYetHeld before it."""
    if clock.today() < sitting.exam_date:
        raise ExamNotYetHeld(sitting.exam_date)


async def record_results(actor: Actor, sitting_id: int, lines: list[ResultLine]) -> Recorded:
    """Record a sitting's scores, per registration and subject; every line is checked before anything
    is written, and any bad line records nothing.

    Callers have checked that `actor` is a prefecture admin. Each line's `score` is Decimal points from
    0 to 100 with at most one decimal place, stored as integer tenths; `local_line` marks a score taken
    on a lower local pass line (单独划线), so a level passed with it is valid only in that area.

    Writes one `ExamResult` per line and sets each touched registration to SAT. For each touched 初级 or
    中级 registration whose level is now passed, against this sitting's pass mark and the carry-over
    rules (`carry_over`: 初级 both subjects in one exam year, 中级 all three within two consecutive exam
    years), and not already held, it issues the certificate dated today (`issue_certificate`). 高级
    issues none here: its pass goes on to the review. Then the audit event `exam_results.recorded`; all
    in one transaction. Returns the touched registrations and the certificates issued.

    Raises:
        SittingNotFound: no such sitting.
        ExamNotYetHeld: today is before the sitting's exam date (`check_exam_held`).
        InvalidScore: no lines, or a score outside 0–100 or with more than one decimal place.
        RegistrationNotFound: a line's registration is not of this sitting.
        WrongRegistrationStatus: a registration that is not paid, admitted or sat.
        WrongSubject: a subject not of the registration's level (code INVALID_SCORE).
        ResultAlreadyRecorded: the subject is already recorded for the registration, or twice in `lines`.
    A refusal about one line has the field path ("results", index from 0, the line's field).
    """
    sitting = await get_sitting(sitting_id)
    check_exam_held(sitting)
    if not lines:
        raise InvalidScore("没有要录入的成绩")
    checker = await _checker(sitting, [line.registration_id for line in lines])
    checked: list[tuple[ResultLine, int]] = []
    for index, line in enumerate(lines):
        # A refusal points at the line and its field: ["input", "results", "0", "score"].
        with in_row("results", index):
            checked.append((line, checker.check(index + 1, line)))
    return await _write(actor, sitting, checked, checker.registrations)


async def _write(
    actor: Actor,
    sitting: ExamSitting,
    checked: list[tuple[ResultLine, int]],
    registrations: dict[int, ExamRegistration],
) -> Recorded:
    async with write_transaction():
        for line, tenths in checked:
            await ExamResult.create(
                registration_id=line.registration_id,
                subject=line.subject,
                score_tenths=tenths,
                local_line=line.local_line,
            )
        touched = list({line.registration_id for line, _ in checked})
        await ExamRegistration.filter(id__in=touched).update(status=ExamRegistrationStatus.SAT)
        certificates = await _issue_for_passes(actor, sitting, [registrations[i] for i in touched])
        await audit.record(
            actor,
            "exam_results.recorded",
            target_type="ExamSitting",
            target_id=sitting.id,
            summary={"results": len(checked), "certificates": len(certificates)},
        )
    updated = await ExamRegistration.filter(id__in=touched).order_by("id")
    return Recorded(registrations=updated, certificates=certificates)


@dataclass(frozen=True, slots=True)
class ImportReport:
    row_count: int
    recorded: int
    certificates: int
    errors: list[RowProblem]


async def import_results(actor: Actor, sitting_id: int, data: bytes) -> ImportReport:
    """The results list as a file: every bad row is reported and then nothing is recorded.

    Callers have checked that `actor` is a prefecture admin. `data` is a CSV, XLSX or XLS file of at most
    10 MB, with the columns 准考证号, 科目, 成绩 and, optionally, 单独划线 (是/否) (`results_file`); rows
    are matched to this sitting's registrations by admission number and checked as in `record_results`.
    Row numbers in the report are the ones users see in Excel.

    When every row is good, writes what `record_results` writes (results, SAT, certificates with their
    outbox and audit events, `exam_results.recorded`), in one transaction. Otherwise writes nothing and
    returns the problems (row, column, Chinese message), sorted by row.

    Raises:
        SittingNotFound: no such sitting.
        ExamNotYetHeld: today is before the sitting's exam date (`check_exam_held`); the file is not read.
        InvalidScore: the file is over 10 MB, cannot be read as a table at all, or has no data rows
            (field `file`).
    """
    sitting = await get_sitting(sitting_id)
    check_exam_held(sitting)
    if len(data) > MAX_RESULTS_BYTES:
        raise InvalidScore(f"成绩文件不超过 {MAX_RESULTS_BYTES // 1024 // 1024} MB", field="file")
    try:
        # Parsing a workbook is CPU work: in a worker thread, other requests go on meanwhile.
        results_list = await asyncio.to_thread(read_results, data)
    except UnreadableFile as exc:
        raise InvalidScore(str(exc), field="file") from None
    rows, problems = results_list.rows, results_list.problems
    by_number = {
        r.admission_number: r.id
        for r in await ExamRegistration.filter(
            sitting_id=sitting.id, admission_number__in=[row.admission_number for row in rows]
        )
    }
    checker = await _checker(sitting, list(by_number.values()))
    checked: list[tuple[ResultLine, int]] = []
    for row in rows:
        registration_id = by_number.get(row.admission_number)
        if registration_id is None:
            problems.append(RowProblem(row.row, ADMISSION_NUMBER, "本次考试没有此准考证号"))
            continue
        line = ResultLine(registration_id, row.subject, row.score, row.local_line)
        try:
            checked.append((line, checker.check(row.row, line)))
        except DomainError as error:
            problems.append(
                RowProblem(row.row, SCORE if isinstance(error, InvalidScore) else SUBJECT, error.message)
            )
    if problems or not checked:
        return ImportReport(
            row_count=results_list.row_count,
            recorded=0,
            certificates=0,
            errors=sorted(problems, key=lambda p: p.row),
        )
    recorded = await _write(actor, sitting, checked, checker.registrations)
    return ImportReport(
        row_count=results_list.row_count,
        recorded=len(checked),
        certificates=len(recorded.certificates),
        errors=[],
    )


async def _issue_for_passes(
    actor: Actor, sitting: ExamSitting, touched: list[ExamRegistration]
) -> list[Certificate]:
    issued: list[Certificate] = []
    for registration in touched:
        level = registration.level
        person_id: int = registration.person_id
        if level is ExamLevel.SENIOR or await Certificate.exists(person_id=person_id, level=level):
            continue
        progress = carry_over.compute_progress(
            level,
            await results_of(person_id, level),
            pass_mark=Decimal(sitting.pass_mark_tenths) / 10,
            current_year=sitting.year,
        )
        if progress.level_passed:
            issued.append(
                await issue_certificate(
                    actor,
                    person_id=person_id,
                    level=level,
                    year=sitting.year,
                    local_only=progress.local_only,
                    issued_on=clock.today(),
                )
            )
    return issued


async def results_of(person_id: int, level: ExamLevel | None = None) -> list[carry_over.SubjectResult]:
    """Every result of the person, across sittings (carry-over spans exam years)."""
    query = ExamResult.filter(registration__person_id=person_id)
    if level is not None:
        query = query.filter(registration__level=level)
    rows = await query.select_related("registration__sitting")
    return [
        carry_over.SubjectResult(
            subject=row.subject,
            exam_year=row.registration.sitting.year,
            score=Decimal(row.score_tenths) / 10,
            local_line=row.local_line,
        )
        for row in rows
    ]


async def progress_for(actor: Actor, person_id: int | None) -> list[carry_over.LevelProgress]:
    """`progress_of` the viewer (`person_id` None), or of a person in an admin's counties.

    Raises NoPerson (the viewer has no registry record) or OutOfScope (not the viewer's to see)."""
    person = await person_for(actor, person_id)
    return await progress_of(person.id)


async def progress_of(person_id: int) -> list[carry_over.LevelProgress]:
    """Per level the person has sat: which subjects are passed, which remain, and until when."""
    results = await results_of(person_id)
    # As of the latest sitting, with its pass mark (the mark is set per year; DOMAIN.md).
    latest = await ExamSitting.all().order_by("-year").first()
    year = latest.year if latest else clock.today().year
    pass_mark = Decimal(latest.pass_mark_tenths) / 10 if latest else carry_over.PASS_MARK_DEFAULT
    levels = [level for level in ExamLevel if any(r.subject in SUBJECTS_OF[level] for r in results)]
    return [
        carry_over.compute_progress(level, results, pass_mark=pass_mark, current_year=year)
        for level in levels
    ]
