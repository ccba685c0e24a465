"""Organisation filing (seed §七) over GraphQL."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.auth import require_admin, require_signed_in
from api.context import Info
from api.errors import Forbidden
from api.schema.enums import OrganizationStatus, OrganizationType
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.people import PersonNode
from api.schema.relay import (
    Connection,
    Node,
    connection,
    input_pk,
    page_window,
    register_node,
    to_global_id,
)
from domain.access import Actor
from domain.people import organizations
from domain.people.models import Organization


@strawberry.type(name="Organization", description="社会工作服务机构等组织（在线备案）")
class OrganizationNode(Node):
    name: str
    unified_social_credit_code: str
    county_code: str
    township: str
    type: OrganizationType
    status: OrganizationStatus
    review_reason: str | None
    reviewed_at: datetime | None
    filed_at: datetime
    pk: strawberry.Private[int]

    @strawberry.field(description="关联到本机构的人才（备案人及辖区管理员可见）")
    async def members(self, info: Info, first: int, after: str | None = None) -> Connection[PersonNode]:
        actor = require_signed_in(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        row = await info.context.loaders.organization.load(self.pk)
        if row is None or not organizations.can_see_members(actor, row):
            raise Forbidden("只有备案人和辖区管理员可以查看机构人员")
        page = await organizations.list_members(row, first=first, after=after_pk)
        return connection(page, lambda p: PersonNode.from_model(p, actor), after=after_pk)

    @classmethod
    def from_model(cls, organization: Organization) -> OrganizationNode:
        return cls(
            id=to_global_id("Organization", organization.id),
            name=organization.name,
            unified_social_credit_code=organization.credit_code,
            county_code=organization.county_id,  # type: ignore[attr-defined]
            township=organization.township,
            type=organization.type,
            status=organization.status,
            review_reason=organization.review_reason,
            reviewed_at=organization.reviewed_at,
            filed_at=organization.filed_at,
            pk=organization.id,
        )


def organization_for_viewer(actor: Actor, row: Organization | None) -> Organization | None:
    return row if row is not None and organizations.can_see_organization(actor, row) else None


async def _resolve_organization(info: Info, pk: int) -> OrganizationNode | None:
    row = organization_for_viewer(info.context.actor, await info.context.loaders.organization.load(pk))
    return OrganizationNode.from_model(row) if row else None


register_node("Organization", _resolve_organization)


@strawberry.input
class OrganizationFilter:
    county_code: str | None = None
    status: OrganizationStatus | None = None
    search: str | None = None


@strawberry.input
class FileOrganizationInput:
    name: str
    unified_social_credit_code: str
    county_code: str
    township: str
    type: OrganizationType


@strawberry.type
class FileOrganizationPayload:
    organization: OrganizationNode | None
    user_errors: list[UserError]


@strawberry.input
class ReviewOrganizationInput:
    organization_id: strawberry.ID
    approve: bool
    reason: str | None = None


@strawberry.type
class ReviewOrganizationPayload:
    organization: OrganizationNode | None
    user_errors: list[UserError]


@strawberry.type
class OrganizationsQuery:
    @strawberry.field(
        description="已备案机构；管理员可见辖区内全部（含待审核），其他人见已通过的和自己提交的"
    )
    async def organizations(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: OrganizationFilter | None = None,
    ) -> Connection[OrganizationNode]:
        actor = require_signed_in(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        f = filter or OrganizationFilter()
        page = await organizations.list_organizations(
            actor,
            first=first,
            after=after_pk,
            filter=organizations.OrganizationFilter(
                county_code=f.county_code, status=f.status, search=f.search
            ),
        )
        return connection(page, OrganizationNode.from_model, after=after_pk)


@strawberry.type
class OrganizationsMutation:
    @strawberry.mutation(description="在线备案一个组织（任何已登录用户，代表其所在组织）")
    async def file_organization(self, info: Info, input: FileOrganizationInput) -> FileOrganizationPayload:
        actor = require_signed_in(info.context)

        async def run() -> FileOrganizationPayload:
            row = await organizations.file_organization(
                actor,
                organizations.OrganizationFiling(
                    name=input.name,
                    credit_code=input.unified_social_credit_code,
                    county_code=input.county_code,
                    township=input.township,
                    type=input.type,
                ),
            )
            return FileOrganizationPayload(organization=OrganizationNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: FileOrganizationPayload(organization=None, user_errors=errors)
        )

    @strawberry.mutation(description="县级管理员审核本县的组织备案")
    async def review_organization(
        self, info: Info, input: ReviewOrganizationInput
    ) -> ReviewOrganizationPayload:
        actor = require_admin(info.context)

        async def run() -> ReviewOrganizationPayload:
            row = await organizations.review_organization(
                actor,
                input_pk(input.organization_id, "Organization", "organizationId"),
                approve=input.approve,
                reason=input.reason,
            )
            return ReviewOrganizationPayload(organization=OrganizationNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: ReviewOrganizationPayload(organization=None, user_errors=errors)
        )
