"""Providers, the course catalog, enrolment with a wait-list, and attendance, over HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api.schema.relay import to_global_id
from domain import clock
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.training.fixtures import (
    POST,
    PUBLISH,
    Training,
    before_a_course_held,
    course_input,
    enroll,
    post_and_publish,
    training,
)

__all__ = ["training"]

FILE_PROVIDER = """
mutation File($input: FileProviderInput!) {
  fileProvider(input: $input) { provider { id name countyCode } userErrors { code field message } }
}
"""
COURSES = """
query Courses($first: Int!, $after: String, $filter: CourseFilter, $orderBy: CourseOrder) {
  courses(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { title status serviceField provider { name } sessions { location } }
  }
}
"""
WITHDRAW = """
mutation W($input: WithdrawEnrollmentInput!) {
  withdrawEnrollment(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""


async def test_the_prefecture_files_providers(api: Api, tokens: Tokens) -> None:
    variables = {
        "input": {
            "name": "大姚县社工站",
            "countyCode": "532326",
            "contactName": "杨丽",
            "contactPhone": "0878-6220000",
        }
    }
    data = await api.data(FILE_PROVIDER, variables, token=tokens.prefecture)
    assert data["fileProvider"]["provider"]["name"] == "大姚县社工站"
    again = await api.data(FILE_PROVIDER, variables, token=tokens.prefecture)
    assert [e["code"] for e in again["fileProvider"]["userErrors"]] == ["PROVIDER_NAME_TAKEN"]
    bad = await api.data(
        FILE_PROVIDER,
        {"input": {**variables["input"], "name": "x", "countyCode": "999999"}},
        token=tokens.prefecture,
    )
    assert [e["code"] for e in bad["fileProvider"]["userErrors"]] == ["UNKNOWN_COUNTY"]
    assert error_codes(await api.post(FILE_PROVIDER, variables, token=tokens.chuxiong)) == ["FORBIDDEN"]
    listed = await api.data("{ providers(first: 10) { totalCount nodes { name } } }")
    assert listed["providers"]["totalCount"] == 1


async def test_a_provider_contact_is_a_personal_name_stored_as_every_name_is(
    api: Api, tokens: Tokens
) -> None:
    base = {"name": "永仁县社工站", "countyCode": "532327", "contactPhone": "0878-6700000"}
    refused = await api.data(
        FILE_PROVIDER,
        {"input": {**base, "contactName": "<script>alert(1)</script>"}},
        token=tokens.prefecture,
    )
    assert [(e["code"], e["field"]) for e in refused["fileProvider"]["userErrors"]] == [
        ("INVALID_NAME", ["input", "contactName"])
    ]
    filed = await api.data(
        FILE_PROVIDER, {"input": {**base, "contactName": " 阿依•木呷 "}}, token=tokens.prefecture
    )
    provider_id = filed["fileProvider"]["provider"]["id"]
    shown = await api.data(
        "query P($id: ID!) { node(id: $id) { ... on Provider { contactName } } }",
        {"id": provider_id},
        token=tokens.prefecture,
    )
    assert shown["node"]["contactName"] == "阿依·木呷"


async def test_a_provider_account_must_belong_to_a_filed_provider(api: Api, tokens: Tokens) -> None:
    data = await api.data(
        "mutation C($input: CreateUserInput!) { createUser(input: $input) { userErrors { code field } } }",
        {
            "input": {
                "username": "px.ghost",
                "password": "ghost-pass-1",
                "name": "某",
                "roles": [{"role": "PROVIDER", "providerId": to_global_id("Provider", 9999)}],
            }
        },
        token=tokens.prefecture,
    )
    assert data["createUser"]["userErrors"] == [
        {"code": "PROVIDER_NOT_FOUND", "field": ["input", "roles", "0", "providerId"]}
    ]


async def test_a_posted_course_is_a_draft_until_published(api: Api, training: Training) -> None:
    data = await api.data(POST, {"input": course_input()}, token=training.provider)
    course = data["postCourse"]["course"]
    assert course["status"] == "DRAFT"
    assert course["creditHours"] == "16.0"
    assert course["provider"] == {"name": "楚雄州社会工作人才培训中心"}
    assert len(course["sessions"]) == 2
    public = await api.data(COURSES, {"first": 10})
    assert public["courses"]["totalCount"] == 0
    own = await api.data(COURSES, {"first": 10}, token=training.provider)
    assert own["courses"]["totalCount"] == 1
    await api.data(PUBLISH, {"input": {"courseId": course["id"]}}, token=training.provider)
    public = await api.data(COURSES, {"first": 10})
    assert [c["status"] for c in public["courses"]["nodes"]] == ["PUBLISHED"]


async def test_bad_courses_are_refused_with_the_field_named(api: Api, training: Training) -> None:
    start = clock.now() + timedelta(days=5)
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"creditHours": "0"}, "INVALID_HOURS", "creditHours"),
        ({"creditHours": "-4"}, "INVALID_HOURS", "creditHours"),
        ({"creditHours": "2.25"}, "INVALID_HOURS", "creditHours"),
        ({"capacity": 0}, "INVALID_INPUT", "capacity"),
        ({"title": ""}, "INVALID_INPUT", "title"),
        ({"countyCode": "110000"}, "UNKNOWN_COUNTY", "countyCode"),
        ({"sessions": []}, "INVALID_SESSIONS", "sessions"),
        (
            {
                "sessions": [
                    {
                        "startsAt": start.isoformat(),
                        "endsAt": (start - timedelta(hours=1)).isoformat(),
                        "location": "x",
                    }
                ]
            },
            "INVALID_SESSIONS",
            "sessions.0.endsAt",
        ),
        (
            {
                "sessions": [
                    {
                        "startsAt": (clock.now() - timedelta(days=1)).isoformat(),
                        "endsAt": start.isoformat(),
                        "location": "x",
                    }
                ]
            },
            "INVALID_SESSIONS",
            "sessions.0.startsAt",
        ),
    ]
    for override, code, field in cases:
        data = await api.data(POST, {"input": course_input(**override)}, token=training.provider)
        assert data["postCourse"]["course"] is None, override
        assert [(e["code"], e["field"]) for e in data["postCourse"]["userErrors"]] == [
            (code, ["input", *field.split(".")])  # a session's refusal points at its row and field
        ], override
    assert (await api.data(COURSES, {"first": 10}, token=training.provider))["courses"]["totalCount"] == 0


