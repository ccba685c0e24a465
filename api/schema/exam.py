"""The exam over GraphQL (API.md §Exam): sittings, eligibility, registration and its review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import strawberry
from strawberry.dataloader import DataLoader

from api.auth import require_admin, require_prefecture_admin, require_signed_in
from api.context import Info
from api.errors import BadUserInput, NotFound
from api.schema.enums import ExamLevel, ExamRegistrationStatus
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.people.types import PersonNode, person_node
from api.schema.relay import Node, input_pk, loader, query_pk, register_node, to_global_id
from domain.errors import OutOfScope
from domain.exam import registration as exam_registration
from domain.exam import sittings
from domain.exam.models import ExamRegistration, ExamSite, ExamSitting
from domain.money import from_fen
from domain.people.errors import NoPerson


@dataclass
class ExamLoaders:
    site: DataLoader[int, ExamSite | None] = field(default_factory=lambda: loader(sittings.sites_by_ids))
    sites_of_sitting: DataLoader[int, list[ExamSite] | None] = field(
        default_factory=lambda: loader(sittings.sites_by_sitting_ids)
    )


@strawberry.type(description="考点")
class ExamSiteType:
    id: strawberry.ID
    name: str
    county_code: str
    capacity: int
    remaining: int

    @classmethod
    def from_model(cls, row: ExamSite) -> ExamSiteType:
        return cls(
            id=to_global_id("ExamSite", row.id),
            name=row.name,
            county_code=row.county_id,  # type: ignore[attr-defined]
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
    async def sites(self, info: Info) -> list[ExamSiteType]:
        rows = await info.context.loaders(ExamLoaders).sites_of_sitting.load(self.pk) or []
        return [ExamSiteType.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, row: ExamSitting) -> ExamSittingNode:
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


async def _resolve_sitting(info: Info, pk: int) -> ExamSittingNode | None:
    rows = await ExamSitting.filter(id=pk)
    return ExamSittingNode.from_model(rows[0]) if rows else None


register_node("ExamSitting", _resolve_sitting)


@strawberry.type(name="ExamRegistration", description="考试报名")
class ExamRegistrationNode(Node):
    status: ExamRegistrationStatus
    level: ExamLevel
    eligibility_rule: str
    review_reason: str | None
    admission_number: str | None
    seat: int | None
    fee_paid: Decimal | None
    site_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def site(self, info: Info) -> ExamSiteType | None:
        row = await info.context.loaders(ExamLoaders).site.load(self.site_pk)
        return ExamSiteType.from_model(row) if row else None

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @classmethod
    def from_model(cls, row: ExamRegistration) -> ExamRegistrationNode:
        return cls(
            id=to_global_id("ExamRegistration", row.id),
            status=row.status,
            level=row.level,
            eligibility_rule=row.eligibility_rule,
            review_reason=row.review_reason,
            admission_number=row.admission_number,
            seat=row.seat,
            fee_paid=from_fen(row.fee_paid_fen) if row.fee_paid_fen is not None else None,
            site_pk=row.site_id,  # type: ignore[attr-defined]
            person_pk=row.person_id,  # type: ignore[attr-defined]
        )


async def _resolve_registration(info: Info, pk: int) -> ExamRegistrationNode | None:
    row = await exam_registration.get_registration(info.context.actor, pk)
    return ExamRegistrationNode.from_model(row) if row else None


register_node("ExamRegistration", _resolve_registration)


@strawberry.type(description="报考资格：是否符合、所依据的规则、中文理由")
class ExamEligibility:
    eligible: bool
    rule: str | None
    rule_description: str | None
    reasons: list[str]


@strawberry.input
class ExamSiteInput:
    name: str
    county_code: str
    capacity: int


@strawberry.input
class CreateExamSittingInput:
    year: int
    exam_date: date
    registration_opens_on: date
    registration_closes_on: date
    levels: list[ExamLevel] | None = strawberry.field(default=None, description="默认三个级别都开设")
    sites: list[ExamSiteInput]
    fee_per_subject: Decimal
    pass_mark: Decimal = Decimal(60)


@strawberry.type
class CreateExamSittingPayload:
    sitting: ExamSittingNode | None
    user_errors: list[UserError]


@strawberry.input
class RegisterForExamInput:
    sitting_id: strawberry.ID
    level: ExamLevel
    site_id: strawberry.ID
    idempotency_key: str


@strawberry.type
class RegisterForExamPayload:
    registration: ExamRegistrationNode | None
    user_errors: list[UserError]


@strawberry.input
class ReviewExamRegistrationInput:
    registration_id: strawberry.ID
    approve: bool
    reason: str | None = None


@strawberry.type
class ReviewExamRegistrationPayload:
    registration: ExamRegistrationNode | None
    user_errors: list[UserError]


@strawberry.input
class ConfirmExamFeeInput:
    registration_id: strawberry.ID
    amount: Decimal
    payment_reference: str
    idempotency_key: str


@strawberry.type
class ConfirmExamFeePayload:
    registration: ExamRegistrationNode | None
    user_errors: list[UserError]


@strawberry.input
class WithdrawExamRegistrationInput:
    registration_id: strawberry.ID


@strawberry.type
class WithdrawExamRegistrationPayload:
    registration: ExamRegistrationNode | None
    user_errors: list[UserError]


@strawberry.input
class IssueAdmissionTicketsInput:
    sitting_id: strawberry.ID


@strawberry.type
class IssueAdmissionTicketsPayload:
    registrations: list[ExamRegistrationNode]
    user_errors: list[UserError]


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
        sitting = await sittings.get_sitting_or_none(query_pk(sitting_id, "ExamSitting"))
        if sitting is None:
            raise NotFound("考试不存在")
        try:
            person = await exam_registration.person_for(
                actor, query_pk(person_id, "Person") if person_id is not None else None
            )
        except NoPerson as error:
            raise BadUserInput(error.message) from None
        except OutOfScope:
            raise NotFound("人员不存在") from None
        answer = await exam_registration.eligibility_of(person, level, sitting.year)
        return ExamEligibility(
            eligible=answer.eligible,
            rule=answer.rule.code if answer.rule else None,
            rule_description=answer.rule.description if answer.rule else None,
            reasons=list(answer.reasons),
        )


@strawberry.type
class ExamMutation:
    @strawberry.mutation(description="州级管理员设立年度考试")
    async def create_exam_sitting(
        self, info: Info, input: CreateExamSittingInput
    ) -> CreateExamSittingPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> CreateExamSittingPayload:
            row = await sittings.create_sitting(
                actor,
                sittings.SittingPlan(
                    year=input.year,
                    exam_date=input.exam_date,
                    registration_opens_on=input.registration_opens_on,
                    registration_closes_on=input.registration_closes_on,
                    levels=tuple(input.levels) if input.levels is not None else tuple(ExamLevel),
                    sites=tuple(sittings.SitePlan(s.name, s.county_code, s.capacity) for s in input.sites),
                    fee_per_subject=input.fee_per_subject,
                    pass_mark=input.pass_mark,
                ),
            )
            return CreateExamSittingPayload(sitting=ExamSittingNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: CreateExamSittingPayload(sitting=None, user_errors=e)
        )

    @strawberry.mutation(description="学员在报名期内报考")
    async def register_for_exam(self, info: Info, input: RegisterForExamInput) -> RegisterForExamPayload:
        actor = require_signed_in(info.context)

        async def run() -> RegisterForExamPayload:
            row = await exam_registration.register_for_exam(
                actor,
                input_pk(input.sitting_id, "ExamSitting", "sittingId"),
                level=input.level,
                site_id=input_pk(input.site_id, "ExamSite", "siteId"),
                idempotency_key=input.idempotency_key,
            )
            return RegisterForExamPayload(registration=ExamRegistrationNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: RegisterForExamPayload(registration=None, user_errors=e)
        )

    @strawberry.mutation(description="县级管理员审核本县人员的报名（不通过须填写理由）")
    async def review_exam_registration(
        self, info: Info, input: ReviewExamRegistrationInput
    ) -> ReviewExamRegistrationPayload:
        actor = require_admin(info.context)

        async def run() -> ReviewExamRegistrationPayload:
            row = await exam_registration.review_registration(
                actor,
                input_pk(input.registration_id, "ExamRegistration", "registrationId"),
                approve=input.approve,
                reason=input.reason,
            )
            return ReviewExamRegistrationPayload(
                registration=ExamRegistrationNode.from_model(row), user_errors=[]
            )

        return await payload_or_user_errors(
            run, lambda e: ReviewExamRegistrationPayload(registration=None, user_errors=e)
        )

    @strawberry.mutation(description="县级管理员确认缴费（按科目计费，幂等）")
    async def confirm_exam_fee(self, info: Info, input: ConfirmExamFeeInput) -> ConfirmExamFeePayload:
        actor = require_admin(info.context)

        async def run() -> ConfirmExamFeePayload:
            row = await exam_registration.confirm_fee(
                actor,
                input_pk(input.registration_id, "ExamRegistration", "registrationId"),
                amount=input.amount,
                payment_reference=input.payment_reference,
                idempotency_key=input.idempotency_key,
            )
            return ConfirmExamFeePayload(registration=ExamRegistrationNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: ConfirmExamFeePayload(registration=None, user_errors=e)
        )

    @strawberry.mutation(description="本人在报名截止前退出报名，释放考位")
    async def withdraw_exam_registration(
        self, info: Info, input: WithdrawExamRegistrationInput
    ) -> WithdrawExamRegistrationPayload:
        actor = require_signed_in(info.context)

        async def run() -> WithdrawExamRegistrationPayload:
            row = await exam_registration.withdraw_registration(
                actor, input_pk(input.registration_id, "ExamRegistration", "registrationId")
            )
            return WithdrawExamRegistrationPayload(
                registration=ExamRegistrationNode.from_model(row), user_errors=[]
            )

        return await payload_or_user_errors(
            run, lambda e: WithdrawExamRegistrationPayload(registration=None, user_errors=e)
        )

    @strawberry.mutation(description="州级管理员为已缴费的报名生成准考证号和座位号")
    async def issue_admission_tickets(
        self, info: Info, input: IssueAdmissionTicketsInput
    ) -> IssueAdmissionTicketsPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> IssueAdmissionTicketsPayload:
            rows = await exam_registration.issue_admission_tickets(
                actor, input_pk(input.sitting_id, "ExamSitting", "sittingId")
            )
            return IssueAdmissionTicketsPayload(
                registrations=[ExamRegistrationNode.from_model(r) for r in rows], user_errors=[]
            )

        return await payload_or_user_errors(
            run, lambda e: IssueAdmissionTicketsPayload(registrations=[], user_errors=e)
        )
