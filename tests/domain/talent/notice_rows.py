"""A ranked round ready for 公示, written straight to the tables (scoring is tested on its own), for the tests
of the notice and of objections.

Quota 3, county quotas 楚雄市 2 and 禄丰市 2. Ranked:
1 阿依·木呷 楚雄市 SHORTLISTED, 2 普秀 禄丰市 SHORTLISTED, 3 李娜 楚雄市 SHORTLISTED,
4 王芳 楚雄市 NOT_SELECTED (楚雄市 is full while 阿依·木呷 and 李娜 stand), 5 普小兰 禄丰市 NOT_SELECTED,
and 张三 楚雄市 REJECTED by the county (never ranked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts.models import User
from domain.talent import notice
from domain.talent.models import TalentApplication, TalentRound
from domain.talent.vocabulary import ApplicationStatus, RoundStatus
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.factories import actor_of, staff

CHUXIONG: Final = "532301"
LUFENG: Final = "532302"
# Monday 28 September 2026: five working days end on Friday 9 October, after the National Day week.
NOTICE_STARTS: Final = date(2026, 9, 28)
NOTICE_ENDS: Final = date(2026, 10, 9)

# username: (name, county, status, rank, score)
RANKING: Final = {
    "ayi": ("阿依·木呷", CHUXIONG, ApplicationStatus.SHORTLISTED, 1, "87.50"),
    "puxiu": ("普秀", LUFENG, ApplicationStatus.SHORTLISTED, 2, "83.50"),
    "lina": ("李娜", CHUXIONG, ApplicationStatus.SHORTLISTED, 3, "78.50"),
    "wangfang": ("王芳", CHUXIONG, ApplicationStatus.NOT_SELECTED, 4, "74.50"),
    "puxiaolan": ("普小兰", LUFENG, ApplicationStatus.NOT_SELECTED, 5, "68.00"),
    "zhangsan": ("张三", CHUXIONG, ApplicationStatus.REJECTED, None, None),
}


@dataclass
class Ranked:
    round: TalentRound
    applications: dict[str, TalentApplication]
    users: dict[str, User]

    def pk(self, username: str) -> int:
        return self.applications[username].id

    async def status_of(self, username: str) -> ApplicationStatus:
        row = await TalentApplication.get(id=self.pk(username))
        return row.status


async def a_ranked_round(
    *, promote_next_on_upheld: bool = True, county_quotas: dict[str, int] | None = None
) -> Ranked:
    round_ = await a_round(
        quota=3,
        county_quotas=county_quotas or {CHUXIONG: 2, LUFENG: 2},
        status=RoundStatus.RANKED,
        promote_next_on_upheld=promote_next_on_upheld,
    )
    applications: dict[str, TalentApplication] = {}
    users: dict[str, User] = {}
    for username, (name, county, status, rank, score) in RANKING.items():
        user = await an_applicant(username, county_code=county, name=name)
        users[username] = user
        applications[username] = await an_application(
            round_,
            user,
            status=status,
            county_code=county,
            organization_name=f"{name}所在的社会工作服务中心",
            rank=rank,
            score=Decimal(score) if score else None,
            within_quota=status is ApplicationStatus.SHORTLISTED,
        )
    return Ranked(round=round_, applications=applications, users=users)


async def prefecture_admin(username: str = "zhou") -> Actor:
    return await actor_of(await staff(username, Grant(Role.PREFECTURE_ADMIN)))


async def county_admin(username: str, county_code: str) -> Actor:
    return await actor_of(await staff(username, Grant(Role.COUNTY_ADMIN, county_code=county_code)))


async def on_notice(ranked: Ranked, admin: Actor, *, working_days: int = 5) -> TalentRound:
    """The notice started on NOTICE_STARTS (the clock there) for `working_days` working days."""
    with clock.travel_to(NOTICE_STARTS):
        return await notice.start_public_notice(admin, ranked.round.id, working_days)