async def test_only_providers_post_courses(api: Api, training: Training, tokens: Tokens) -> None:
    assert error_codes(await api.post(POST, {"input": course_input()}, token=training.li)) == ["FORBIDDEN"]
    assert error_codes(await api.post(POST, {"input": course_input()}, token=tokens.prefecture)) == [
        "FORBIDDEN"
    ]
    assert error_codes(await api.post(POST, {"input": course_input()})) == ["UNAUTHENTICATED"]


async def test_another_provider_cannot_touch_a_course(api: Api, training: Training) -> None:
    course_id = await post_and_publish(api, training.provider)
    data = await api.data(
        "mutation C($input: CancelCourseInput!) { cancelCourse(input: $input) { userErrors { code } } }",
        {"input": {"courseId": course_id, "reason": "不办了"}},
        token=training.other_provider,
    )
    assert [e["code"] for e in data["cancelCourse"]["userErrors"]] == ["COURSE_NOT_FOUND"]


async def test_the_catalog_filters_searches_and_orders(api: Api, training: Training) -> None:
    soon = clock.now() + timedelta(days=3)
    later = clock.now() + timedelta(days=40)

    def sessions(at: Any) -> list[dict[str, str]]:
        return [
            {
                "startsAt": at.isoformat(),
                "endsAt": (at + timedelta(hours=3)).isoformat(),
                "location": "鹿城镇",
            }
        ]

    await post_and_publish(
        api,
        training.provider,
        title="养老服务个案管理",
        serviceField="ELDERLY_CARE",
        sessions=sessions(later),
    )
    await post_and_publish(
        api,
        training.provider,
        title="禁毒社会工作督导",
        serviceField="DRUG_REHABILITATION",
        sessions=sessions(soon),
    )
    await post_and_publish(
        api,
        training.other_provider,
        title="禄丰社区建设",
        countyCode="532302",
        sessions=sessions(soon + timedelta(days=1)),
    )

    newest = await api.data(COURSES, {"first": 10})
    assert [c["title"] for c in newest["courses"]["nodes"]] == [
        "禄丰社区建设",
        "禁毒社会工作督导",
        "养老服务个案管理",
    ]
    soonest = await api.data(COURSES, {"first": 10, "orderBy": "SOONEST"})
    assert [c["title"] for c in soonest["courses"]["nodes"]] == [
        "禁毒社会工作督导",
        "禄丰社区建设",
        "养老服务个案管理",
    ]
    by_field = await api.data(COURSES, {"first": 10, "filter": {"serviceField": "ELDERLY_CARE"}})
    assert [c["title"] for c in by_field["courses"]["nodes"]] == ["养老服务个案管理"]
    by_county = await api.data(COURSES, {"first": 10, "filter": {"countyCode": "532302"}})
    assert by_county["courses"]["totalCount"] == 1
    by_provider = await api.data(COURSES, {"first": 10, "filter": {"providerId": training.provider_id}})
    assert by_provider["courses"]["totalCount"] == 2
    search = await api.data(COURSES, {"first": 10, "filter": {"search": "督导"}})
    assert [c["title"] for c in search["courses"]["nodes"]] == ["禁毒社会工作督导"]
    window = await api.data(
        COURSES,
        {
            "first": 10,
            "filter": {
                "startsFrom": (soon + timedelta(hours=1)).isoformat(),
                "startsTo": (later - timedelta(days=1)).isoformat(),
            },
        },
    )
    assert [c["title"] for c in window["courses"]["nodes"]] == ["禄丰社区建设"]
    # Keyset pages walk the same order without gaps or repeats.
    seen: list[str] = []
    after = None
    while True:
        page = await api.data(COURSES, {"first": 1, "after": after, "orderBy": "SOONEST"})
        seen += [c["title"] for c in page["courses"]["nodes"]]
        if not page["courses"]["pageInfo"]["hasNextPage"]:
            break
        after = page["courses"]["pageInfo"]["endCursor"]
    assert seen == ["禁毒社会工作督导", "禄丰社区建设", "养老服务个案管理"]


