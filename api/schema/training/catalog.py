"""Providers, the course catalog, enrolment and attendance."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from decimal import Decimal

import strawberry

from api.auth import require_prefecture_admin, require_role, require_signed_in
from api.context import Info
from api.errors import BadUserInput
from api.schema.enums import CourseOrder, DeliveryMode, HourCategory, ServiceField
from api.schema.errors import UserError, payload_or_user_errors
from api.schema.relay import (
    Connection,
    Edge,
    PageInfo,
    check_first,
    connection,
    input_pk,
    page_window,
    query_pk,
)
from api.schema.training.types import CourseNode, EnrollmentNode, ProviderNode
from domain.access import Role
from domain.training import catalog, enrolment


def _course_cursor(at: datetime, pk: int) -> str:
    return base64.b64encode(f"course:{at.isoformat()}|{pk}".encode()).decode()


def _parse_course_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if cursor is None:
        return None
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        at, pk = text.removeprefix("course:").split("|")
        return datetime.fromisoformat(at), int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadUserInput("分页游标 after 无效") from None


@strawberry.input
class CourseFilter:
    service_field: ServiceField | None = None
    county_code: str | None = None
    provider_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="在课程名称和简介中查找")
    starts_from: datetime | None = None
    starts_to: datetime | None = None


@strawberry.input
class SessionInput:
    starts_at: datetime
    ends_at: datetime
    location: str


@strawberry.input
class PostCourseInput:
    title: str
    description: str
    service_field: ServiceField
    hour_category: HourCategory
    credit_hours: Decimal
    delivery_mode: DeliveryMode
    county_code: str
    capacity: int
    sessions: list[SessionInput]


@strawberry.input(description="修改课程（开课前）：各字段与发布时相同，课次整体替换")
class UpdateCourseInput(PostCourseInput):
    course_id: strawberry.ID


@strawberry.type
class CoursePayload:
    course: CourseNode | None
    user_errors: list[UserError]


@strawberry.type
class PostCoursePayload(CoursePayload):
    pass


@strawberry.type
class UpdateCoursePayload(CoursePayload):
    pass


@strawberry.input
class PublishCourseInput:
    course_id: strawberry.ID


@strawberry.type
class PublishCoursePayload(CoursePayload):
    pass


@strawberry.input
class CancelCourseInput:
    course_id: strawberry.ID
    reason: str


@strawberry.type
class CancelCoursePayload(CoursePayload):
    pass


@strawberry.input
class FileProviderInput:
    name: str
    county_code: str
    contact_name: str
    contact_phone: str


@strawberry.type
class FileProviderPayload:
    provider: ProviderNode | None
    user_errors: list[UserError]


@strawberry.input
class EnrollInCourseInput:
    course_id: strawberry.ID


@strawberry.type
class EnrollInCoursePayload:
    enrollment: EnrollmentNode | None
    user_errors: list[UserError]


@strawberry.input
class WithdrawEnrollmentInput:
    enrollment_id: strawberry.ID


@strawberry.type
class WithdrawEnrollmentPayload:
    enrollment: EnrollmentNode | None
    user_errors: list[UserError]


@strawberry.input
class RecordAttendanceInput:
    enrollment_id: strawberry.ID
    session_id: strawberry.ID
    present: bool


@strawberry.type
class RecordAttendancePayload:
    enrollment: EnrollmentNode | None
    user_errors: list[UserError]


def _plan(input: PostCourseInput) -> catalog.CoursePlan:
    return catalog.CoursePlan(
        title=input.title,
        description=input.description,
        service_field=input.service_field,
        hour_category=input.hour_category,
        credit_hours=input.credit_hours,
        delivery_mode=input.delivery_mode,
        county_code=input.county_code,
        capacity=input.capacity,
        sessions=tuple(catalog.SessionPlan(s.starts_at, s.ends_at, s.location) for s in input.sessions),
    )


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="课程目录（公开）：已发布和已取消的课程；培训机构还能看到自己的草稿")
    async def courses(
        self,
        info: Info,
        first: int,
        after: str | None = None,
        filter: CourseFilter | None = None,
        order_by: CourseOrder = CourseOrder.NEWEST,
    ) -> Connection[CourseNode]:
        check_first(first, info.context.settings.limits.max_page_size)
        after_key = _parse_course_cursor(after)
        f = filter or CourseFilter()
        own = next((g.provider_id for g in info.context.actor.grants if g.role is Role.PROVIDER), None)
        page, keys = await catalog.list_catalog(
            first=first,
            after=after_key,
            filter=catalog.CatalogFilter(
                service_field=f.service_field,
                county_code=f.county_code,
                provider_id=query_pk(f.provider_id, "Provider") if f.provider_id is not None else None,
                search=f.search,
                starts_from=f.starts_from,
                starts_to=f.starts_to,
                include_drafts_of_provider=own,
            ),
            order=order_by,
        )
        edges = [
            Edge(cursor=_course_cursor(*key), node=CourseNode.from_model(row))
            for row, key in zip(page.items, keys, strict=True)
        ]
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total_count,
        )

    @strawberry.field(description="已备案的培训机构（公开）")
    async def providers(self, info: Info, first: int, after: str | None = None) -> Connection[ProviderNode]:
        after_pk = page_window(first, after, info.context.settings.limits.max_page_size)
        page = await catalog.list_providers(first=first, after=after_pk)
        return connection(page, ProviderNode.from_model, after=after_pk)


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(description="州级管理员备案培训机构")
    async def file_provider(self, info: Info, input: FileProviderInput) -> FileProviderPayload:
        actor = require_prefecture_admin(info.context)

        async def run() -> FileProviderPayload:
            row = await catalog.file_provider(
                actor,
                catalog.ProviderFiling(
                    input.name, input.county_code, input.contact_name, input.contact_phone
                ),
            )
            return FileProviderPayload(provider=ProviderNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(run, lambda e: FileProviderPayload(provider=None, user_errors=e))

    @strawberry.mutation(description="培训机构发布课程（先为草稿，publishCourse 后上架）")
    async def post_course(self, info: Info, input: PostCourseInput) -> PostCoursePayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> PostCoursePayload:
            row = await catalog.post_course(actor, _plan(input))
            return PostCoursePayload(course=CourseNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(run, lambda e: PostCoursePayload(course=None, user_errors=e))

    @strawberry.mutation(description="开课前修改课程")
    async def update_course(self, info: Info, input: UpdateCourseInput) -> UpdateCoursePayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> UpdateCoursePayload:
            pk = input_pk(input.course_id, "Course", "courseId")
            row = await catalog.update_course(actor, pk, _plan(input))
            return UpdateCoursePayload(course=CourseNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(run, lambda e: UpdateCoursePayload(course=None, user_errors=e))

    @strawberry.mutation(description="发布（上架）草稿课程")
    async def publish_course(self, info: Info, input: PublishCourseInput) -> PublishCoursePayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> PublishCoursePayload:
            row = await catalog.publish_course(actor, input_pk(input.course_id, "Course", "courseId"))
            return PublishCoursePayload(course=CourseNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(run, lambda e: PublishCoursePayload(course=None, user_errors=e))

    @strawberry.mutation(description="取消课程（须填写理由）")
    async def cancel_course(self, info: Info, input: CancelCourseInput) -> CancelCoursePayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> CancelCoursePayload:
            pk = input_pk(input.course_id, "Course", "courseId")
            row = await catalog.cancel_course(actor, pk, input.reason)
            return CancelCoursePayload(course=CourseNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(run, lambda e: CancelCoursePayload(course=None, user_errors=e))

    @strawberry.mutation(description="学员报名；满员时进入候补名单")
    async def enroll_in_course(self, info: Info, input: EnrollInCourseInput) -> EnrollInCoursePayload:
        actor = require_signed_in(info.context)

        async def run() -> EnrollInCoursePayload:
            row = await enrolment.enroll(actor, input_pk(input.course_id, "Course", "courseId"))
            return EnrollInCoursePayload(enrollment=EnrollmentNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: EnrollInCoursePayload(enrollment=None, user_errors=e)
        )

    @strawberry.mutation(description="开课前退出报名；空出的名额给候补第一位")
    async def withdraw_enrollment(
        self, info: Info, input: WithdrawEnrollmentInput
    ) -> WithdrawEnrollmentPayload:
        actor = require_signed_in(info.context)

        async def run() -> WithdrawEnrollmentPayload:
            pk = input_pk(input.enrollment_id, "Enrollment", "enrollmentId")
            row = await enrolment.withdraw(actor, pk)
            return WithdrawEnrollmentPayload(enrollment=EnrollmentNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: WithdrawEnrollmentPayload(enrollment=None, user_errors=e)
        )

    @strawberry.mutation(description="培训机构按课次记录考勤")
    async def record_attendance(self, info: Info, input: RecordAttendanceInput) -> RecordAttendancePayload:
        actor = require_role(info.context, Role.PROVIDER)

        async def run() -> RecordAttendancePayload:
            row = await enrolment.record_attendance(
                actor,
                input_pk(input.enrollment_id, "Enrollment", "enrollmentId"),
                input_pk(input.session_id, "CourseSession", "sessionId"),
                present=input.present,
            )
            return RecordAttendancePayload(enrollment=EnrollmentNode.from_model(row), user_errors=[])

        return await payload_or_user_errors(
            run, lambda e: RecordAttendancePayload(enrollment=None, user_errors=e)
        )
