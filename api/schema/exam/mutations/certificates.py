"""Certificates obtained before the system, and 登记 with its renewal (domain/exam/certificates.py)."""

from __future__ import annotations

from datetime import date

import strawberry

from api.context import Info
from api.schema.exam.types import CertificateNode
from api.schema.mutation import ADMINS, SIGNED_IN, Payload, mutation
from api.schema.relay import input_pk
from domain.exam import certificates
from domain.exam.vocabulary import ExamLevel


@strawberry.input
class RecordExistingCertificateInput:
    person_id: strawberry.ID
    level: ExamLevel
    number: str
    issued_on: date
    local_only: bool = False


@strawberry.type
class RecordExistingCertificatePayload(Payload):
    certificate: CertificateNode | None = None


@strawberry.input
class RegisterCertificateInput:
    certificate_id: strawberry.ID


@strawberry.type
class RegisterCertificatePayload(Payload):
    certificate: CertificateNode | None = None


@strawberry.type
class CertificateMutation:
    @mutation("县级管理员登记系统上线前取得的证书", roles=ADMINS)
    async def record_existing_certificate(
        self, info: Info, input: RecordExistingCertificateInput
    ) -> RecordExistingCertificatePayload:
        row = await certificates.record_existing_certificate(
            info.context.actor,
            input_pk(input.person_id, "Person", "personId"),
            level=input.level,
            number=input.number,
            issued_on=input.issued_on,
            local_only=input.local_only,
        )
        return RecordExistingCertificatePayload(certificate=CertificateNode.from_model(row))

    @mutation(
        "持证人办理登记或续期（续期须满继续教育学时）；县级管理员可为辖区持证人代办（含逾期首次登记、登记失效后重新登记）",
        roles=SIGNED_IN,
    )
    async def register_certificate(
        self, info: Info, input: RegisterCertificateInput
    ) -> RegisterCertificatePayload:
        row = await certificates.register_certificate(
            info.context.actor, input_pk(input.certificate_id, "Certificate", "certificateId")
        )
        return RegisterCertificatePayload(certificate=CertificateNode.from_model(row))