async def test_past_capacity_trainees_wait_and_a_withdrawal_promotes_the_first(
    api: Api, training: Training
) -> None:
    course_id = await post_and_publish(api, training.provider, capacity=1)
    first = await enroll(api, training.li, course_id)
    second = await enroll(api, training.wang, course_id)
    third = await enroll(api, training.zhang, course_id)
    assert [first["enrollment"]["status"], second["enrollment"]["status"], third["enrollment"]["status"]] == [
        "ENROLLED",
        "WAITLISTED",
        "WAITLISTED",
    ]
    # Enrolling again answers with the one live enrolment (API.md §Training), taking no second seat.
    again = await enroll(api, training.li, course_id)
    assert again == first

    # Someone else cannot withdraw 李娜.
    refused = await api.data(
        WITHDRAW, {"input": {"enrollmentId": first["enrollment"]["id"]}}, token=training.wang
    )
    assert [e["code"] for e in refused["withdrawEnrollment"]["userErrors"]] == ["ENROLLMENT_NOT_FOUND"]

    data = await api.data(WITHDRAW, {"input": {"enrollmentId": first["enrollment"]["id"]}}, token=training.li)
    assert data["withdrawEnrollment"]["enrollment"]["status"] == "WITHDRAWN"
    mine = await api.data(
        "{ viewer { person { enrollments(first: 5) { nodes { status } } } } }", token=training.wang
    )
    assert mine["viewer"]["person"]["enrollments"]["nodes"] == [{"status": "ENROLLED"}]
    theirs = await api.data(
        "{ viewer { person { enrollments(first: 5) { nodes { status } } } } }", token=training.zhang
    )
    assert theirs["viewer"]["person"]["enrollments"]["nodes"] == [{"status": "WAITLISTED"}]
    seats = await api.data(
        "query N($id: ID!) { node(id: $id) { ... on Course { enrolledCount remainingSeats } } }",
        {"id": course_id},
    )
    assert seats["node"] == {"enrolledCount": 1, "remainingSeats": 0}


