"""The wait-list under concurrency, on the real database (SQLite, and PostgreSQL under `.ci/run`): a
wait-listed trainee withdrawing while a freed seat promotes her ends withdrawn, her seat passed on; a
capacity raised while newcomers enrol admits those already waiting first; the seat count always
agrees with the rows, and no seat stays free while someone waits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from domain.access import Actor
from domain.audit.models import AuditEvent
from domain.training import catalog, enrolment, providers
from domain.training.models import Course, Enrollment
from domain.training.vocabulary import EnrollmentStatus
from domain.transaction import write_transaction
from tests.domain.training.conftest import COUNTY, plan, provider_actor
from tests.factories import SYSTEM, actor_of, trainee


async def a_provider() -> Actor:
    center = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", COUNTY, "罗老师", "0878-3120000")
    )
    return provider_actor(center.id, "px.center")


async def open_course(provider: Actor, capacity: int) -> Course:
    course = await catalog.post_course(provider, plan(capacity))
    await catalog.publish_course(provider, course.id)
    return course


async def trainees(count: int, prefix: str = "t") -> list[Actor]:
    return [await actor_of(await trainee(f"{prefix}{n:02d}", county_code=COUNTY)) for n in range(count)]


async def assert_seats_agree(course_id: int) -> None:
    """The seat count equals the enrolled rows, and a wait-list stands only beside a full course."""
    course = await Course.get(id=course_id)
    enrolled = await Enrollment.filter(course_id=course_id, status=EnrollmentStatus.ENROLLED).count()
    waiting = await Enrollment.filter(course_id=course_id, status=EnrollmentStatus.WAITLISTED).count()
    assert course.enrolled_count == enrolled
    assert enrolled <= course.capacity
    if waiting:
        assert enrolled == course.capacity


async def test_a_waitlisted_trainee_promoted_while_she_withdraws_ends_withdrawn_and_passes_the_seat_on(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interleaving made certain: 王强 reads his wait-listed enrolment, then 李娜's withdrawal
    commits and promotes him, then his own withdrawal writes."""
    course = await open_course(await a_provider(), capacity=1)
    li, wang, zhang = await trainees(3)
    li_seat = await enrolment.enroll(li, course.id)
    wang_wait = await enrolment.enroll(wang, course.id)
    zhang_wait = await enrolment.enroll(zhang, course.id)
    assert wang_wait.status is EnrollmentStatus.WAITLISTED

    real = write_transaction

    @asynccontextmanager
    async def li_withdraws_first() -> AsyncIterator[object]:
        monkeypatch.setattr(enrolment, "write_transaction", real)
        promoted = await enrolment.withdraw(li, li_seat.id)
        assert promoted.status is EnrollmentStatus.WITHDRAWN
        assert (await Enrollment.get(id=wang_wait.id)).status is EnrollmentStatus.ENROLLED
        async with real() as connection:
            yield connection

    monkeypatch.setattr(enrolment, "write_transaction", li_withdraws_first)
    answer = await enrolment.withdraw(wang, wang_wait.id)

    # He is told he withdrew, and he has: the seat he had just been given went on to 张梅.
    assert answer.status is EnrollmentStatus.WITHDRAWN
    assert (await Enrollment.get(id=wang_wait.id)).status is EnrollmentStatus.WITHDRAWN
    assert (await Enrollment.get(id=zhang_wait.id)).status is EnrollmentStatus.ENROLLED
    await assert_seats_agree(course.id)
    summaries = [e.summary for e in await AuditEvent.filter(action="enrollment.withdrawn").order_by("id")]
    assert summaries == [
        {"course": course.id, "from": "ENROLLED", "promoted": wang_wait.id},
        {"course": course.id, "from": "ENROLLED", "promoted": zhang_wait.id},
    ]


async def test_seat_holders_and_waiters_withdrawing_at_once_leave_every_answer_true(db: str) -> None:
    """On each of several one-seat courses, the seat holder and the first waiting withdraw at once,
    a third person waiting: whatever the order, both end withdrawn as answered and the third holds
    the seat."""
    provider = await a_provider()
    courses = [await open_course(provider, capacity=1) for _ in range(6)]
    people = await trainees(3)
    rows = [[await enrolment.enroll(p, c.id) for p in people] for c in courses]

    answers = await asyncio.gather(
        *(enrolment.withdraw(people[i], row[i].id) for row in rows for i in (0, 1)),
        return_exceptions=True,
    )
    assert [a for a in answers if isinstance(a, BaseException)] == []
    assert all(isinstance(a, Enrollment) and a.status is EnrollmentStatus.WITHDRAWN for a in answers)
    for course, row in zip(courses, rows, strict=True):
        statuses = [(await Enrollment.get(id=e.id)).status for e in row]
        assert statuses == [EnrollmentStatus.WITHDRAWN, EnrollmentStatus.WITHDRAWN, EnrollmentStatus.ENROLLED]
        await assert_seats_agree(course.id)


async def test_a_capacity_raised_while_newcomers_enrol_admits_those_already_waiting(db: str) -> None:
    provider = await a_provider()
    course = await open_course(provider, capacity=2)
    early = await trainees(5, prefix="e")
    first = [await enrolment.enroll(p, course.id) for p in early]
    assert [e.status for e in first] == [EnrollmentStatus.ENROLLED] * 2 + [EnrollmentStatus.WAITLISTED] * 3
    newcomers = await trainees(6, prefix="n")

    results = await asyncio.gather(
        catalog.update_course(provider, course.id, plan(5)),
        *(enrolment.enroll(p, course.id) for p in newcomers),
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []

    # The three who were waiting hold the new seats, whoever's enrolment got in first.
    assert [(await Enrollment.get(id=e.id)).status for e in first] == [EnrollmentStatus.ENROLLED] * 5
    assert (await Course.get(id=course.id)).capacity == 5
    assert await Enrollment.filter(course_id=course.id, status=EnrollmentStatus.WAITLISTED).count() == 6
    await assert_seats_agree(course.id)
    [updated] = await AuditEvent.filter(action="course.updated")
    assert updated.summary["promoted"] == [e.id for e in first[2:]]


async def test_seats_and_the_list_agree_through_racing_enrolments_withdrawals_and_a_raise(db: str) -> None:
    provider = await a_provider()
    course = await open_course(provider, capacity=3)
    holders = await trainees(6, prefix="h")
    rows = [await enrolment.enroll(p, course.id) for p in holders]  # 3 enrolled, 3 waiting
    newcomers = await trainees(4, prefix="n")

    results = await asyncio.gather(
        *(enrolment.withdraw(holders[i], rows[i].id) for i in (0, 3)),
        catalog.update_course(provider, course.id, plan(4)),
        *(enrolment.enroll(p, course.id) for p in newcomers),
        return_exceptions=True,
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    await assert_seats_agree(course.id)
    # Everyone who was waiting from the start and stayed is admitted ahead of every newcomer.
    assert [(await Enrollment.get(id=rows[i].id)).status for i in (4, 5)] == [EnrollmentStatus.ENROLLED] * 2
    assert (await Course.get(id=course.id)).enrolled_count == 4
