"""Approving a round on the real database (DOMAIN.md step 7): titles with their cultivation period and
tranches, the applications' steps and the audit trail; refused while the notice runs, with objections
open, out of order, twice, and by anyone but the prefecture admin, with nothing written."""

from __future__ import annotations

from datetime import date

import pytest

from domain import clock
from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import ErrorCode, OutOfScope
from domain.talent import approval
from domain.talent.errors import (
    NoticeNotEnded,
    ObjectionsOpen,
    TalentRoundNotFound,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import (
    CultivationTranche,
    LeadingTalent,
    TalentApplication,
    TalentApplicationStep,
    TalentRound,
)
from domain.talent.vocabulary import ApplicationStatus, RoundStatus, TalentStatus, TrancheStatus
from tests.domain.talent.cultivation_rows import (
    APPROVAL_DAY,
    NOTICE_ENDS_ON,
    a_round_on_notice,
    an_open_objection,
    prefecture_admin,
)
from tests.factories import actor_of, staff


async def nothing_written(round_id: int) -> None:
    assert (await TalentRound.get(id=round_id)).status is RoundStatus.ON_NOTICE
    assert await LeadingTalent.all().count() == 0
    assert await CultivationTranche.all().count() == 0
    assert await TalentApplicationStep.all().count() == 0
    assert await AuditEvent.filter(action__startswith="talent.").count() == 0


async def test_approving_makes_each_candidate_on_notice_a_leading_talent_with_a_funding_plan(db: str) -> None:
    admin = await prefecture_admin()
    made = await a_round_on_notice()

    with clock.travel_to(APPROVAL_DAY):
        done = await approval.approve_round(admin, made.round.id)

    assert (done.round.status, done.round.approved_on) == (RoundStatus.APPROVED, APPROVAL_DAY)
    assert [t.application_id for t in done.talents] == [a.id for a in made.applications]
    first, second = done.talents
    assert (first.county_id, second.county_id) == ("532301", "532302")
    assert (first.person_id, first.awarded_on, first.cultivation_ends_on, first.status) == (
        made.applications[0].person_id,
        APPROVAL_DAY,
        date(2029, 12, 7),
        TalentStatus.CULTIVATING,
    )
    tranches = await CultivationTranche.filter(talent_id=first.id).order_by("ordinal")
    assert [(t.ordinal, t.amount_fen, t.status, t.decided_on) for t in tranches] == [
        (1, 1_000_001, TrancheStatus.RELEASED, APPROVAL_DAY),
        (2, 1_000_000, TrancheStatus.PLANNED, None),
        (3, 1_000_000, TrancheStatus.PLANNED, None),
    ]
    statuses = [a.status for a in await TalentApplication.filter(round_id=made.round.id).order_by("id")]
    assert statuses == [
        ApplicationStatus.APPROVED,
        ApplicationStatus.APPROVED,
        ApplicationStatus.NOT_SELECTED,
    ]
    steps = await TalentApplicationStep.all().order_by("id")
    assert [(s.application_id, s.from_status, s.to_status, s.actor_user_id) for s in steps] == [
        (a.id, ApplicationStatus.ON_NOTICE, ApplicationStatus.APPROVED, admin.user_id)
        for a in made.applications
    ]
    events = await AuditEvent.filter(action__startswith="talent.").order_by("id")
    assert [(e.action, e.county_code, e.actor_user_id) for e in events] == [
        ("talent.round.approved", None, admin.user_id),
        ("talent.application.approved", "532301", admin.user_id),
        ("talent.leading_talent.awarded", "532301", admin.user_id),
        ("talent.application.approved", "532302", admin.user_id),
        ("talent.leading_talent.awarded", "532302", admin.user_id),
    ]


async def test_a_round_without_funding_makes_titles_without_tranches(db: str) -> None:
    made = await a_round_on_notice(funding_fen=0)

    with clock.travel_to(APPROVAL_DAY):
        done = await approval.approve_round(await prefecture_admin(), made.round.id)

    assert len(done.talents) == 2
    assert await CultivationTranche.all().count() == 0


@pytest.mark.parametrize("today", [date(2026, 12, 1), NOTICE_ENDS_ON])
async def test_approving_during_the_notice_is_refused_with_the_first_possible_day(
    db: str, today: date
) -> None:
    made = await a_round_on_notice()

    with clock.travel_to(today), pytest.raises(NoticeNotEnded) as refused:
        await approval.approve_round(await prefecture_admin(), made.round.id)

    assert refused.value.message == "公示期至 2026-12-07（含当日）结束，2026-12-08 起方可批准"
    await nothing_written(made.round.id)


async def test_a_promoted_candidates_later_notice_holds_the_approval_back(db: str) -> None:
    made = await a_round_on_notice()
    await TalentApplication.filter(id=made.applications[1].id).update(notice_ends_on=date(2026, 12, 14))

    with clock.travel_to(APPROVAL_DAY), pytest.raises(NoticeNotEnded) as refused:
        await approval.approve_round(await prefecture_admin(), made.round.id)

    assert "2026-12-15 起方可批准" in refused.value.message


async def test_approving_with_objections_open_is_refused_saying_how_many(db: str) -> None:
    made = await a_round_on_notice()
    await an_open_objection(made.applications[0])
    await an_open_objection(made.applications[1])

    with clock.travel_to(APPROVAL_DAY), pytest.raises(ObjectionsOpen) as refused:
        await approval.approve_round(await prefecture_admin(), made.round.id)

    assert refused.value.code is ErrorCode.OBJECTIONS_OPEN
    assert refused.value.message == "本轮尚有 2 件公示异议未处理，请逐件答复后再批准"
    await nothing_written(made.round.id)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (RoundStatus.CALLING, "选拔轮次征集中，不能批准"),
        (RoundStatus.SCORING, "选拔轮次专家评审中，不能批准"),
        (RoundStatus.RANKED, "选拔轮次评审已结束、待公示，不能批准"),
    ],
)
async def test_approving_out_of_order_is_refused_naming_the_rounds_status(
    db: str, status: RoundStatus, message: str
) -> None:
    made = await a_round_on_notice(status=status, notice_ends_on=None)

    with clock.travel_to(APPROVAL_DAY), pytest.raises(WrongRoundStatus) as refused:
        await approval.approve_round(await prefecture_admin(), made.round.id)

    assert refused.value.message == message
    assert await LeadingTalent.all().count() == 0


