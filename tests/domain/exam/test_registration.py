"""Registering for the exam and confirming fees on the real database: racing retries, and keys used
by someone else, on a pinned business date inside the 2027 registration window."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import IdempotencyKeyReused
from domain.exam import registration, review, sittings
from domain.exam.errors import RegistrationNotFound
from domain.exam.models import ExamEvent, ExamRegistration, ExamSite, ExamSitting
from domain.exam.vocabulary import ExamEventKind, ExamLevel, ExamRegistrationStatus
from domain.money import from_fen
from tests.factories import SYSTEM, actor_of, trainee

SAME_TIME = 20
COUNTY = "532301"


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def open_sitting(capacity: int) -> tuple[ExamSitting, ExamSite]:
    sitting = await sittings.create_sitting(
        SYSTEM,
        sittings.SittingPlan(
            year=2027,
            exam_date=date(2027, 5, 22),
            registration_opens_on=date(2027, 3, 1),
            registration_closes_on=date(2027, 3, 31),
            levels=(ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER),
            sites=(sittings.SitePlan("楚雄州民族中学", COUNTY, capacity),),
            fee_per_subject=Decimal(60),
        ),
    )
    return sitting, await ExamSite.get(sitting_id=sitting.id)


async def candidates(count: int) -> list[Actor]:
    return [
        await actor_of(await trainee(f"c{n:02d}", county_code=COUNTY, social_work_since=date(2013, 7, 1)))
        for n in range(count)
    ]


async def register(actor: Actor, sitting: ExamSitting, site: ExamSite, key: str) -> ExamRegistration:
    return await registration.register_for_exam(
        actor, sitting.id, level=ExamLevel.ASSISTANT, site_id=site.id, idempotency_key=key
    )


def county_admin(county_code: str) -> Actor:
    return Actor(
        username=f"admin.{county_code}",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


async def test_the_same_registration_sent_many_times_at_once_takes_one_seat_and_answers_each_with_the_first(
    db: str,
) -> None:
    sitting, site = await open_sitting(capacity=100)
    [person] = await candidates(1)
    answers = await asyncio.gather(
        *(register(person, sitting, site, "r-1") for _ in range(SAME_TIME)), return_exceptions=True
    )
    assert [a for a in answers if isinstance(a, BaseException)] == []
    ids = {a.id for a in answers if isinstance(a, ExamRegistration)}
    assert len(ids) == 1
    assert await ExamRegistration.all().count() == 1
    assert (await ExamSite.get(id=site.id)).taken == 1
    assert await AuditEvent.filter(action="exam_registration.submitted").count() == 1


async def test_everyone_sending_their_registration_twice_at_once_gets_one_registration_and_the_last_seats(
    db: str,
) -> None:
    # As many seats as people: a twin that took a seat it then gave back would leave someone else
    # refused for a full site.
    people = 10
    sitting, site = await open_sitting(capacity=people)
    actors = await candidates(people)
    answers = await asyncio.gather(
        *(register(actor, sitting, site, f"r-{n}") for n, actor in enumerate(actors) for _ in range(2)),
        return_exceptions=True,
    )
    assert [a for a in answers if isinstance(a, BaseException)] == []
    registrations = [a for a in answers if isinstance(a, ExamRegistration)]
    twins = [(registrations[2 * n].id, registrations[2 * n + 1].id) for n in range(people)]
    assert all(first == second for first, second in twins)
    assert len({first for first, _ in twins}) == people
    assert await ExamRegistration.all().count() == people
    assert (await ExamSite.get(id=site.id)).taken == people


async def test_another_person_replaying_a_registration_key_is_refused(db: str) -> None:
    sitting, site = await open_sitting(capacity=100)
    li, wang = await candidates(2)
    first = await register(li, sitting, site, "r-1")
    with pytest.raises(IdempotencyKeyReused):
        await register(wang, sitting, site, "r-1")
    assert (await register(li, sitting, site, "r-1")).id == first.id
    assert await ExamRegistration.all().count() == 1


async def approved_registration() -> tuple[ExamRegistration, Decimal]:
    sitting, site = await open_sitting(capacity=100)
    [person] = await candidates(1)
    submitted = await register(person, sitting, site, "r-1")
    approved = await review.review_registration(county_admin(COUNTY), submitted.id, approve=True, reason=None)
    return approved, from_fen(review.fee_due_fen(sitting, ExamLevel.ASSISTANT))


async def test_the_same_fee_confirmation_sent_many_times_at_once_is_told_to_incentives_once(db: str) -> None:
    approved, fee = await approved_registration()
    answers = await asyncio.gather(
        *(
            review.confirm_fee(
                county_admin(COUNTY),
                approved.id,
                amount=fee,
                payment_reference="POS-0001",
                idempotency_key="fee-1",
            )
            for _ in range(SAME_TIME)
        ),
        return_exceptions=True,
    )
    assert [a for a in answers if isinstance(a, BaseException)] == []
    paid = [a for a in answers if isinstance(a, ExamRegistration)]
    assert Counter((r.id, r.status) for r in paid) == {(approved.id, ExamRegistrationStatus.PAID): SAME_TIME}
    assert await ExamEvent.filter(kind=ExamEventKind.FEE_CONFIRMED).count() == 1
    assert await AuditEvent.filter(action="exam_fee.confirmed").count() == 1


async def test_an_admin_of_another_county_replaying_a_fee_key_is_refused(db: str) -> None:
    approved, fee = await approved_registration()

    async def confirm(admin: Actor) -> ExamRegistration:
        return await review.confirm_fee(
            admin, approved.id, amount=fee, payment_reference="POS-0001", idempotency_key="fee-1"
        )

    first = await confirm(county_admin(COUNTY))
    with pytest.raises(RegistrationNotFound):
        await confirm(county_admin("532302"))
    assert (await confirm(county_admin(COUNTY))).id == first.id
    assert await ExamEvent.filter(kind=ExamEventKind.FEE_CONFIRMED).count() == 1
