"""Completions, adjustments, reversals, requirements, and a person's ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from api.auth import require_admin, require_prefecture_admin, require_role, require_signed_in
from api.context import Info
from api.schema.enums import HourCategory
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.relay import Connection, connection, input_pk, page_window
from api.schema.training.types import (
    CategoryHours,
    EnrollmentNode,
    HourEntryNode,
    TrainingRequirementType,
    category_hours,
)
from domain.access import Role
from domain.exam import service as exam_service
from domain.training import adjustments, completions, progress, roster_import
from domain.training.hours import from_tenths
from domain.training.ledger import Window
from domain.training.progress import LedgerView
from domain.training.models import TrainingRequirement


@strawberry.type(description="某项学时要求的进度：要求、已得（按上限计入）、尚缺、是否达标")
class TrainingLedger:
    requirement: TrainingRequirementType
    starts_on: date
    ends_on: date
    required_hours: Decimal
    earned_hours: Decimal
    remaining_hours: Decimal
    met: bool
    by_category: list[CategoryHours]
    person_pk: strawberry.Private[int]
    window: strawberry.Private[Window]

    @classmethod
    def from_domain(cls, person_pk: int, view: LedgerView) -> TrainingLedger:
        p = view.progress
        return cls(
            requirement=TrainingRequirementType.from_model(view.requirement, view.caps),
            starts_on=view.window.starts_on,
            ends_on=view.window.ends_on,
            required_hours=from_tenths(p.required_tenths),
            earned_hours=from_tenths(p.earned_tenths),
            remaining_hours=from_tenths(p.remaining_tenths),
            met=p.met,
            by_category=category_hours(p),
            person_pk=person_pk,
            window=view.window,
        )

    @strawberry.field(description="计入本要求周期的台账记录，最新在前")
    async def entries(self, info: Info, first: int, after: str | None = None) -> Connection[HourEntryNode]:
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        page = await progress.entries_of(self.person_pk, self.window, first=first, after=after_pk)
        return connection(page, HourEntryNode.from_model, after=after_pk)


async def ledger_for(person_pk: int, requirement: TrainingRequirement) -> TrainingLedger:
    period: Window | None = None
    if requirement.starts_on is None:
        # Continuing education is counted in the holder's 登记 period, which the exam context keeps.
        registered = await exam_service.current_registration(person_pk, requirement.audience)
        period = Window(*registered) if registered else None
    view = await progress.ledger_of(person_pk, requirement, period)
    caps = (await progress.caps_by_requirement_ids([requirement.id]))[requirement.id]
    p = view.progress
    return TrainingLedger(
        requirement=TrainingRequirementType.from_model(requirement, caps),
        starts_on=view.window.starts_on,
        ends_on=view.window.ends_on,
        required_hours=from_tenths(p.required_tenths),
        earned_hours=from_tenths(p.earned_tenths),
        remaining_hours=from_tenths(p.remaining_tenths),
        met=p.met,
        by_category=category_hours(p),
        person_pk=person_pk,
        window=view.window,
    )


@strawberry.input
class RecordCompletionInput:
    enrollment_id: strawberry.ID
    hours: Decimal | None = strawberry.field(default=None, description="默认为课程学时；可部分计入")
    completed_on: date | None = strawberry.field(default=None, description="默认为课程结束日（不晚于今天）")
    idempotency_key: str


@strawberry.type
class RecordCompletionPayload:
    enrollment: EnrollmentNode | None
    entry: HourEntryNode | None
    user_errors: list[UserError]


@strawberry.input
class ImportCompletionsInput:
    course_id: strawberry.ID
    file: Upload
    dry_run: bool = False


@strawberry.type(description="名单中的一处错误：行号（表头为第 1 行）、列名、原因")
class RosterError:
    row: int
    column: str | None
    message: str


@strawberry.type
class ImportReport:
    row_count: int
    credited: int
    skipped: int
    dry_run: bool
    errors: list[RosterError]


@strawberry.type
class ImportCompletionsPayload:
    report: ImportReport | None
    user_errors: list[UserError]


@strawberry.input
class AdjustTrainingHoursInput:
    person_id: strawberry.ID
    hours: Decimal
    hour_category: HourCategory
    reason: str
    occurred_on: date | None = None
    idempotency_key: str


@strawberry.type
class AdjustTrainingHoursPayload:
    entry: HourEntryNode | None
    user_errors: list[UserError]


@strawberry.input
class ReverseLedgerEntryInput:
    entry_id: strawberry.ID
    reason: str
    idempotency_key: str


@strawberry.type
class ReverseLedgerEntryPayload:
    entry: HourEntryNode | None
    user_errors: list[UserError]


@strawberry.input
class CategoryCapInput:
    category: HourCategory
    hours: Decimal


@strawberry.input
class UpdateTrainingRequirementInput:
    requirement_id: strawberry.ID
    name: str | None = None
    required_hours: Decimal | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    caps: list[CategoryCapInput] | None = None


@strawberry.type
class UpdateTrainingRequirementPayload:
    requirement: TrainingRequirementType | None
    user_errors: list[UserError]


@strawberry.type
class LedgerQuery:
    @strawberry.field(description="学时要求（公开）")
    async def training_requirements(self) -> list[TrainingRequirementType]:
        rows = await progress.list_requirements()
        caps = await progress.caps_by_requirement_ids([r.id for r in rows])
        return [TrainingRequirementType.from_model(r, caps[r.id]) for r in rows]


@strawberry.type
class LedgerMutation:
    @strawberry.mutation(description="培训机构记录一名学员结业，学时计入台账（同一报名只计一次）")
    async def record_completion(self, info: Info, input: RecordCompletionInput) -> RecordCompletionPayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> RecordCompletionPayload:
            credit = await completions.record_completion(
                actor,
                input_pk(input.enrollment_id, "Enrollment", "enrollmentId"),
                hours=input.hours,
                completed_on=input.completed_on,
                idempotency_key=input.idempotency_key,
            )
            return RecordCompletionPayload(
                enrollment=EnrollmentNode.from_model(credit.enrollment) if credit.enrollment else None,
                entry=HourEntryNode.from_model(credit.entry),
                user_errors=[],
            )

        return await payload_or_user_errors(
            run, lambda e: RecordCompletionPayload(enrollment=None, entry=None, user_errors=e)
        )

    @strawberry.mutation(description="导入结业名单（CSV 或 XLSX）：有任何错误行则一行也不计入")
    async def import_completions(self, info: Info, input: ImportCompletionsInput) -> ImportCompletionsPayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> ImportCompletionsPayload:
            upload: UploadFile = input.file  # type: ignore[assignment] # starlette's, under ASGI
            try:
                data = await upload.read()
            finally:
                await upload.close()
            report = await roster_import.import_completions(
                actor, input_pk(input.course_id, "Course", "courseId"), data, dry_run=input.dry_run
            )
            return ImportCompletionsPayload(
                report=ImportReport(
                    row_count=report.row_count,
                    credited=report.credited,
                    skipped=report.skipped,
                    dry_run=report.dry_run,
                    errors=[
                        RosterError(row=p.row, column=p.column, message=p.message) for p in report.errors
                    ],
                ),
                user_errors=[],
            )

        return await payload_or_user_errors(
            run, lambda e: ImportCompletionsPayload(report=None, user_errors=e)
        )

    @strawberry.mutation(description="管理员手工调整学时（如学历折算、外省学时），须填写理由")
    async def adjust_training_hours(
        self, info: Info, input: AdjustTrainingHoursInput
    ) -> AdjustTrainingHoursPayload:
        actor = require_admin(info.context)

        async def run() -> AdjustTrainingHoursPayload:
            entry = await adjustments.adjust_hours(
                actor,
                input_pk(input.person_id, "Person", "personId"),
                hours=input.hours,
                category=input.hour_category,
                reason=input.reason,
                occurred_on=input.occurred_on,
                idempotency_key=input.idempotency_key,
            )
            return AdjustTrainingHoursPayload(entry=HourEntryNode.from_model(entry), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: AdjustTrainingHoursPayload(entry=None, user_errors=e)
        )

    @strawberry.mutation(description="管理员冲正一条错误记录（每条至多冲正一次）")
    async def reverse_ledger_entry(
        self, info: Info, input: ReverseLedgerEntryInput
    ) -> ReverseLedgerEntryPayload:
        actor = require_admin(info.context)

        async def run() -> ReverseLedgerEntryPayload:
            entry = await adjustments.reverse_entry(
                actor,
                input_pk(input.entry_id, "HourEntry", "entryId"),
                reason=input.reason,
                idempotency_key=input.idempotency_key,
            )
            return ReverseLedgerEntryPayload(entry=HourEntryNode.from_model(entry), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: ReverseLedgerEntryPayload(entry=None, user_errors=e)
        )

    @strawberry.mutation(description="州级管理员修改学时要求（学时数、周期、类别上限）")
    async def update_training_requirement(
        self, info: Info, input: UpdateTrainingRequirementInput
    ) -> UpdateTrainingRequirementPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> UpdateTrainingRequirementPayload:
            row = await progress.update_requirement(
                actor,
                input_pk(input.requirement_id, "TrainingRequirement", "requirementId"),
                progress.RequirementChanges(
                    name=input.name,
                    required_hours=input.required_hours,
                    starts_on=input.starts_on,
                    ends_on=input.ends_on,
                    caps={c.category: c.hours for c in input.caps} if input.caps is not None else None,
                ),
            )
            caps = (await progress.caps_by_requirement_ids([row.id]))[row.id]
            return UpdateTrainingRequirementPayload(
                requirement=TrainingRequirementType.from_model(row, caps), user_errors=[]
            )

        return await payload_or_user_errors(
            run, lambda e: UpdateTrainingRequirementPayload(requirement=None, user_errors=e)
        )


__all__ = ["LedgerMutation", "LedgerQuery", "TrainingLedger", "ledger_for", "require_signed_in"]