async def test_a_second_approval_is_refused_and_makes_no_more_titles(db: str) -> None:
    admin = await prefecture_admin()
    made = await a_round_on_notice()
    with clock.travel_to(APPROVAL_DAY):
        await approval.approve_round(admin, made.round.id)

        with pytest.raises(WrongRoundStatus) as refused:
            await approval.approve_round(admin, made.round.id)

    assert refused.value.message == "选拔轮次已批准，不能批准"
    assert await LeadingTalent.all().count() == 2


async def test_only_the_prefecture_admin_approves_and_a_missing_round_is_not_found(db: str) -> None:
    made = await a_round_on_notice()
    county_admin = await actor_of(await staff("chenx", Grant(Role.COUNTY_ADMIN, county_code="532301")))

    with clock.travel_to(APPROVAL_DAY):
        with pytest.raises(OutOfScope):
            await approval.approve_round(county_admin, made.round.id)
        with pytest.raises(OutOfScope):
            await approval.approve_round(Actor(), made.round.id)
        with pytest.raises(TalentRoundNotFound):
            await approval.approve_round(await prefecture_admin(), made.round.id + 1000)

    await nothing_written(made.round.id)


async def test_a_candidate_removed_meanwhile_leaves_nothing_half_written(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = await a_round_on_notice()
    # The second candidate is read ON_NOTICE and REMOVED (an objection upheld) just before its turn: the
    # conditional update finds it moved, and the whole approval rolls back.
    removed = made.applications[1]
    award = approval._award

    async def upheld_meanwhile(
        actor: Actor, round_: TalentRound, application: TalentApplication, today: date
    ) -> LeadingTalent:
        if application.id == removed.id:
            await TalentApplication.filter(id=removed.id).update(status=ApplicationStatus.REMOVED)
        return await award(actor, round_, application, today)

    monkeypatch.setattr(approval, "_award", upheld_meanwhile)
    with clock.travel_to(APPROVAL_DAY), pytest.raises(WrongApplicationStatus) as refused:
        await approval.approve_round(await prefecture_admin(), made.round.id)

    assert refused.value.message == "该申报因异议成立已取消，不能批准"
    assert (await TalentRound.get(id=made.round.id)).status is RoundStatus.ON_NOTICE
    assert await LeadingTalent.all().count() == 0
    assert await TalentApplicationStep.all().count() == 0
