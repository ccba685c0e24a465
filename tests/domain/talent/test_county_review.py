"""The county's preliminary review: pass within the county quota, return or reject with a comment, only
a SUBMITTED application of a CALLING round of the admin's own county; the quota holds when two admins
pass the last place at once."""

from __future__ import annotations

import asyncio

import pytest

from domain.audit.models import AuditEvent
from domain.errors import DomainError
from domain.people.errors import ReasonRequired
from domain.talent.county_review import review_application
from domain.talent.errors import (
    CountyQuotaFull,
    TalentApplicationNotFound,
    WrongApplicationStatus,
    WrongRoundStatus,
)
from domain.talent.models import TalentApplication, TalentApplicationStep
from domain.talent.vocabulary import ApplicationStatus, ReviewDecision, RoundStatus
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.domain.talent.scoring_rows import county_admin, prefecture_admin


async def test_passing_writes_the_comment_the_step_and_the_audit_event(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    admin = await county_admin("532301")
    row = await review_application(admin, application.id, ReviewDecision.PASS, "  材料齐全\u200b、同意推荐 ")
    assert row.status is ApplicationStatus.COUNTY_PASSED
    assert row.county_comment == "材料齐全、同意推荐"
    assert row.county_reviewed_at is not None
    [step] = await TalentApplicationStep.filter(application_id=application.id)
    assert (step.from_status, step.to_status, step.actor_user_id, step.comment) == (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.COUNTY_PASSED,
        admin.user_id,
        "材料齐全、同意推荐",
    )
    event = await AuditEvent.get(action="talent.application.county_passed")
    assert (event.target_id, event.actor_scope) == (str(application.id), "532301")


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (ReviewDecision.RETURN, ApplicationStatus.RETURNED),
        (ReviewDecision.REJECT, ApplicationStatus.REJECTED),
    ],
)
async def test_returning_and_rejecting_need_a_comment(
    db: str, decision: ReviewDecision, status: ApplicationStatus
) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    admin = await county_admin("532301")
    for empty in (None, "", " \u200b\ufeff "):
        with pytest.raises(ReasonRequired, match="须填写初审意见") as refused:
            await review_application(admin, application.id, decision, empty)
        assert refused.value.field_path == ("comment",)
    assert (await TalentApplication.get(id=application.id)).status is ApplicationStatus.SUBMITTED
    assert not await TalentApplicationStep.exists()
    row = await review_application(admin, application.id, decision, "缺少服务对象反馈材料")
    assert (row.status, row.county_comment) == (status, "缺少服务对象反馈材料")


