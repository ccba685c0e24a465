"""GraphQL types of the exam: sittings and their sites, registrations, certificates, eligibility and
progress; each from its row or answer by an explicit `from_model`/`from_domain`, with the exam's enums
under their API.md names (registered here, once)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.enums import described_enum
from api.schema.exam.loaders import ExamLoaders
from api.schema.people.types import PersonNode, person_node, visible_person
from api.schema.relay import Node, register_node, to_global_id
from domain import clock
from domain.exam import carry_over, certificates, models, sittings
from domain.exam.eligibility import Eligibility
from domain.exam.vocabulary import (
    CertificateRegistrationState,
    ExamLevel,
    ExamRegistrationStatus,
    ExamSubject,
)
from domain.money import from_fen

described_enum(
    ExamLevel,
    name="ExamLevel",
    description="职业水平等级：初级 助理社会工作师、中级 社会工作师、高级 高级社会工作师",
    values={
        ExamLevel.ASSISTANT: "初级：助理社会工作师",
        ExamLevel.SOCIAL_WORKER: "中级：社会工作师",
        ExamLevel.SENIOR: "高级：高级社会工作师（考试加评审）",
    },
)
described_enum(
    ExamSubject,
    name="ExamSubject",
    description="考试科目",
    values={
        ExamSubject.ASSISTANT_COMPREHENSIVE: "社会工作综合能力（初级）",
        ExamSubject.ASSISTANT_PRACTICE: "社会工作实务（初级）",
        ExamSubject.COMPREHENSIVE: "社会工作综合能力（中级）",
        ExamSubject.LAWS_AND_POLICIES: "社会工作法规与政策（中级）",
        ExamSubject.PRACTICE: "社会工作实务（中级）",
        ExamSubject.SENIOR_PRACTICE: "社会工作实务（高级）",
    },
)
described_enum(
    ExamRegistrationStatus,
    name="ExamRegistrationStatus",
    description="考试报名状态：提交 → 县级审核通过 → 缴费确认 → 发准考证 → 已参考",
    values={
        ExamRegistrationStatus.SUBMITTED: "已提交，待县级管理员审核",
        ExamRegistrationStatus.APPROVED: "审核通过，待缴费",
        ExamRegistrationStatus.REJECTED: "审核未通过",
        ExamRegistrationStatus.PAID: "已确认缴费，待发准考证",
        ExamRegistrationStatus.ADMITTED: "已发准考证（准考证号、座位号）",
        ExamRegistrationStatus.WITHDRAWN: "本人已撤回报名",
        ExamRegistrationStatus.SAT: "已参考，成绩已录入",
    },
)
described_enum(
    CertificateRegistrationState,
    name="CertificateRegistrationState",
    description=(
        "登记状态（证书不失效，登记会失效）：REGISTERED 已登记、DUE 可办理续期（有效期届满前三个月内）、"
        "LAPSED 登记失效、UNREGISTERED 未登记"
    ),
    values={
        CertificateRegistrationState.REGISTERED: "已登记，在有效期内",
        CertificateRegistrationState.DUE: "已登记，可办理续期（有效期届满前三个月内）",
        CertificateRegistrationState.LAPSED: "登记已失效",
        CertificateRegistrationState.UNREGISTERED: "未登记",
    },
)


@strawberry.type(description="考点")
class ExamSite:
    id: strawberry.ID
    name: str
    county_code: str
    capacity: int
    remaining: int

    @classmethod
    def from_model(cls, row: models.ExamSite) -> ExamSite:
        return cls(
            id=to_global_id("ExamSite", row.id),
            name=row.name,
            county_code=row.county_id,
            capacity=row.capacity,
            remaining=max(row.capacity - row.taken, 0),
        )


@strawberry.type(name="ExamSitting", description="年度考试")
class ExamSittingNode(Node):
    year: int
    exam_date: date
    registration_opens_on: date
    registration_closes_on: date
    levels: list[ExamLevel]
    fee_per_subject: Decimal
    pass_mark: Decimal
    pk: strawberry.Private[int]

    @strawberry.field
    async def sites(self, info: Info) -> list[ExamSite]:
        rows = await info.context.loaders(ExamLoaders).sites_of_sitting.load(self.pk) or []
        return [ExamSite.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, row: models.ExamSitting) -> ExamSittingNode:
        return cls(
            id=to_global_id("ExamSitting", row.id),
            year=row.year,
            exam_date=row.exam_date,
            registration_opens_on=row.registration_opens_on,
            registration_closes_on=row.registration_closes_on,
            levels=list(sittings.levels_of(row)),
            fee_per_subject=from_fen(row.fee_per_subject_fen),
            pass_mark=Decimal(row.pass_mark_tenths) / 10,
            pk=row.id,
        )


async def exam_sitting_node(info: Info, pk: int) -> ExamSittingNode | None:
    """Sittings are public (`examSittings`)."""
    row = await info.context.loaders(ExamLoaders).sitting.load(pk)
    return ExamSittingNode.from_model(row) if row else None


register_node("ExamSitting", exam_sitting_node)


@strawberry.type(name="ExamRegistration", description="考试报名")
class ExamRegistrationNode(Node):
    status: ExamRegistrationStatus
    level: ExamLevel
    eligibility_rule: str
    review_reason: str | None
    admission_number: str | None
    seat: int | None
    fee_paid: Decimal | None
    sitting_pk: strawberry.Private[int]
    site_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]

    @strawberry.field(description="所报考的年度考试")
    async def sitting(self, info: Info) -> ExamSittingNode | None:
        return await exam_sitting_node(info, self.sitting_pk)

    @strawberry.field
    async def site(self, info: Info) -> ExamSite | None:
        row = await info.context.loaders(ExamLoaders).site.load(self.site_pk)
        return ExamSite.from_model(row) if row else None

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @classmethod
    def from_model(cls, row: models.ExamRegistration) -> ExamRegistrationNode:
        return cls(
            id=to_global_id("ExamRegistration", row.id),
            status=row.status,
            level=row.level,
            eligibility_rule=row.eligibility_rule,
            review_reason=row.review_reason,
            admission_number=row.admission_number,
            seat=row.seat,
            fee_paid=from_fen(row.fee_paid_fen) if row.fee_paid_fen is not None else None,
            sitting_pk=row.sitting_id,
            site_pk=row.site_id,
            person_pk=row.person_id,
        )


async def exam_registration_node(info: Info, pk: int) -> ExamRegistrationNode | None:
    """Visible to whoever may see its person: the person, and admins of the person's county."""
    row = await info.context.loaders(ExamLoaders).registration.load(pk)
    if row is None or await visible_person(info, row.person_id) is None:
        return None
    return ExamRegistrationNode.from_model(row)


