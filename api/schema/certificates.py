"""Results, progress, certificates and 登记 over GraphQL (API.md §Exam)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from api.auth import require_admin, require_prefecture_admin, require_signed_in
from api.context import Info
from api.errors import NotFound
from api.schema.enums import ExamLevel, ExamSubject
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.exam import ExamRegistrationNode
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, input_pk, query_pk, register_node, to_global_id
from domain import clock
from domain.errors import OutOfScope
from domain.exam import certificates, results
from domain.exam import service as exam_service
from domain.exam.models import Certificate
from domain.exam.registration import person_for
from domain.people.errors import NoPerson


@strawberry.type(name="Certificate", description="证书（登记失效不影响证书本身）")
class CertificateNode(Node):
    number: str
    level: ExamLevel
    issued_on: date
    local_only: bool
    verification_code: str
    registered_until: date | None
    registration_state: str = strawberry.field(
        description="UNREGISTERED 未登记、REGISTERED 已登记、LAPSED 登记失效"
    )
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @classmethod
    def from_model(cls, row: Certificate) -> CertificateNode:
        return cls(
            id=to_global_id("Certificate", row.id),
            number=row.number,
            level=row.level,
            issued_on=row.issued_on,
            local_only=row.local_only,
            verification_code=row.verification_code,
            registered_until=row.registered_until,
            registration_state=certificates.registration_state(row, clock.today()),
            person_pk=row.person_id,  # type: ignore[attr-defined]
        )


async def _resolve_certificate(info: Info, pk: int) -> CertificateNode | None:
    row = await certificates.get_certificate(info.context.actor, pk)
    return CertificateNode.from_model(row) if row else None


register_node("Certificate", _resolve_certificate)


@strawberry.type(description="公开验证结果：姓名部分隐去")
class CertificateVerification:
    valid: bool
    level: ExamLevel | None
    issued_on: date | None
    holder_name: str | None
    local_only: bool | None


@strawberry.type(description="某级别的考试进度：已通过科目、尚需科目、成绩有效至哪一年")
class ExamLevelProgress:
    level: ExamLevel
    passed_subjects: list[ExamSubject]
    remaining_subjects: list[ExamSubject]
    valid_until: int | None
    level_passed: bool
    passed_in_year: int | None
    local_only: bool


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
class RecordExamResultsPayload:
    registrations: list[ExamRegistrationNode]
    certificates: list[CertificateNode]
    user_errors: list[UserError]


@strawberry.input
class RecordExistingCertificateInput:
    person_id: strawberry.ID
    level: ExamLevel
    number: str
    issued_on: date
    local_only: bool = False


@strawberry.type
class RecordExistingCertificatePayload:
    certificate: CertificateNode | None
    user_errors: list[UserError]


@strawberry.input
class RegisterCertificateInput:
    certificate_id: strawberry.ID


@strawberry.type
class RegisterCertificatePayload:
    certificate: CertificateNode | None
    user_errors: list[UserError]


@strawberry.type
class CertificatesQuery:
    @strawberry.field(description="公开验证证书：证书编号与持证人姓名须一致")
    async def verify_certificate(self, number: str, name: str) -> CertificateVerification:
        answer = await certificates.verify_certificate(number, name)
        return CertificateVerification(
            valid=answer.valid,
            level=answer.level,
            issued_on=answer.issued_on,
            holder_name=answer.holder_name,
            local_only=answer.local_only,
        )

    @strawberry.field(description="各级别考试进度；personId 默认为本人，辖区管理员可查他人")
    async def exam_progress(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> list[ExamLevelProgress]:
        actor = require_signed_in(info.context)
        try:
            person = await person_for(actor, query_pk(person_id, "Person") if person_id is not None else None)
        except (NoPerson, OutOfScope):
            raise NotFound("人员不存在") from None
        return [
            ExamLevelProgress(
                level=p.level,
                passed_subjects=list(p.passed_subjects),
                remaining_subjects=list(p.remaining_subjects),
                valid_until=p.valid_until_year,
                level_passed=p.level_passed,
                passed_in_year=p.passed_in_year,
                local_only=p.local_only,
            )
            for p in await results.progress_of(person.id)
        ]

    @strawberry.field(description="本人的证书")
    async def my_certificates(self, info: Info) -> list[CertificateNode]:
        actor = require_signed_in(info.context)
        if actor.person_id is None:
            return []
        return [CertificateNode.from_model(c) for c in await exam_service.certificates_of(actor.person_id)]


@strawberry.type
class CertificatesMutation:
    @strawberry.mutation(description="州级管理员录入成绩；通过一个级别即发证（高级为 3 年有效的合格成绩）")
    async def record_exam_results(
        self, info: Info, input: RecordExamResultsInput
    ) -> RecordExamResultsPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> RecordExamResultsPayload:
            recorded = await results.record_results(
                actor,
                input_pk(input.sitting_id, "ExamSitting", "sittingId"),
                [
                    results.ResultLine(
                        registration_id=input_pk(r.registration_id, "ExamRegistration", "results"),
                        subject=r.subject,
                        score=r.score,
                        local_line=r.local_line,
                    )
                    for r in input.results
                ],
            )
            return RecordExamResultsPayload(
                registrations=[ExamRegistrationNode.from_model(r) for r in recorded.registrations],
                certificates=[CertificateNode.from_model(c) for c in recorded.certificates],
                user_errors=[],
            )

        return await payload_or_user_errors(
            run, lambda e: RecordExamResultsPayload(registrations=[], certificates=[], user_errors=e)
        )

    @strawberry.mutation(description="县级管理员登记系统上线前取得的证书")
    async def record_existing_certificate(
        self, info: Info, input: RecordExistingCertificateInput
    ) -> RecordExistingCertificatePayload:
        actor = require_admin(info.context)

        async def run() -> RecordExistingCertificatePayload:
            row = await certificates.record_existing_certificate(
                actor,
                input_pk(input.person_id, "Person", "personId"),
                level=input.level,
                number=input.number,
                issued_on=input.issued_on,
                local_only=input.local_only,
            )
            return RecordExistingCertificatePayload(
                certificate=CertificateNode.from_model(row), user_errors=[]
            )

        return await payload_or_user_errors(
            run, lambda e: RecordExistingCertificatePayload(certificate=None, user_errors=e)
        )

    @strawberry.mutation(description="持证人办理登记或续期（续期须满继续教育学时）")
    async def register_certificate(
        self, info: Info, input: RegisterCertificateInput
    ) -> RegisterCertificatePayload:
        actor = require_signed_in(info.context)

        async def run() -> RegisterCertificatePayload:
            row = await certificates.register_certificate(
                actor, input_pk(input.certificate_id, "Certificate", "certificateId")
            )
            return RegisterCertificatePayload(certificate=CertificateNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: RegisterCertificatePayload(certificate=None, user_errors=e)
        )


@strawberry.input
class ImportExamResultsInput:
    sitting_id: strawberry.ID
    file: Upload


@strawberry.type(description="成绩册中的一处错误：行号（表头为第 1 行）、列名、原因")
class ResultsFileError:
    row: int
    column: str | None
    message: str


@strawberry.type
class ImportExamResultsReport:
    row_count: int
    recorded: int
    certificates: int
    errors: list[ResultsFileError]


@strawberry.type
class ImportExamResultsPayload:
    report: ImportExamResultsReport | None
    user_errors: list[UserError]


@strawberry.type
class ResultsImportMutation:
    @strawberry.mutation(
        description="州级管理员导入成绩册（CSV 或 XLSX：准考证号、科目、成绩、单独划线）；有错误行则不录入"
    )
    async def import_exam_results(
        self, info: Info, input: ImportExamResultsInput
    ) -> ImportExamResultsPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> ImportExamResultsPayload:
            upload: UploadFile = input.file  # type: ignore[assignment] # starlette's, under ASGI
            data = await upload.read()
            report = await results.import_results(
                actor, input_pk(input.sitting_id, "ExamSitting", "sittingId"), data
            )
            return ImportExamResultsPayload(
                report=ImportExamResultsReport(
                    row_count=report.row_count,
                    recorded=report.recorded,
                    certificates=report.certificates,
                    errors=[
                        ResultsFileError(row=p.row, column=p.column, message=p.message) for p in report.errors
                    ],
                ),
                user_errors=[],
            )

        return await payload_or_user_errors(
            run, lambda e: ImportExamResultsPayload(report=None, user_errors=e)
        )
