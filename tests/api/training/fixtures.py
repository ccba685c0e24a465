"""Shared set-up for the training API tests: a filed provider with its account, trainees, courses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import pytest_asyncio

from api.schema.relay import to_global_id
from domain import clock
from domain.access import Grant, Role
from domain.people.id_card import make_id_card_number
from domain.training import providers
from tests.api.conftest import Api, Tokens
from tests.factories import PASSWORD, SYSTEM, person_id_of, staff, trainee

POST = """
mutation Post($input: PostCourseInput!) {
  postCourse(input: $input) {
    course { id title status creditHours capacity remainingSeats sessions { id startsAt location } provider { name } }
    userErrors { code field message }
  }
}
"""
PUBLISH = """
mutation Publish($input: PublishCourseInput!) {
  publishCourse(input: $input) { course { id status } userErrors { code field message } }
}
"""
ENROLL = """
mutation Enroll($input: EnrollInCourseInput!) {
  enrollInCourse(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""


@dataclass
class Training:
    provider_id: str
    provider: str  # token of the provider's account
    other_provider: str  # token of another provider's account
    li: str  # trainee tokens
    wang: str
    zhang: str
    li_person: str
    wang_person: str
    zhang_person: str
    li_id_card: str


# How far ahead `course_input` plans the first session.
LEAD: Final = timedelta(days=10)


def course_input(**override: Any) -> dict[str, Any]:
    start = (clock.now() + LEAD).replace(microsecond=0)
    return {
        "title": "社会工作实务技能提升班",
        "description": "面向一线社会工作者的实务技能培训",
        "serviceField": "COMMUNITY_BUILDING",
        "hourCategory": "PRACTICE_SKILLS",
        "creditHours": "16",
        "deliveryMode": "IN_PERSON",
        "countyCode": "532301",
        "capacity": 30,
        "sessions": [
            {
                "startsAt": start.isoformat(),
                "endsAt": (start + timedelta(hours=4)).isoformat(),
                "location": "鹿城镇",
            },
            {
                "startsAt": (start + timedelta(days=1)).isoformat(),
                "endsAt": (start + timedelta(days=1, hours=4)).isoformat(),
                "location": "鹿城镇",
            },
        ],
        **override,
    }


async def post_and_publish(api: Api, token: str, **override: Any) -> str:
    data = await api.data(POST, {"input": course_input(**override)}, token=token)
    assert data["postCourse"]["userErrors"] == [], data
    course_id: str = data["postCourse"]["course"]["id"]
    published = await api.data(PUBLISH, {"input": {"courseId": course_id}}, token=token)
    assert published["publishCourse"]["userErrors"] == []
    return course_id


async def enroll(api: Api, token: str, course_id: str) -> dict[str, Any]:
    data = await api.data(ENROLL, {"input": {"courseId": course_id}}, token=token)
    result: dict[str, Any] = data["enrollInCourse"]
    return result


def before_a_course_held(days_ago: int = 20) -> clock.Travel:
    """The clock set back to when a course held `days_ago` days ago could still be posted and enrolled
    in: inside the `with` block, `course_input()` plans its first session for `days_ago` days before
    the present, and on leaving the block that course is in the past, as if time had passed.

    Tokens issued in the present are still valid back then, so nobody signs in again."""
    return clock.travel_to(clock.now() - timedelta(days=days_ago) - LEAD)


@pytest_asyncio.fixture
async def training(api: Api, tokens: Tokens) -> Training:
    provider = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", "532301", "罗老师", "0878-3120000")
    )
    other = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("禄丰市社工培训学校", "532302", "张老师", "0878-4120000")
    )
    await staff("px.center", Grant(Role.PROVIDER, provider_id=provider.id))
    await staff("px.other", Grant(Role.PROVIDER, provider_id=other.id))
    li_card = make_id_card_number("532301", date(1990, 3, 12), 501)
    li = await trainee("li.na", name="李娜", id_card_number=li_card)
    wang = await trainee(
        "wang.qiang", name="王强", id_card_number=make_id_card_number("532301", date(1985, 1, 2), 503)
    )
    zhang = await trainee(
        "zhang.mei",
        name="张梅",
        county_code="532302",
        id_card_number=make_id_card_number("532302", date(1995, 5, 20), 504),
    )
    return Training(
        provider_id=to_global_id("Provider", provider.id),
        provider=await api.login("px.center", PASSWORD),
        other_provider=await api.login("px.other", PASSWORD),
        li=await api.login("li.na", PASSWORD),
        wang=await api.login("wang.qiang", PASSWORD),
        zhang=await api.login("zhang.mei", PASSWORD),
        li_person=to_global_id("Person", person_id_of(li)),
        wang_person=to_global_id("Person", person_id_of(wang)),
        zhang_person=to_global_id("Person", person_id_of(zhang)),
        li_id_card=li_card,
    )
