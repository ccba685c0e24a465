"""GraphQL types of training, each mapped from its row by an explicit `from_model`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from api.auth import require_role
from api.context import Info
from api.errors import Forbidden, NotFound
from api.schema.enums import (
    CourseStatus,
    DeliveryMode,
    EnrollmentStatus,
    EntrySource,
    HourCategory,
    RequirementAudience,
    ServiceField,
)
from api.schema.people.loaders import PeopleLoaders
from api.schema.people.types import PersonNode, person_node
from api.schema.training.loaders import TrainingLoaders
from api.schema.relay import Connection, Node, connection, page_window, register_node, to_global_id
from domain.access import Role
from domain.training import catalog, enrolment
from domain.training.errors import CourseNotFound
from domain.training.hours import from_tenths
from domain.training.ledger import Progress
from domain.training.models import (
    Attendance,
    Course,
    CourseSession,
    Enrollment,
    HourEntry,
    Provider,
    TrainingRequirement,
)


@strawberry.type(name="Provider", description="已备案的培训机构")
class ProviderNode(Node):
    name: str
    county_code: str
    contact_name: str
    contact_phone: str
    filed_at: datetime

    @classmethod
    def from_model(cls, row: Provider) -> ProviderNode:
        return cls(
            id=to_global_id("Provider", row.id),
            name=row.name,
            county_code=row.county_id,  # type: ignore[attr-defined]
            contact_name=row.contact_name,
            contact_phone=row.contact_phone,
            filed_at=row.filed_at,
        )


async def _resolve_provider(info: Info, pk: int) -> ProviderNode | None:
    row = await info.context.loaders(TrainingLoaders).provider.load(pk)
    return ProviderNode.from_model(row) if row else None


register_node("Provider", _resolve_provider)


@strawberry.type(description="课次")
class CourseSessionType:
    id: strawberry.ID
    starts_at: datetime
    ends_at: datetime
    location: str

    @classmethod
    def from_model(cls, row: CourseSession) -> CourseSessionType:
        return cls(
            id=to_global_id("CourseSession", row.id),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            location=row.location,
        )


@strawberry.type(name="Course", description="培训课程")
class CourseNode(Node):
    title: str
    description: str
    service_field: ServiceField
    hour_category: HourCategory
    credit_hours: Decimal
    delivery_mode: DeliveryMode
    county_code: str
    capacity: int
    enrolled_count: int
    status: CourseStatus
    starts_at: datetime
    ends_at: datetime
    cancel_reason: str | None
    published_at: datetime | None
    pk: strawberry.Private[int]
    provider_pk: strawberry.Private[int]

    @strawberry.field
    def remaining_seats(self) -> int:
        return max(self.capacity - self.enrolled_count, 0)

    @strawberry.field
    async def provider(self, info: Info) -> ProviderNode:
        row = await info.context.loaders(TrainingLoaders).provider.load(self.provider_pk)
        if row is None:  # cannot happen: a provider with courses cannot be deleted (RESTRICT)
            raise NotFound("培训机构不存在")
        return ProviderNode.from_model(row)

    @strawberry.field
    async def sessions(self, info: Info) -> list[CourseSessionType]:
        rows = await info.context.loaders(TrainingLoaders).sessions.load(self.pk) or []
        return [CourseSessionType.from_model(r) for r in rows]

    @strawberry.field(description="报名名单（仅本课程的培训机构可见）")
    async def enrollments(
        self, info: Info, first: int, after: str | None = None
    ) -> Connection[EnrollmentNode]:
        actor = require_role(info.context, Role.PROVIDER)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        try:
            page = await enrolment.enrollments_of_course(actor, self.pk, first=first, after=after_pk)
        except CourseNotFound:
            raise Forbidden("只有本课程的培训机构可以查看报名名单") from None
        return connection(page, EnrollmentNode.from_model, after=after_pk)

    @classmethod
    def from_model(cls, row: Course) -> CourseNode:
        return cls(
            id=to_global_id("Course", row.id),
            title=row.title,
            description=row.description,
            service_field=row.service_field,
            hour_category=row.hour_category,
            credit_hours=from_tenths(row.credit_tenths),
            delivery_mode=row.delivery_mode,
            county_code=row.county_id,  # type: ignore[attr-defined]
            capacity=row.capacity,
            enrolled_count=row.enrolled_count,
            status=row.status,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            cancel_reason=row.cancel_reason,
            published_at=row.published_at,
            pk=row.id,
            provider_pk=row.provider_id,  # type: ignore[attr-defined]
        )


async def _resolve_course(info: Info, pk: int) -> CourseNode | None:
    row = await info.context.loaders(TrainingLoaders).course.load(pk)
    if row is None or not catalog.can_see_course(info.context.actor, row):
        return None
    return CourseNode.from_model(row)


register_node("Course", _resolve_course)


@strawberry.type(description="考勤")
class AttendanceType:
    session_id: strawberry.ID
    present: bool

    @classmethod
    def from_model(cls, row: Attendance) -> AttendanceType:
        return cls(session_id=to_global_id("CourseSession", row.session_id), present=row.present)  # type: ignore[attr-defined]


@strawberry.type(name="Enrollment", description="报名")
class EnrollmentNode(Node):
    status: EnrollmentStatus
    enrolled_at: datetime
    withdrawn_at: datetime | None
    pk: strawberry.Private[int]
    course_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def course(self, info: Info) -> CourseNode | None:
        row = await info.context.loaders(TrainingLoaders).course.load(self.course_pk)
        return CourseNode.from_model(row) if row else None

    @strawberry.field(description="学员（培训机构看到的身份证号为掩码）")
    async def person(self, info: Info) -> PersonNode | None:
        row = await info.context.loaders(PeopleLoaders).person.load(self.person_pk)
        # The course's provider sees who enrolled (masked); the registry's rules decide the rest.
        return PersonNode.from_model(row, info.context.actor) if row else None

    @strawberry.field
    async def attendance(self, info: Info) -> list[AttendanceType]:
        rows = await info.context.loaders(TrainingLoaders).attendance.load(self.pk) or []
        return [AttendanceType.from_model(r) for r in rows]

    @classmethod
    def from_model(cls, row: Enrollment) -> EnrollmentNode:
        return cls(
            id=to_global_id("Enrollment", row.id),
            status=row.status,
            enrolled_at=row.enrolled_at,
            withdrawn_at=row.withdrawn_at,
            pk=row.id,
            course_pk=row.course_id,  # type: ignore[attr-defined]
            person_pk=row.person_id,  # type: ignore[attr-defined]
        )


async def _resolve_enrollment(info: Info, pk: int) -> EnrollmentNode | None:
    row = await enrolment.get_enrollment(info.context.actor, pk)
    return EnrollmentNode.from_model(row) if row else None


register_node("Enrollment", _resolve_enrollment)


@strawberry.type(name="HourEntry", description="学时台账记录（只增不改）")
class HourEntryNode(Node):
    hours: Decimal
    category: HourCategory
    source: EntrySource
    occurred_on: date
    reason: str | None
    recorded_at: datetime
    reverses_id: strawberry.ID | None
    course_pk: strawberry.Private[int | None]
    person_pk: strawberry.Private[int]

    @strawberry.field
    async def course(self, info: Info) -> CourseNode | None:
        if self.course_pk is None:
            return None
        row = await info.context.loaders(TrainingLoaders).course.load(self.course_pk)
        return CourseNode.from_model(row) if row else None

    @strawberry.field
    async def person(self, info: Info) -> PersonNode | None:
        return await person_node(info, self.person_pk)

    @classmethod
    def from_model(cls, row: HourEntry) -> HourEntryNode:
        reverses: int | None = row.reverses_id  # type: ignore[attr-defined]
        return cls(
            id=to_global_id("HourEntry", row.id),
            hours=from_tenths(row.tenths),
            category=row.category,
            source=row.source,
            occurred_on=row.occurred_on,
            reason=row.reason,
            recorded_at=row.recorded_at,
            reverses_id=to_global_id("HourEntry", reverses) if reverses is not None else None,
            course_pk=row.course_id,  # type: ignore[attr-defined]
            person_pk=row.person_id,  # type: ignore[attr-defined]
        )


@strawberry.type(description="学时类别上限")
class CategoryCapType:
    category: HourCategory
    hours: Decimal


@strawberry.type(name="TrainingRequirement", description="学时要求")
class TrainingRequirementType:
    id: strawberry.ID
    code: str
    name: str
    audience: RequirementAudience
    starts_on: date | None = strawberry.field(description="固定周期的起始日；继续教育按登记有效期计算时为空")
    ends_on: date | None
    period_years: int | None
    required_hours: Decimal
    caps: list[CategoryCapType]

    @classmethod
    def from_model(cls, row: TrainingRequirement, caps: dict[HourCategory, int]) -> TrainingRequirementType:
        return cls(
            id=to_global_id("TrainingRequirement", row.id),
            code=row.code,
            name=row.name,
            audience=row.audience,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            period_years=row.period_years,
            required_hours=from_tenths(row.required_tenths),
            caps=[CategoryCapType(category=c, hours=from_tenths(t)) for c, t in sorted(caps.items())],
        )


@strawberry.type(description="某类别的学时：记录数与计入数（已按上限截取）")
class CategoryHours:
    category: HourCategory
    hours: Decimal
    counted_hours: Decimal


def category_hours(progress: Progress) -> list[CategoryHours]:
    return [
        CategoryHours(
            category=row.category,
            hours=from_tenths(row.tenths),
            counted_hours=from_tenths(row.counted_tenths),
        )
        for row in progress.by_category
    ]
