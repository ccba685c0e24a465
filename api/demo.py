"""Demo data for `make run`: one account per role, registered talents, filed organisations.

Everything goes through the services, as a user would, so the audit trail shows it too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Final

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.accounts.policy import SignInPolicy
from domain.exam import certificates, registration, review, sittings
from domain.exam import service as exam_service
from domain.exam.models import ExamSite
from domain.exam.vocabulary import ExamLevel
from domain.people import organizations
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.service import PersonDetails
from domain.people.vocabulary import Education, Major, OrganizationType
from domain.training import adjustments, catalog, completions, enrolment
from domain.training.models import Course
from domain.training.vocabulary import DeliveryMode, HourCategory, ServiceField

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

COURSES: Final = [
    # days from now, title, service field, hour category, credit hours, capacity
    (14, "社会工作实务技能提升班", ServiceField.COMMUNITY_BUILDING, HourCategory.PRACTICE_SKILLS, "16", 40),
    (30, "养老服务个案管理专题培训", ServiceField.ELDERLY_CARE, HourCategory.KNOWLEDGE, "8", 2),
]
# Held three weeks ago (days before now), with completions for 李娜, 王强 and 张梅.
FINISHED_COURSE: Final = (
    21,
    "禁毒社会工作督导工作坊",
    ServiceField.DRUG_REHABILITATION,
    HourCategory.SUPERVISION,
    "12",
    30,
)

HISTORICAL_HOURS: Final = [
    ("li.na", "96", "2021—2025 年州民政局集中培训学时（系统上线前纸质记录补录）"),
    ("wang.qiang", "150", "2021—2025 年州民政局集中培训学时（系统上线前纸质记录补录）"),
]

EXISTING_CERTIFICATES: Final = [
    # username, level, certificate number, issued on
    ("zhang.mei", ExamLevel.ASSISTANT, "Z20225302001", date(2026, 6, 30)),
    ("pu.xiu", ExamLevel.ASSISTANT, "Z20155329007", date(2015, 9, 1)),
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
    await seed_training(talents)
    await seed_exam(talents)


async def seed_exam(talents: dict[str, Actor]) -> None:
    """Next year's sitting with registration open from today, a few registrations at different
    stages, and certificates obtained before the system (recorded by the county), one registered."""
    today = clock.today()
    year = today.year + 1
    sitting = await sittings.create_sitting(
        SEEDER,
        sittings.SittingPlan(
            year=year,
            exam_date=date(year, 5, 22),
            registration_opens_on=today,
            registration_closes_on=date(year, 3, 31),
            levels=tuple(ExamLevel),
            sites=(
                sittings.SitePlan("楚雄州民族中学", "532301", 300),
                sittings.SitePlan("禄丰市第一中学", "532302", 200),
            ),
            fee_per_subject=Decimal("60"),
        ),
    )
    sites = await ExamSite.filter(sitting_id=sitting.id).order_by("id")
    for username, level, number, issued in EXISTING_CERTIFICATES:
        person_id = talents[username].person_id
        if person_id is None:
            raise RuntimeError(username)
        await certificates.record_existing_certificate(
            SEEDER, person_id, level=level, number=number, issued_on=issued, local_only=False
        )
    zhang = (await exam_service.certificates_of(talents["zhang.mei"].person_id or 0))[0]
    await certificates.register_certificate(talents["zhang.mei"], zhang.id)
    li = await registration.register_for_exam(
        talents["li.na"],
        sitting.id,
        level=ExamLevel.SOCIAL_WORKER,
        site_id=sites[0].id,
        idempotency_key="demo-li",
    )
    await review.review_registration(SEEDER, li.id, approve=True, reason=None)
    await review.confirm_fee(
        SEEDER, li.id, amount=Decimal("180"), payment_reference="DEMO-0001", idempotency_key="demo-fee-li"
    )
    await registration.register_for_exam(
        talents["pu.xiu"],
        sitting.id,
        level=ExamLevel.SOCIAL_WORKER,
        site_id=sites[0].id,
        idempotency_key="demo-pu",
    )
    await registration.register_for_exam(
        talents["wang.qiang"],
        sitting.id,
        level=ExamLevel.ASSISTANT,
        site_id=sites[0].id,
        idempotency_key="demo-wang",
    )


async def seed_training(talents: dict[str, Actor]) -> None:
    """A filed provider with its account, courses in the catalog, enrolments (one wait-listed), a
    finished course with completions, and hours from before the system recorded as adjustments."""
    provider = await catalog.file_provider(
        SEEDER,
        catalog.ProviderFiling("楚雄州社会工作人才培训中心", "532301", "罗老师", "0878-3120000"),
    )
    await accounts.create_user(
        SEEDER,
        username="provider.px",
        password=DEMO_PASSWORD,
        name="罗培训",
        organization_name=provider.name,
        grants=[Grant(Role.PROVIDER, provider_id=provider.id)],
    )
    staff = Actor(
        username="provider.px",
        grants=(Grant(Role.PROVIDER, provider_id=provider.id),),
        request_id="seed-demo",
    )
    now = clock.now()
    courses = []
    for days, title, field, category, hours, capacity in COURSES:
        start = _nine_in_the_morning(now + timedelta(days=days))
        courses.append(
            await _post_course(
                staff, start, title=title, field=field, category=category, hours=hours, capacity=capacity
            )
        )
    # The small course fills up: the third person waits for a seat.
    for username in ("li.na", "wang.qiang", "pu.xiu"):
        await enrolment.enroll(talents[username], courses[1].id)
    for username in ("li.na", "zhang.mei"):
        await enrolment.enroll(talents[username], courses[0].id)
    await _finished_course(staff, talents)
    admin = Actor(username="seed-demo", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="seed-demo")
    for username, hours, reason in HISTORICAL_HOURS:
        person_id = talents[username].person_id
        if person_id is None:  # registered talents always have a record
            raise RuntimeError(username)
        await adjustments.adjust_hours(
            admin,
            person_id,
            hours=Decimal(hours),
            category=HourCategory.KNOWLEDGE,
            reason=reason,
            occurred_on=date(2025, 6, 30),
            idempotency_key=f"demo-history-{username}",
        )


async def _finished_course(staff: Actor, talents: dict[str, Actor]) -> None:
    """A course held three weeks ago with completions on the ledger. A course cannot be posted with
    past sessions, so the clock goes back to three days before it, when it is posted, published and
    enrolled in, as it would have been; the completions are recorded today, after it was held."""
    days_ago, title, field, category, hours, capacity = FINISHED_COURSE
    start = _nine_in_the_morning(clock.now() - timedelta(days=days_ago))
    with clock.travel_to(start - timedelta(days=3)):
        course = await _post_course(
            staff, start, title=title, field=field, category=category, hours=hours, capacity=capacity
        )
        enrolled = [
            await enrolment.enroll(talents[username], course.id)
            for username in ("li.na", "wang.qiang", "zhang.mei")
        ]
    for enrollment, credited in zip(enrolled, ("12", "12", "8"), strict=True):
        await completions.record_completion(
            staff,
            enrollment.id,
            hours=Decimal(credited),
            completed_on=None,
            idempotency_key=f"demo-completion-{enrollment.id}",
        )


async def _post_course(
    staff: Actor,
    start: datetime,
    *,
    title: str,
    field: ServiceField,
    category: HourCategory,
    hours: str,
    capacity: int,
) -> Course:
    """A published course of two four-hour sessions on consecutive days from `start`."""
    course = await catalog.post_course(
        staff,
        catalog.CoursePlan(
            title=title,
            description=f"{title}。面向全州一线社会工作者，结业计入年度培训学时。",
            service_field=field,
            hour_category=category,
            credit_hours=Decimal(hours),
            delivery_mode=DeliveryMode.IN_PERSON,
            county_code="532301",
            capacity=capacity,
            sessions=(
                catalog.SessionPlan(start, start + timedelta(hours=4), "楚雄市民政局三楼会议室"),
                catalog.SessionPlan(
                    start + timedelta(days=1),
                    start + timedelta(days=1, hours=4),
                    "楚雄市民政局三楼会议室",
                ),
            ),
        ),
    )
    await catalog.publish_course(staff, course.id)
    return course


def _nine_in_the_morning(moment: datetime) -> datetime:
    """09:00 in Chuxiong (01:00 UTC) on the UTC date of `moment`."""
    return moment.astimezone(UTC).replace(hour=1, minute=0, second=0, microsecond=0)


async def has_people() -> bool:
    return await accounts.any_user_exists()
