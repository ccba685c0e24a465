"""The registry's root fields: persons, counties and organisations, each one domain call."""

from __future__ import annotations

import strawberry

from api.auth import require_admin, require_signed_in
from api.context import Info
from api.schema.people.types import County, OrganizationNode, PersonNode, person_node
from api.schema.relay import Connection, connection, page_window, query_pk
from domain.exam import service as exam_service
from domain.people import organizations
from domain.people import service as people
from domain.people.vocabulary import OrganizationStatus


@strawberry.input(description="人才名录的筛选条件；各条件同时满足，不填的不限")
class PersonFilter:
    county_code: str | None = strawberry.field(default=None, description="所在县市的行政区划代码，如 532301")
    search: str | None = strawberry.field(default=None, description="姓名关键字，或身份证号前缀")
    certified: bool | None = strawberry.field(default=None, description="true 只列持证者，false 只列未持证者")


@strawberry.input(description="工作单位的筛选条件；各条件同时满足，不填的不限")
class OrganizationFilter:
    county_code: str | None = strawberry.field(default=None, description="所在县市的行政区划代码，如 532301")
    status: OrganizationStatus | None = strawberry.field(default=None, description="备案状态")
    search: str | None = strawberry.field(default=None, description="单位名称关键字")


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="人才档案：本人或辖区管理员可见")
    async def person(self, info: Info, id: strawberry.ID) -> PersonNode | None:
        require_signed_in(info.context)
        return await person_node(info, query_pk(id, "Person"))

    @strawberry.field(description="人才名册（管理员，限本辖区）")
    async def persons(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: PersonFilter | None = None,
    ) -> Connection[PersonNode]:
        actor = require_admin(info.context)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        f = filter or PersonFilter()
        certified = await exam_service.certified_person_ids() if f.certified is not None else None
        page = await people.list_persons(
            actor,
            first=first,
            after=after_pk,
            filter=people.PersonFilter(
                county_code=f.county_code,
                search=f.search,
                among=certified if f.certified is True else None,
                outside=certified if f.certified is False else None,
            ),
        )
        return connection(page, lambda p: PersonNode.from_model(p, actor), after=after_pk)

    @strawberry.field(description="州内十个县市")
    async def counties(self) -> list[County]:
        certified = await exam_service.certified_counts_by_county()
        return [
            County(
                code=c.code,
                name=c.name,
                registered_population=c.registered_population,
                registered_population_year=c.registered_population_year,
                talent_count=c.talent_count,
                certified_count=certified.get(c.code, 0),
            )
            for c in await people.list_counties()
        ]

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
