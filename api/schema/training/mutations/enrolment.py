"""Enrolling in a course, withdrawing, and a provider's attendance marks
(domain/training/enrolment.py)."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.schema.mutation import PROVIDERS, SIGNED_IN, Payload, mutation
from api.schema.relay import input_pk
from api.schema.training.types import EnrollmentNode
from domain.training import enrolment


@strawberry.input
class EnrollInCourseInput:
    course_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="客户端生成的随机串（1–100 个字符）：带同一键重试返回第一次的报名，不重复占名额；"
        "他人或其他课程使用已用过的键被拒绝（IDEMPOTENCY_KEY_REUSED）",
    )


@strawberry.type
class EnrollInCoursePayload(Payload):
    enrollment: EnrollmentNode | None = None


@strawberry.input
class WithdrawEnrollmentInput:
    enrollment_id: strawberry.ID


@strawberry.type
class WithdrawEnrollmentPayload(Payload):
    enrollment: EnrollmentNode | None = None


@strawberry.input
class RecordAttendanceInput:
    enrollment_id: strawberry.ID
    session_id: strawberry.ID
    present: bool


@strawberry.type
class RecordAttendancePayload(Payload):
    enrollment: EnrollmentNode | None = None


def _enrollment_pk(enrollment_id: strawberry.ID) -> int:
    return input_pk(enrollment_id, "Enrollment", "enrollmentId")


@strawberry.type
class EnrolmentMutation:
    @mutation(
        "学员报名；满员时进入候补名单。每人每门课程只有一条有效报名：重复报名（带不带幂等键）返回已有的报名",
        roles=SIGNED_IN,
    )
    async def enroll_in_course(self, info: Info, input: EnrollInCourseInput) -> EnrollInCoursePayload:
        row = await enrolment.enroll(
            info.context.actor,
            input_pk(input.course_id, "Course", "courseId"),
            idempotency_key=input.idempotency_key,
        )
        return EnrollInCoursePayload(enrollment=EnrollmentNode.from_model(row))

    @mutation("退出报名：正式报名须在开课前退出，候补可随时退出；空出的名额给候补第一位", roles=SIGNED_IN)
    async def withdraw_enrollment(
        self, info: Info, input: WithdrawEnrollmentInput
    ) -> WithdrawEnrollmentPayload:
        row = await enrolment.withdraw(info.context.actor, _enrollment_pk(input.enrollment_id))
        return WithdrawEnrollmentPayload(enrollment=EnrollmentNode.from_model(row))

    @mutation("培训机构按课次记录考勤（课次开始后）", roles=PROVIDERS)
    async def record_attendance(self, info: Info, input: RecordAttendanceInput) -> RecordAttendancePayload:
        row = await enrolment.record_attendance(
            info.context.actor,
            _enrollment_pk(input.enrollment_id),
            input_pk(input.session_id, "CourseSession", "sessionId"),
            present=input.present,
        )
        return RecordAttendancePayload(enrollment=EnrollmentNode.from_model(row))
