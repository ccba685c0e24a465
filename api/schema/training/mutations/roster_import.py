"""A provider imports a course's completion roster, all or nothing
(domain/training/roster_import.py)."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from api.context import Info
from api.schema.errors import FileRowError
from api.schema.mutation import PROVIDERS, Payload, mutation
from api.schema.relay import input_pk
from api.schema.uploads import read_upload
from domain.training import roster_import


@strawberry.input
class ImportCompletionsInput:
    course_id: strawberry.ID
    file: Upload
    dry_run: bool = False


@strawberry.type
class ImportReport:
    row_count: int
    credited: int
    skipped: int
    dry_run: bool
    errors: list[FileRowError]

    @classmethod
    def from_domain(cls, report: roster_import.ImportReport) -> ImportReport:
        return cls(
            row_count=report.row_count,
            credited=report.credited,
            skipped=report.skipped,
            dry_run=report.dry_run,
            errors=[FileRowError(row=p.row, column=p.column, message=p.message) for p in report.errors],
        )


@strawberry.type
class ImportCompletionsPayload(Payload):
    report: ImportReport | None = None


@strawberry.type
class RosterImportMutation:
    @mutation("导入结业名单（CSV、XLSX 或 XLS）：有任何错误行则一行也不计入", roles=PROVIDERS)
    async def import_completions(self, info: Info, input: ImportCompletionsInput) -> ImportCompletionsPayload:
        report = await roster_import.import_completions(
            info.context.actor,
            input_pk(input.course_id, "Course", "courseId"),
            await read_upload(input.file),
            dry_run=input.dry_run,
        )
        return ImportCompletionsPayload(report=ImportReport.from_domain(report))
