"""公示: the prefecture admin puts a ranked round's shortlist on public notice for N working days, and anyone
reads the notice (DOMAIN.md §leading talent, step 6: "public notice (公示) for ≥ 5 working days").

The notice runs from the first working day on or after the day chosen to the Nth working day, counted with
the official calendar and the admin's days (`working_days`, `calendar_days`). Each candidate keeps the end
of their own notice (`TalentApplication.notice_ends_on`): one moved up after an upheld objection gets a full
term of their own, and the round's end moves with it (`domain.talent.objections`), so approval waits.

The public page shows name, organisation, county and rank, never ID numbers, phones, birth dates, scores
or statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import InvalidInput, OutOfScope
from domain.people import service as people
from domain.talent import calendar_days, steps, working_days
from domain.talent.errors import InvalidWorkingDays, TalentRoundNotFound, WrongRoundStatus
from domain.talent.models import TalentApplication, TalentRound
from domain.talent.vocabulary import MIN_NOTICE_WORKING_DAYS, ApplicationStatus, RoundStatus
from domain.talent.workflow import check_round_move
from domain.transaction import write_transaction

__all__ = [
    "MAX_NOTICE_WORKING_DAYS",
    "NoticeCandidate",
    "PublicNotice",
    "public_notice",
    "start_public_notice",
]

# Six weeks of working days: longer is a typing mistake (the seed asks for at least five).
MAX_NOTICE_WORKING_DAYS: Final = 30
# How far ahead a notice may be scheduled.
MAX_NOTICE_LEAD_DAYS: Final = 60
START_ACTION: Final = "开始公示"


@dataclass(frozen=True, slots=True)
class NoticeCandidate:
    """One line of the public page."""

    application_id: int
    name: str
    organization_name: str
    county_code: str
    county_name: str
    rank: int | None
    notice_starts_on: date | None
    notice_ends_on: date | None


@dataclass(frozen=True, slots=True)
class PublicNotice:
    round_id: int
    round_title: str
    starts_on: date
    ends_on: date
    candidates: list[NoticeCandidate]


def check_working_days(count: int) -> None:
    """5 (MIN_NOTICE_WORKING_DAYS, the seed's minimum) to 30 working days."""
    if count < MIN_NOTICE_WORKING_DAYS:
        raise InvalidWorkingDays(f"公示期须不少于 {MIN_NOTICE_WORKING_DAYS} 个工作日")
    if count > MAX_NOTICE_WORKING_DAYS:
        raise InvalidWorkingDays(f"公示期不超过 {MAX_NOTICE_WORKING_DAYS} 个工作日")


async def start_public_notice(
    actor: Actor, round_id: int, working_days_count: int, starts_on: date | None = None
) -> TalentRound:
    """The prefecture admin starts 公示 of a RANKED round for `working_days_count` working days (5–30)
    from `starts_on` (default today; not in the past).

    The notice starts on the first working day on or after `starts_on` and ends on the Nth working day
    (`working_days.nth_working_day`, with the admin's calendar days). Writes, in one transaction: the
    round RANKED → ON_NOTICE with `notice_working_days`, `notice_starts_on` and `notice_ends_on`; every
    SHORTLISTED application → ON_NOTICE with the same `notice_ends_on`, each with a
    `TalentApplicationStep`; the audit event `talent.notice.started` (the dates, the number of
    candidates, and the calendar warning when a year of the span is not in the official calendar).
    Returns the round as written.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        TalentRoundNotFound: no such round.
        InvalidWorkingDays: fewer than 5 or more than 30 working days.
        InvalidInput: `starts_on` before today (field `startsOn`).
        WrongRoundStatus: the round is not RANKED (the message says where it is), also when another
            admin started the notice a moment earlier; or no application is within the quotas.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope("只有州级管理员可以开始公示")
    check_working_days(working_days_count)
    today = clock.today()
    start = starts_on or today
    if start < today:
        raise InvalidInput(f"公示开始日期不能早于今天（{today}）", field="startsOn")
    round_ = await TalentRound.get_or_none(id=round_id)
    if round_ is None:
        raise TalentRoundNotFound()
    check_round_move(round_.status, RoundStatus.ON_NOTICE, START_ACTION)
    overrides = await calendar_days.overrides_from(start)
    first = working_days.first_working_day(start, overrides)
    if first > today + timedelta(days=MAX_NOTICE_LEAD_DAYS):
        # A started notice cannot be taken back (the shortlist is public from its first day): a typo in
        # the year must not lock the round for a century.
        latest = today + timedelta(days=MAX_NOTICE_LEAD_DAYS)
        raise InvalidInput(
            f"公示开始日期最迟为今天起 {MAX_NOTICE_LEAD_DAYS} 天内（不晚于 {latest}）", field="startsOn"
        )
    last = working_days.nth_working_day(first, working_days_count, overrides)
    async with write_transaction():
        moved = await TalentRound.filter(id=round_id, status=RoundStatus.RANKED).update(
            status=RoundStatus.ON_NOTICE,
            notice_working_days=working_days_count,
            notice_starts_on=first,
            notice_ends_on=last,
        )
        if not moved:
            current = await TalentRound.get(id=round_id)
            check_round_move(current.status, RoundStatus.ON_NOTICE, START_ACTION)
        shortlist = await TalentApplication.filter(
            round_id=round_id, status=ApplicationStatus.SHORTLISTED
        ).order_by("rank", "id")
        if not shortlist:
            # Nothing to put on view: the quota stays unfilled this round (step 5), and a notice of no
            # one would only delay an approval that makes no one.
            raise WrongRoundStatus("本轮没有排名在名额内的人选，无需公示")
        comment = f"公示 {first} 至 {last}（{working_days_count} 个工作日）"
        for row in shortlist:
            await steps.move_application(
                actor,
                row,
                ApplicationStatus.ON_NOTICE,
                action="on_notice",
                refusal=START_ACTION,
                comment=comment,
                notice_starts_on=first,
                notice_ends_on=last,
            )
        warning = working_days.calendar_warning(first, last)
        await audit.record(
            actor,
            "talent.notice.started",
            target_type="TalentRound",
            target_id=round_id,
            summary={
                "workingDays": working_days_count,
                "startsOn": first.isoformat(),
                "endsOn": last.isoformat(),
                "candidates": len(shortlist),
                **({"calendarWarning": warning} if warning else {}),
            },
        )
    return await TalentRound.get(id=round_id)


# On the public page while on notice and after approval (the approved list is published, step 7).
_PUBLIC_ROUNDS: Final = (RoundStatus.ON_NOTICE, RoundStatus.APPROVED)
_PUBLIC_APPLICATIONS: Final = (ApplicationStatus.ON_NOTICE, ApplicationStatus.APPROVED)


async def public_notice(round_id: int) -> PublicNotice | None:
    """The public page of a round's 公示, for anyone: None until the notice's first day (a round still
    calling, scoring or ranked, or one whose notice is scheduled for later, has nothing public to show,
    so it reads as absent).

    Candidates are the applications ON_NOTICE (and, once approved, APPROVED), by rank then id; a
    candidate removed after an upheld objection is no longer listed, one moved up is, with the end of
    their own notice. Names come from the registry; organisation is the one given when applying.
    """
    round_ = await TalentRound.get_or_none(id=round_id)
    if (
        round_ is None
        or round_.status not in _PUBLIC_ROUNDS
        or round_.notice_starts_on is None
        or round_.notice_ends_on is None
        or clock.today() < round_.notice_starts_on
    ):
        return None
    rows = await TalentApplication.filter(round_id=round_id, status__in=_PUBLIC_APPLICATIONS).order_by(
        "rank", "id"
    )
    persons = await people.persons_by_ids([row.person_id for row in rows])
    counties = await people.county_names(sorted({row.county_id for row in rows}))
    candidates = [
        NoticeCandidate(
            application_id=row.id,
            name=persons[row.person_id].name if row.person_id in persons else "",
            organization_name=row.organization_name,
            county_code=row.county_id,
            county_name=counties.get(row.county_id, row.county_id),
            rank=row.rank,
            notice_starts_on=row.notice_starts_on,
            notice_ends_on=row.notice_ends_on,
        )
        for row in rows
    ]
    return PublicNotice(
        round_id=round_.id,
        round_title=round_.title,
        starts_on=round_.notice_starts_on,
        ends_on=round_.notice_ends_on,
        candidates=candidates,
    )
