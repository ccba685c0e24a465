"""Demo data for `make run`: one account per role, registered talents, filed organisations.

Everything goes through the services, as a user would, so the audit trail shows it too.
"""

from __future__ import annotations

from api.demo.data import DEMO_PASSWORD, ORGANIZATIONS, SEEDER, STAFF, TALENTS
from api.demo.exam import seed_exam
from api.demo.incentives import seed_incentives
from api.demo.talent import seed_talent
from api.demo.training import seed_training
from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.accounts.policy import SignInPolicy
from domain.people import organizations
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.service import PersonDetails


async def seed_demo() -> None:
    policy = SignInPolicy()
    for username, name, org, grants in STAFF:
        await accounts.create_user(
            SEEDER,
            username=username,
            password=DEMO_PASSWORD,
            name=name,
            organization_name=org,
            grants=grants,
        )
    talents: dict[str, Actor] = {}
    for i, (
        username,
        name,
        county,
        born,
        sex_digit,
        education,
        major,
        since,
        graduated,
        org,
        front,
        community,
    ) in enumerate(TALENTS):
        session = await accounts.register_account(
            SEEDER,
            username=username,
            password=DEMO_PASSWORD,
            details=PersonDetails(
                name=name,
                id_card_number=make_id_card_number(county, born, 100 + i * 10 + sex_digit),
                phone=f"1388780{i:04d}",
                county_code=county,
                education=education,
                major=major,
                social_work_since=since,
                graduated_on=graduated,
                organization_name=org,
                front_line=front,
                full_time_community_worker=community,
            ),
            policy=policy,
        )
        talents[username] = accounts.actor_for(session.user, [Grant(Role.TRAINEE)], SEEDER)
    for filer, name, stem, county, township, kind, approve in ORGANIZATIONS:
        filed = await organizations.file_organization(
            talents[filer],
            organizations.OrganizationFiling(
                name=name,
                credit_code=make_credit_code(f"{stem}X"[:17]),
                county_code=county,
                township=township,
                type=kind,
            ),
        )
        if approve:
            await organizations.review_organization(SEEDER, filed.id, approve=True, reason=None)
    # 杨帆 is a registered social worker made an expert reviewer as well.
    await accounts.grant_role(SEEDER, username="yang.fan", grant=Grant(Role.EXPERT))
    await seed_training(talents)
    await seed_exam(talents)
    await seed_incentives(talents)
    await seed_talent(talents)


async def has_people() -> bool:
    return await accounts.any_user_exists()


__all__ = ["DEMO_PASSWORD", "has_people", "seed_demo"]
