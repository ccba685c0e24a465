"""Rounds on notice and approved titles for the tests of approval and cultivation (DOMAIN.md steps 7–9):
the steps before are written straight to the tables (tests/domain/talent/round_rows.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts.models import User
from domain.talent import approval
from domain.talent.models import LeadingTalent, TalentApplication, TalentObjection, TalentRound
from domain.talent.vocabulary import ApplicationStatus, ObjectionStatus, RoundStatus
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.factories import actor_of, staff

NOTICE_STARTS_ON = date(2026, 12, 1)
NOTICE_ENDS_ON = date(2026, 12, 7)
# The first day approval is possible: the notice runs through its last day.
APPROVAL_DAY = date(2026, 12, 8)
FUNDING_FEN = 3_000_001


@dataclass(frozen=True)
class OnNotice:
    round: TalentRound
    applications: list[TalentApplication]
    applicants: list[User]


async def prefecture_admin(username: str = "zhouadmin") -> Actor:
    return await actor_of(await staff(username, Grant(Role.PREFECTURE_ADMIN)))


async def a_round_on_notice(
    *,
    candidates: tuple[tuple[str, str, str], ...] = (
        ("ayi", "阿依·木呷", "532301"),
        ("lina", "李娜", "532302"),
    ),
    funding_fen: int = FUNDING_FEN,
    status: RoundStatus = RoundStatus.ON_NOTICE,
    notice_ends_on: date | None = NOTICE_ENDS_ON,
) -> OnNotice:
    """A round in `status` (ON_NOTICE by default, notice 2026-12-01..07) with one ON_NOTICE application
    per (username, name, county) candidate, ranked in the order given, and a NOT_SELECTED one in 楚雄市."""
    round_ = await a_round(status=status, funding_fen=funding_fen)
    round_.notice_working_days = 5
    round_.notice_starts_on = NOTICE_STARTS_ON if notice_ends_on else None
    round_.notice_ends_on = notice_ends_on
    await round_.save()
    applicants: list[User] = []
    applications: list[TalentApplication] = []
    for rank, (username, name, county) in enumerate(candidates, start=1):
        applicant = await an_applicant(username, county_code=county, name=name)
        applicants.append(applicant)
        applications.append(
            await an_application(
                round_,
                applicant,
                status=ApplicationStatus.ON_NOTICE,
                county_code=county,
                rank=rank,
                within_quota=True,
            )
        )
    outside = await an_applicant("outside", county_code="532301", name="王芳")
    await an_application(round_, outside, status=ApplicationStatus.NOT_SELECTED, rank=len(candidates) + 1)
    return OnNotice(round_, applications, applicants)


async def an_open_objection(application: TalentApplication) -> TalentObjection:
    return await TalentObjection.create(
        round_id=application.round_id,
        application_id=application.id,
        text="该候选人业绩材料存疑",
        contact="13800000000",
        status=ObjectionStatus.OPEN,
    )


async def approved_titles(admin: Actor, **options: object) -> tuple[OnNotice, list[LeadingTalent]]:
    """A round on notice, approved on APPROVAL_DAY: its titles, awarded that day."""
    made = await a_round_on_notice(**options)  # type: ignore[arg-type]
    with clock.travel_to(APPROVAL_DAY):
        done = await approval.approve_round(admin, made.round.id)
    return made, done.talents
