"""Recording a sitting's results, by hand or as a file; passing a level issues its certificate
(domain/exam/results.py)."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.file_uploads import Upload

from api.context import Info
from api.schema.errors import FileRowError
from api.schema.exam.types import CertificateNode, ExamRegistrationNode
from api.schema.mutation import PREFECTURE_ADMIN, Payload, mutation
from api.schema.relay import input_pk
from api.schema.uploads import read_upload
from domain.errors import in_row
from domain.exam import results
from domain.exam.vocabulary import ExamSubject


@strawberry.input
class ExamResultInput:
    registration_id: strawberry.ID
    subject: ExamSubject
    score: Decimal
    local_line: bool = False


@strawberry.input
class RecordExamResultsInput:
    sitting_id: strawberry.ID
    results: list[ExamResultInput]


@strawberry.type
class RecordExamResultsPayload(Payload):
    registrations: list[ExamRegistrationNode] = strawberry.field(default_factory=list)
    certificates: list[CertificateNode] = strawberry.field(default_factory=list)


@strawberry.input
class ImportExamResultsInput:
    sitting_id: strawberry.ID
    file: Upload


@strawberry.type
class ImportExamResultsReport:
    row_count: int
    recorded: int
    certificates: int
    errors: list[FileRowError]

    @classmethod
    def from_domain(cls, report: results.ImportReport) -> ImportExamResultsReport:
        return cls(
            row_count=report.row_count,
            recorded=report.recorded,
            certificates=report.certificates,
            errors=[FileRowError(row=p.row, column=p.column, message=p.message) for p in report.errors],
        )


@strawberry.type
class ImportExamResultsPayload(Payload):
    report: ImportExamResultsReport | None = None


@strawberry.type
class ResultsMutation:
    @mutation("州级管理员录入成绩；通过一个级别即发证（高级为 3 年有效的合格成绩）", roles=PREFECTURE_ADMIN)
    async def record_exam_results(
        self, info: Info, input: RecordExamResultsInput
    ) -> RecordExamResultsPayload:
        lines = []
        for index, r in enumerate(input.results):
            with in_row("results", index):
                registration_id = input_pk(r.registration_id, "ExamRegistration", "registrationId")
            lines.append(results.ResultLine(registration_id, r.subject, r.score, r.local_line))
        recorded = await results.record_results(
            info.context.actor, input_pk(input.sitting_id, "ExamSitting", "sittingId"), lines
        )
        return RecordExamResultsPayload(
            registrations=[ExamRegistrationNode.from_model(r) for r in recorded.registrations],
            certificates=[CertificateNode.from_model(c) for c in recorded.certificates],
        )

    @mutation(
        "州级管理员导入成绩册（CSV、XLSX 或 XLS：准考证号、科目、成绩、单独划线）；有错误行则不录入",
        roles=PREFECTURE_ADMIN,
    )
    async def import_exam_results(
        self, info: Info, input: ImportExamResultsInput
    ) -> ImportExamResultsPayload:
        report = await results.import_results(
            info.context.actor,
            input_pk(input.sitting_id, "ExamSitting", "sittingId"),
            await read_upload(input.file),
        )
        return ImportExamResultsPayload(report=ImportExamResultsReport.from_domain(report))
