"""The demo's training: published courses, one full with a wait-list, a course held three weeks ago
with completions, and hours from before the system."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from api.demo.data import (
    COURSES,
    DEMO_PASSWORD,
    FINISHED_COURSE,
    HISTORICAL_HOURS,
    SEEDER,
)
from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.training import adjustments, catalog, completions, course_plan, enrolment, providers
from domain.training.models import Course
from domain.training.vocabulary import DeliveryMode, HourCategory, ServiceField


async def seed_training(talents: dict[str, Actor]) -> None:
    """A filed provider with its account, courses in the catalog, enrolments (one wait-listed), a
    finished course with completions, and hours from before the system recorded as adjustments."""
    provider = await providers.file_provider(
        SEEDER,
        providers.ProviderFiling("楚雄州社会工作人才培训中心", "532301", "罗老师", "0878-3120000"),
    )
    await accounts.create_user(
        SEEDER,
        username="provider.px",
        password=DEMO_PASSWORD,
        name="罗培训",
        organization_name=provider.name,
        grants=[Grant(Role.PROVIDER, provider_id=provider.id)],
    )
    staff = Actor(
        username="provider.px",
        grants=(Grant(Role.PROVIDER, provider_id=provider.id),),
        request_id="seed-demo",
    )
    now = clock.now()
    courses = []
    for days, title, field, category, hours, capacity in COURSES:
        start = _nine_in_the_morning(now + timedelta(days=days))
        courses.append(
            await _post_course(
                staff, start, title=title, field=field, category=category, hours=hours, capacity=capacity
            )
        )
    # The small course fills up: the third person waits for a seat.
    for username in ("li.na", "wang.qiang", "pu.xiu"):
        await enrolment.enroll(talents[username], courses[1].id)
    for username in ("li.na", "zhang.mei"):
        await enrolment.enroll(talents[username], courses[0].id)
    await _finished_course(staff, talents)
    admin = Actor(username="seed-demo", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="seed-demo")
    for username, hours, reason in HISTORICAL_HOURS:
        person_id = talents[username].person_id
        if person_id is None:  # registered talents always have a record
            raise RuntimeError(username)
        await adjustments.adjust_hours(
            admin,
            person_id,
            hours=Decimal(hours),
            category=HourCategory.KNOWLEDGE,
            reason=reason,
            occurred_on=date(2025, 6, 30),
            idempotency_key=f"demo-history-{username}",
        )


async def _finished_course(staff: Actor, talents: dict[str, Actor]) -> None:
    """A course held three weeks ago with completions on the ledger. A course cannot be posted with
    past sessions, so the clock goes back to three days before it, when it is posted, published and
    enrolled in, as it would have been; the completions are recorded today, after it was held."""
    days_ago, title, field, category, hours, capacity = FINISHED_COURSE
    start = _nine_in_the_morning(clock.now() - timedelta(days=days_ago))
    with clock.travel_to(start - timedelta(days=3)):
        course = await _post_course(
            staff, start, title=title, field=field, category=category, hours=hours, capacity=capacity
        )
        enrolled = [
            await enrolment.enroll(talents[username], course.id)
            for username in ("li.na", "wang.qiang", "zhang.mei")
        ]
    for enrollment, credited in zip(enrolled, ("12", "12", "8"), strict=True):
        await completions.record_completion(
            staff,
            enrollment.id,
            hours=Decimal(credited),
            completed_on=None,
            idempotency_key=f"demo-completion-{enrollment.id}",
        )


async def _post_course(
    staff: Actor,
    start: datetime,
    *,
    title: str,
    field: ServiceField,
    category: HourCategory,
    hours: str,
    capacity: int,
) -> Course:
    """A published course of two four-hour sessions on consecutive days from `start`."""
    course = await catalog.post_course(
        staff,
        course_plan.CoursePlan(
            title=title,
            description=f"{title}。面向全州一线社会工作者，结业计入年度培训学时。",
            service_field=field,
            hour_category=category,
            credit_hours=Decimal(hours),
            delivery_mode=DeliveryMode.IN_PERSON,
            county_code="532301",
            capacity=capacity,
            sessions=(
                course_plan.SessionPlan(start, start + timedelta(hours=4), "楚雄市民政局三楼会议室"),
                course_plan.SessionPlan(
                    start + timedelta(days=1),
                    start + timedelta(days=1, hours=4),
                    "楚雄市民政局三楼会议室",
                ),
            ),
        ),
    )
    await catalog.publish_course(staff, course.id)
    return course


def _nine_in_the_morning(moment: datetime) -> datetime:
    """09:00 in Chuxiong (01:00 UTC) on the UTC date of `moment`."""
    return moment.astimezone(UTC).replace(hour=1, minute=0, second=0, microsecond=0)
