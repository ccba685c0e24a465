"""Demo data for `make run`: one account per role, registered talents, filed organisations.

Everything goes through the services, as a user would, so the audit trail shows it too.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.accounts.policy import SignInPolicy
from domain.people import organizations
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.service import PersonDetails
from domain.people.vocabulary import Education, Major, OrganizationType

DEMO_PASSWORD: Final = "swtalent2026"  # noqa: S105 - published in README for the demo
SEEDER = Actor(username="seed-demo", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="seed-demo")

STAFF: Final = [
    # username, name, organisation, grants
    ("zhou.admin", "周州管", "楚雄州民政局", [Grant(Role.PREFECTURE_ADMIN)]),
    ("chuxiong.admin", "陈县管", "楚雄市民政局", [Grant(Role.COUNTY_ADMIN, county_code="532301")]),
    ("lufeng.admin", "李县管", "禄丰市民政局", [Grant(Role.COUNTY_ADMIN, county_code="532302")]),
    ("expert.yang", "杨专家", "云南民族大学", [Grant(Role.EXPERT)]),
]

TALENTS: Final = [
    # username, name, county, born, sex digit, education, major, since, graduated, org, front, community
    (
        "li.na",
        "李娜",
        "532301",
        date(1990, 3, 12),
        2,
        Education.BACHELOR,
        Major.SOCIAL_WORK,
        date(2013, 7, 1),
        date(2013, 6, 30),
        "楚雄市鹿城镇社区服务中心",
        True,
        True,
    ),
    (
        "wang.qiang",
        "王强",
        "532301",
        date(1985, 11, 2),
        1,
        Education.JUNIOR_COLLEGE,
        Major.OTHER,
        date(2010, 3, 1),
        date(2008, 7, 1),
        "楚雄市彝心社会工作服务中心",
        True,
        False,
    ),
    (
        "zhang.mei",
        "张梅",
        "532302",
        date(1995, 5, 20),
        4,
        Education.MASTER,
        Major.SOCIAL_WORK,
        date(2020, 9, 1),
        date(2020, 6, 30),
        "禄丰市金山镇社区",
        True,
        True,
    ),
    (
        "yang.fan",
        "杨帆",
        "532322",
        date(1992, 8, 8),
        3,
        Education.BACHELOR,
        Major.OTHER,
        date(2016, 1, 1),
        date(2015, 7, 1),
        "双柏县民政局",
        False,
        False,
    ),
    (
        "pu.xiu",
        "普秀",
        "532329",
        date(1988, 1, 30),
        6,
        Education.HIGH_SCHOOL,
        Major.OTHER,
        date(2009, 5, 1),
        None,
        "武定县狮山镇社区",
        True,
        True,
    ),
]

ORGANIZATIONS: Final = [
    # filer, name, credit code stem, county, township, type, approve
    (
        "wang.qiang",
        "楚雄市彝心社会工作服务中心",
        "52532301MJ000001",
        "532301",
        "鹿城镇",
        OrganizationType.SOCIAL_WORK_SERVICE_ORGANIZATION,
        True,
    ),
    (
        "zhang.mei",
        "禄丰市金山镇社区",
        "31532302MA000002",
        "532302",
        "金山镇",
        OrganizationType.COMMUNITY,
        False,
    ),
]


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


async def has_people() -> bool:
    return await accounts.any_user_exists()
