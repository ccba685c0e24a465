"""Applications and recommendations on the real database (domain/talent/applications.py,
recommendations.py, applicant_facts.py): the window, eligibility from the registry, exam and training
data, one application per person per round, each move with its step and audit event."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from domain.audit.models import AuditEvent
from domain.errors import ErrorCode, InvalidInput, OutOfScope
from domain.exam.vocabulary import ExamLevel
from domain.people.errors import NoPerson
from domain.talent import applications, evidence, recommendations, rounds
from domain.talent.eligibility import EligibilityRule
from domain.talent.errors import (
    AlreadyApplied,
    ApplicationWindowClosed,
    CountyWithoutPlaces,
    TalentApplicationNotFound,
    TalentNotEligible,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import TalentApplication, TalentApplicationStep, TalentEvidence
from domain.talent.vocabulary import ApplicationStatus, RoundStatus
from tests.domain.talent.applicant_rows import (
    PREFECTURE,
    TODAY,
    applicant,
    county_admin,
    employer,
    hours,
    join,
    move_round,
    opened_round,
)
from tests.factories import person_id_of

A = ApplicationStatus
STATEMENT = "扎根彝乡社区十年，带领团队开展困境儿童服务。"


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


async def test_applying_submits_at_once_with_the_persons_county_and_organisation(db: str) -> None:
    round_ = await opened_round()
    user, actor = await applicant("li.na", county_code="532302", organization_name="禄丰市金山镇社工站")
    row = await applications.apply(
        actor, round_.id, statement="  第一段 \u200b\n\n\n 第二段  ", achievements="业绩"
    )
    assert row.status is A.SUBMITTED
    assert row.submitted_at is not None
    assert (row.person_id, row.county_id, row.organization_name) == (
        person_id_of(user),
        "532302",
        "禄丰市金山镇社工站",
    )
    assert row.statement == "第一段\n\n第二段"  # each line plain text, one blank line kept
    [step] = await TalentApplicationStep.filter(application_id=row.id)
    assert [step.from_status, step.to_status, step.actor_user_id] == [None, A.SUBMITTED, user.id]
    event = await AuditEvent.get(action="talent.application.submitted")
    assert (event.target_id, event.county_code) == (str(row.id), "532302")


async def test_a_draft_is_edited_then_submitted(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    draft = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    assert (draft.status, draft.submitted_at) == (A.DRAFT, None)
    edited = await applications.update_application(
        actor, draft.id, statement="改过的陈述", achievements="新业绩"
    )
    assert (edited.statement, edited.achievements) == ("改过的陈述", "新业绩")
    submitted = await applications.submit_application(actor, draft.id)
    assert submitted.status is A.SUBMITTED
    steps = await TalentApplicationStep.filter(application_id=draft.id).order_by("id")
    assert [(s.from_status, s.to_status) for s in steps] == [(None, A.DRAFT), (A.DRAFT, A.SUBMITTED)]
    with pytest.raises(WrongApplicationStatus, match="已提交、待县级初审"):
        await applications.update_application(actor, draft.id, statement="再改", achievements="")


@pytest.mark.parametrize(("today", "word"), [("2026-08-31", "尚未开始"), ("2026-11-01", "已经截止")])
async def test_outside_the_window_nobody_applies(
    db: str, monkeypatch: pytest.MonkeyPatch, today: str, word: str
) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    monkeypatch.setenv("SWTALENT_TODAY", today)
    with pytest.raises(ApplicationWindowClosed) as refused:
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    assert refused.value.message == f"本轮申报时间为 2026-09-01 至 2026-10-31，今天（{today}）申报{word}"
    assert await TalentApplication.all().count() == 0


@pytest.mark.parametrize("today", ["2026-09-01", "2026-10-31"])
async def test_the_first_and_last_days_of_the_window_are_in_it(
    db: str, monkeypatch: pytest.MonkeyPatch, today: str
) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    monkeypatch.setenv("SWTALENT_TODAY", today)
    row = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    assert row.status is A.SUBMITTED


async def test_a_round_past_the_call_takes_no_application(db: str) -> None:
    round_ = await opened_round()
    await move_round(round_, RoundStatus.SCORING)
    _, actor = await applicant("li.na")
    with pytest.raises(WrongRoundStatus, match="专家评审中"):
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")


async def test_an_ineligible_person_is_told_every_unmet_rule(db: str) -> None:
    round_ = await opened_round(eligibility=rounds.EligibilityInput(min_years_held=10, max_age=30))
    _, actor = await applicant("li.na", level=ExamLevel.ASSISTANT)
    with pytest.raises(TalentNotEligible) as refused:
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    message = refused.value.message
    assert "1. 持有助理社会工作师证书，要求社会工作师及以上证书" in message
    assert "2. 未持有社会工作师及以上证书，要求持证不少于 10 年" in message
    assert "3. 截至 2026-10-31 年满 36 周岁，要求不超过 30 周岁" in message
    assert await TalentApplication.all().count() == 0


async def test_eligibility_reads_the_front_line_training_up_to_the_closing_day(db: str) -> None:
    round_ = await opened_round(eligibility=rounds.EligibilityInput(training_requirement_met=True))
    user, actor = await applicant("li.na")
    await hours(user, "100", date(2026, 3, 1))
    await hours(user, "60", date(2025, 12, 31))  # the previous plan's window: does not count
    result = await applications.eligibility_for(actor, round_.id, None)
    assert result is not None
    training = next(r for r in result.rules if r.rule is EligibilityRule.TRAINING)
    assert not training.met
    assert "已计 100 学时，要求 160 学时" in training.detail
    await hours(user, "60", date(2026, 9, 10))
    result = await applications.eligibility_for(actor, round_.id, None)
    assert result is not None
    assert result.eligible


async def test_one_application_per_person_per_round(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    with pytest.raises(AlreadyApplied, match="草稿"):
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    assert await TalentApplication.all().count() == 1


async def test_a_withdrawn_person_may_not_apply_again_in_that_round(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    draft = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    withdrawn = await applications.withdraw_application(actor, draft.id, " 工作调动 ")
    assert withdrawn.status is A.WITHDRAWN
    step = await TalentApplicationStep.filter(application_id=draft.id).order_by("-id").first()
    assert step is not None
    assert step.comment == "工作调动"
    with pytest.raises(AlreadyApplied, match="撤回后本轮不能再次申报"):
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")


async def test_two_applications_at_once_leave_one_row(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    answers = await asyncio.gather(
        *(applications.apply(actor, round_.id, statement=STATEMENT, achievements="") for _ in range(3)),
        return_exceptions=True,
    )
    assert sum(isinstance(a, TalentApplication) for a in answers) == 1, answers
    assert sum(isinstance(a, AlreadyApplied) for a in answers) == 2, answers
    assert await TalentApplication.all().count() == 1
    assert await TalentApplicationStep.all().count() == 1


async def test_texts_are_checked(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    with pytest.raises(InvalidInput) as empty:
        await applications.apply(actor, round_.id, statement="\u200b \n ", achievements="")
    assert empty.value.field_path == ("statement",)
    with pytest.raises(InvalidInput) as long:
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="业" * 5001)
    assert long.value.field_path == ("achievements",)


async def test_an_account_without_a_person_cannot_apply(db: str) -> None:
    round_ = await opened_round()
    with pytest.raises(NoPerson):
        await applications.apply(PREFECTURE, round_.id, statement=STATEMENT, achievements="")


async def test_only_the_applicant_edits_and_others_are_told_it_does_not_exist(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    _, other = await applicant("wang.fang")
    draft = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    with pytest.raises(TalentApplicationNotFound):
        await applications.update_application(other, draft.id, statement="冒名", achievements="")
    # A draft is the applicant's own: even their county's admin is told it does not exist.
    with pytest.raises(TalentApplicationNotFound):
        await applications.submit_application(county_admin("532301"), draft.id)
    with pytest.raises(TalentApplicationNotFound):
        await applications.withdraw_application(county_admin("532302"), draft.id, None)
    await applications.submit_application(actor, draft.id)
    with pytest.raises(OutOfScope):
        await applications.withdraw_application(county_admin("532301"), draft.id, None)


async def test_a_returned_application_is_resubmitted_after_the_window_while_the_round_calls(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    draft = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    await TalentApplication.filter(id=draft.id).update(status=A.RETURNED)
    monkeypatch.setenv("SWTALENT_TODAY", "2026-11-10")
    resubmitted = await applications.submit_application(actor, draft.id)
    assert resubmitted.status is A.SUBMITTED
    # A draft after the window is refused.
    _, late = await applicant("late.one")
    await TalentApplication.create(
        round_id=round_.id,
        person_id=late.person_id,
        county_id="532301",
        organization_name="x",
        status=A.DRAFT,
        statement=STATEMENT,
    )
    late_draft = await TalentApplication.get(person_id=late.person_id)
    with pytest.raises(ApplicationWindowClosed):
        await applications.submit_application(late, late_draft.id)
    await move_round(round_, RoundStatus.SCORING)
    await TalentApplication.filter(id=draft.id).update(status=A.RETURNED)
    with pytest.raises(WrongRoundStatus):
        await applications.submit_application(actor, draft.id)


async def test_a_submitted_application_cannot_be_withdrawn(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    row = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    with pytest.raises(WrongApplicationStatus, match="不能撤回"):
        await applications.withdraw_application(actor, row.id, None)
    assert (await TalentApplication.get(id=row.id)).status is A.SUBMITTED


async def test_admins_list_their_counties_applications(db: str) -> None:
    round_ = await opened_round()
    rows = {}
    for name, county in (("a.one", "532301"), ("b.two", "532302"), ("c.three", "532301")):
        _, actor = await applicant(name, county_code=county)
        rows[name] = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    flt = applications.ApplicationFilter()
    page = await applications.list_applications(
        county_admin("532301"), round_.id, first=10, after=None, filter=flt
    )
    assert [r.id for r in page.items] == [rows["a.one"].id, rows["c.three"].id]
    everyone = await applications.list_applications(PREFECTURE, round_.id, first=10, after=None, filter=flt)
    assert everyone.total_count == 3
    other = applications.ApplicationFilter(county_code="532302")
    assert (
        await applications.list_applications(
            county_admin("532301"), round_.id, first=10, after=None, filter=other
        )
    ).items == []
    _, trainee_actor = await applicant("d.four")
    with pytest.raises(OutOfScope):
        await applications.list_applications(trainee_actor, round_.id, first=10, after=None, filter=flt)


async def test_an_admin_sees_eligibility_of_their_countys_people_only(db: str) -> None:
    round_ = await opened_round()
    user, _ = await applicant("li.na")
    assert (
        await applications.eligibility_for(county_admin("532301"), round_.id, person_id_of(user)) is not None
    )
    assert await applications.eligibility_for(county_admin("532302"), round_.id, person_id_of(user)) is None


async def test_an_employer_recommends_and_the_person_accepts_and_submits(db: str) -> None:
    round_ = await opened_round()
    _, boss, org_id = await employer("boss")
    user, actor = await applicant("li.na")
    await join(user, org_id)
    recommended = await recommendations.recommend(
        boss, round_.id, person_id_of(user), statement="单位推荐理由", achievements=""
    )
    assert (recommended.status, recommended.recommended_by_user_id, recommended.organization_id) == (
        A.RECOMMENDED,
        boss.user_id,
        org_id,
    )
    confirmed = await recommendations.confirm_recommendation(actor, recommended.id)
    assert confirmed.status is A.SUBMITTED
    steps = await TalentApplicationStep.filter(application_id=recommended.id).order_by("id")
    assert [s.to_status for s in steps] == [A.RECOMMENDED, A.DRAFT, A.SUBMITTED]
    events = AuditEvent.filter(target_type="TalentApplication", target_id=str(recommended.id))
    actions: list[str] = await events.order_by("id").values_list("action", flat=True)  # type: ignore[assignment]
    assert actions == [
        "talent.application.recommended",
        "talent.application.accepted",
        "talent.application.submitted",
    ]


async def test_a_county_admin_recommends_in_their_county_only(db: str) -> None:
    round_ = await opened_round()
    user, actor = await applicant("li.na")
    with pytest.raises(OutOfScope):
        await recommendations.recommend(
            county_admin("532302"), round_.id, person_id_of(user), statement="推荐", achievements=""
        )
    _, stranger, _ = await employer("other.boss", number=2)
    with pytest.raises(OutOfScope):
        await recommendations.recommend(
            stranger, round_.id, person_id_of(user), statement="推荐", achievements=""
        )
    row = await recommendations.recommend(
        county_admin("532301"), round_.id, person_id_of(user), statement="推荐", achievements=""
    )
    declined = await recommendations.confirm_recommendation(actor, row.id, accept=False)
    assert declined.status is A.DECLINED
    # Declining leaves the person free to apply themselves.
    mine = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    assert (mine.id, mine.status) == (row.id, A.SUBMITTED)


async def test_a_recommendation_accepted_as_a_draft_and_only_by_the_person(db: str) -> None:
    round_ = await opened_round()
    user, actor = await applicant("li.na")
    _, other = await applicant("wang.fang")
    row = await recommendations.recommend(
        county_admin("532301"), round_.id, person_id_of(user), statement="推荐", achievements=""
    )
    with pytest.raises(OutOfScope):
        await recommendations.confirm_recommendation(county_admin("532301"), row.id)
    with pytest.raises(TalentApplicationNotFound):
        await recommendations.confirm_recommendation(other, row.id)
    draft = await recommendations.confirm_recommendation(actor, row.id, submit=False)
    assert draft.status is A.DRAFT
    with pytest.raises(WrongApplicationStatus):
        await recommendations.confirm_recommendation(actor, row.id)


async def test_an_ineligible_person_is_not_recommended(db: str) -> None:
    round_ = await opened_round()
    user, _ = await applicant("li.na", level=None)
    with pytest.raises(TalentNotEligible):
        await recommendations.recommend(
            county_admin("532301"), round_.id, person_id_of(user), statement="推荐", achievements=""
        )
    assert await TalentApplication.all().count() == 0


PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


async def test_a_declined_recommendation_leaves_the_person_free_to_apply_on_its_row(db: str) -> None:
    round_ = await opened_round()
    user, actor = await applicant("li.na")
    admin = county_admin("532301")
    row = await recommendations.recommend(
        admin, round_.id, person_id_of(user), statement="推荐", achievements=""
    )
    await evidence.attach_evidence(admin, row.id, evidence.EvidenceFile("推荐表.pdf", PDF))
    declined = await recommendations.confirm_recommendation(actor, row.id, accept=False)
    assert declined.status is A.DECLINED
    files = [evidence.EvidenceFile("我的证书.pdf", PDF)]
    mine = await applications.apply(
        actor, round_.id, statement="本人申报", achievements="业绩", submit=False, files=files
    )
    assert (mine.id, mine.status, mine.recommended_by_user_id, mine.statement, mine.submitted_at) == (
        row.id,
        A.DRAFT,
        None,
        "本人申报",
        None,
    )
    # The employer's file went with its recommendation; the person's own replaced it.
    assert [e.file_name for e in await TalentEvidence.filter(application_id=row.id)] == ["我的证书.pdf"]
    steps = await TalentApplicationStep.filter(application_id=row.id).order_by("id")
    assert [(s.from_status, s.to_status) for s in steps] == [
        (None, A.RECOMMENDED),
        (A.RECOMMENDED, A.DECLINED),
        (A.DECLINED, A.DRAFT),
    ]
    # The recommender no longer sees the person's own draft.
    with pytest.raises(TalentApplicationNotFound):
        await applications.withdraw_application(admin, row.id, None)
    assert await TalentApplication.all().count() == 1


async def test_a_recommendation_taken_back_may_be_made_again_and_a_declined_one_applied_on(db: str) -> None:
    round_ = await opened_round()
    user, actor = await applicant("li.na")
    admin = county_admin("532301")
    row = await recommendations.recommend(
        admin, round_.id, person_id_of(user), statement="推荐", achievements=""
    )
    taken_back = await applications.withdraw_application(admin, row.id, "推荐材料有误")
    assert taken_back.status is A.DECLINED
    with pytest.raises(WrongApplicationStatus, match="推荐未被接受或已撤回，不能撤回"):
        await applications.withdraw_application(admin, row.id, None)
    again = await recommendations.recommend(
        admin, round_.id, person_id_of(user), statement="重新推荐", achievements=""
    )
    assert (again.id, again.status, again.statement) == (row.id, A.RECOMMENDED, "重新推荐")
    with pytest.raises(AlreadyApplied):
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    await recommendations.confirm_recommendation(actor, row.id, accept=False)
    submitted = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    assert (submitted.id, submitted.status, submitted.recommended_by_user_id) == (row.id, A.SUBMITTED, None)
    assert submitted.submitted_at is not None
    with pytest.raises(WrongApplicationStatus) as refused:
        await applications.withdraw_application(actor, row.id, None)
    assert refused.value.message.startswith("已提交的申报不能撤回，由县级审核")


async def test_a_withdrawn_application_is_refused_by_its_status_not_as_submitted(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    draft = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    await applications.withdraw_application(actor, draft.id, None)
    with pytest.raises(WrongApplicationStatus) as refused:
        await applications.withdraw_application(actor, draft.id, None)
    assert refused.value.message == "该申报已撤回，不能撤回"


async def test_changes_that_can_no_longer_matter_are_refused(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    files = [evidence.EvidenceFile("a.pdf", PDF)]
    draft = await applications.apply(
        actor, round_.id, statement=STATEMENT, achievements="", submit=False, files=files
    )
    [kept] = await TalentEvidence.filter(application_id=draft.id)
    other_user, _ = await applicant("wang.fang")
    admin = county_admin("532301")
    recommended = await recommendations.recommend(
        admin, round_.id, person_id_of(other_user), statement="推荐", achievements=""
    )
    monkeypatch.setenv("SWTALENT_TODAY", "2026-11-10")  # the window has closed; the round still calls
    with pytest.raises(ApplicationWindowClosed, match="已经截止，不能修改申报"):
        await applications.update_application(actor, draft.id, statement="晚了", achievements="")
    with pytest.raises(ApplicationWindowClosed):
        await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("b.pdf", PDF))
    with pytest.raises(ApplicationWindowClosed):
        await evidence.remove_evidence(actor, kept.id)
    with pytest.raises(ApplicationWindowClosed):
        await evidence.attach_evidence(admin, recommended.id, evidence.EvidenceFile("b.pdf", PDF))
    # A returned one may be changed while the round calls, not after.
    await TalentApplication.filter(id=draft.id).update(status=A.RETURNED, submitted_at=draft.created_at)
    await applications.update_application(actor, draft.id, statement="按县级意见修改", achievements="")
    await evidence.attach_evidence(actor, draft.id, evidence.EvidenceFile("b.pdf", PDF))
    await move_round(round_, RoundStatus.SCORING)
    with pytest.raises(WrongRoundStatus, match="不能修改申报"):
        await applications.update_application(actor, draft.id, statement="再改", achievements="")
    with pytest.raises(WrongRoundStatus):
        await evidence.remove_evidence(actor, kept.id)
    assert (await TalentApplication.get(id=draft.id)).statement == "按县级意见修改"
    assert await TalentEvidence.filter(application_id=draft.id).count() == 2


async def test_a_county_without_places_is_refused_at_once(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    round_ = await opened_round()  # places for 楚雄市 and 禄丰市 only
    user, actor = await applicant("li.na", county_code="532323")
    with pytest.raises(CountyWithoutPlaces, match="本轮未给牟定县分配名额") as refused:
        await applications.apply(actor, round_.id, statement=STATEMENT, achievements="")
    assert refused.value.code is ErrorCode.COUNTY_QUOTA_FULL
    with pytest.raises(CountyWithoutPlaces):
        await recommendations.recommend(
            PREFECTURE, round_.id, person_id_of(user), statement="推荐", achievements=""
        )
    result = await applications.eligibility_for(actor, round_.id, None)
    assert result is not None
    assert not result.eligible
    [unmet] = result.unmet
    assert unmet.rule is EligibilityRule.COUNTY_QUOTA
    written = await TalentApplication.create(
        round_id=round_.id,
        person_id=person_id_of(user),
        county_id="532323",
        organization_name="x",
        status=A.RECOMMENDED,
        recommended_by_user_id=PREFECTURE.user_id,
    )
    with pytest.raises(CountyWithoutPlaces):
        await recommendations.confirm_recommendation(actor, written.id, submit=False)
    assert (await TalentApplication.get(id=written.id)).status is A.RECOMMENDED
    # The window is checked first: before it opens, an ineligible person there hears of the window.
    _, early = await applicant("early.one", county_code="532323", level=None)
    monkeypatch.setenv("SWTALENT_TODAY", "2026-08-20")
    with pytest.raises(ApplicationWindowClosed):
        await applications.apply(early, round_.id, statement=STATEMENT, achievements="")


async def test_a_county_admin_lists_and_sees_only_submitted_applications(db: str) -> None:
    round_ = await opened_round()
    _, actor = await applicant("li.na")
    other_user, _ = await applicant("wang.fang")
    admin = county_admin("532301")
    draft = await applications.apply(actor, round_.id, statement=STATEMENT, achievements="", submit=False)
    recommended = await recommendations.recommend(
        admin, round_.id, person_id_of(other_user), statement="推荐", achievements=""
    )
    everyone = applications.ApplicationFilter()
    page = await applications.list_applications(admin, round_.id, first=10, after=None, filter=everyone)
    assert [r.id for r in page.items] == [recommended.id]  # their own recommendation, not the draft
    page = await applications.list_applications(PREFECTURE, round_.id, first=10, after=None, filter=everyone)
    assert page.items == []
    await applications.submit_application(actor, draft.id)
    page = await applications.list_applications(PREFECTURE, round_.id, first=10, after=None, filter=everyone)
    assert [r.id for r in page.items] == [draft.id]


async def test_a_plan_period_completed_counts_early_in_the_next(db: str) -> None:
    round_ = await opened_round(eligibility=rounds.EligibilityInput(training_requirement_met=True))
    user, actor = await applicant("li.na")
    await hours(user, "160", date(2024, 5, 1))  # 2021–2025 completed; nothing yet in 2026–2030
    result = await applications.eligibility_for(actor, round_.id, None)
    assert result is not None
    training = next(r for r in result.rules if r.rule is EligibilityRule.TRAINING)
    assert training.met
    assert "2021—2025年" in training.detail
    assert "上一规划期" in training.detail