async def test_enrolment_is_refused_for_drafts_cancelled_and_started_courses(
    api: Api, training: Training
) -> None:
    draft = (await api.data(POST, {"input": course_input()}, token=training.provider))["postCourse"][
        "course"
    ]["id"]
    assert [e["code"] for e in (await enroll(api, training.li, draft))["userErrors"]] == ["COURSE_NOT_FOUND"]
    cancelled = await post_and_publish(api, training.provider)
    await api.data(
        "mutation C($input: CancelCourseInput!) { cancelCourse(input: $input) { userErrors { code } } }",
        {"input": {"courseId": cancelled, "reason": "讲师临时有事"}},
        token=training.provider,
    )
    assert [e["code"] for e in (await enroll(api, training.li, cancelled))["userErrors"]] == [
        "COURSE_NOT_OPEN"
    ]
    staff_enrol = await api.post(
        "mutation E($input: EnrollInCourseInput!) { enrollInCourse(input: $input) { userErrors { code } } }",
        {"input": {"courseId": cancelled}},
    )
    assert error_codes(staff_enrol) == ["UNAUTHENTICATED"]


async def test_a_course_is_edited_before_it_starts(api: Api, training: Training) -> None:
    update = """
    mutation U($input: UpdateCourseInput!) { updateCourse(input: $input) { course { title creditHours sessions { location } } userErrors { code field } } }
    """
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider)
        changed = course_input(title="社会工作实务技能提升班（第二期）", creditHours="12.5")
        changed["sessions"] = changed["sessions"][:1]
        data = await api.data(update, {"input": {**changed, "courseId": course_id}}, token=training.provider)
        assert data["updateCourse"]["course"] == {
            "title": "社会工作实务技能提升班（第二期）",
            "creditHours": "12.5",
            "sessions": [{"location": "鹿城镇"}],
        }
    # Twenty days on, the course has been held.
    late = await api.data(update, {"input": {**changed, "courseId": course_id}}, token=training.provider)
    assert [e["code"] for e in late["updateCourse"]["userErrors"]] == ["COURSE_NOT_EDITABLE"]


