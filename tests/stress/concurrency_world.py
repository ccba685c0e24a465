"""The people and things the concurrency harness (`test_concurrency.py`) needs, seeded through the
services in the test process, with a bearer token for every account the server will be asked as.

The business date is pinned (`TODAY`, inside the 2027 exam registration window) in this process and
in the server. Accounts get their tokens from the accounts service (`register_account` signs a
trainee in, `issue_token` a staff member), as a login would: logging 300 accounts in over HTTP would
spend the harness's minute on scrypt. For the same reason the accounts share one real scrypt hash of
`PASSWORD`, computed once (`one_password_hash`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Final

import pytest

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.accounts.passwords import hash_password
from domain.accounts.policy import SignInPolicy
from domain.accounts.sessions import issue_token
from domain.exam import sittings
from domain.exam.models import ExamSite
from domain.exam.vocabulary import ExamLevel
from domain.incentives import budgets, outbox
from domain.incentives.models import Entitlement
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.people import payment_account
from domain.people.id_card import make_id_card_number
from domain.training import catalog, enrolment, providers
from domain.training.models import Course
from tests.domain.incentives.engine_fixtures import policy, record_certificate
from tests.domain.training.conftest import plan, provider_actor
from tests.factories import PASSWORD, SYSTEM, details

TODAY: Final = date(2027, 3, 15)
COUNTY: Final = "532301"  # 楚雄市
SIGN_IN: Final = SignInPolicy()
REWARD_FEN: Final = 200_000  # 2,000 元 for a 社会工作师 certificate
BUDGET: Final = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Account:
    """A seeded account: its token, and its person's id (trainees) or None (staff)."""

    username: str
    token: str
    user_id: int
    person_id: int | None

    def as_trainee(self) -> Actor:
        """The trainee acting for themself, for seeding what they would do in the app."""
        return Actor(
            user_id=self.user_id,
            username=self.username,
            person_id=self.person_id,
            grants=(Grant(Role.TRAINEE),),
            request_id="seed",
        )


def one_password_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every account of this process gets one precomputed scrypt hash of `PASSWORD`."""
    stored = hash_password(PASSWORD)

    async def precomputed(password: str) -> str:
        assert password == PASSWORD
        return stored

    monkeypatch.setattr(accounts, "hash_password_off_loop", precomputed)


_serial = count(1)


async def trainees(count_: int, prefix: str) -> list[Account]:
    """`count_` signed-in trainees of 楚雄市, each with a distinct ID number."""
    signed_in = []
    for _ in range(count_):
        n = next(_serial)
        born = date(1980, 1, 1) + timedelta(days=n)
        session = await accounts.register_account(
            SYSTEM,
            username=f"{prefix}{n:04d}",
            password=PASSWORD,
            details=details(id_card_number=make_id_card_number(COUNTY, born, n % 1000), county_code=COUNTY),
            policy=SIGN_IN,
        )
        signed_in.append(
            Account(session.user.username, session.token, session.user.id, session.user.person_id)
        )
    return signed_in


async def staff_member(username: str, grant: Grant) -> Account:
    user = await accounts.create_user(
        SYSTEM,
        username=username,
        password=PASSWORD,
        name="陈明",
        organization_name="楚雄市民政局",
        grants=[grant],
    )
    return Account(username, await issue_token(user, SIGN_IN), user.id, None)


async def exam_site(capacity: int) -> tuple[int, int]:
    """The 2027 sitting with one site of `capacity` seats in 楚雄市; (sitting id, site id)."""
    sitting = await sittings.create_sitting(
        SYSTEM,
        sittings.SittingPlan(
            year=2027,
            exam_date=date(2027, 5, 22),
            registration_opens_on=date(2027, 3, 1),
            registration_closes_on=date(2027, 3, 31),
            levels=(ExamLevel.ASSISTANT, ExamLevel.SOCIAL_WORKER, ExamLevel.SENIOR),
            sites=(sittings.SitePlan("楚雄州民族中学", COUNTY, capacity),),
            fee_per_subject=Decimal(60),
        ),
    )
    site = await ExamSite.get(sitting_id=sitting.id)
    return sitting.id, site.id


async def training_provider() -> tuple[Actor, Account]:
    """A provider, as an actor (for seeding) and as a signed-in account of its staff."""
    center = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", COUNTY, "罗老师", "0878-3120000")
    )
    account = await staff_member("px.center", Grant(Role.PROVIDER, provider_id=center.id))
    return provider_actor(center.id, "px.center"), account


async def open_course(provider: Actor, capacity: int) -> Course:
    """A published course ten days from now."""
    course = await catalog.post_course(provider, plan(capacity))
    return await catalog.publish_course(provider, course.id)


async def held_enrolment(provider: Actor, person: Account) -> int:
    """An enrolment of `person` in a course posted, enrolled in and held before today; its id."""
    with clock.travel_to(TODAY - timedelta(days=30)):
        course = await open_course(provider, capacity=10)
        return (await enrolment.enroll(person.as_trainee(), course.id)).id


async def pending_rewards(people: list[Account]) -> list[int]:
    """A 楚雄市 reward policy for 社会工作师, the county's budget for the year, and one PENDING reward
    for each of `people` (a certificate recorded, the exam events caught up), each with a payment
    account; the entitlements' ids."""
    await policy(IncentiveKind.ONE_TIME_REWARD, ExamLevel.SOCIAL_WORKER, REWARD_FEN, county_code=COUNTY)
    await budgets.set_county_budget(SYSTEM, COUNTY, TODAY.year, BUDGET)
    for n, person in enumerate(people):
        actor = person.as_trainee()
        await payment_account.set_payment_account(
            actor, None, bank_name="中国农业银行楚雄分行", account_number=f"62284800123456{n:05d}"
        )
        await record_certificate(actor, ExamLevel.SOCIAL_WORKER, date(2027, 1, 10))
    await outbox.catch_up()
    ids = [e.id for e in await Entitlement.filter(status=EntitlementStatus.PENDING).order_by("id")]
    assert len(ids) == len(people), "every person has one pending reward"
    return ids
