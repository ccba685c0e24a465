"""The talent registry over GraphQL: persons, counties, and self-service profile changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.auth import require_admin, require_signed_in
from api.context import Info
from api.errors import NotFound
from api.schema.enums import Education, Major, Sex
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.relay import (
    Connection,
    Node,
    connection,
    input_pk,
    page_window,
    query_pk,
    register_node,
    to_global_id,
)
from domain.access import Actor, can_see_identity
from domain.exam import service as exam_service
from domain.people import service as people
from domain.people.masking import mask_id_card_number, mask_phone
from domain.people.models import Person
from domain.training import enrolment as training_enrolment
from domain.training import progress as training_progress

if TYPE_CHECKING:
    from api.schema.organizations import OrganizationNode
    from api.schema.training.ledger import TrainingLedger
    from api.schema.training.types import EnrollmentNode


@strawberry.type(name="Person", description="人才档案")
class PersonNode(Node):
    name: str
    id_card_number: str = strawberry.field(description="身份证号；本人及辖区管理员可见全号，他人见掩码")
    phone: str = strawberry.field(description="手机号；本人及辖区管理员可见全号，他人见掩码")
    identity_masked: bool
    birth_date: date | None = strawberry.field(description="出生日期（由身份证号得出；掩码时为空）")
    sex: Sex
    county_code: str
    education: Education
    major: Major
    social_work_since: date
    graduated_on: date | None
    organization_name: str
    front_line: bool
    full_time_community_worker: bool
    registered_at: datetime
    organization_pk: strawberry.Private[int | None]
    pk: strawberry.Private[int]

    @strawberry.field
    async def county_name(self, info: Info) -> str:
        return await info.context.loaders.county_name.load(self.county_code) or ""

    @strawberry.field(description="已备案并关联的工作单位")
    async def organization(
        self, info: Info
    ) -> Annotated[OrganizationNode, strawberry.lazy("api.schema.organizations")] | None:
        # Person and Organization refer to each other: import when first resolved.
        from api.schema.organizations import (  # noqa: PLC0415
            OrganizationNode,
            organization_for_viewer,
        )

        if self.organization_pk is None:
            return None
        row = await info.context.loaders.organization.load(self.organization_pk)
        visible = organization_for_viewer(info.context.actor, row)
        return OrganizationNode.from_model(visible) if visible else None

    @strawberry.field(description="某项学时要求的台账与进度")
    async def training_ledger(
        self, info: Info, requirement_id: strawberry.ID
    ) -> Annotated[TrainingLedger, strawberry.lazy("api.schema.training.ledger")]:
        # Person is defined before training's types, which refer back to it.
        from api.schema.training.ledger import ledger_for  # noqa: PLC0415

        requirement = await training_progress.get_requirement_or_none(
            query_pk(requirement_id, "TrainingRequirement")
        )
        if requirement is None:
            raise NotFound("学时要求不存在")
        return await ledger_for(self.pk, requirement)

    @strawberry.field(description="本人的报名，最新在前")
    async def enrollments(
        self, info: Info, first: int, after: str | None = None
    ) -> Connection[Annotated[EnrollmentNode, strawberry.lazy("api.schema.training.types")]]:
        from api.schema.training.types import EnrollmentNode  # noqa: PLC0415

        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        page = await training_enrolment.enrollments_of_person(self.pk, first=first, after=after_pk)
        return connection(page, EnrollmentNode.from_model, after=after_pk)

    @classmethod
    def from_model(cls, person: Person, viewer: Actor) -> PersonNode:
        county_code: str = person.county_id  # type: ignore[attr-defined]
        full = can_see_identity(viewer, person_id=person.id, county_code=county_code)
        return cls(
            id=to_global_id("Person", person.id),
            name=person.name,
            id_card_number=person.id_card_number if full else mask_id_card_number(person.id_card_number),
            phone=person.phone if full else mask_phone(person.phone),
            identity_masked=not full,
            birth_date=person.birth_date if full else None,
            sex=person.sex,
            county_code=county_code,
            education=person.education,
            major=person.major,
            social_work_since=person.social_work_since,
            graduated_on=person.graduated_on,
            organization_name=person.organization_name,
            front_line=person.front_line,
            full_time_community_worker=person.full_time_community_worker,
            registered_at=person.registered_at,
            organization_pk=person.organization_id,  # type: ignore[attr-defined]
            pk=person.id,
        )


async def person_node(info: Info, pk: int) -> PersonNode | None:
    """The person with `pk` if the viewer may see them, masked as the viewer must see it."""
    row = await info.context.loaders.person.load(pk)
    if row is None or not people.can_see_person(info.context.actor, row):
        return None
    return PersonNode.from_model(row, info.context.actor)


register_node("Person", person_node)


@strawberry.type(description="县市及其户籍人口、已登记人才数")
class County:
    code: str
    name: str
    registered_population: int | None = strawberry.field(description="最新户籍人口")
    registered_population_year: int | None
    talent_count: int = strawberry.field(description="已在线登记的社会工作人才数")
    certified_count: int = strawberry.field(description="持有职业水平证书的人才数（含系统上线前取得的证书）")


@strawberry.input
class PersonFilter:
    county_code: str | None = None
    search: str | None = strawberry.field(default=None, description="姓名关键字，或身份证号前缀")
    certified: bool | None = strawberry.field(default=None, description="true 只列持证者，false 只列未持证者")


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
class UpdateMyProfilePayload:
    person: PersonNode | None
    user_errors: list[UserError]


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
        page = await people.list_persons(
            actor,
            first=first,
            after=after_pk,
            filter=people.PersonFilter(
                county_code=f.county_code,
                search=f.search,
                among=exam_service.certified_person_ids() if f.certified is True else None,
                outside=exam_service.certified_person_ids() if f.certified is False else None,
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


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="本人修改档案信息")
    async def update_my_profile(self, info: Info, input: UpdateMyProfileInput) -> UpdateMyProfilePayload:
        actor = require_signed_in(info.context)

        async def run() -> UpdateMyProfilePayload:
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
            person = await people.update_my_profile(actor, changes)
            return UpdateMyProfilePayload(person=PersonNode.from_model(person, actor), user_errors=[])

        return await payload_or_user_errors(
            run, lambda errors: UpdateMyProfilePayload(person=None, user_errors=errors)
        )


__all__ = ["County", "PeopleMutation", "PeopleQuery", "PersonNode"]
