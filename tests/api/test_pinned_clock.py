"""`SWTALENT_TODAY` pins the whole clock: the rules that check a timestamp agree with the pinned date."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.training.fixtures import POST, Training, course_input, enroll, post_and_publish, training
from tests.factories import PASSWORD

__all__ = ["training"]

WITHDRAW = """
mutation W($input: WithdrawEnrollmentInput!) {
  withdrawEnrollment(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""


def sessions_on(*days: str) -> list[dict[str, Any]]:
    return [
        {"startsAt": f"{day}T09:00:00+08:00", "endsAt": f"{day}T12:00:00+08:00", "location": "鹿城镇"}
        for day in days
    ]


async def test_pinned_to_march_a_provider_posts_a_course_for_april(
    api: Api, training: Training, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-03-20")
    provider = await api.login("px.center", PASSWORD)
    april = await api.data(
        POST, {"input": course_input(sessions=sessions_on("2026-04-10", "2026-04-11"))}, token=provider
    )
    assert april["postCourse"]["userErrors"] == []
    tomorrow = await api.data(
        POST, {"input": course_input(sessions=sessions_on("2026-03-21"))}, token=provider
    )
    assert tomorrow["postCourse"]["userErrors"] == []
    yesterday = await api.data(
        POST, {"input": course_input(sessions=sessions_on("2026-03-19"))}, token=provider
    )
    [error] = yesterday["postCourse"]["userErrors"]
    assert (error["code"], error["message"]) == ("INVALID_SESSIONS", "第 1 个课次的开始时间已过")


async def test_pinned_a_week_after_a_course_started_a_trainee_can_no_longer_withdraw(
    api: Api, training: Training, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-12-01")
    provider = await api.login("px.center", PASSWORD)
    li = await api.login("li.na", PASSWORD)
    wang = await api.login("wang.qiang", PASSWORD)
    course = await post_and_publish(api, provider, sessions=sessions_on("2026-12-14", "2026-12-15"))
    li_enrolment = (await enroll(api, li, course))["enrollment"]["id"]
    wang_enrolment = (await enroll(api, wang, course))["enrollment"]["id"]

    # The day before the first session, a withdrawal goes through.
    monkeypatch.setenv("SWTALENT_TODAY", "2026-12-13")
    wang = await api.login("wang.qiang", PASSWORD)  # the clock moved past the token's lifetime
    early = await api.data(WITHDRAW, {"input": {"enrollmentId": wang_enrolment}}, token=wang)
    assert early["withdrawEnrollment"]["enrollment"]["status"] == "WITHDRAWN"

    # A week after it started, it does not.
    monkeypatch.setenv("SWTALENT_TODAY", "2026-12-21")
    li = await api.login("li.na", PASSWORD)
    late = await api.data(WITHDRAW, {"input": {"enrollmentId": li_enrolment}}, token=li)
    assert [(e["code"], e["field"]) for e in late["withdrawEnrollment"]["userErrors"]] == [
        ("ENROLLMENT_CLOSED", ["input", "enrollmentId"])
    ]
