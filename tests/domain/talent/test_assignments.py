"""Assigning expert reviewers: starting the scoring only after the window closed and the county review
is done, conflicts of interest recorded or refused, experts only, a pair assigned once; a reviewer's own
declared conflict; the admin excusing a reviewer."""

from __future__ import annotations

from datetime import date

import pytest

from domain import clock
from domain.access import Role
from domain.accounts.models import User, UserRole
from domain.audit.models import AuditEvent
from domain.errors import InvalidInput, OutOfScope
from domain.people.errors import ReasonRequired
from domain.people.models import Organization, Person
from domain.people.vocabulary import OrganizationType
from domain.talent.assignments import assign_reviewers, declare_conflict, excuse_reviewer
from domain.talent.errors import (
    AlreadyScored,
    NotAnExpert,
    NotAssigned,
    ReviewerConflict,
    TalentApplicationNotFound,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import TalentAssignment, TalentRound
from domain.talent.vocabulary import ApplicationStatus, AssignmentStatus, RoundStatus
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.domain.talent.scoring_rows import (
    AFTER_WINDOW,
    a_scoring_round,
    an_expert_at,
    county_admin,
    experts,
    prefecture_admin,
    scored,
)
from tests.factories import actor_of, trainee


async def passed_round(count: int = 2) -> tuple[TalentRound, list[int]]:
    round_ = await a_round()
    ids = []
    for n in range(count):
        application = await an_application(
            round_, await an_applicant(f"applicant{n}"), status=ApplicationStatus.COUNTY_PASSED
        )
        ids.append(application.id)
    return round_, ids


async def test_the_first_assignment_starts_the_scoring_for_every_passed_application(db: str) -> None:
    round_, ids = await passed_round()
    await an_application(round_, await an_applicant("rejected"), status=ApplicationStatus.REJECTED)
    panel = await experts(2)
    with clock.travel_to(AFTER_WINDOW):
        done = await assign_reviewers(await prefecture_admin(), round_.id, [u.id for u in panel], None)
    assert done.round.status is RoundStatus.SCORING
    assert [(a.application_id, a.reviewer_user_id, a.status) for a in done.assignments] == [
        (ids[0], panel[0].id, AssignmentStatus.ASSIGNED),
        (ids[0], panel[1].id, AssignmentStatus.ASSIGNED),
        (ids[1], panel[0].id, AssignmentStatus.ASSIGNED),
        (ids[1], panel[1].id, AssignmentStatus.ASSIGNED),
    ]
    event = await AuditEvent.get(action="talent.reviewers.assigned")
    assert event.summary["scoringStarted"] is True
    assert event.summary["assigned"] == 4


async def test_scoring_does_not_start_while_the_window_is_open(db: str) -> None:
    round_, _ = await passed_round()
    [expert] = await experts(1)
    with clock.travel_to(date(2026, 10, 31)), pytest.raises(WrongRoundStatus, match="2026年10月31日，截止后"):
        await assign_reviewers(await prefecture_admin(), round_.id, [expert.id], None)
    assert not await TalentAssignment.exists()
    assert (await TalentRound.get(id=round_.id)).status is RoundStatus.CALLING


async def test_scoring_does_not_start_while_applications_await_county_review(db: str) -> None:
    round_, _ = await passed_round()
    for n in range(2):
        await an_application(round_, await an_applicant(f"waiting{n}"))
    [expert] = await experts(1)
    with clock.travel_to(AFTER_WINDOW), pytest.raises(WrongRoundStatus, match="还有 2 份申报待县级初审"):
        await assign_reviewers(await prefecture_admin(), round_.id, [expert.id], None)
    assert not await TalentAssignment.exists()


async def test_scoring_does_not_start_while_a_returned_application_is_not_resubmitted(db: str) -> None:
    round_, _ = await passed_round()
    for n in range(2):
        await an_application(round_, await an_applicant(f"returned{n}"), status=ApplicationStatus.RETURNED)
    [expert] = await experts(1)
    with (
        clock.travel_to(AFTER_WINDOW),
        pytest.raises(
            WrongRoundStatus, match="还有 2 份退回修改的申报尚未重新提交：请县级在其重新提交后初审"
        ) as refused,
    ):
        await assign_reviewers(await prefecture_admin(), round_.id, [expert.id], None)
    assert "以逾期未重新提交为由不予通过" in str(refused.value)
    assert not await TalentAssignment.exists()
    assert (await TalentRound.get(id=round_.id)).status is RoundStatus.CALLING


async def test_a_ranked_round_takes_no_reviewers(db: str) -> None:
    round_ = await a_round(status=RoundStatus.RANKED)
    [expert] = await experts(1)
    with pytest.raises(WrongRoundStatus, match="选拔轮次评审已结束、待公示，不能分配评审专家"):
        await assign_reviewers(await prefecture_admin(), round_.id, [expert.id], None)


async def test_a_reviewer_of_the_applicants_organisation_is_recorded_as_a_conflict(db: str) -> None:
    round_, ids = await passed_round(1)
    colleague = await an_expert_at("colleague", "楚雄市 鹿城镇社区服务中心")
    [other] = await experts(1)
    with clock.travel_to(AFTER_WINDOW):
        done = await assign_reviewers(await prefecture_admin(), round_.id, [colleague.id, other.id], None)
    statuses = [(a.reviewer_user_id, a.status, a.reason) for a in done.assignments]
    assert statuses == [
        (colleague.id, AssignmentStatus.CONFLICT, "与申报人同一单位：楚雄市鹿城镇社区服务中心"),
        (other.id, AssignmentStatus.ASSIGNED, None),
    ]
    event = await AuditEvent.get(action="talent.reviewers.assigned")
    assert event.summary["conflicts"] == [{"application": ids[0], "reviewer": colleague.id}]


async def test_a_conflict_by_the_reviewers_registry_organisation_is_found_too(db: str) -> None:
    round_ = await a_round(status=RoundStatus.SCORING)
    station = await Organization.create(
        name="禄丰市社工站",
        credit_code="52532302MJ0000001X",
        county_id="532302",
        township="金山镇",
        type=next(iter(OrganizationType)),
        filed_by_user_id=0,
    )
    application = await an_application(
        round_,
        await an_applicant("applicant"),
        status=ApplicationStatus.COUNTY_PASSED,
        organization_name="禄丰市社工站",
        organization_id=station.id,
    )
    # A registered social worker who is also an expert, filed at the station under another spelling.
    reviewer = await trainee("reviewer", name="王评审", organization_name="金山社工站")
    await Person.filter(id=reviewer.person_id).update(organization_id=station.id)
    await UserRole.create(user_id=reviewer.id, role=Role.EXPERT)
    with pytest.raises(
        ReviewerConflict, match="专家「王评审」与申报人「李娜」同一单位（禄丰市社工站）"
    ) as refused:
        await assign_reviewers(await prefecture_admin("admin"), round_.id, [reviewer.id], [application.id])
    assert refused.value.field_path == ("reviewerIds", "0")
    assert not await TalentAssignment.exists()


async def test_with_explicit_applications_a_conflict_is_refused_and_nothing_written(db: str) -> None:
    round_, ids = await passed_round(2)
    [other] = await experts(1)
    colleague = await an_expert_at("colleague", "楚雄市鹿城镇社区服务中心")
    with clock.travel_to(AFTER_WINDOW), pytest.raises(ReviewerConflict) as refused:
        await assign_reviewers(await prefecture_admin(), round_.id, [other.id, colleague.id], ids)
    assert refused.value.field_path == ("reviewerIds", "1")
    assert not await TalentAssignment.exists()
    assert (await TalentRound.get(id=round_.id)).status is RoundStatus.CALLING


async def test_only_experts_are_assigned_and_the_refusal_names_the_account(db: str) -> None:
    round_, _ = await passed_round()
    [expert] = await experts(1)
    applicant = await an_applicant("notexpert", name="赵不是")
    with pytest.raises(NotAnExpert, match="「赵不是」不是评审专家账号") as refused:
        await assign_reviewers(await prefecture_admin(), round_.id, [expert.id, applicant.id], None)
    assert refused.value.field_path == ("reviewerIds", "1")
    with pytest.raises(NotAnExpert, match="账号不存在"):
        await assign_reviewers(await prefecture_admin("zhang"), round_.id, [99999], None)
    with pytest.raises(InvalidInput, match="重复") as repeated:
        await assign_reviewers(await prefecture_admin("wang"), round_.id, [expert.id, expert.id], None)
    assert repeated.value.field_path == ("reviewerIds", "1")


async def test_assigning_a_pair_again_changes_nothing_and_more_reviewers_join_while_scoring(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    admin = await prefecture_admin()
    [first] = scoring.reviewers
    [second] = await experts(1, prefix="late")
    again = await assign_reviewers(admin, scoring.round.id, [first.id, second.id], None)
    assert len(again.assignments) == 6
    assert await TalentAssignment.filter(reviewer_user_id=first.id).count() == 3
    assert await TalentAssignment.filter(reviewer_user_id=second.id).count() == 3
    assert (await AuditEvent.get(action="talent.reviewers.assigned")).summary["assigned"] == 3


async def test_explicit_applications_must_be_passed_applications_of_the_round(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    elsewhere = await an_application(await a_round(year=2027), await an_applicant("elsewhere"))
    returned = await an_application(
        scoring.round, await an_applicant("back"), status=ApplicationStatus.RETURNED
    )
    [expert] = await experts(1, prefix="late")
    admin = await prefecture_admin()
    with pytest.raises(TalentApplicationNotFound) as missing:
        await assign_reviewers(
            admin, scoring.round.id, [expert.id], [scoring.applications[0].id, elsewhere.id]
        )
    assert missing.value.field_path == ("applicationIds", "1")
    with pytest.raises(WrongApplicationStatus, match="已退回修改") as wrong:
        await assign_reviewers(admin, scoring.round.id, [expert.id], [returned.id])
    assert wrong.value.field_path == ("applicationIds", "0")


async def test_a_county_admin_does_not_assign_reviewers(db: str) -> None:
    round_, _ = await passed_round()
    [expert] = await experts(1)
    with pytest.raises(OutOfScope):
        await assign_reviewers(await county_admin("532301"), round_.id, [expert.id], None)


# --- declared conflicts ---------------------------------------------------------------------------


async def test_an_assigned_reviewer_declares_a_conflict_with_a_reason(db: str) -> None:
    scoring = await a_scoring_round(reviewers=2)
    reviewer = scoring.reviewers[0]
    application = scoring.applications[0]
    actor = await actor_of(reviewer)
    with pytest.raises(ReasonRequired):
        await declare_conflict(actor, application.id, " ")
    row = await declare_conflict(actor, application.id, "申报人是我的近亲属")
    assert (row.status, row.reason, row.decided_by_user_id) == (
        AssignmentStatus.CONFLICT_DECLARED,
        "申报人是我的近亲属",
        reviewer.id,
    )
    with pytest.raises(ReviewerConflict, match="须回避（申报人是我的近亲属），不能申明回避"):
        await declare_conflict(actor, application.id, "再次申明")
    assert await AuditEvent.filter(action="talent.assignment.conflict_declared").count() == 1


async def test_a_reviewer_who_scored_or_is_not_assigned_cannot_declare(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    [reviewer] = scoring.reviewers
    await scored(scoring.applications[0], reviewer, "10", "10", "10", "10", "10", "10")
    with pytest.raises(AlreadyScored):
        await declare_conflict(await actor_of(reviewer), scoring.applications[0].id, "想回避")
    [stranger] = await experts(1, prefix="other")
    with pytest.raises(NotAssigned):
        await declare_conflict(await actor_of(stranger), scoring.applications[0].id, "想回避")


# --- excusing a reviewer --------------------------------------------------------------------------


async def test_the_admin_excuses_a_reviewers_pending_assignments_with_a_reason(db: str) -> None:
    scoring = await a_scoring_round(reviewers=2)
    reviewer = scoring.reviewers[0]
    first = await scored(scoring.applications[0], reviewer, "10", "10", "10", "10", "10", "10")
    admin = await prefecture_admin()
    with pytest.raises(ReasonRequired):
        await excuse_reviewer(admin, scoring.round.id, reviewer.id, None)
    await excuse_reviewer(admin, scoring.round.id, reviewer.id, "因病住院、无法按期评审")
    rows = await TalentAssignment.filter(reviewer_user_id=reviewer.id).order_by("application_id")
    assert [r.status for r in rows] == [
        AssignmentStatus.SCORED,
        AssignmentStatus.EXCUSED,
        AssignmentStatus.EXCUSED,
    ]
    assert {r.decided_by_user_id for r in rows[1:]} == {admin.user_id}
    assert rows[0].id == first.id
    assert not rows[0].reason  # the scored one keeps no excuse
    event = await AuditEvent.get(action="talent.reviewer.excused")
    assert event.summary["reason"] == "因病住院、无法按期评审"
    with pytest.raises(NotAssigned, match="没有待评分的申报") as nothing:
        await excuse_reviewer(admin, scoring.round.id, reviewer.id, "再次")
    assert nothing.value.field_path == ("reviewerId",)
    with pytest.raises(OutOfScope):
        await excuse_reviewer(await county_admin("532301"), scoring.round.id, scoring.reviewers[1].id, "原因")


async def test_an_expert_who_is_the_applicant_is_kept_out_of_their_own_application(db: str) -> None:
    round_ = await a_round()
    applicant = await an_applicant("selfreview", name="何自评", organization_name="大姚县社工站")
    await UserRole.create(user_id=applicant.id, role=Role.EXPERT)
    # The application's organisation differs from the registry's now: the person alone decides.
    own = await an_application(
        round_, applicant, status=ApplicationStatus.COUNTY_PASSED, organization_name="另一单位"
    )
    with clock.travel_to(AFTER_WINDOW):
        done = await assign_reviewers(await prefecture_admin(), round_.id, [applicant.id], None)
        [row] = done.assignments
        assert (row.application_id, row.status, row.reason) == (
            own.id,
            AssignmentStatus.CONFLICT,
            "评审专家即申报人本人",
        )


async def an_applying_expert(round_: TalentRound, status: ApplicationStatus) -> User:
    """An EXPERT account whose person has an application of `status` in `round_` (禄丰市, another
    organisation than the round's other applicants)."""
    reviewer = await trainee(
        "applyingexpert", name="申评审", county_code="532302", organization_name="禄丰某中心"
    )
    await UserRole.create(user_id=reviewer.id, role=Role.EXPERT)
    await an_application(
        round_, reviewer, status=status, county_code="532302", organization_name="禄丰某中心"
    )
    return reviewer


async def test_an_applicant_of_the_round_is_a_conflict_for_every_application(db: str) -> None:
    round_, ids = await passed_round(2)
    reviewer = await an_applying_expert(round_, ApplicationStatus.REJECTED)
    [other] = await experts(1)
    with clock.travel_to(AFTER_WINDOW):
        done = await assign_reviewers(await prefecture_admin(), round_.id, [reviewer.id, other.id], None)
    mine = [
        (a.application_id, a.status, a.reason) for a in done.assignments if a.reviewer_user_id != other.id
    ]
    assert mine == [
        (ids[0], AssignmentStatus.CONFLICT, "评审专家本人为本轮申报人"),
        (ids[1], AssignmentStatus.CONFLICT, "评审专家本人为本轮申报人"),
    ]
    assert {a.status for a in done.assignments if a.reviewer_user_id == other.id} == {
        AssignmentStatus.ASSIGNED
    }


async def test_an_applicant_of_the_round_named_explicitly_is_refused(db: str) -> None:
    round_, ids = await passed_round(2)
    reviewer = await an_applying_expert(round_, ApplicationStatus.RETURNED)
    await TalentRound.filter(id=round_.id).update(status=RoundStatus.SCORING)
    with pytest.raises(
        ReviewerConflict, match="专家「申评审」本人为本轮申报人，须回避本轮全部申报"
    ) as refused:
        await assign_reviewers(await prefecture_admin(), round_.id, [reviewer.id], [ids[1]])
    assert refused.value.field_path == ("reviewerIds", "0")
    assert not await TalentAssignment.exists()


@pytest.mark.parametrize("status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED])
async def test_a_withdrawn_or_declined_application_is_no_conflict(db: str, status: ApplicationStatus) -> None:
    round_, ids = await passed_round(1)
    reviewer = await an_applying_expert(round_, status)
    await TalentRound.filter(id=round_.id).update(status=RoundStatus.SCORING)
    done = await assign_reviewers(await prefecture_admin(), round_.id, [reviewer.id], ids)
    assert [a.status for a in done.assignments] == [AssignmentStatus.ASSIGNED]


async def test_a_declared_conflict_is_audited_for_the_prefecture_only(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    await declare_conflict(await actor_of(scoring.reviewers[0]), scoring.applications[0].id, "亲属关系")
    event = await AuditEvent.get(action="talent.assignment.conflict_declared")
    assert event.county_code is None
    assert event.summary["reason"] == "亲属关系"


async def test_declaring_a_conflict_after_the_scoring_closed_points_at_the_application(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    await TalentRound.filter(id=scoring.round.id).update(status=RoundStatus.RANKED)
    with pytest.raises(WrongRoundStatus, match="不能申明回避") as refused:
        await declare_conflict(await actor_of(scoring.reviewers[0]), scoring.applications[0].id, "亲属关系")
    assert refused.value.field_path == ("applicationId",)


async def test_declaring_a_conflict_unassigned_tells_nothing_of_the_round(db: str) -> None:
    scoring = await a_scoring_round(reviewers=1)
    await TalentRound.filter(id=scoring.round.id).update(status=RoundStatus.RANKED)
    [stranger] = await experts(1, prefix="stranger")
    with pytest.raises(NotAssigned):
        await declare_conflict(await actor_of(stranger), scoring.applications[0].id, "亲属关系")
