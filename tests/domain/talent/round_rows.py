"""Rows of the leading-talent programme written straight to the tables, for tests of one step that need
a round or an application already in some status (the steps before it are tested on their own)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain import clock
from domain.access import Grant, Role
from domain.accounts.models import User
from domain.talent.models import TalentApplication, TalentCountyQuota, TalentRound, TalentRubricItem
from domain.talent.vocabulary import DEFAULT_RUBRIC, ApplicationStatus, RoundStatus, TalentDimension
from tests.factories import person_id_of, staff, trainee

_NOT_SUBMITTED = frozenset(
    {ApplicationStatus.RECOMMENDED, ApplicationStatus.DRAFT, ApplicationStatus.DECLINED}
)


async def a_round(
    *,
    quota: int = 3,
    county_quotas: dict[str, int] | None = None,
    status: RoundStatus = RoundStatus.CALLING,
    opens_on: date = date(2026, 9, 1),
    closes_on: date = date(2026, 10, 31),
    rubric: tuple[tuple[TalentDimension, Decimal, Decimal], ...] = DEFAULT_RUBRIC,
    promote_next_on_upheld: bool = True,
    funding_fen: int = 3_000_000,
    year: int = 2026,
) -> TalentRound:
    """A round of the prefecture (opened by user 0) with the given quotas (default 楚雄市 2, 禄丰市 2) and
    rubric (default: the six dimensions, weight 1, maxima 15/15/20/20/20/10)."""
    row = await TalentRound.create(
        year=year,
        title=f"{year}年度彝乡专业社会工作领军人才选拔",
        quota=quota,
        application_opens_on=opens_on,
        application_closes_on=closes_on,
        status=status,
        promote_next_on_upheld=promote_next_on_upheld,
        funding_fen=funding_fen,
        opened_by_user_id=0,
    )
    for county, county_quota in (county_quotas or {"532301": 2, "532302": 2}).items():
        await TalentCountyQuota.create(round_id=row.id, county_id=county, quota=county_quota)
    for dimension, weight, max_score in rubric:
        await TalentRubricItem.create(
            round_id=row.id, dimension=dimension, weight=weight, max_score=max_score
        )
    return row


async def an_application(
    round_: TalentRound,
    applicant: User,
    *,
    status: ApplicationStatus = ApplicationStatus.SUBMITTED,
    county_code: str = "532301",
    organization_name: str = "楚雄市鹿城镇社区服务中心",
    organization_id: int | None = None,
    score: Decimal | None = None,
    rank: int | None = None,
    within_quota: bool = False,
) -> TalentApplication:
    """`applicant`'s application (a trainee account with a person) to `round_`, in `status`."""
    return await TalentApplication.create(
        round_id=round_.id,
        person_id=person_id_of(applicant),
        county_id=county_code,
        organization_id=organization_id,
        organization_name=organization_name,
        status=status,
        statement="扎根彝乡社区十年，带领团队开展困境儿童服务。",
        achievements="2024年获评州级优秀社会工作者；主持“彝乡守护”项目。",
        score=score,
        rank=rank,
        within_quota=within_quota,
        # Past the applicant's own hands it has been submitted (the county sees it from then on).
        submitted_at=None if status in _NOT_SUBMITTED else clock.now(),
    )


async def an_applicant(username: str, *, county_code: str = "532301", **details: object) -> User:
    """A trainee account in `county_code` (see tests.factories.details for the other fields)."""
    return await trainee(username, county_code=county_code, **details)


async def an_expert(username: str) -> User:
    """An account holding the EXPERT role, working at 楚雄州民政局 (tests.factories.staff)."""
    return await staff(username, Grant(Role.EXPERT))
