"""Training events in their real order, over HTTP: one live enrolment per person and course (with an
idempotency key), cancelling only before a course starts, attendance once a session has started,
completion once the last session has started, and no enrolment in a course that has ended.

`course_input()` plans two sessions, a day apart, 10 days ahead; `before_a_course_held(d)` posts them
so that the first started `d` days before the present."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain import clock
from domain.training.models import HourEntry
from domain.training.vocabulary import EnrollmentStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.training.fixtures import (
    LEAD,
    Training,
    before_a_course_held,
    enroll,
    post_and_publish,
    training,
)

__all__ = ["training"]

ENROLL = """
mutation E($input: EnrollInCourseInput!) {
  enrollInCourse(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""
CANCEL = """
mutation C($input: CancelCourseInput!) {
  cancelCourse(input: $input) { course { status enrolledCount remainingSeats } userErrors { code field message } }
}
"""
ATTEND = """
mutation A($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) { enrollment { attendance { present } } userErrors { code field message } }
}
"""
COMPLETE = """
mutation C($input: RecordCompletionInput!) {
  recordCompletion(input: $input) { enrollment { status } entry { hours } userErrors { code field message } }
}
"""
IMPORT = """
mutation I($input: ImportCompletionsInput!) {
  importCompletions(input: $input) { report { credited } userErrors { code field message } }
}
"""
MINE = "{ viewer { person { enrollments(first: 5) { nodes { id status } } } } }"
SESSIONS = "query N($id: ID!) { node(id: $id) { ... on Course { sessions { id } } } }"


async def keyed_enroll(api: Api, token: str, course_id: str, key: str) -> dict[str, Any]:
    data = await api.data(ENROLL, {"input": {"courseId": course_id, "idempotencyKey": key}}, token=token)
    result: dict[str, Any] = data["enrollInCourse"]
    return result


def codes(result: dict[str, Any]) -> list[str]:
    return [e["code"] for e in result["userErrors"]]


async def sessions_of(api: Api, course_id: str, token: str) -> list[str]:
    data = await api.data(SESSIONS, {"id": course_id}, token=token)
    return [s["id"] for s in data["node"]["sessions"]]


def between_the_sessions(days_ago: int) -> clock.Travel:
    """Half a day after the first session of a course `before_a_course_held(days_ago)` posted began:
    the first session has started, the second (a day later) not yet."""
    return clock.travel_to(clock.now() - timedelta(days=days_ago) + timedelta(hours=12))


async def test_a_retried_enrolment_with_its_key_returns_the_first_and_takes_one_seat(
    api: Api, training: Training
) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=2)
    first = await keyed_enroll(api, training.li, course_id, "e-1")
    assert first["userErrors"] == []
    retried = await keyed_enroll(api, training.li, course_id, "e-1")
    assert retried == first
    # Without the key, or with another, a duplicate returns the one live enrolment (API.md §Training).
    assert await enroll(api, training.li, course_id) == first
    assert await keyed_enroll(api, training.li, course_id, "e-2") == first
    # A key is one request: another course, or another person, with it is refused.
    other_course = await post_and_publish(api, training.provider)
    assert codes(await keyed_enroll(api, training.li, other_course, "e-1")) == ["IDEMPOTENCY_KEY_REUSED"]
    assert codes(await keyed_enroll(api, training.wang, course_id, "e-1")) == ["IDEMPOTENCY_KEY_REUSED"]
    empty = await keyed_enroll(api, training.wang, course_id, "  ")
    assert [(e["code"], e["field"]) for e in empty["userErrors"]] == [
        ("INVALID_INPUT", ["input", "idempotencyKey"])
    ]
    seats = await api.data(
        "query N($id: ID!) { node(id: $id) { ... on Course { enrolledCount } } }", {"id": course_id}
    )
    assert seats["node"] == {"enrolledCount": 1}


async def test_staff_without_a_registry_record_cannot_enrol(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course_id = await post_and_publish(api, training.provider)
    result = await keyed_enroll(api, tokens.prefecture, course_id, "e-1")
    assert codes(result) == ["NO_PERSON"]
    anonymous = await api.post(ENROLL, {"input": {"courseId": course_id, "idempotencyKey": "e-1"}})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_cancelling_before_the_start_cancels_every_enrolment(api: Api, training: Training) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=1)
    await enroll(api, training.li, course_id)
    await enroll(api, training.wang, course_id)  # wait-listed
    refused = await api.data(
        CANCEL, {"input": {"courseId": course_id, "reason": "讲师临时有事"}}, token=training.other_provider
    )
    assert codes(refused["cancelCourse"]) == ["COURSE_NOT_FOUND"]
    data = await api.data(
        CANCEL, {"input": {"courseId": course_id, "reason": "讲师临时有事"}}, token=training.provider
    )
    # A cancelled course has no seats left to offer.
    assert data["cancelCourse"]["course"] == {"status": "CANCELLED", "enrolledCount": 0, "remainingSeats": 0}
    for token in (training.li, training.wang):
        mine = await api.data(MINE, token=token)
        assert [n["status"] for n in mine["viewer"]["person"]["enrollments"]["nodes"]] == ["CANCELLED"]


async def test_a_course_cannot_be_cancelled_once_a_session_has_started(api: Api, training: Training) -> None:
    with before_a_course_held(days_ago=2):
        course_id = await post_and_publish(api, training.provider)
        enrolled = (await enroll(api, training.li, course_id))["enrollment"]["id"]
    completed = await api.data(
        COMPLETE, {"input": {"enrollmentId": enrolled, "idempotencyKey": "c-1"}}, token=training.provider
    )
    assert completed["recordCompletion"]["userErrors"] == []
    with between_the_sessions(days_ago=2):
        during = await api.data(
            CANCEL, {"input": {"courseId": course_id, "reason": "讲师临时有事"}}, token=training.provider
        )
    assert codes(during["cancelCourse"]) == ["COURSE_NOT_EDITABLE"]
    after = await api.data(
        CANCEL, {"input": {"courseId": course_id, "reason": "讲师临时有事"}}, token=training.provider
    )
    assert after["cancelCourse"]["userErrors"] == [
        {"code": "COURSE_NOT_EDITABLE", "field": ["input", "courseId"], "message": "课程已开课，不能取消"}
    ]
    mine = await api.data(MINE, token=training.li)
    assert [n["status"] for n in mine["viewer"]["person"]["enrollments"]["nodes"]] == ["COMPLETED"]
    assert await HourEntry.all().count() == 1


async def test_attendance_is_taken_once_a_session_has_started(api: Api, training: Training) -> None:
    with before_a_course_held(days_ago=3):
        course_id = await post_and_publish(api, training.provider)
        enrolled = (await enroll(api, training.li, course_id))["enrollment"]["id"]
        [first, second] = await sessions_of(api, course_id, training.provider)
        early = await api.data(
            ATTEND,
            {"input": {"enrollmentId": enrolled, "sessionId": first, "present": True}},
            token=training.provider,
        )
    assert codes(early["recordAttendance"]) == ["SESSION_NOT_STARTED"]
    assert early["recordAttendance"]["userErrors"][0]["field"] == ["input", "sessionId"]
    with between_the_sessions(days_ago=3):
        taken = await api.data(
            ATTEND,
            {"input": {"enrollmentId": enrolled, "sessionId": first, "present": True}},
            token=training.provider,
        )
        # Every session of the course has a line; the second is not recorded yet.
        assert taken["recordAttendance"]["enrollment"]["attendance"] == [{"present": True}, {"present": None}]
        not_yet = await api.data(
            ATTEND,
            {"input": {"enrollmentId": enrolled, "sessionId": second, "present": True}},
            token=training.provider,
        )
        assert codes(not_yet["recordAttendance"]) == ["SESSION_NOT_STARTED"]
    other = await api.data(
        ATTEND,
        {"input": {"enrollmentId": enrolled, "sessionId": second, "present": True}},
        token=training.other_provider,
    )
    assert codes(other["recordAttendance"]) == ["ENROLLMENT_NOT_FOUND"]


async def test_a_completion_waits_for_the_last_session_to_start(api: Api, training: Training) -> None:
    with before_a_course_held(days_ago=3):
        course_id = await post_and_publish(api, training.provider)
        enrolled = (await enroll(api, training.li, course_id))["enrollment"]["id"]
    variables = {"input": {"enrollmentId": enrolled, "idempotencyKey": "c-1"}}
    with between_the_sessions(days_ago=3):
        early = await api.data(COMPLETE, variables, token=training.provider)
        assert codes(early["recordCompletion"]) == ["COURSE_NOT_HELD"]
        assert "开始之后才能记录结业" in early["recordCompletion"]["userErrors"][0]["message"]
        roster = await api.upload(
            IMPORT,
            {"courseId": course_id, "dryRun": False},
            (
                "r.csv",
                f"身份证号,姓名,学时,完成日期\r\n{training.li_id_card},李娜,16,{clock.today()}\r\n".encode(),
            ),
            token=training.provider,
        )
        assert codes(roster["data"]["importCompletions"]) == ["COURSE_NOT_HELD"]
    assert await HourEntry.all().count() == 0
    # The retry with the same key, once the last session has started, is credited.
    done = await api.data(COMPLETE, variables, token=training.provider)
    assert done["recordCompletion"]["userErrors"] == []
    assert done["recordCompletion"]["enrollment"] == {"status": EnrollmentStatus.COMPLETED.value}
    other = await api.data(
        COMPLETE,
        {"input": {"enrollmentId": enrolled, "idempotencyKey": "c-2"}},
        token=training.other_provider,
    )
    assert codes(other["recordCompletion"]) == ["ENROLLMENT_NOT_FOUND"]


async def test_nobody_enrols_in_a_course_that_has_ended_or_started(api: Api, training: Training) -> None:
    with before_a_course_held(days_ago=3):
        course_id = await post_and_publish(api, training.provider)
    ended = await enroll(api, training.li, course_id)
    assert ended["userErrors"] == [
        {"code": "COURSE_NOT_OPEN", "field": ["input", "courseId"], "message": "课程已结束，不能报名"}
    ]
    with between_the_sessions(days_ago=3):
        running = await enroll(api, training.li, course_id)
    assert [e["message"] for e in running["userErrors"]] == ["课程已开始，报名已截止"]
    with clock.travel_to(clock.now() - timedelta(days=3) - LEAD):
        before = await enroll(api, training.li, course_id)
    assert before["userErrors"] == []


ADJUST = """
mutation A($input: AdjustTrainingHoursInput!) {
  adjustTrainingHours(input: $input) { entry { hours } userErrors { code field message } }
}
"""


async def test_a_deduction_beyond_the_categorys_hours_is_refused_with_the_figures(
    api: Api, training: Training, tokens: Tokens
) -> None:
    def adjust(hours: str, key: str) -> dict[str, Any]:
        return {
            "input": {
                "personId": training.li_person,
                "hours": hours,
                "hourCategory": "CONFERENCE",
                "reason": "会议学时登记有误",
                "idempotencyKey": key,
            }
        }

    added = await api.data(ADJUST, adjust("12", "a-1"), token=tokens.chuxiong)
    assert added["adjustTrainingHours"]["userErrors"] == []
    too_much = await api.data(ADJUST, adjust("-20", "a-2"), token=tokens.chuxiong)
    assert too_much["adjustTrainingHours"]["userErrors"] == [
        {
            "code": "HOURS_ABOVE_BALANCE",
            "field": ["input", "hours"],
            "message": "该类别已计 12.0 学时，不能减去 20.0 学时",
        }
    ]
    assert await HourEntry.all().count() == 1
    out_of_scope = await api.data(ADJUST, adjust("-12", "a-3"), token=tokens.lufeng)
    assert codes(out_of_scope["adjustTrainingHours"]) == ["OUT_OF_SCOPE"]
    assert error_codes(await api.post(ADJUST, adjust("-12", "a-3"), token=training.provider)) == ["FORBIDDEN"]
    exact = await api.data(ADJUST, adjust("-12", "a-3"), token=tokens.chuxiong)
    assert exact["adjustTrainingHours"]["entry"] == {"hours": "-12.0"}
    nothing_left = await api.data(ADJUST, adjust("-0.1", "a-4"), token=tokens.chuxiong)
    assert [e["message"] for e in nothing_left["adjustTrainingHours"]["userErrors"]] == [
        "该类别已计 0.0 学时，不能减去 0.1 学时"
    ]


COMPLETE_WITH_ID = """
mutation C($input: RecordCompletionInput!) {
  recordCompletion(input: $input) { entry { id hours } userErrors { code field message } }
}
"""
REVERSE = """
mutation R($input: ReverseLedgerEntryInput!) {
  reverseLedgerEntry(input: $input) { entry { id hours } userErrors { code field message } }
}
"""


async def test_a_reversed_completion_is_recorded_again_with_the_corrected_hours(
    api: Api, training: Training, tokens: Tokens
) -> None:
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider)
        enrolled = (await enroll(api, training.li, course_id))["enrollment"]["id"]

    def completion(key: str, hours: str) -> dict[str, Any]:
        return {"input": {"enrollmentId": enrolled, "idempotencyKey": key, "hours": hours}}

    first = await api.data(COMPLETE_WITH_ID, completion("c-1", "16"), token=training.provider)
    assert first["recordCompletion"]["entry"]["hours"] == "16.0"
    # Not reversed: a second completion is refused.
    twice = await api.data(COMPLETE, completion("c-2", "12"), token=training.provider)
    assert codes(twice["recordCompletion"]) == ["ALREADY_CREDITED"]
    entry_id = first["recordCompletion"]["entry"]["id"]
    reverse = {"input": {"entryId": entry_id, "reason": "实际只参加了 12 学时", "idempotencyKey": "r-1"}}
    wrong_county = await api.data(REVERSE, reverse, token=tokens.lufeng)
    assert codes(wrong_county["reverseLedgerEntry"]) == ["ENTRY_NOT_FOUND"]
    reversed_ = await api.data(REVERSE, reverse, token=tokens.chuxiong)
    assert reversed_["reverseLedgerEntry"]["entry"]["hours"] == "-16.0"
    mine = await api.data(MINE, token=training.li)
    assert [n["status"] for n in mine["viewer"]["person"]["enrollments"]["nodes"]] == ["ENROLLED"]
    # The first key still answers with its first entry; a new key records the corrected hours.
    replay = await api.data(COMPLETE, completion("c-1", "16"), token=training.provider)
    assert replay["recordCompletion"]["entry"] == {"hours": "16.0"}
    corrected = await api.data(COMPLETE, completion("c-3", "12"), token=training.provider)
    assert corrected["recordCompletion"]["userErrors"] == []
    assert corrected["recordCompletion"]["entry"] == {"hours": "12.0"}
    assert corrected["recordCompletion"]["enrollment"] == {"status": "COMPLETED"}
    again = await api.data(COMPLETE, completion("c-4", "12"), token=training.provider)
    assert codes(again["recordCompletion"]) == ["ALREADY_CREDITED"]
    # The ledger is appended to, never changed: 16, -16, 12.
    assert [e.tenths for e in await HourEntry.all().order_by("id")] == [160, -160, 120]
