"""The demo's people, organisations, courses and certificates, as data."""

from __future__ import annotations

from datetime import date
from typing import Final

from domain.access import Actor, Grant, Role
from domain.exam.vocabulary import ExamLevel
from domain.people.vocabulary import Education, Major, OrganizationType
from domain.training.vocabulary import HourCategory, ServiceField

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
    (
        # A Yi name: two parts joined by the middle dot U+00B7, as the national name rules write it.
        "a.yi",
        "阿依·木呷",
        "532324",
        date(1993, 4, 18),
        4,
        Education.JUNIOR_COLLEGE,
        Major.SOCIAL_WORK,
        date(2015, 9, 1),
        date(2015, 7, 1),
        "南华县五街镇社会工作服务站",
        True,
        True,
    ),
    # Four more in 楚雄市, so the county's review queue has registrations at every stage (seed_exam).
    (
        "ma.li",
        "马丽",
        "532301",
        date(1997, 2, 14),
        2,
        Education.BACHELOR,
        Major.SOCIAL_WORK,
        date(2019, 7, 1),
        date(2019, 6, 30),
        "楚雄市东瓜镇社区",
        True,
        True,
    ),
    (
        "luo.jun",
        "罗军",
        "532301",
        date(1991, 9, 9),
        1,
        Education.JUNIOR_COLLEGE,
        Major.OTHER,
        date(2014, 3, 1),
        date(2012, 7, 1),
        "楚雄市彝心社会工作服务中心",
        True,
        False,
    ),
    (
        "he.yan",
        "何燕",
        "532301",
        date(1994, 12, 1),
        4,
        Education.BACHELOR,
        Major.OTHER,
        date(2017, 8, 1),
        date(2017, 7, 1),
        "楚雄市吕合镇社区",
        True,
        True,
    ),
    (
        "zi.ying",
        "字莹",
        "532301",
        date(1996, 6, 6),
        2,
        Education.JUNIOR_COLLEGE,
        Major.SOCIAL_WORK,
        date(2018, 9, 1),
        date(2018, 7, 1),
        "楚雄市子午镇社区",
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
