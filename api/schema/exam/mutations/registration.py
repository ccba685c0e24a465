"""Registering for the exam and its review, fee, withdrawal and admission tickets
(domain/exam/registration.py)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.exam.types import ExamRegistrationNode
from api.schema.mutation import ADMINS, PREFECTURE_ADMIN, SIGNED_IN, Payload, mutation
from api.schema.relay import input_pk
from domain.errors import in_row
from domain.exam import admission, registration, review
from domain.exam.vocabulary import ExamLevel


@strawberry.input
class RegisterForExamInput:
    sitting_id: strawberry.ID
    level: ExamLevel
    site_id: strawberry.ID
    idempotency_key: str


@strawberry.type
class RegisterForExamPayload(Payload):
    registration: ExamRegistrationNode | None = None


@strawberry.input
class ReviewExamRegistrationInput:
    registration_id: strawberry.ID
    approve: bool
    reason: str | None = None


@strawberry.type
class ReviewExamRegistrationPayload(Payload):
    registration: ExamRegistrationNode | None = None


@strawberry.input(description="批量审核报名：全部成功或全部不变")
class ReviewExamRegistrationsInput:
    registration_ids: list[strawberry.ID] = strawberry.field(
        description="报名（ExamRegistration 的全局编号），1 至 200 项，不得重复"
    )
    approve: bool = strawberry.field(description="true 全部审核通过，false 全部不予通过")
    reason: str | None = strawberry.field(default=None, description="理由：不予通过时必填，不超过 500 字")


@strawberry.type
class ReviewExamRegistrationsPayload(Payload):
    registrations: list[ExamRegistrationNode] = strawberry.field(default_factory=list)


@strawberry.input
class ConfirmExamFeeInput:
    registration_id: strawberry.ID
    amount: Decimal
    payment_reference: str
    idempotency_key: str


@strawberry.type
class ConfirmExamFeePayload(Payload):
    registration: ExamRegistrationNode | None = None


@strawberry.input
class WithdrawExamRegistrationInput:
    registration_id: strawberry.ID


@strawberry.type
class WithdrawExamRegistrationPayload(Payload):
    registration: ExamRegistrationNode | None = None


@strawberry.input
class IssueAdmissionTicketsInput:
    sitting_id: strawberry.ID


@strawberry.type
class IssueAdmissionTicketsPayload(Payload):
    registrations: list[ExamRegistrationNode] = strawberry.field(default_factory=list)


def _registration_pk(registration_id: strawberry.ID) -> int:
    return input_pk(registration_id, "ExamRegistration", "registrationId")


@strawberry.type
class RegistrationMutation:
    @mutation("学员在报名期内报考", roles=SIGNED_IN)
    async def register_for_exam(self, info: Info, input: RegisterForExamInput) -> RegisterForExamPayload:
        row = await registration.register_for_exam(
            info.context.actor,
            input_pk(input.sitting_id, "ExamSitting", "sittingId"),
            level=input.level,
            site_id=input_pk(input.site_id, "ExamSite", "siteId"),
            idempotency_key=input.idempotency_key,
        )
        return RegisterForExamPayload(registration=ExamRegistrationNode.from_model(row))

    @mutation(
        "辖区管理员（县级管理员审核本县人员，州级管理员可审核全州）审核报名（不通过须填写理由）", roles=ADMINS
    )
    async def review_exam_registration(
        self, info: Info, input: ReviewExamRegistrationInput
    ) -> ReviewExamRegistrationPayload:
        row = await review.review_registration(
            info.context.actor,
            _registration_pk(input.registration_id),
            approve=input.approve,
            reason=input.reason,
        )
        return ReviewExamRegistrationPayload(registration=ExamRegistrationNode.from_model(row))

    @mutation(
        "辖区管理员批量审核报名（最多 200 项）：全部成功或全部不变；不通过须填写理由",
        roles=ADMINS,
    )
    async def review_exam_registrations(
        self, info: Info, input: ReviewExamRegistrationsInput
    ) -> ReviewExamRegistrationsPayload:
        ids: list[int] = []
        for index, global_id in enumerate(input.registration_ids[: review.MAX_BULK + 1]):
            with in_row("registrationIds", index):
                ids.append(input_pk(global_id, "ExamRegistration", ""))
        rows = await review.review_registrations(
            info.context.actor, ids, approve=input.approve, reason=input.reason
        )
        return ReviewExamRegistrationsPayload(
            registrations=[ExamRegistrationNode.from_model(r) for r in rows]
        )

    @mutation("辖区管理员（县级或州级）确认缴费（按科目计费，幂等）", roles=ADMINS)
    async def confirm_exam_fee(self, info: Info, input: ConfirmExamFeeInput) -> ConfirmExamFeePayload:
        row = await review.confirm_fee(
            info.context.actor,
            _registration_pk(input.registration_id),
            amount=input.amount,
            payment_reference=input.payment_reference,
            idempotency_key=input.idempotency_key,
        )
        return ConfirmExamFeePayload(registration=ExamRegistrationNode.from_model(row))

    @mutation("本人在报名截止前退出报名，释放考位", roles=SIGNED_IN)
    async def withdraw_exam_registration(
        self, info: Info, input: WithdrawExamRegistrationInput
    ) -> WithdrawExamRegistrationPayload:
        row = await registration.withdraw_registration(
            info.context.actor, _registration_pk(input.registration_id)
        )
        return WithdrawExamRegistrationPayload(registration=ExamRegistrationNode.from_model(row))

    @mutation("州级管理员为已缴费的报名生成准考证号和座位号", roles=PREFECTURE_ADMIN)
    async def issue_admission_tickets(
        self, info: Info, input: IssueAdmissionTicketsInput
    ) -> IssueAdmissionTicketsPayload:
        rows = await admission.issue_admission_tickets(
            info.context.actor, input_pk(input.sitting_id, "ExamSitting", "sittingId")
        )
        return IssueAdmissionTicketsPayload(registrations=[ExamRegistrationNode.from_model(r) for r in rows])
