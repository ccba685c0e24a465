"""Training migration 0004 on an old database: duplicate live enrolments that racing requests wrote
before the database kept one per person and course are withdrawn, the seats recounted, and the live
keys filled in; run here against rows written as the old code wrote them (no live key)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from tortoise import Tortoise, connections

from domain.training.models import Course, Enrollment
from domain.training.vocabulary import EnrollmentStatus
from tests.domain.training.test_enrolment_races import open_course, trainees

ONE_LIVE = importlib.import_module("domain.training.migrations.0004_one_live_enrollment")

E, W, C = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.COMPLETED


async def test_later_duplicates_are_withdrawn_and_freed_seats_go_to_the_wait_list(db: str) -> None:
    _, course = await open_course(capacity=3)
    li, wang, zhang = (actor.person_id or 0 for actor in await trainees(3))
    rows = [(li, E), (wang, W), (li, E), (zhang, C), (li, W), (zhang, E)]
    ids = [
        (await Enrollment.create(course_id=course.id, person_id=person, status=status)).id
        for person, status in rows
    ]
    # The old code counted every seat the duplicates took.
    await Course.filter(id=course.id).update(enrolled_count=4)

    await ONE_LIVE.forward(Tortoise.apps, SimpleNamespace(client=connections.get("default")))

    after = {e.id: e for e in await Enrollment.filter(course_id=course.id)}
    # 李 keeps the earliest, 张 the completed one (it carries the credited hours).
    assert [after[i].status for i in ids] == [
        E,
        E,  # 王 gets the seat the duplicates freed, in wait-list order
        EnrollmentStatus.WITHDRAWN,
        C,
        EnrollmentStatus.WITHDRAWN,
        EnrollmentStatus.WITHDRAWN,
    ]
    assert all(after[i].withdrawn_at is not None for i in (ids[2], ids[4], ids[5]))
    assert [after[i].live_key for i in ids] == [
        f"{course.id}:{li}",
        f"{course.id}:{wang}",
        None,
        f"{course.id}:{zhang}",
        None,
        None,
    ]
    assert (await Course.get(id=course.id)).enrolled_count == 3
