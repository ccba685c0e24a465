"""A course that was held, with two trainees enrolled, for the services that credit hours.

Courses cannot be posted in the past, so the clock goes back to ten days before the course to post it
and enrol, and the services then see it held twenty days ago: no row is rewritten behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest_asyncio

from domain import clock
from domain.access import Actor, Grant, Role
from domain.people.id_card import make_id_card_number
from domain.training import catalog, course_plan, enrolment, providers
from domain.training.vocabulary import DeliveryMode, HourCategory, ServiceField
from tests.factories import SYSTEM, actor_of, person_id_of, trainee

COUNTY = "532301"
OTHER_COUNTY = "532302"


def plan(capacity: int) -> course_plan.CoursePlan:
    """A one-session course ten days from now, with `capacity` seats."""
    start = (clock.now() + timedelta(days=10)).replace(microsecond=0, second=0, minute=0)
    return course_plan.CoursePlan(
        title="社会工作实务技能提升班",
        description="",
        service_field=ServiceField.COMMUNITY_BUILDING,
        hour_category=HourCategory.PRACTICE_SKILLS,
        credit_hours=Decimal(16),
        delivery_mode=DeliveryMode.IN_PERSON,
        county_code=COUNTY,
        capacity=capacity,
        sessions=(course_plan.SessionPlan(start, start + timedelta(hours=6), "鹿城镇"),),
    )


@dataclass(frozen=True, slots=True)
class HeldCourse:
    provider: Actor
    other_provider: Actor  # a provider of another county, with no claim on this course
    admin: Actor  # a county admin of the trainees' county
    other_admin: Actor  # a county admin of another county
    course_id: int
    enrollment_ids: tuple[int, int]
    person_ids: tuple[int, int]


def provider_actor(provider_id: int, username: str) -> Actor:
    return Actor(username=username, grants=(Grant(Role.PROVIDER, provider_id=provider_id),), request_id="t")


def county_admin(county_code: str) -> Actor:
    return Actor(
        username=f"admin.{county_code}",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


@pytest_asyncio.fixture
async def held_course(db: str) -> HeldCourse:
    with clock.travel_to(clock.now() - timedelta(days=30)):
        center = await providers.file_provider(
            SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", COUNTY, "罗老师", "0878-3120000")
        )
        school = await providers.file_provider(
            SYSTEM, providers.ProviderFiling("禄丰市社工培训学校", OTHER_COUNTY, "张老师", "0878-4120000")
        )
        provider = provider_actor(center.id, "px.center")
        users = [
            await trainee("li.na", id_card_number=make_id_card_number(COUNTY, date(1990, 3, 12), 501)),
            await trainee("wang.qiang", id_card_number=make_id_card_number(COUNTY, date(1985, 1, 2), 503)),
        ]
        start = (clock.now() + timedelta(days=10)).replace(microsecond=0)
        course = await catalog.post_course(
            provider,
            course_plan.CoursePlan(
                title="社会工作实务技能提升班",
                description="",
                service_field=ServiceField.COMMUNITY_BUILDING,
                hour_category=HourCategory.PRACTICE_SKILLS,
                credit_hours=Decimal(16),
                delivery_mode=DeliveryMode.IN_PERSON,
                county_code=COUNTY,
                capacity=30,
                sessions=(course_plan.SessionPlan(start, start + timedelta(hours=6), "鹿城镇"),),
            ),
        )
        await catalog.publish_course(provider, course.id)
        enrolled = [await enrolment.enroll(await actor_of(user), course.id) for user in users]
    return HeldCourse(
        provider=provider,
        other_provider=provider_actor(school.id, "px.other"),
        admin=county_admin(COUNTY),
        other_admin=county_admin(OTHER_COUNTY),
        course_id=course.id,
        enrollment_ids=(enrolled[0].id, enrolled[1].id),
        person_ids=(person_id_of(users[0]), person_id_of(users[1])),
    )
