"""Builders for test data that go through the services, as users would."""

from __future__ import annotations

from datetime import date
from itertools import count

from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.accounts.policy import SignInPolicy
from domain.people.id_card import make_id_card_number
from domain.people.service import PersonDetails
from domain.people.vocabulary import Education, Major

PASSWORD = "passw0rd-test"
SYSTEM = Actor(username="test-setup", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="test")
_sequence = count(1)


def details(
    *,
    name: str = "李娜",
    county_code: str = "532301",
    born: date = date(1990, 3, 12),
    id_card_number: str | None = None,
    phone: str = "13887801234",
    education: Education = Education.BACHELOR,
    major: Major = Major.SOCIAL_WORK,
    social_work_since: date = date(2013, 7, 1),
    graduated_on: date | None = date(2013, 6, 30),
    organization_name: str = "楚雄市鹿城镇社区服务中心",
    front_line: bool = True,
) -> PersonDetails:
    return PersonDetails(
        name=name,
        id_card_number=id_card_number or make_id_card_number(county_code, born, next(_sequence) % 1000),
        phone=phone,
        county_code=county_code,
        education=education,
        major=major,
        social_work_since=social_work_since,
        graduated_on=graduated_on,
        organization_name=organization_name,
        front_line=front_line,
        full_time_community_worker=False,
    )


async def staff(username: str, *grants: Grant) -> User:
    return await accounts.create_user(
        SYSTEM,
        username=username,
        password=PASSWORD,
        name=username,
        organization_name="楚雄州民政局",
        grants=list(grants),
    )


async def trainee(username: str, **kwargs: object) -> User:
    session = await accounts.register_account(
        SYSTEM,
        username=username,
        password=PASSWORD,
        details=details(**kwargs),  # type: ignore[arg-type]
        policy=SignInPolicy(),
    )
    return session.user


async def actor_of(user: User) -> Actor:
    return accounts.actor_for(user, await accounts.grants_of(user.id), SYSTEM)


def person_id_of(user: User) -> int:
    """The registry record of a trainee's account (staff accounts have none)."""
    assert user.person_id is not None, f"{user.username} has no person"
    return user.person_id
