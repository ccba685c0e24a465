"""The registry's mutations: a person's own profile, and organisation filing and its review."""

from __future__ import annotations

from datetime import date

import strawberry

from api.context import Info
from api.schema.mutation import ADMINS, SIGNED_IN, Payload, mutation
from api.schema.people.types import OrganizationNode, PersonNode
from api.schema.relay import input_pk
from domain.people import organizations, payment_account
from domain.people import service as people
from domain.people.vocabulary import Education, Major, OrganizationType


@strawberry.input
class UpdateMyProfileInput:
    phone: str | None = None
    county_code: str | None = None
    education: Education | None = None
    major: Major | None = None
    social_work_since: date | None = None
    graduated_on: date | None = None
    organization_name: str | None = None
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="关联到已通过备案的机构"
    )
    front_line: bool | None = None
    full_time_community_worker: bool | None = None


@strawberry.type
class UpdateMyProfilePayload(Payload):
    person: PersonNode | None = None


@strawberry.input
class FileOrganizationInput:
    name: str
    unified_social_credit_code: str
    county_code: str
    township: str
    type: OrganizationType


@strawberry.type
class FileOrganizationPayload(Payload):
    organization: OrganizationNode | None = None


@strawberry.input
class ReviewOrganizationInput:
    organization_id: strawberry.ID
    approve: bool
    reason: str | None = None


@strawberry.type
class ReviewOrganizationPayload(Payload):
    organization: OrganizationNode | None = None


@strawberry.input
class SetPaymentAccountInput:
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="人才档案编号；不填为本人（辖区管理员可为辖区内的人登记）"
    )
    bank_name: str = strawberry.field(description="开户银行，如 中国农业银行楚雄分行")
    account_number: str = strawberry.field(description="银行账号：8 至 30 位数字，可含空格和连字符")


@strawberry.type
class SetPaymentAccountPayload(Payload):
    person: PersonNode | None = None


@strawberry.type
class PeopleMutation:
    @mutation("本人修改档案信息", roles=SIGNED_IN)
    async def update_my_profile(self, info: Info, input: UpdateMyProfileInput) -> UpdateMyProfilePayload:
        changes = people.ProfileChanges(
            phone=input.phone,
            county_code=input.county_code,
            education=input.education,
            major=input.major,
            social_work_since=input.social_work_since,
            graduated_on=input.graduated_on,
            organization_name=input.organization_name,
            organization_id=input_pk(input.organization_id, "Organization", "organizationId")
            if input.organization_id is not None
            else None,
            front_line=input.front_line,
            full_time_community_worker=input.full_time_community_worker,
        )
        person = await people.update_my_profile(info.context.actor, changes)
        return UpdateMyProfilePayload(person=PersonNode.from_model(person, info.context.actor))

    @mutation("在线备案一个组织（任何已登录用户，代表其所在组织）", roles=SIGNED_IN)
    async def file_organization(self, info: Info, input: FileOrganizationInput) -> FileOrganizationPayload:
        filing = organizations.OrganizationFiling(
            name=input.name,
            credit_code=input.unified_social_credit_code,
            county_code=input.county_code,
            township=input.township,
            type=input.type,
        )
        row = await organizations.file_organization(info.context.actor, filing)
        return FileOrganizationPayload(organization=OrganizationNode.from_model(row))

    @mutation("县级管理员审核本县的组织备案", roles=ADMINS)
    async def review_organization(
        self, info: Info, input: ReviewOrganizationInput
    ) -> ReviewOrganizationPayload:
        row = await organizations.review_organization(
            info.context.actor,
            input_pk(input.organization_id, "Organization", "organizationId"),
            approve=input.approve,
            reason=input.reason,
        )
        return ReviewOrganizationPayload(organization=OrganizationNode.from_model(row))

    @mutation("登记激励资金的收款账户（本人，或辖区管理员为辖区内的人登记）", roles=SIGNED_IN)
    async def set_payment_account(
        self, info: Info, input: SetPaymentAccountInput
    ) -> SetPaymentAccountPayload:
        person_id = input_pk(input.person_id, "Person", "personId") if input.person_id is not None else None
        row = await payment_account.set_payment_account(
            info.context.actor, person_id, bank_name=input.bank_name, account_number=input.account_number
        )
        return SetPaymentAccountPayload(person=PersonNode.from_model(row, info.context.actor))
