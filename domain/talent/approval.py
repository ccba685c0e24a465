"""Approving a round (DOMAIN.md §The 彝乡 leading-talent programme, step 7): once its 公示 has ended and
every objection is answered, the prefecture admin approves it; each candidate still on notice becomes a
leading talent with a cultivation period and a funding plan in tranches (step 8), the first released.

All of it in one transaction: the round, every application and its step, every title with its tranches,
and the audit events commit together or not at all. Approval is not repeatable: a second approval is
refused, saying the round is already approved (its talents are read with `leadingTalents(filter:
{roundId})`), rather than answering as if it had approved again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain import clock
from domain.access import Actor
from domain.audit import service as audit
from domain.errors import OutOfScope
from domain.money import from_fen
from domain.people import service as people
from domain.talent import steps
from domain.talent.cultivation_plan import split_funding
from domain.talent.errors import NoticeNotEnded, ObjectionsOpen, TalentNotEligible, TalentRoundNotFound
from domain.talent.models import (
    CultivationTranche,
    LeadingTalent,
    TalentApplication,
    TalentObjection,
    TalentRound,
)
from domain.talent.vocabulary import (
    ApplicationStatus,
    ObjectionStatus,
    RoundStatus,
    TalentStatus,
    TrancheStatus,
)
from domain.talent.workflow import check_round_move
from domain.transaction import write_transaction

__all__ = ["Approval", "approve_round", "cultivation_ends_on"]

APPROVING = "批准"


@dataclass(frozen=True, slots=True)
class Approval:
    """The approved round and the titles it made, in the order of the candidates' ranks."""

    round: TalentRound
    talents: list[LeadingTalent]


def cultivation_ends_on(awarded_on: date, years: int) -> date:
    """The last day of a cultivation period of `years` years that starts on `awarded_on` (3 years from
    2027-01-10 end on 2030-01-09; from 29 February, on 28 February)."""
    return clock.add_years(awarded_on, years) - timedelta(days=1)


async def approve_round(actor: Actor, round_id: int) -> Approval:
    """The prefecture admin approves a round ON_NOTICE whose notice has ended with no objection open.

    Writes, in one transaction: the round ON_NOTICE → APPROVED with `approved_on` today; each
    application ON_NOTICE → APPROVED with its `TalentApplicationStep`; for each, a `LeadingTalent`
    (county of the application, awarded today, cultivating until the day before today + the round's
    `cultivation_years` years) with its tranches (`cultivation_plan.split_funding` of the round's
    `funding_fen`: ordinal 1 RELEASED today, the rest PLANNED); the audit events
    `talent.round.approved` and one `talent.leading_talent.awarded` per title. A round with no
    candidate left on notice is approved with no titles (a quota may stay unfilled, step 5).

    The notice runs through its last day (the round's `notice_ends_on`, or a promoted candidate's own
    later end): approval is possible from the day after.

    Raises:
        OutOfScope: the actor is not the prefecture admin.
        TalentRoundNotFound: no such round.
        WrongRoundStatus: the round is not ON_NOTICE (scoring, ranked, already approved...), also when
            another admin approved it a moment earlier; the message names its status.
        NoticeNotEnded: today is within the notice (the message gives the first day approval is possible).
        ObjectionsOpen: objections of the round are still open (the message says how many).
        TalentNotEligible: a candidate already holds a title in cultivation (won in another round).
        WrongApplicationStatus: a candidate's application left ON_NOTICE while approving (an objection
            upheld a moment earlier); nothing is written, try again.
    """
    if not actor.is_prefecture_admin:
        raise OutOfScope(field="roundId")
    round_ = await TalentRound.get_or_none(id=round_id)
    if round_ is None:
        raise TalentRoundNotFound()
    check_round_move(round_.status, RoundStatus.APPROVED, APPROVING)
    today = clock.today()
    async with write_transaction():
        candidates = list(
            await TalentApplication.filter(round_id=round_.id, status=ApplicationStatus.ON_NOTICE).order_by(
                "rank", "id"
            )
        )
        _check_notice_ended(round_, candidates, today)
        open_objections = await TalentObjection.filter(
            round_id=round_.id, status=ObjectionStatus.OPEN
        ).count()
        if open_objections:
            raise ObjectionsOpen(f"本轮尚有 {open_objections} 件公示异议未处理，请逐件答复后再批准")
        # One title at a time: applying already refuses a live candidate of another round, and this
        # holds it should two rounds still cross (a title won elsewhere while this one was on notice).
        titled = sorted(
            {
                row.person_id
                for row in await LeadingTalent.filter(
                    person_id__in=[a.person_id for a in candidates], status=TalentStatus.CULTIVATING
                )
            }
        )
        if titled:
            names = await people.persons_by_ids(titled)
            who = "、".join(names[p].name for p in titled if p in names)
            raise TalentNotEligible(
                f"{who}已是领军人才（培养期内），不能再次批准：请经公示异议程序取消其本轮人选后再批准"
            )
        moved = await TalentRound.filter(id=round_.id, status=RoundStatus.ON_NOTICE).update(
            status=RoundStatus.APPROVED, approved_on=today
        )
        if not moved:
            await round_.refresh_from_db()
            check_round_move(round_.status, RoundStatus.APPROVED, APPROVING)
        await audit.record(
            actor,
            "talent.round.approved",
            target_type="TalentRound",
            target_id=round_.id,
            summary={"approvedOn": today.isoformat(), "talents": len(candidates)},
        )
        talents = [await _award(actor, round_, application, today) for application in candidates]
    await round_.refresh_from_db()
    return Approval(round=round_, talents=talents)


def _check_notice_ended(round_: TalentRound, candidates: list[TalentApplication], today: date) -> None:
    ends = [day for day in (round_.notice_ends_on, *(a.notice_ends_on for a in candidates)) if day]
    if not ends:
        raise NoticeNotEnded("公示尚未开始，不能批准")
    last = max(ends)
    if today <= last:
        raise NoticeNotEnded(
            f"公示期至 {last.isoformat()}（含当日）结束，{(last + timedelta(days=1)).isoformat()} 起方可批准"
        )


async def _award(
    actor: Actor, round_: TalentRound, application: TalentApplication, today: date
) -> LeadingTalent:
    await steps.move_application(
        actor,
        application,
        ApplicationStatus.APPROVED,
        action="approved",
        refusal=APPROVING,
        comment="公示期满，批准为领军人才",
    )
    talent = await LeadingTalent.create(
        round_id=round_.id,
        application_id=application.id,
        person_id=application.person_id,
        county_id=application.county_id,
        awarded_on=today,
        cultivation_ends_on=cultivation_ends_on(today, round_.cultivation_years),
    )
    plan = split_funding(round_.funding_fen, round_.cultivation_years)
    for ordinal, amount_fen in enumerate(plan, start=1):
        first = ordinal == 1
        await CultivationTranche.create(
            talent_id=talent.id,
            ordinal=ordinal,
            amount_fen=amount_fen,
            status=TrancheStatus.RELEASED if first else TrancheStatus.PLANNED,
            decided_on=today if first else None,
        )
    await audit.record(
        actor,
        "talent.leading_talent.awarded",
        target_type="LeadingTalent",
        target_id=talent.id,
        county_code=talent.county_id,
        summary={
            "roundId": round_.id,
            "applicationId": application.id,
            "personId": application.person_id,
            "cultivationEndsOn": talent.cultivation_ends_on.isoformat(),
            "funding": str(from_fen(round_.funding_fen)),
            "tranches": len(plan),
        },
    )
    return talent
