"""A provider imports a course's completion roster, all or nothing
(domain/training/roster_import.py)."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from api.context import Info
from api.schema.enums import described_enum
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


described_enum(
    roster_import.RowOutcome,
    name="ImportRowOutcome",
    description="结业名单中一行的处理结果（试导入时为将要的结果）",
    values={
        roster_import.RowOutcome.CREDIT: "计入学时，记为结业",
        roster_import.RowOutcome.ALREADY_CREDITED: "此前已记录结业，跳过",
        roster_import.RowOutcome.NOT_COMPLETED: "学时和完成日期都未填：未结业，跳过",
        roster_import.RowOutcome.ERROR: "本行有错误（见 errors），整份名单不计入",
        roster_import.RowOutcome.UNCHECKED: "名单有多行人员与报名对不上，未逐行核对",
    },
)


@strawberry.type(description="结业名单中的一行：按文件所填列出，及其处理结果")
class ImportRow:
    row: int = strawberry.field(description="行号（与 Excel 中看到的一致，表头为第 1 行）")
    name: str = strawberry.field(description="姓名，按文件所填")
    identifier: str = strawberry.field(
        description="报名号；未填报名号时为身份证号（掩码）或用户名，按文件所填"
    )
    hours: str = strawberry.field(description="学时，按文件所填")
    outcome: roster_import.RowOutcome = strawberry.field(description="处理结果")


@strawberry.type
class ImportReport:
    row_count: int
    credited: int
    skipped: int
    dry_run: bool
    errors: list[FileRowError]
    # A roster of thousands of rows: the rows are built only when the client asks for them.
    listed: strawberry.Private[list[roster_import.ImportedRow]]

    @strawberry.field(description="名单各行及其处理结果，按行号")
    def rows(self) -> list[ImportRow]:
        return [
            ImportRow(row=r.row, name=r.name, identifier=r.identifier, hours=r.hours, outcome=r.outcome)
            for r in self.listed
        ]

    @classmethod
    def from_domain(cls, report: roster_import.ImportReport) -> ImportReport:
        return cls(
            row_count=report.row_count,
            credited=report.credited,
            skipped=report.skipped,
            dry_run=report.dry_run,
            errors=[FileRowError(row=p.row, column=p.column, message=p.message) for p in report.errors],
            listed=report.rows,
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
