"""The wait-list over HTTP: seats added by a higher capacity go to those waiting, in order; a duplicate
enrolment answers with the live one; withdrawals say why they are refused, and a wait-listed trainee
may leave the list of a course that has started; a cancelled course has no seats left.

`course_input()` plans two sessions, a day apart, 10 days ahead; `before_a_course_held(d)` posts them
so that the first started `d` days before the present."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.schema.relay import decode_pk
from domain.audit.models import AuditEvent
from domain.people.id_card import make_id_card_number
from tests.api.conftest import Api, error_codes
from tests.api.training.fixtures import (
    Training,
    before_a_course_held,
    course_input,
    enroll,
    post_and_publish,
    training,
)
from tests.factories import PASSWORD, trainee

__all__ = ["training"]

UPDATE = """
mutation U($input: UpdateCourseInput!) {
  updateCourse(input: $input) {
    course { capacity enrolledCount remainingSeats }
    userErrors { code field message }
  }
}
"""
ENROLL = """
mutation E($input: EnrollInCourseInput!) {
  enrollInCourse(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""
WITHDRAW = """
mutation W($input: WithdrawEnrollmentInput!) {
  withdrawEnrollment(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""
CANCEL = """
mutation C($input: CancelCourseInput!) {
  cancelCourse(input: $input) { course { status } userErrors { code } }
}
"""
MINE = "{ viewer { person { enrollments(first: 5) { nodes { id status waitlistPosition } } } } }"
SEATS = "query N($id: ID!) { node(id: $id) { ... on Course { capacity enrolledCount remainingSeats } } }"
CATALOG = "{ courses(first: 10) { nodes { id status remainingSeats } } }"


async def more_trainees(api: Api, count: int) -> list[str]:
    tokens = []
    for n in range(count):
        card = make_id_card_number("532301", date(1992, 1, 1 + n), 601 + 2 * n)
        await trainee(f"xu.{n}", name="徐" + "一二三四五"[n], id_card_number=card)
        tokens.append(await api.login(f"xu.{n}", PASSWORD))
    return tokens


async def status_of(api: Api, token: str) -> list[dict[str, Any]]:
    data = await api.data(MINE, token=token)
    nodes: list[dict[str, Any]] = data["viewer"]["person"]["enrollments"]["nodes"]
    return nodes


def codes(result: dict[str, Any]) -> list[str]:
    return [e["code"] for e in result["userErrors"]]


async def withdraw(api: Api, token: str, enrollment_id: str) -> dict[str, Any]:
    data = await api.data(WITHDRAW, {"input": {"enrollmentId": enrollment_id}}, token=token)
    result: dict[str, Any] = data["withdrawEnrollment"]
    return result


async def test_raising_the_capacity_admits_those_waiting_in_order_before_any_newcomer(
    api: Api, training: Training
) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=2)
    xu0, xu1, newcomer = await more_trainees(api, 3)
    for token in (training.li, training.wang):
        assert (await enroll(api, token, course_id))["enrollment"]["status"] == "ENROLLED"
    waiting = [training.zhang, xu0, xu1]
    waiting_ids = []
    for token in waiting:
        result = await enroll(api, token, course_id)
        assert result["enrollment"]["status"] == "WAITLISTED"
        waiting_ids.append(result["enrollment"]["id"])

    # Another provider cannot raise it; this provider raises it to 4: the first two waiting are admitted.
    refused = await api.data(
        UPDATE, {"input": {**course_input(capacity=4), "courseId": course_id}}, token=training.other_provider
    )
    assert codes(refused["updateCourse"]) == ["COURSE_NOT_FOUND"]
    raised = await api.data(
        UPDATE, {"input": {**course_input(capacity=4), "courseId": course_id}}, token=training.provider
    )
    assert raised["updateCourse"] == {
        "course": {"capacity": 4, "enrolledCount": 4, "remainingSeats": 0},
        "userErrors": [],
    }
    assert await status_of(api, training.zhang) == [
        {"id": waiting_ids[0], "status": "ENROLLED", "waitlistPosition": None}
    ]
    assert await status_of(api, xu0) == [
        {"id": waiting_ids[1], "status": "ENROLLED", "waitlistPosition": None}
    ]
    assert await status_of(api, xu1) == [
        {"id": waiting_ids[2], "status": "WAITLISTED", "waitlistPosition": 1}
    ]
    # A newcomer joins the list behind 徐1 rather than taking a seat ahead of her.
    late = await enroll(api, newcomer, course_id)
    assert late["enrollment"]["status"] == "WAITLISTED"
    assert (await status_of(api, newcomer))[0]["waitlistPosition"] == 2

    # Raised to 10: everyone waiting is admitted, 徐1 before the newcomer, and 4 seats remain.
    raised = await api.data(
        UPDATE, {"input": {**course_input(capacity=10), "courseId": course_id}}, token=training.provider
    )
    assert raised["updateCourse"]["course"] == {"capacity": 10, "enrolledCount": 6, "remainingSeats": 4}
    assert [n["status"] for n in await status_of(api, xu1)] == ["ENROLLED"]
    assert [n["status"] for n in await status_of(api, newcomer)] == ["ENROLLED"]
    promotions = [
        e.summary["promoted"] for e in await AuditEvent.filter(action="course.updated").order_by("id")
    ]
    ids = [decode_pk(i, "Enrollment") for i in [*waiting_ids, late["enrollment"]["id"]]]
    assert promotions == [ids[:2], ids[2:]]


async def test_the_capacity_cannot_fall_below_the_seats_taken_and_the_list_waits_on(
    api: Api, training: Training
) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=2)
    for token in (training.li, training.wang, training.zhang):
        await enroll(api, token, course_id)
    lowered = await api.data(
        UPDATE, {"input": {**course_input(capacity=1), "courseId": course_id}}, token=training.provider
    )
    assert [(e["code"], e["field"], e["message"]) for e in lowered["updateCourse"]["userErrors"]] == [
        ("INVALID_INPUT", ["input", "capacity"], "已有 2 人报名，人数上限不能低于此数")
    ]
    assert (await api.data(SEATS, {"id": course_id}))["node"] == {
        "capacity": 2,
        "enrolledCount": 2,
        "remainingSeats": 0,
    }
    # Kept at the seats taken: nobody is admitted or dropped, 张梅 still waits first.
    kept = await api.data(
        UPDATE, {"input": {**course_input(capacity=2), "courseId": course_id}}, token=training.provider
    )
    assert kept["updateCourse"]["course"] == {"capacity": 2, "enrolledCount": 2, "remainingSeats": 0}
    assert [(n["status"], n["waitlistPosition"]) for n in await status_of(api, training.zhang)] == [
        ("WAITLISTED", 1)
    ]
    # A trainee cannot edit a course at all.
    trainee_try = await api.post(
        UPDATE, {"input": {**course_input(capacity=9), "courseId": course_id}}, token=training.li
    )
    assert error_codes(trainee_try) == ["FORBIDDEN"]


async def test_enrolling_again_returns_the_live_enrolment_whatever_the_key(
    api: Api, training: Training
) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=1)
    await enroll(api, training.li, course_id)
    first = await enroll(api, training.wang, course_id)
    assert first["enrollment"]["status"] == "WAITLISTED"
    for key in (None, "w-1", "w-2"):
        again = await api.data(
            ENROLL, {"input": {"courseId": course_id, "idempotencyKey": key}}, token=training.wang
        )
        assert again["enrollInCourse"] == first
    assert (await api.data(SEATS, {"id": course_id}))["node"]["enrolledCount"] == 1
    assert await AuditEvent.filter(action="enrollment.created").count() == 2
    # A key that wrote an enrolment is that request's: another person, or another course, is refused.
    keyed = await api.data(
        ENROLL, {"input": {"courseId": course_id, "idempotencyKey": "z-1"}}, token=training.zhang
    )
    assert keyed["enrollInCourse"]["enrollment"]["status"] == "WAITLISTED"
    reused = await api.data(
        ENROLL, {"input": {"courseId": course_id, "idempotencyKey": "z-1"}}, token=training.li
    )
    assert codes(reused["enrollInCourse"]) == ["IDEMPOTENCY_KEY_REUSED"]
    other_course = await post_and_publish(api, training.provider)
    elsewhere = await api.data(
        ENROLL, {"input": {"courseId": other_course, "idempotencyKey": "z-1"}}, token=training.zhang
    )
    assert codes(elsewhere["enrollInCourse"]) == ["IDEMPOTENCY_KEY_REUSED"]
    # A withdrawn enrolment is not live: enrolling again makes a new one.
    await withdraw(api, training.wang, first["enrollment"]["id"])
    anew = await enroll(api, training.wang, course_id)
    assert anew["enrollment"]["id"] != first["enrollment"]["id"]


async def test_a_withdrawal_says_why_it_is_refused(api: Api, training: Training) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=1)
    li = (await enroll(api, training.li, course_id))["enrollment"]["id"]
    wang = (await enroll(api, training.wang, course_id))["enrollment"]["id"]
    assert codes(await withdraw(api, training.zhang, li)) == ["ENROLLMENT_NOT_FOUND"]
    assert (await withdraw(api, training.li, li))["enrollment"]["status"] == "WITHDRAWN"
    again = await withdraw(api, training.li, li)
    assert [(e["code"], e["message"]) for e in again["userErrors"]] == [("ENROLLMENT_CLOSED", "该报名已退出")]
    # 王强 was promoted into the freed seat; the course is then cancelled.
    cancelled = await api.data(
        CANCEL, {"input": {"courseId": course_id, "reason": "讲师临时有事"}}, token=training.provider
    )
    assert cancelled["cancelCourse"]["userErrors"] == []
    refused = await withdraw(api, training.wang, wang)
    assert [(e["code"], e["message"]) for e in refused["userErrors"]] == [
        ("ENROLLMENT_CLOSED", "课程已取消，该报名已随课程取消，无需退出")
    ]


async def test_a_cancelled_course_has_no_seats_left(api: Api, training: Training) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=5)
    await enroll(api, training.li, course_id)
    open_ = await api.data(CATALOG)
    assert open_["courses"]["nodes"] == [{"id": course_id, "status": "PUBLISHED", "remainingSeats": 4}]
    await api.data(
        CANCEL, {"input": {"courseId": course_id, "reason": "场地不可用"}}, token=training.provider
    )
    listed = await api.data(CATALOG)
    assert listed["courses"]["nodes"] == [{"id": course_id, "status": "CANCELLED", "remainingSeats": 0}]
    assert (await api.data(SEATS, {"id": course_id}))["node"] == {
        "capacity": 5,
        "enrolledCount": 0,
        "remainingSeats": 0,
    }


async def test_a_wait_listed_trainee_may_leave_the_list_of_a_course_that_has_started(
    api: Api, training: Training
) -> None:
    with before_a_course_held(days_ago=2):
        course_id = await post_and_publish(api, training.provider, capacity=1)
        li = (await enroll(api, training.li, course_id))["enrollment"]["id"]
        wang = (await enroll(api, training.wang, course_id))["enrollment"]["id"]
    # The course has started: 李娜 holds her seat, 王强 was never admitted and may leave the list.
    held = await withdraw(api, training.li, li)
    assert [(e["code"], e["message"]) for e in held["userErrors"]] == [
        ("ENROLLMENT_CLOSED", "课程已开始，不能退出")
    ]
    assert codes(await withdraw(api, training.li, wang)) == ["ENROLLMENT_NOT_FOUND"]
    left = await withdraw(api, training.wang, wang)
    assert left == {"enrollment": {"id": wang, "status": "WITHDRAWN"}, "userErrors": []}
    assert [n["status"] for n in await status_of(api, training.wang)] == ["WITHDRAWN"]
    # Nobody was promoted and no seat changed hands.
    assert (await api.data(SEATS, {"id": course_id}))["node"]["enrolledCount"] == 1
    assert [n["status"] for n in await status_of(api, training.li)] == ["ENROLLED"]
