"""Cultivation on the real database (DOMAIN.md steps 8–9): assessments in order release the tranches and
complete the period, a failed one revokes the title and stops the rest, revocation with a reason; the
refusals write nothing; who sees a title; the counts the reports read."""

from __future__ import annotations

from datetime import date

import pytest

from domain import clock
from domain.access import Actor, Grant, Role
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.people.errors import ReasonRequired
from domain.talent import cultivation, service
from domain.talent.errors import (
    AssessmentAlreadyRecorded,
    InvalidAssessmentYear,
    LeadingTalentNotFound,
    WrongTalentStatus,
)
from domain.talent.models import CultivationAssessment, CultivationTranche, LeadingTalent
from domain.talent.vocabulary import AssessmentGrade, RevocationCause, TalentStatus, TrancheStatus
from tests.domain.talent.cultivation_rows import APPROVAL_DAY, approved_titles, prefecture_admin
from tests.factories import actor_of, person_id_of, staff

# Awarded 2026-12-08: assessed for 2027, 2028 and 2029 (the final one).
LATER = date(2030, 3, 1)


async def tranche_states(talent: LeadingTalent) -> list[tuple[TrancheStatus, date | None]]:
    rows = await CultivationTranche.filter(talent_id=talent.id).order_by("ordinal")
    return [(row.status, row.decided_on) for row in rows]


async def assess(
    admin: Actor, talent: LeadingTalent, year: int, grade: AssessmentGrade, on: date = LATER
) -> None:
    with clock.travel_to(on):
        await cultivation.record_assessment(admin, talent.id, year=year, grade=grade, comment=None)


async def test_passed_assessments_release_the_tranches_in_turn_and_the_final_one_completes(db: str) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)

    with clock.travel_to(date(2027, 12, 20)):
        done = await cultivation.record_assessment(
            admin, talent.id, year=2027, grade=AssessmentGrade.EXCELLENT, comment="  服务成效显著 "
        )
    assert (done.assessment.year, done.assessment.grade, done.assessment.comment) == (
        2027,
        AssessmentGrade.EXCELLENT,
        "服务成效显著",
    )
    assert done.talent.status is TalentStatus.CULTIVATING
    assert await tranche_states(talent) == [
        (TrancheStatus.RELEASED, APPROVAL_DAY),
        (TrancheStatus.RELEASED, date(2027, 12, 20)),
        (TrancheStatus.PLANNED, None),
    ]
    await assess(admin, talent, 2028, AssessmentGrade.PASS, on=date(2028, 12, 20))
    await assess(admin, talent, 2029, AssessmentGrade.PASS, on=date(2029, 12, 20))

    assert (await LeadingTalent.get(id=talent.id)).status is TalentStatus.COMPLETED
    assert [s for s, _ in await tranche_states(talent)] == [TrancheStatus.RELEASED] * 3
    events = await AuditEvent.filter(action="talent.assessment.recorded").order_by("id")
    assert [e.summary for e in events] == [
        {"year": 2027, "grade": "EXCELLENT", "comment": "服务成效显著", "releasedTranche": 2},
        {"year": 2028, "grade": "PASS", "releasedTranche": 3},
        {"year": 2029, "grade": "PASS", "completed": True},
    ]


async def test_a_failed_assessment_revokes_the_title_and_stops_the_planned_tranches(db: str) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)
    await assess(admin, talent, 2027, AssessmentGrade.PASS)

    await assess(admin, talent, 2028, AssessmentGrade.FAIL)

    row = await LeadingTalent.get(id=talent.id)
    assert (
        row.status,
        row.revoked_on,
        row.revocation_cause,
        row.revocation_reason,
        row.revoked_by_user_id,
    ) == (
        TalentStatus.REVOKED,
        LATER,
        RevocationCause.ASSESSMENT_FAILED,
        "2028年度考核不合格",
        admin.user_id,
    )
    assert await tranche_states(talent) == [
        (TrancheStatus.RELEASED, APPROVAL_DAY),
        (TrancheStatus.RELEASED, LATER),
        (TrancheStatus.STOPPED, LATER),
    ]
    with clock.travel_to(LATER), pytest.raises(WrongTalentStatus) as refused:
        await cultivation.record_assessment(
            admin, talent.id, year=2029, grade=AssessmentGrade.PASS, comment=None
        )
    assert refused.value.message == "该领军人才已撤销，不能录入年度考核"


