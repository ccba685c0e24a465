"""Filing providers, and a provider's courses: posting, editing, publishing, cancelling
(domain/training/catalog.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from api.context import Info
from api.schema.mutation import PREFECTURE_ADMIN, PROVIDERS, Payload, mutation
from api.schema.relay import input_pk
from api.schema.training.types import CourseNode, ProviderNode
from domain.training import catalog, course_plan, providers
from domain.training.vocabulary import DeliveryMode, HourCategory, ServiceField


@strawberry.input
class FileProviderInput:
    name: str
    county_code: str
    contact_name: str
    contact_phone: str


@strawberry.type
class FileProviderPayload(Payload):
    provider: ProviderNode | None = None


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

    def to_plan(self) -> course_plan.CoursePlan:
        return course_plan.CoursePlan(
            title=self.title,
            description=self.description,
            service_field=self.service_field,
            hour_category=self.hour_category,
            credit_hours=self.credit_hours,
            delivery_mode=self.delivery_mode,
            county_code=self.county_code,
            capacity=self.capacity,
            sessions=tuple(
                course_plan.SessionPlan(s.starts_at, s.ends_at, s.location) for s in self.sessions
            ),
        )


@strawberry.type
class PostCoursePayload(Payload):
    course: CourseNode | None = None


@strawberry.input(description="修改课程（开课前）：各字段与发布时相同，课次整体替换")
class UpdateCourseInput(PostCourseInput):
    course_id: strawberry.ID


@strawberry.type
class UpdateCoursePayload(Payload):
    course: CourseNode | None = None


@strawberry.input
class PublishCourseInput:
    course_id: strawberry.ID


@strawberry.type
class PublishCoursePayload(Payload):
    course: CourseNode | None = None


@strawberry.input
class CancelCourseInput:
    course_id: strawberry.ID
    reason: str


@strawberry.type
class CancelCoursePayload(Payload):
    course: CourseNode | None = None


def _course_pk(course_id: strawberry.ID) -> int:
    return input_pk(course_id, "Course", "courseId")


@strawberry.type
class CatalogMutation:
    @mutation("州级管理员备案培训机构", roles=PREFECTURE_ADMIN)
    async def file_provider(self, info: Info, input: FileProviderInput) -> FileProviderPayload:
        row = await providers.file_provider(
            info.context.actor,
            providers.ProviderFiling(input.name, input.county_code, input.contact_name, input.contact_phone),
        )
        return FileProviderPayload(provider=ProviderNode.from_model(row))

    @mutation("培训机构发布课程（先为草稿，publishCourse 后上架）", roles=PROVIDERS)
    async def post_course(self, info: Info, input: PostCourseInput) -> PostCoursePayload:
        row = await catalog.post_course(info.context.actor, input.to_plan())
        return PostCoursePayload(course=CourseNode.from_model(row))

    @mutation("开课前修改课程；提高人数上限时新增名额按候补先后给候补学员", roles=PROVIDERS)
    async def update_course(self, info: Info, input: UpdateCourseInput) -> UpdateCoursePayload:
        row = await catalog.update_course(info.context.actor, _course_pk(input.course_id), input.to_plan())
        return UpdateCoursePayload(course=CourseNode.from_model(row))

    @mutation("发布（上架）草稿课程", roles=PROVIDERS)
    async def publish_course(self, info: Info, input: PublishCourseInput) -> PublishCoursePayload:
        row = await catalog.publish_course(info.context.actor, _course_pk(input.course_id))
        return PublishCoursePayload(course=CourseNode.from_model(row))

    @mutation("开课前取消课程（须填写理由）；已报名和候补的报名随之取消", roles=PROVIDERS)
    async def cancel_course(self, info: Info, input: CancelCourseInput) -> CancelCoursePayload:
        row = await catalog.cancel_course(info.context.actor, _course_pk(input.course_id), input.reason)
        return CancelCoursePayload(course=CourseNode.from_model(row))
