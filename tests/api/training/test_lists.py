"""The lists each role works from in training: a trainee's own enrolments with their wait-list place and
enrolment number, a course's enrolments with attendance per session for its provider and the admins in
scope, and the catalog's multi-word search, county check and ended courses."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Final

from api.schema.relay import to_global_id
from domain import clock
from domain.people.id_card import make_id_card_number
from domain.training.enrolment_number import parse_enrollment_number
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.test_query_count import SqlCounter, sql
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training
from tests.factories import PASSWORD, trainee

__all__ = ["sql", "training"]

MINE: Final = """
{ viewer { person { enrollments(first: 10) {
  nodes { status waitlistPosition enrollmentNumber course { title } }
} } } }
"""
COURSE_ENROLLMENTS: Final = """
query E($id: ID!, $first: Int!, $status: EnrollmentStatus) {
  node(id: $id) { ... on Course {
    enrollments(first: $first, status: $status) {
      totalCount
      nodes {
        id status waitlistPosition enrollmentNumber person { name idCardNumber }
        attendance { sessionId present recorded session { id location } }
      }
    }
  } }
}
"""
ATTEND: Final = """
mutation A($input: RecordAttendanceInput!) { recordAttendance(input: $input) { userErrors { code } } }
"""
WITHDRAW: Final = """
mutation W($input: WithdrawEnrollmentInput!) {
  withdrawEnrollment(input: $input) { enrollment { status } userErrors { code } }
}
"""
CATALOG: Final = """
query C($filter: CourseFilter, $order: CourseOrder) {
  courses(first: 20, filter: $filter, orderBy: $order) { totalCount nodes { title } }
}
"""
NUMBER: Final = re.compile(r"BM[0-9]{7}")


async def mine(api: Api, token: str) -> list[dict[str, Any]]:
    data = await api.data(MINE, token=token)
    nodes: list[dict[str, Any]] = data["viewer"]["person"]["enrollments"]["nodes"]
    return nodes


async def course_enrollments(
    api: Api, token: str | None, course_id: str, *, first: int = 10, status: str | None = None
) -> dict[str, Any]:
    return await api.post(
        COURSE_ENROLLMENTS, {"id": course_id, "first": first, "status": status}, token=token
    )


# --- viewer.person.enrollments ------------------------------------------------------------------


async def test_a_trainee_sees_each_enrolment_with_its_status_place_in_line_and_number(
    api: Api, training: Training
) -> None:
    course = await post_and_publish(api, training.provider, capacity=1, title="禁毒社会工作督导班")
    for token in (training.li, training.wang, training.zhang):
        await enroll(api, token, course)
    [li] = await mine(api, training.li)
    [wang] = await mine(api, training.wang)
    [zhang] = await mine(api, training.zhang)
    assert (li["status"], li["waitlistPosition"]) == ("ENROLLED", None)
    assert (wang["status"], wang["waitlistPosition"]) == ("WAITLISTED", 1)
    assert (zhang["status"], zhang["waitlistPosition"]) == ("WAITLISTED", 2)
    numbers = [li["enrollmentNumber"], wang["enrollmentNumber"], zhang["enrollmentNumber"]]
    assert all(NUMBER.fullmatch(n) for n in numbers)
    assert len(set(numbers)) == 3
    assert li["course"] == {"title": "禁毒社会工作督导班"}


async def test_the_wait_list_moves_up_when_someone_ahead_withdraws(api: Api, training: Training) -> None:
    course = await post_and_publish(api, training.provider, capacity=1)
    li = (await enroll(api, training.li, course))["enrollment"]["id"]
    await enroll(api, training.wang, course)
    await enroll(api, training.zhang, course)
    withdrawn = await api.data(WITHDRAW, {"input": {"enrollmentId": li}}, token=training.li)
    assert withdrawn["withdrawEnrollment"]["userErrors"] == []
    [li_now] = await mine(api, training.li)
    [wang] = await mine(api, training.wang)
    [zhang] = await mine(api, training.zhang)
    assert (li_now["status"], li_now["waitlistPosition"]) == ("WITHDRAWN", None)
    assert (wang["status"], wang["waitlistPosition"]) == ("ENROLLED", None)
    assert (zhang["status"], zhang["waitlistPosition"]) == ("WAITLISTED", 1)


async def test_an_enrolment_number_stays_the_same_and_names_its_enrolment(
    api: Api, training: Training
) -> None:
    course = await post_and_publish(api, training.provider)
    other = await post_and_publish(api, training.provider, title="另一门课")
    enrolled = [(await enroll(api, training.li, c))["enrollment"]["id"] for c in (course, other)]
    first = await mine(api, training.li)
    again = await mine(api, training.li)
    assert [n["enrollmentNumber"] for n in first] == [n["enrollmentNumber"] for n in again]
    # Newest first; each number names its own enrolment, so the two differ.
    named = [to_global_id("Enrollment", parse_enrollment_number(n["enrollmentNumber"])) for n in first]
    assert named == enrolled[::-1]


async def test_wait_list_places_cost_the_same_queries_whatever_the_number_of_courses(
    api: Api, training: Training, sql: SqlCounter
) -> None:
    # 李娜 is second in line on six full courses.
    for i in range(6):
        course = await post_and_publish(api, training.provider, capacity=1, title=f"课程{i}")
        for token in (training.wang, training.zhang, training.li):
            await enroll(api, token, course)
    query = MINE.replace("first: 10", "first: $first").replace("{ viewer", "query M($first: Int!) { viewer")

    async def cost(first: int) -> int:
        sql.statements.clear()
        data = await api.data(query, {"first": first}, token=training.li)
        nodes = data["viewer"]["person"]["enrollments"]["nodes"]
        assert [n["waitlistPosition"] for n in nodes] == [2] * first
        return len(sql.statements)

    assert await cost(2) == await cost(6)


# --- Course.enrollments ---------------------------------------------------------------------------


async def test_a_provider_sees_its_course_enrolments_with_attendance_for_every_session(
    api: Api, training: Training
) -> None:
    with before_a_course_held(days_ago=20):
        course = await post_and_publish(api, training.provider, capacity=1)
        li = (await enroll(api, training.li, course))["enrollment"]["id"]
        await enroll(api, training.wang, course)
    body = await course_enrollments(api, training.provider, course)
    assert "errors" not in body
    listed = body["data"]["node"]["enrollments"]
    assert listed["totalCount"] == 2
    first, second = listed["nodes"]
    assert (first["id"], first["status"], first["person"]["name"]) == (li, "ENROLLED", "李娜")
    assert (second["status"], second["waitlistPosition"]) == ("WAITLISTED", 1)
    assert "*" in first["person"]["idCardNumber"]
    # Both sessions are listed, neither recorded yet.
    assert [(a["present"], a["recorded"]) for a in first["attendance"]] == [(None, False), (None, False)]
    sessions = [a["session"]["id"] for a in first["attendance"]]
    assert [a["sessionId"] for a in first["attendance"]] == sessions
    marked = await api.data(
        ATTEND,
        {"input": {"enrollmentId": li, "sessionId": sessions[1], "present": False}},
        token=training.provider,
    )
    assert marked["recordAttendance"]["userErrors"] == []
    after = (await course_enrollments(api, training.provider, course))["data"]["node"]["enrollments"]
    assert [(a["present"], a["recorded"]) for a in after["nodes"][0]["attendance"]] == [
        (None, False),
        (False, True),
    ]


async def test_course_enrolments_can_be_narrowed_to_one_status(api: Api, training: Training) -> None:
    course = await post_and_publish(api, training.provider, capacity=1)
    for token in (training.li, training.wang, training.zhang):
        await enroll(api, token, course)
    body = await course_enrollments(api, training.provider, course, status="WAITLISTED")
    listed = body["data"]["node"]["enrollments"]
    assert listed["totalCount"] == 2
    assert [n["waitlistPosition"] for n in listed["nodes"]] == [1, 2]


async def test_admins_whose_scope_holds_the_course_county_see_its_enrolments(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course = await post_and_publish(api, training.provider)  # in 532301 (楚雄市)
    await enroll(api, training.li, course)
    await enroll(api, training.zhang, course)  # a trainee of 禄丰市
    for token in (tokens.chuxiong, tokens.prefecture):
        body = await course_enrollments(api, token, course)
        assert "errors" not in body, body
        nodes = body["data"]["node"]["enrollments"]["nodes"]
        assert [n["person"]["name"] for n in nodes] == ["李娜", "张梅"]
    # The county admin of the course's county sees the full ID number of a person of that county
    # only; 张梅 of 禄丰市 stays masked (the registry's rule, `can_see_identity`).
    body = await course_enrollments(api, tokens.chuxiong, course)
    li, zhang = body["data"]["node"]["enrollments"]["nodes"]
    assert li["person"]["idCardNumber"] == training.li_id_card
    assert "*" in zhang["person"]["idCardNumber"]


async def test_others_are_refused_a_course_enrolments_as_forbidden(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course = await post_and_publish(api, training.provider)
    await enroll(api, training.li, course)
    for token in (training.other_provider, tokens.lufeng, training.li, tokens.expert):
        body = await course_enrollments(api, token, course)
        assert error_codes(body) == ["FORBIDDEN"], token
        assert body["data"]["node"] is None
    anonymous = await course_enrollments(api, None, course)
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_an_enrolment_node_is_seen_by_admins_in_scope_and_no_other(
    api: Api, training: Training, tokens: Tokens
) -> None:
    course = await post_and_publish(api, training.provider)
    enrollment = (await enroll(api, training.li, course))["enrollment"]["id"]
    query = "query N($ids: [ID!]!) { nodes(ids: $ids) { id ... on Enrollment { enrollmentNumber } } }"
    for token, seen in [(tokens.chuxiong, True), (tokens.prefecture, True), (tokens.lufeng, False)]:
        data = await api.data(query, {"ids": [enrollment]}, token=token)
        assert (data["nodes"][0] is not None) is seen


async def test_a_course_enrolment_page_costs_the_same_queries_whatever_its_size(
    api: Api, training: Training, sql: SqlCounter
) -> None:
    course = await post_and_publish(api, training.provider, capacity=3)
    for i in range(8):
        card = make_id_card_number("532301", date(1991, 1, 1) + timedelta(days=i), 601 + 2 * i)
        await trainee(f"trainee{i}", name=f"学员{'甲乙丙丁戊己庚辛'[i]}", id_card_number=card)
        await enroll(api, await api.login(f"trainee{i}", PASSWORD), course)

    async def cost(first: int) -> int:
        sql.statements.clear()
        body = await course_enrollments(api, training.provider, course, first=first)
        assert len(body["data"]["node"]["enrollments"]["nodes"]) == first
        return len(sql.statements)

    assert await cost(4) == await cost(8)


# --- the catalog --------------------------------------------------------------------------------


async def titles(api: Api, filter: dict[str, Any], token: str | None = None) -> list[str]:
    data = await api.data(CATALOG, {"filter": filter, "order": "SOONEST"}, token=token)
    return [n["title"] for n in data["courses"]["nodes"]]


async def test_a_search_of_several_words_matches_courses_holding_every_one(
    api: Api, training: Training
) -> None:
    await post_and_publish(api, training.provider, title="禁毒社会工作督导班", description="面向一线")
    await post_and_publish(api, training.provider, title="禁毒社会工作入门", description="基础课程")
    await post_and_publish(api, training.provider, title="个案督导", description="社区矫正方向")
    await post_and_publish(api, training.provider, title="禁毒宣传", description="含督导实务")
    assert await titles(api, {"search": "禁毒 督导"}) == ["禁毒社会工作督导班", "禁毒宣传"]
    # Split on a full-width space, tabs and repeated spaces alike.
    assert await titles(api, {"search": "督导\u3000禁毒"}) == ["禁毒社会工作督导班", "禁毒宣传"]
    assert await titles(api, {"search": "  禁毒\t 入门 "}) == ["禁毒社会工作入门"]
    assert await titles(api, {"search": "禁毒 养老"}) == []
    assert len(await titles(api, {"search": "\u3000 "})) == 4


async def test_a_search_of_too_many_words_is_bad_input(api: Api, training: Training) -> None:
    body = await api.post(CATALOG, {"filter": {"search": " ".join("一二三四五六七八九十甲")}})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "10" in body["errors"][0]["message"]


async def test_an_unknown_county_is_bad_input_not_an_empty_list(api: Api, training: Training) -> None:
    await post_and_publish(api, training.provider)
    for code in ("999999", "5323011", "楚雄市"):
        body = await api.post(CATALOG, {"filter": {"countyCode": code}})
        assert error_codes(body) == ["BAD_USER_INPUT"], code
        assert "县市代码" in body["errors"][0]["message"]
    assert await titles(api, {"countyCode": "532301"}) == ["社会工作实务技能提升班"]
    assert await titles(api, {"countyCode": "532302"}) == []


async def test_courses_whose_last_session_has_ended_leave_the_catalog_unless_asked_for(
    api: Api, training: Training
) -> None:
    with before_a_course_held(days_ago=20):
        await post_and_publish(api, training.provider, title="已结束的课程")
    with before_a_course_held(days_ago=0):
        # Its first session begins as the block ends; its second is tomorrow.
        await post_and_publish(api, training.provider, title="进行中的课程")
    await post_and_publish(api, training.provider, title="将开课的课程")
    assert await titles(api, {}) == ["进行中的课程", "将开课的课程"]
    newest = await api.data(CATALOG, {"filter": None, "order": "NEWEST"})
    assert [n["title"] for n in newest["courses"]["nodes"]] == ["将开课的课程", "进行中的课程"]
    assert newest["courses"]["totalCount"] == 2
    everything = await titles(api, {"includeEnded": True})
    assert everything == ["已结束的课程", "进行中的课程", "将开课的课程"]
    # A provider finds its past courses (to send their rosters) the same way.
    own = await titles(api, {"includeEnded": True, "providerId": training.provider_id}, training.provider)
    assert own == everything
    # Time passes: the running course ends and leaves the default list too.
    with clock.travel_to(clock.now() + timedelta(days=3)):
        assert await titles(api, {}) == ["将开课的课程"]


async def test_the_course_node_of_an_ended_course_is_still_found(api: Api, training: Training) -> None:
    with before_a_course_held(days_ago=20):
        course = await post_and_publish(api, training.provider, title="已结束的课程")
    data = await api.data("query N($id: ID!) { node(id: $id) { ... on Course { title } } }", {"id": course})
    assert data["node"] == {"title": "已结束的课程"}
