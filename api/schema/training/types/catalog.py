"""GraphQL types of the catalog and enrolment: providers, courses and their sessions, enrolments and
their attendance; each from its row by an explicit `from_model`, with the enums they speak in under
their API.md names (registered here, once)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from api.auth import require_role
from api.context import Info
from api.errors import Forbidden, NotFound
from api.schema.enums import described_enum
from api.schema.people.loaders import PeopleLoaders
from api.schema.people.types import PersonNode
from api.schema.relay import Connection, Node, connection, page_window, register_node, to_global_id
from api.schema.training.loaders import TrainingLoaders
from domain.access import Role
from domain.training import catalog, enrolment, enrolment_number, models
from domain.training.catalog import CourseOrder
from domain.training.errors import CourseNotFound
from domain.training.hours import from_tenths
from domain.training.vocabulary import (
    HOUR_CATEGORY_LABELS,
    CourseStatus,
    DeliveryMode,
    EnrollmentStatus,
    HourCategory,
    ServiceField,
)

described_enum(
    ServiceField,
    name="ServiceField",
    description="服务领域",
    values={
        ServiceField.SOCIAL_WELFARE: "社会福利",
        ServiceField.SOCIAL_ASSISTANCE: "社会救助",
        ServiceField.POVERTY_RELIEF: "扶贫济困",
        ServiceField.CHARITY: "慈善事业",
        ServiceField.COMMUNITY_BUILDING: "社区建设",
        ServiceField.MARRIAGE_FAMILY: "婚姻家庭",
        ServiceField.MENTAL_HEALTH: "精神卫生",
        ServiceField.DISABILITY_REHABILITATION: "残障康复",
        ServiceField.EDUCATION_GUIDANCE: "教育辅导",
        ServiceField.EMPLOYMENT_ASSISTANCE: "就业援助",
        ServiceField.WORKER_SUPPORT: "职工帮扶",
        ServiceField.CRIME_PREVENTION: "犯罪预防",
        ServiceField.DRUG_REHABILITATION: "禁毒戒毒",
        ServiceField.CORRECTIONAL_SUPPORT: "矫治帮扶",
        ServiceField.EMERGENCY_RESPONSE: "应急处置",
        ServiceField.MASS_CULTURE: "群众文化",
        ServiceField.ELDERLY_CARE: "养老服务",
        ServiceField.OTHER: "其他",
    },
)
described_enum(HourCategory, name="HourCategory", description="学时类别", values=HOUR_CATEGORY_LABELS)
described_enum(
    DeliveryMode,
    name="DeliveryMode",
    description="授课方式：面授、线上、混合",
    values={
        DeliveryMode.IN_PERSON: "面授",
        DeliveryMode.ONLINE: "线上",
        DeliveryMode.BLENDED: "线上与面授混合",
    },
)
described_enum(
    CourseStatus,
    name="CourseStatus",
    description="课程状态",
    values={
        CourseStatus.DRAFT: "草稿，未发布",
        CourseStatus.PUBLISHED: "已发布，可报名",
        CourseStatus.CANCELLED: "已取消",
    },
)
described_enum(
    EnrollmentStatus,
    name="EnrollmentStatus",
    description="报名状态",
    values={
        EnrollmentStatus.ENROLLED: "已报名（占一个名额）",
        EnrollmentStatus.WAITLISTED: "候补：名额已满，有人退出时按顺序递补",
        EnrollmentStatus.WITHDRAWN: "已退出",
        EnrollmentStatus.COMPLETED: "已结业，学时已记入台账",
        EnrollmentStatus.CANCELLED: "课程开课前被培训机构取消，报名随之撤销",
    },
)
described_enum(
    CourseOrder,
    name="CourseOrder",
    description="课程排序：NEWEST 最新发布在前；SOONEST 最早开课在前",
    values={CourseOrder.NEWEST: "最新发布在前", CourseOrder.SOONEST: "最早开课在前"},
)


@strawberry.type(name="Provider", description="已备案的培训机构")
class ProviderNode(Node):
    name: str
    county_code: str
    contact_name: str
    contact_phone: str
    filed_at: datetime

    @classmethod
    def from_model(cls, row: models.Provider) -> ProviderNode:
        return cls(
            id=to_global_id("Provider", row.id),
            name=row.name,
            county_code=row.county_id,
            contact_name=row.contact_name,
            contact_phone=row.contact_phone,
            filed_at=row.filed_at,
        )


async def provider_node(info: Info, pk: int) -> ProviderNode | None:
    """Filed providers are public (`providers`)."""
    row = await info.context.loaders(TrainingLoaders).provider.load(pk)
    return ProviderNode.from_model(row) if row else None


register_node("Provider", provider_node)


@strawberry.type(description="课次")
class CourseSession:
    id: strawberry.ID
    starts_at: datetime
    ends_at: datetime
    location: str

    @classmethod
    def from_model(cls, row: models.CourseSession) -> CourseSession:
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

    @strawberry.field(description="剩余名额：人数上限减去已报名人数；已取消的课程为 0")
    def remaining_seats(self) -> int:
        if self.status is CourseStatus.CANCELLED:
            return 0
        return max(self.capacity - self.enrolled_count, 0)

    @strawberry.field
    async def provider(self, info: Info) -> ProviderNode:
        row = await info.context.loaders(TrainingLoaders).provider.load(self.provider_pk)
        if row is None:  # cannot happen: a provider with courses cannot be deleted (RESTRICT)
            raise NotFound("培训机构不存在")
        return ProviderNode.from_model(row)

    @strawberry.field
    async def sessions(self, info: Info) -> list[CourseSession]:
        rows = await info.context.loaders(TrainingLoaders).sessions.load(self.pk) or []
        return [CourseSession.from_model(r) for r in rows]

    @strawberry.field(
        description="报名名单，按报名先后：本课程的培训机构和辖区管理员（课程所在县市的县级管理员、州级管理员）可见，"
        "其他人得到 FORBIDDEN 错误"
    )
    async def enrollments(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        status: Annotated[
            EnrollmentStatus | None, strawberry.argument(description="只列此状态的报名；不填则列出全部")
        ] = None,
    ) -> Connection[EnrollmentNode]:
        actor = require_role(info.context, Role.PROVIDER, Role.COUNTY_ADMIN, Role.PREFECTURE_ADMIN)
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        try:
            page = await enrolment.enrollments_of_course(
                actor, self.pk, first=first, after=after_pk, status=status
            )
        except CourseNotFound:
            raise Forbidden("只有本课程的培训机构和辖区管理员可以查看报名名单") from None
        return connection(page, EnrollmentNode.from_model, after=after_pk)

    @classmethod
    def from_model(cls, row: models.Course) -> CourseNode:
        return cls(
            id=to_global_id("Course", row.id),
            title=row.title,
            description=row.description,
            service_field=row.service_field,
            hour_category=row.hour_category,
            credit_hours=from_tenths(row.credit_tenths),
            delivery_mode=row.delivery_mode,
            county_code=row.county_id,
            capacity=row.capacity,
            enrolled_count=row.enrolled_count,
            status=row.status,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            cancel_reason=row.cancel_reason,
            published_at=row.published_at,
            pk=row.id,
            provider_pk=row.provider_id,
        )


async def course_node(info: Info, pk: int) -> CourseNode | None:
    """Published and cancelled courses are public; a draft only to its provider."""
    row = await info.context.loaders(TrainingLoaders).course.load(pk)
    if row is None or not catalog.can_see_course(info.context.actor, row):
        return None
    return CourseNode.from_model(row)


register_node("Course", course_node)


@strawberry.type(description="一个课次的考勤：课程的每个课次一条，未记录的 present 为 null")
class Attendance:
    session_id: strawberry.ID
    session: CourseSession
    present: bool | None = strawberry.field(description="是否出勤；尚未记录为 null")
    recorded: bool = strawberry.field(description="培训机构是否已记录该课次的考勤")

    @classmethod
    def of_session(cls, session: models.CourseSession, mark: models.Attendance | None) -> Attendance:
        return cls(
            session_id=to_global_id("CourseSession", session.id),
            session=CourseSession.from_model(session),
            present=mark.present if mark is not None else None,
            recorded=mark is not None,
        )


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

    @strawberry.field(description="报名号：培训机构据此填写结业名单，全系统唯一，不含身份证号")
    def enrollment_number(self) -> str:
        return enrolment_number.enrollment_number(self.pk)

    @strawberry.field(description="候补顺位：在本课程候补名单中排第几（从 1 起）；不在候补中为 null")
    async def waitlist_position(self, info: Info) -> int | None:
        if self.status is not EnrollmentStatus.WAITLISTED:
            return None
        waitlist = await info.context.loaders(TrainingLoaders).waitlist.load(self.course_pk) or []
        return waitlist.index(self.pk) + 1 if self.pk in waitlist else None

    @strawberry.field(description="考勤：课程的每个课次一条，按课次先后；未记录的课次 recorded 为 false")
    async def attendance(self, info: Info) -> list[Attendance]:
        loaders = info.context.loaders(TrainingLoaders)
        sessions = await loaders.sessions.load(self.course_pk) or []
        marks = {row.session_id: row for row in await loaders.attendance.load(self.pk) or []}
        return [Attendance.of_session(session, marks.get(session.id)) for session in sessions]

    @classmethod
    def from_model(cls, row: models.Enrollment) -> EnrollmentNode:
        return cls(
            id=to_global_id("Enrollment", row.id),
            status=row.status,
            enrolled_at=row.enrolled_at,
            withdrawn_at=row.withdrawn_at,
            pk=row.id,
            course_pk=row.course_id,
            person_pk=row.person_id,
        )


async def enrollment_node(info: Info, pk: int) -> EnrollmentNode | None:
    """Visible to the enrolled person, the course's provider and the admins in scope of its county."""
    loaders = info.context.loaders(TrainingLoaders)
    row = await loaders.enrollment.load(pk)
    if row is None:
        return None
    course = await loaders.course.load(row.course_id)
    if course is None or not enrolment.can_see_enrollment(info.context.actor, row, course):
        return None
    return EnrollmentNode.from_model(row)


register_node("Enrollment", enrollment_node)


__all__ = [
    "Attendance",
    "CourseNode",
    "CourseSession",
    "EnrollmentNode",
    "ProviderNode",
    "course_node",
    "enrollment_node",
    "provider_node",
]