async def test_another_countys_admin_is_told_the_application_does_not_exist(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    with pytest.raises(TalentApplicationNotFound):
        await review_application(await county_admin("532302"), application.id, ReviewDecision.PASS, None)
    assert (await TalentApplication.get(id=application.id)).status is ApplicationStatus.SUBMITTED
    # The prefecture admin reviews everywhere.
    row = await review_application(await prefecture_admin(), application.id, ReviewDecision.PASS, None)
    assert row.status is ApplicationStatus.COUNTY_PASSED


async def test_an_application_not_awaiting_review_is_refused_with_its_status(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"), status=ApplicationStatus.DRAFT)
    with pytest.raises(WrongApplicationStatus, match="该申报尚为草稿，不能通过县级初审"):
        await review_application(await county_admin("532301"), application.id, ReviewDecision.PASS, None)


async def test_a_round_in_expert_scoring_takes_no_more_county_reviews(db: str) -> None:
    round_ = await a_round(status=RoundStatus.SCORING)
    application = await an_application(round_, await an_applicant("lina"))
    with pytest.raises(WrongRoundStatus, match="选拔轮次专家评审中，县级初审已结束"):
        await review_application(await county_admin("532301"), application.id, ReviewDecision.PASS, None)


async def test_passing_beyond_the_county_quota_is_refused_but_returning_is_not(db: str) -> None:
    round_ = await a_round(county_quotas={"532301": 1})
    admin = await county_admin("532301")
    first = await an_application(round_, await an_applicant("lina"))
    second = await an_application(round_, await an_applicant("wangfang"))
    await review_application(admin, first.id, ReviewDecision.PASS, None)
    with pytest.raises(CountyQuotaFull, match="楚雄市本轮县级名额为 1 名，已通过初审 1 名") as refused:
        await review_application(admin, second.id, ReviewDecision.PASS, None)
    assert refused.value.field_path == ("decision",)
    assert (await TalentApplication.get(id=second.id)).status is ApplicationStatus.SUBMITTED
    assert await TalentApplicationStep.filter(application_id=second.id).count() == 0
    await review_application(admin, second.id, ReviewDecision.RETURN, "请补充材料")


async def test_a_county_without_a_quota_row_has_no_cap_of_its_own(db: str) -> None:
    round_ = await a_round(county_quotas={"532301": 1})
    admin = await county_admin("532322")
    for n in range(3):
        application = await an_application(
            round_, await an_applicant(f"person{n}", county_code="532322"), county_code="532322"
        )
        await review_application(admin, application.id, ReviewDecision.PASS, None)
    assert await TalentApplication.filter(status=ApplicationStatus.COUNTY_PASSED).count() == 3


async def test_two_admins_passing_the_last_place_at_once_pass_exactly_one(db: str) -> None:
    round_ = await a_round(county_quotas={"532301": 1})
    chen = await county_admin("532301", "chen")
    zhou = await prefecture_admin()
    applications = [await an_application(round_, await an_applicant(f"person{n}")) for n in range(4)]
    answers = await asyncio.gather(
        *(
            review_application(admin, application.id, ReviewDecision.PASS, None)
            for admin, application in zip([chen, zhou, chen, zhou], applications, strict=True)
        ),
        return_exceptions=True,
    )
    passed = [a for a in answers if isinstance(a, TalentApplication)]
    refused = [a for a in answers if isinstance(a, DomainError)]
    assert len(passed) == 1, answers
    assert all(isinstance(r, CountyQuotaFull) for r in refused)
    assert await TalentApplication.filter(status=ApplicationStatus.COUNTY_PASSED).count() == 1
    assert await TalentApplicationStep.all().count() == 1
    assert await AuditEvent.filter(action="talent.application.county_passed").count() == 1


async def test_the_same_application_passed_twice_at_once_is_passed_once(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    chen = await county_admin("532301", "chen")
    zhou = await prefecture_admin()
    answers = await asyncio.gather(
        review_application(chen, application.id, ReviewDecision.PASS, None),
        review_application(zhou, application.id, ReviewDecision.REJECT, "不符合条件"),
        return_exceptions=True,
    )
    assert sum(isinstance(a, TalentApplication) for a in answers) == 1
    assert sum(isinstance(a, WrongApplicationStatus) for a in answers) == 1
    assert await TalentApplicationStep.all().count() == 1


async def test_a_returned_application_not_resubmitted_may_be_rejected(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"), status=ApplicationStatus.RETURNED)
    admin = await county_admin("532301")
    with pytest.raises(ReasonRequired, match="不予通过时须填写初审意见"):
        await review_application(admin, application.id, ReviewDecision.REJECT, None)
    for decision in (ReviewDecision.PASS, ReviewDecision.RETURN):
        with pytest.raises(WrongApplicationStatus, match="该申报已退回修改，不能"):
            await review_application(admin, application.id, decision, "再看看")
    row = await review_application(admin, application.id, ReviewDecision.REJECT, "逾期未重新提交")
    assert row.status is ApplicationStatus.REJECTED
    assert row.county_comment == "逾期未重新提交"
    [step] = await TalentApplicationStep.filter(application_id=application.id)
    assert (step.from_status, step.to_status, step.comment) == (
        ApplicationStatus.RETURNED,
        ApplicationStatus.REJECTED,
        "逾期未重新提交",
    )
    assert await AuditEvent.exists(action="talent.application.rejected", county_code="532301")


async def test_the_county_comment_keeps_its_paragraphs(db: str) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    row = await review_application(
        await county_admin("532301"),
        application.id,
        ReviewDecision.RETURN,
        "一、请补充证书。\n\n\n二、请补充业绩。",
    )
    assert row.county_comment == "一、请补充证书。\n\n二、请补充业绩。"