async def test_providers_take_attendance_and_see_their_enrolments(api: Api, training: Training) -> None:
    # Enrolled before the course; attendance is taken once its sessions have started.
    with before_a_course_held():
        course_id = await post_and_publish(api, training.provider)
        enrolled = await enroll(api, training.li, course_id)
    course = await api.data(
        "query N($id: ID!) { node(id: $id) { ... on Course { sessions { id } enrollments(first: 10) { totalCount nodes { id person { name idCardNumber } } } } } }",
        {"id": course_id},
        token=training.provider,
    )
    node = course["node"]
    [row] = node["enrollments"]["nodes"]
    assert row["person"]["name"] == "李娜"
    assert row["person"]["idCardNumber"] == training.li_id_card[:4] + "*" * 10 + training.li_id_card[-4:]
    attendance = """
    mutation A($input: RecordAttendanceInput!) { recordAttendance(input: $input) { enrollment { attendance { present } } userErrors { code field } } }
    """
    session = node["sessions"][0]["id"]
    data = await api.data(
        attendance,
        {"input": {"enrollmentId": enrolled["enrollment"]["id"], "sessionId": session, "present": True}},
        token=training.provider,
    )
    # One mark per session of the course: the second, not yet recorded, is null.
    assert data["recordAttendance"]["enrollment"]["attendance"] == [{"present": True}, {"present": None}]
    again = await api.data(
        attendance,
        {"input": {"enrollmentId": enrolled["enrollment"]["id"], "sessionId": session, "present": False}},
        token=training.provider,
    )
    assert again["recordAttendance"]["enrollment"]["attendance"] == [{"present": False}, {"present": None}]
    wrong = await api.data(
        attendance,
        {"input": {"enrollmentId": enrolled["enrollment"]["id"], "sessionId": session, "present": True}},
        token=training.other_provider,
    )
    assert [e["code"] for e in wrong["recordAttendance"]["userErrors"]] == ["ENROLLMENT_NOT_FOUND"]
    others = await api.post(
        "query N($id: ID!) { node(id: $id) { ... on Course { enrollments(first: 10) { totalCount } } } }",
        {"id": course_id},
        token=training.other_provider,
    )
    assert error_codes(others) == ["FORBIDDEN"]


async def test_provider_mutations_are_refused_to_other_roles(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course_id = await post_and_publish(api, training.provider)
    some_id = to_global_id("Enrollment", 1)
    session_id = to_global_id("CourseSession", 1)
    mutations = [
        (
            "mutation M($input: PublishCourseInput!) { publishCourse(input: $input) { userErrors { code } } }",
            {"courseId": course_id},
        ),
        (
            "mutation M($input: CancelCourseInput!) { cancelCourse(input: $input) { userErrors { code } } }",
            {"courseId": course_id, "reason": "x"},
        ),
        (
            "mutation M($input: UpdateCourseInput!) { updateCourse(input: $input) { userErrors { code } } }",
            {**course_input(), "courseId": course_id},
        ),
        (
            "mutation M($input: RecordAttendanceInput!) { recordAttendance(input: $input) { userErrors { code } } }",
            {"enrollmentId": some_id, "sessionId": session_id, "present": True},
        ),
        (
            "mutation M($input: RecordCompletionInput!) { recordCompletion(input: $input) { userErrors { code } } }",
            {"enrollmentId": some_id, "idempotencyKey": "k"},
        ),
    ]
    for query, variables in mutations:
        for token in (training.li, tokens.chuxiong, tokens.expert):
            assert error_codes(await api.post(query, {"input": variables}, token=token)) == ["FORBIDDEN"], (
                query
            )
        assert error_codes(await api.post(query, {"input": variables})) == ["UNAUTHENTICATED"], query


async def test_publishing_and_cancelling_follow_the_course_lifecycle(api: Api, training: Training) -> None:
    course_id = await post_and_publish(api, training.provider)
    again = await api.data(PUBLISH, {"input": {"courseId": course_id}}, token=training.provider)
    assert [e["code"] for e in again["publishCourse"]["userErrors"]] == ["COURSE_NOT_EDITABLE"]
    cancel = "mutation C($input: CancelCourseInput!) { cancelCourse(input: $input) { course { status cancelReason } userErrors { code field } } }"
    no_reason = await api.data(
        cancel, {"input": {"courseId": course_id, "reason": "  "}}, token=training.provider
    )
    assert no_reason["cancelCourse"]["userErrors"] == [
        {"code": "INVALID_INPUT", "field": ["input", "reason"]}
    ]
    done = await api.data(
        cancel, {"input": {"courseId": course_id, "reason": "讲师临时有事"}}, token=training.provider
    )
    assert done["cancelCourse"]["course"] == {"status": "CANCELLED", "cancelReason": "讲师临时有事"}
    twice = await api.data(
        cancel, {"input": {"courseId": course_id, "reason": "再取消"}}, token=training.provider
    )
    assert [e["code"] for e in twice["cancelCourse"]["userErrors"]] == ["COURSE_NOT_EDITABLE"]