async def test_the_same_year_and_grade_again_returns_the_assessment_and_another_grade_is_refused(
    db: str,
) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)
    await assess(admin, talent, 2027, AssessmentGrade.FAIL)

    with clock.travel_to(LATER):
        again = await cultivation.record_assessment(
            admin, talent.id, year=2027, grade=AssessmentGrade.FAIL, comment=None
        )
        with pytest.raises(AssessmentAlreadyRecorded) as refused:
            await cultivation.record_assessment(
                admin, talent.id, year=2027, grade=AssessmentGrade.PASS, comment=None
            )

    assert again.assessment.year == 2027
    assert await CultivationAssessment.all().count() == 1
    assert refused.value.message == "2027 年度考核已录入为「不合格」，不能更改"
    assert await AuditEvent.filter(action="talent.leading_talent.revoked").count() == 1


async def test_years_out_of_order_in_the_future_or_outside_the_period_write_nothing(db: str) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)

    with pytest.raises(InvalidAssessmentYear, match="下一个应录入的是 2027 年度"):
        await assess(admin, talent, 2028, AssessmentGrade.PASS)
    with pytest.raises(InvalidAssessmentYear, match="2027-12-08 起方可录入"):
        await assess(admin, talent, 2027, AssessmentGrade.PASS, on=date(2026, 12, 31))
    with pytest.raises(InvalidAssessmentYear, match="考核年度须在 2027 至 2029 年之间"):
        await assess(admin, talent, 2026, AssessmentGrade.PASS)
    with pytest.raises(InvalidInput, match="考核意见不超过 500 字"):
        await cultivation.record_assessment(
            admin, talent.id, year=2027, grade=AssessmentGrade.PASS, comment="好" * 501
        )

    assert await CultivationAssessment.all().count() == 0
    assert [s for s, _ in await tranche_states(talent)] == [
        TrancheStatus.RELEASED,
        TrancheStatus.PLANNED,
        TrancheStatus.PLANNED,
    ]


async def test_revoking_records_the_reason_and_cause_and_stops_the_rest_once(db: str) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)

    with clock.travel_to(LATER):
        row = await cultivation.revoke_talent(
            admin, talent.id, reason=" 伪造\u200b业绩材料 ", cause=RevocationCause.FRAUD
        )
        with pytest.raises(WrongTalentStatus) as twice:
            await cultivation.revoke_talent(admin, talent.id, reason="再次撤销", cause=None)

    assert (row.status, row.revoked_on, row.revocation_cause, row.revocation_reason) == (
        TalentStatus.REVOKED,
        LATER,
        RevocationCause.FRAUD,
        "伪造业绩材料",
    )
    assert [s for s, _ in await tranche_states(talent)] == [
        TrancheStatus.RELEASED,
        TrancheStatus.STOPPED,
        TrancheStatus.STOPPED,
    ]
    assert twice.value.message == "该领军人才已撤销，不能撤销称号"
    [event] = await AuditEvent.filter(action="talent.leading_talent.revoked")
    assert event.summary == {
        "from": "CULTIVATING",
        "reason": "伪造业绩材料",
        "cause": "FRAUD",
        "stoppedTranches": 2,
    }


async def test_a_completed_title_may_still_be_revoked(db: str) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)
    for year in (2027, 2028, 2029):
        await assess(admin, talent, year, AssessmentGrade.PASS)

    with clock.travel_to(LATER):
        row = await cultivation.revoke_talent(
            admin, talent.id, reason="离开社会工作岗位", cause=RevocationCause.LEFT_POST
        )

    assert row.status is TalentStatus.REVOKED


