"""Duplicate enrolments sent at once, on the real database (SQLite, and PostgreSQL under `.ci/run`):
one live enrolment per person per course whatever the concurrency, the seats going to distinct people
and the rest waiting in the order they got in."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from domain.access import Actor
from domain.audit.models import AuditEvent
from domain.errors import IdempotencyKeyReused
from domain.training import catalog, enrolment, providers
from domain.training.models import Course, Enrollment
from domain.training.vocabulary import EnrollmentStatus
from tests.domain.training.conftest import COUNTY, plan, provider_actor
from tests.factories import SYSTEM, actor_of, trainee

LIVE = (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.COMPLETED)


async def open_course(capacity: int) -> tuple[Actor, Course]:
    center = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", COUNTY, "罗老师", "0878-3120000")
    )
    provider = provider_actor(center.id, "px.center")
    course = await catalog.post_course(provider, plan(capacity))
    await catalog.publish_course(provider, course.id)
    return provider, course


async def trainees(count: int) -> list[Actor]:
    return [await actor_of(await trainee(f"t{n:02d}", county_code=COUNTY)) for n in range(count)]


def requests_of(n: int) -> list[str | None]:
    """What trainee n sends at once: the same key three times, two requests without a key."""
    return [f"e-{n}", None, f"e-{n}", None, f"e-{n}"]


async def test_trainees_sending_their_enrolment_five_times_at_once_hold_one_enrolment_each(db: str) -> None:
    people, capacity = 6, 4
    _, course = await open_course(capacity)
    actors = await trainees(people)
    sent = [(n, key) for round_ in range(5) for n in range(people) for key in [requests_of(n)[round_]]]
    answers = await asyncio.gather(
        *(enrolment.enroll(actors[n], course.id, idempotency_key=key) for n, key in sent),
        return_exceptions=True,
    )
    # No request is refused: a duplicate, keyed or not, answers with the person's one enrolment.
    assert [a for a in answers if isinstance(a, BaseException)] == []

    live = await Enrollment.filter(course_id=course.id, status__in=LIVE).order_by("id")
    # Exactly one live enrolment per person, and no other row written.
    assert sorted(Counter(e.person_id for e in live).values()) == [1] * people
    assert await Enrollment.filter(course_id=course.id).count() == people
    assert await AuditEvent.filter(action="enrollment.created").count() == people
    # The seats went to distinct people, up to capacity, and the count agrees with the rows.
    statuses = Counter(e.status for e in live)
    assert statuses == {EnrollmentStatus.ENROLLED: capacity, EnrollmentStatus.WAITLISTED: people - capacity}
    assert (await Course.get(id=course.id)).enrolled_count == capacity
    # Seats and the wait-list in the order enrolments got in: every seat holder came before every waiter.
    enrolled = [e.id for e in live if e.status is EnrollmentStatus.ENROLLED]
    waiting = [e.id for e in live if e.status is EnrollmentStatus.WAITLISTED]
    assert max(enrolled) < min(waiting)

    # Every request, keyed or not, got its person's one enrolment.
    mine = {e.person_id: e.id for e in live}
    for (n, _), answer in zip(sent, answers, strict=True):
        assert isinstance(answer, Enrollment)
        assert answer.id == mine[actors[n].person_id or 0]

    # A withdrawal gives the seat to the longest-waiting.
    holder = next(e for e in live if e.status is EnrollmentStatus.ENROLLED)
    await enrolment.withdraw(next(a for a in actors if a.person_id == holder.person_id), holder.id)
    assert (await Enrollment.get(id=waiting[0])).status is EnrollmentStatus.ENROLLED
    assert (await Enrollment.get(id=waiting[1])).status is EnrollmentStatus.WAITLISTED
    assert (await Course.get(id=course.id)).enrolled_count == capacity


async def test_the_same_keyed_enrolment_sent_many_times_at_once_answers_each_with_the_first(db: str) -> None:
    _, course = await open_course(capacity=20)
    [actor] = await trainees(1)
    answers = await asyncio.gather(
        *(enrolment.enroll(actor, course.id, idempotency_key="e-1") for _ in range(20)),
        return_exceptions=True,
    )
    assert [a for a in answers if isinstance(a, BaseException)] == []
    assert len({a.id for a in answers if isinstance(a, Enrollment)}) == 1
    assert await Enrollment.filter(course_id=course.id).count() == 1
    assert (await Course.get(id=course.id)).enrolled_count == 1


async def test_another_trainee_replaying_an_enrolment_key_is_refused(db: str) -> None:
    _, course = await open_course(capacity=20)
    [li, wang] = await trainees(2)
    first = await enrolment.enroll(li, course.id, idempotency_key="e-1")
    with pytest.raises(IdempotencyKeyReused):
        await enrolment.enroll(wang, course.id, idempotency_key="e-1")
    assert (await enrolment.enroll(li, course.id, idempotency_key="e-1")).id == first.id
    assert await Enrollment.filter(course_id=course.id).count() == 1


async def test_after_a_withdrawal_the_trainee_may_enrol_again(db: str) -> None:
    _, course = await open_course(capacity=20)
    [li] = await trainees(1)
    first = await enrolment.enroll(li, course.id)
    await enrolment.withdraw(li, first.id)
    again = await enrolment.enroll(li, course.id)
    assert again.id != first.id
    assert again.status is EnrollmentStatus.ENROLLED
    assert (await Course.get(id=course.id)).enrolled_count == 1
