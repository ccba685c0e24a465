"""Applicants for tests of rounds, eligibility, applications, recommendations and evidence: trainee
accounts with the certificates, organisation and hours the rules read, made through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts.models import User
from domain.exam import certificates
from domain.exam.vocabulary import ExamLevel
from domain.people import organizations
from domain.people import service as people
from domain.people.credit_code import make_credit_code
from domain.people.vocabulary import OrganizationType
from domain.talent import rounds
from domain.talent.models import TalentRound
from domain.talent.vocabulary import RoundStatus
from domain.training import adjustments
from domain.training.vocabulary import HourCategory
from tests.factories import SYSTEM, actor_of, person_id_of, trainee

TODAY = "2026-09-15"  # within the default window 2026-09-01 … 2026-10-31
OPENS = date(2026, 9, 1)
CLOSES = date(2026, 10, 31)
PREFECTURE = Actor(user_id=900, username="zhou", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="t")
_numbers = count(1)


def county_admin(county_code: str, user_id: int = 901) -> Actor:
    return Actor(
        user_id=user_id,
        username=f"admin.{county_code}",
        grants=(Grant(Role.COUNTY_ADMIN, county_code=county_code),),
        request_id="t",
    )


async def applicant(
    username: str,
    *,
    county_code: str = "532301",
    level: ExamLevel | None = ExamLevel.SOCIAL_WORKER,
    issued_on: date = date(2020, 6, 30),
    **details: object,
) -> tuple[User, Actor]:
    """A trainee account (default born 1990-03-12, in social work since 2013-07-01) holding a
    certificate of `level` issued on `issued_on` (none when `level` is None), and its actor."""
    user = await trainee(username, county_code=county_code, **details)
    if level is not None:
        await certificates.record_existing_certificate(
            SYSTEM,
            person_id_of(user),
            level=level,
            number=f"ZS{next(_numbers):08d}",
            issued_on=issued_on,
            local_only=False,
        )
    return user, await actor_of(user)


async def hours(user: User, amount: str, on: date) -> None:
    """Front-line training hours credited to `user` on `on` (an admin's adjustment)."""
    await adjustments.adjust_hours(
        SYSTEM,
        person_id_of(user),
        hours=Decimal(amount),
        category=HourCategory.KNOWLEDGE,
        reason="外省培训学时认定",
        occurred_on=on,
        idempotency_key=f"hours-{user.id}-{on}-{amount}",
    )


async def employer(username: str, *, county_code: str = "532301", number: int = 1) -> tuple[User, Actor, int]:
    """A trainee account that filed an organisation, approved by the county: (user, actor, its id)."""
    user = await trainee(username, county_code=county_code)
    actor = await actor_of(user)
    org = await organizations.file_organization(
        actor,
        organizations.OrganizationFiling(
            name=f"楚雄市彝乡社会工作服务中心{number}",
            credit_code=make_credit_code(f"52532301MJ{number:07d}"),
            county_code=county_code,
            township="鹿城镇",
            type=OrganizationType.SOCIAL_WORK_SERVICE_ORGANIZATION,
        ),
    )
    await organizations.review_organization(SYSTEM, org.id, approve=True, reason=None)
    return user, actor, org.id


async def join(user: User, organization_id: int) -> None:
    """`user`'s registry record linked to the organisation (their own profile change)."""
    await people.update_my_profile(
        await actor_of(user), people.ProfileChanges(organization_id=organization_id)
    )


async def opened_round(
    *,
    opens_on: date = OPENS,
    closes_on: date = CLOSES,
    quota: int = 3,
    eligibility: rounds.EligibilityInput | None = None,
) -> TalentRound:
    """A round opened by the prefecture through the service (default criteria unless given), on its
    opening day when that is already past (a round cannot be opened with a past opening day)."""
    with clock.travel_to(min(opens_on, clock.today())):
        return await rounds.open_round(
            PREFECTURE,
            rounds.RoundInput(
                year=2026,
                title="2026年度彝乡专业社会工作领军人才选拔",
                quota=quota,
                county_quotas=[("532301", 2), ("532302", 1)],
                application_opens_on=opens_on,
                application_closes_on=closes_on,
                eligibility=eligibility or rounds.EligibilityInput(),
            ),
        )


async def move_round(round_: TalentRound, status: RoundStatus) -> None:
    await TalentRound.filter(id=round_.id).update(status=status)
