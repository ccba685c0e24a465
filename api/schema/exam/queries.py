"""The exam's root fields: sittings, eligibility, progress and certificates."""

from __future__ import annotations

import strawberry

from api.auth import require_signed_in
from api.context import Info
from api.errors import BadUserInput, NotFound
from api.schema.exam.types import (
    CertificateNode,
    CertificateVerification,
    ExamEligibility,
    ExamLevelProgress,
    ExamSittingNode,
)
from api.schema.relay import query_pk
from domain.errors import OutOfScope
from domain.exam import certificates, results, sittings
from domain.exam import registration as exam_registration
from domain.exam import service as exam_service
from domain.exam.errors import SittingNotFound
from domain.exam.vocabulary import ExamLevel
from domain.people.errors import NoPerson


def _person_pk(person_id: strawberry.ID | None) -> int | None:
    return query_pk(person_id, "Person") if person_id is not None else None


@strawberry.type
class ExamQuery:
    @strawberry.field(description="年度考试及考点余量（公开）")
    async def exam_sittings(self, year: int | None = None) -> list[ExamSittingNode]:
        return [ExamSittingNode.from_model(r) for r in await sittings.list_sittings(year)]

    @strawberry.field(description="报考资格；personId 默认为本人，辖区管理员可查他人")
    async def exam_eligibility(
        self, info: Info, sitting_id: strawberry.ID, level: ExamLevel, person_id: strawberry.ID | None = None
    ) -> ExamEligibility:
        actor = require_signed_in(info.context)
        try:
            answer = await exam_registration.eligibility_for(
                actor, query_pk(sitting_id, "ExamSitting"), level, _person_pk(person_id)
            )
        except SittingNotFound as error:
            raise NotFound(error.message) from None
        except NoPerson as error:
            raise BadUserInput(error.message) from None
        except OutOfScope:
            raise NotFound("人员不存在") from None
        return ExamEligibility.from_domain(answer)

    @strawberry.field(description="公开验证证书：证书编号与持证人姓名须一致")
    async def verify_certificate(self, number: str, name: str) -> CertificateVerification:
        return CertificateVerification.from_domain(await certificates.verify_certificate(number, name))

    @strawberry.field(description="各级别考试进度；personId 默认为本人，辖区管理员可查他人")
    async def exam_progress(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> list[ExamLevelProgress]:
        actor = require_signed_in(info.context)
        try:
            progress = await results.progress_for(actor, _person_pk(person_id))
        except (NoPerson, OutOfScope):
            raise NotFound("人员不存在") from None
        return [ExamLevelProgress.from_domain(p) for p in progress]

    @strawberry.field(description="本人的证书")
    async def my_certificates(self, info: Info) -> list[CertificateNode]:
        actor = require_signed_in(info.context)
        if actor.person_id is None:
            return []
        return [CertificateNode.from_model(c) for c in await exam_service.certificates_of(actor.person_id)]