register_node("ExamRegistration", exam_registration_node)


@strawberry.type(name="Certificate", description="证书（登记失效不影响证书本身）")
class CertificateNode(Node):
    number: str
    level: ExamLevel
    issued_on: date
    local_only: bool
    verification_code: str
    registered_until: date | None
    registration_state: CertificateRegistrationState
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @classmethod
    def from_model(cls, row: models.Certificate) -> CertificateNode:
        return cls(
            id=to_global_id("Certificate", row.id),
            number=row.number,
            level=row.level,
            issued_on=row.issued_on,
            local_only=row.local_only,
            verification_code=row.verification_code,
            registered_until=row.registered_until,
            registration_state=certificates.registration_state(row.registered_until, clock.today()),
            person_pk=row.person_id,
        )


async def certificate_node(info: Info, pk: int) -> CertificateNode | None:
    """Visible to whoever may see its holder: the holder, and admins of the holder's county."""
    row = await info.context.loaders(ExamLoaders).certificate.load(pk)
    if row is None or await visible_person(info, row.person_id) is None:
        return None
    return CertificateNode.from_model(row)


register_node("Certificate", certificate_node)


@strawberry.type(description="报考资格：是否符合、所依据的规则、中文理由")
class ExamEligibility:
    eligible: bool
    rule: str | None
    rule_description: str | None
    reasons: list[str]
    already_held: ExamLevel | None = strawberry.field(
        description="已持有的该级别或更高级别的证书（有则不能报考，报名将返回 CERTIFICATE_ALREADY_HELD）"
    )

    @classmethod
    def from_domain(cls, answer: Eligibility) -> ExamEligibility:
        return cls(
            eligible=answer.eligible,
            rule=answer.rule.code if answer.rule else None,
            rule_description=answer.rule.description if answer.rule else None,
            reasons=list(answer.reasons),
            already_held=answer.already_held,
        )


@strawberry.type(description="公开验证结果：姓名部分隐去")
class CertificateVerification:
    valid: bool
    level: ExamLevel | None
    issued_on: date | None
    holder_name: str | None
    local_only: bool | None

    @classmethod
    def from_domain(cls, answer: certificates.Verification) -> CertificateVerification:
        return cls(
            valid=answer.valid,
            level=answer.level,
            issued_on=answer.issued_on,
            holder_name=answer.holder_name,
            local_only=answer.local_only,
        )


@strawberry.type(description="某级别的考试进度：已通过科目、尚需科目、成绩有效至哪一年")
class ExamLevelProgress:
    level: ExamLevel
    passed_subjects: list[ExamSubject]
    remaining_subjects: list[ExamSubject]
    valid_until: int | None
    level_passed: bool
    passed_in_year: int | None
    local_only: bool

    @classmethod
    def from_domain(cls, progress: carry_over.LevelProgress) -> ExamLevelProgress:
        return cls(
            level=progress.level,
            passed_subjects=list(progress.passed_subjects),
            remaining_subjects=list(progress.remaining_subjects),
            valid_until=progress.valid_until_year,
            level_passed=progress.level_passed,
            passed_in_year=progress.passed_in_year,
            local_only=progress.local_only,
        )


__all__ = [
    "CertificateNode",
    "CertificateVerification",
    "ExamEligibility",
    "ExamLevelProgress",
    "ExamRegistrationNode",
    "ExamSite",
    "ExamSittingNode",
    "certificate_node",
    "exam_registration_node",
    "exam_sitting_node",
]