async def test_revoking_without_a_reason_by_a_county_admin_or_of_no_title_is_refused(db: str) -> None:
    admin = await prefecture_admin()
    _, (talent, _) = await approved_titles(admin)
    county_admin = await actor_of(await staff("chenx", Grant(Role.COUNTY_ADMIN, county_code="532301")))

    with pytest.raises(ReasonRequired, match="撤销称号须填写理由"):
        await cultivation.revoke_talent(admin, talent.id, reason="\u200b ", cause=None)
    with pytest.raises(InvalidInput, match="理由不超过 500 字"):
        await cultivation.revoke_talent(admin, talent.id, reason="假" * 501, cause=None)
    with pytest.raises(OutOfScope):
        await cultivation.revoke_talent(county_admin, talent.id, reason="伪造", cause=None)
    with pytest.raises(OutOfScope):
        await cultivation.record_assessment(
            county_admin, talent.id, year=2027, grade=AssessmentGrade.PASS, comment=None
        )
    with pytest.raises(LeadingTalentNotFound):
        await cultivation.revoke_talent(admin, talent.id + 100, reason="伪造", cause=None)

    assert (await LeadingTalent.get(id=talent.id)).status is TalentStatus.CULTIVATING
    assert await AuditEvent.filter(action="talent.leading_talent.revoked").count() == 0


async def test_a_title_is_seen_by_the_person_the_admins_of_its_county_and_the_prefecture(db: str) -> None:
    admin = await prefecture_admin()
    made, (chuxiong_title, lufeng_title) = await approved_titles(admin)
    person = await actor_of(made.applicants[0])
    chuxiong = await actor_of(await staff("chenx", Grant(Role.COUNTY_ADMIN, county_code="532301")))
    lufeng = await actor_of(await staff("lilix", Grant(Role.COUNTY_ADMIN, county_code="532302")))

    assert await cultivation.talent_in_view(person, chuxiong_title.id)
    with pytest.raises(LeadingTalentNotFound):
        await cultivation.talent_in_view(person, lufeng_title.id)
    with pytest.raises(LeadingTalentNotFound):
        await cultivation.talent_in_view(lufeng, chuxiong_title.id)

    async def listed(actor: Actor, filter: cultivation.TalentFilter | None = None) -> list[int]:
        page = await cultivation.list_talents(
            actor, first=10, after=None, filter=filter or cultivation.TalentFilter()
        )
        return [row.id for row in page.items]

    assert await listed(admin) == [chuxiong_title.id, lufeng_title.id]
    assert await listed(admin, cultivation.TalentFilter(county_code="532302")) == [lufeng_title.id]
    assert await listed(admin, cultivation.TalentFilter(status=TalentStatus.REVOKED)) == []
    assert await listed(admin, cultivation.TalentFilter(round_id=made.round.id + 1)) == []
    assert await listed(chuxiong) == [chuxiong_title.id]
    assert await listed(chuxiong, cultivation.TalentFilter(county_code="532302")) == []
    assert await listed(person) == [chuxiong_title.id]
    assert await listed(Actor()) == []
    own = person_id_of(made.applicants[0])
    assert [t.id for t in await cultivation.titles_of_person(person, own)] == [chuxiong_title.id]
    assert await cultivation.titles_of_person(lufeng, own) == []


async def test_the_reports_count_the_standing_titles_by_county(db: str) -> None:
    admin = await prefecture_admin()
    _, (chuxiong_title, _) = await approved_titles(admin)
    assert await service.leading_talent_counts_by_county() == {"532301": 1, "532302": 1}

    with clock.travel_to(LATER):
        await cultivation.revoke_talent(
            admin, chuxiong_title.id, reason="违纪", cause=RevocationCause.VIOLATION
        )

    assert await service.leading_talent_counts_by_county() == {"532302": 1}
