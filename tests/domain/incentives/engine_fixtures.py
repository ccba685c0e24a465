"""Facts of the exam made through the exam's own use cases (a paid exam fee, a certificate issued or
recorded, a 登记) and policy versions, for the tests of the entitlement engine and the monthly accrual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from domain import clock
from domain.access import Actor, Grant, Role
from domain.exam import certificates, registration, review, sittings
from domain.exam.models import Certificate, ExamRegistration, ExamSite
from domain.exam.vocabulary import ExamLevel
from domain.incentives.models import IncentivePolicy
from domain.incentives.vocabulary import IncentiveKind, default_full_time_only
from domain.people.models import Person
from domain.transaction import write_transaction
from tests.factories import SYSTEM, actor_of, person_id_of, trainee

CHUXIONG = "532301"  # 楚雄市
LUFENG = "532302"  # 禄丰市
A, S, H = ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR
_numbers = count(1)


def county_admin(county_code: str) -> Actor:
    return Actor(
        user_id=8000 + int(county_code[-2:]),
        username=f"admin.{county_code}",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


async def policy(
    kind: IncentiveKind,
    level: ExamLevel,
    amount_fen: int,
    *,
    county_code: str | None = None,
    effective_from: date = date(2008, 1, 1),
    effective_to: date | None = None,
    requires_pass: bool = True,
    requires_registration: bool = False,
    min_tenure_months: int = 0,
    full_time_community_worker_only: bool | None = None,
    pay_difference_on_upgrade: bool = True,
    prorate: bool = True,
) -> IncentivePolicy:
    """A version as a row (setting policies is tested with its own service): no registration required
    unless asked, so each test states the conditions it is about."""
    return await IncentivePolicy.create(
        county_id=county_code,
        kind=kind,
        level=level,
        amount_fen=amount_fen,
        effective_from=effective_from,
        effective_to=effective_to,
        requires_pass=requires_pass,
        requires_registration=requires_registration,
        min_tenure_months=min_tenure_months,
        full_time_community_worker_only=(
            default_full_time_only(kind)
            if full_time_community_worker_only is None
            else full_time_community_worker_only
        ),
        pay_difference_on_upgrade=pay_difference_on_upgrade,
        prorate=prorate,
    )


async def holder(
    username: str,
    *,
    county_code: str = CHUXIONG,
    social_work_since: date = date(2013, 7, 1),
    full_time: bool = False,
) -> Actor:
    """A registered person (their account's actor), full-time community worker or not."""
    user = await trainee(username, county_code=county_code, social_work_since=social_work_since)
    if full_time:
        await Person.filter(id=person_id_of(user)).update(full_time_community_worker=True)
    return await actor_of(user)


def pid(actor: Actor) -> int:
    assert actor.person_id is not None
    return actor.person_id


async def record_certificate(person: Actor, level: ExamLevel, issued_on: date) -> Certificate:
    """A certificate from before the system, recorded by the county on its issue date (outbox:
    CERTIFICATE_RECORDED)."""
    with clock.travel_to(issued_on):
        return await certificates.record_existing_certificate(
            SYSTEM,
            pid(person),
            level=level,
            number=f"R{next(_numbers):08d}",
            issued_on=issued_on,
            local_only=False,
        )


async def issue_certificate(person: Actor, level: ExamLevel, issued_on: date) -> Certificate:
    """A certificate issued on passing, as recording results does (outbox: CERTIFICATE_ISSUED)."""
    async with write_transaction():
        return await certificates.issue_certificate(
            SYSTEM,
            person_id=pid(person),
            level=level,
            year=issued_on.year,
            local_only=False,
            issued_on=issued_on,
        )


async def register(person: Actor, certificate: Certificate, on: date) -> Certificate:
    """登记 by the holder on `on` (outbox: CERTIFICATE_REGISTERED)."""
    with clock.travel_to(on):
        return await certificates.register_certificate(person, certificate.id)


async def paid_exam_fee(person: Actor, *, fee_per_subject: Decimal = Decimal(60)) -> ExamRegistration:
    """An ASSISTANT registration for the 2027 sitting whose fee (two subjects) the county confirmed on
    2027-03-15 (outbox: FEE_CONFIRMED)."""
    with clock.travel_to(date(2027, 3, 15)):
        sitting = await sittings.create_sitting(
            SYSTEM,
            sittings.SittingPlan(
                year=2027,
                exam_date=date(2027, 5, 22),
                registration_opens_on=date(2027, 3, 1),
                registration_closes_on=date(2027, 3, 31),
                levels=(A, S),
                sites=(sittings.SitePlan(f"楚雄州民族中学{next(_numbers)}", CHUXIONG, 100),),
                fee_per_subject=fee_per_subject,
            ),
        )
        site = await ExamSite.get(sitting_id=sitting.id)
        submitted = await registration.register_for_exam(
            person, sitting.id, level=A, site_id=site.id, idempotency_key=f"r-{next(_numbers)}"
        )
        admin = county_admin(CHUXIONG)
        await review.review_registration(admin, submitted.id, approve=True, reason=None)
        return await review.confirm_fee(
            admin,
            submitted.id,
            amount=fee_per_subject * 2,
            payment_reference=f"POS-{next(_numbers)}",
            idempotency_key=f"fee-{next(_numbers)}",
        )
