"""`reviewTalentApplication` over HTTP: the county admin passes, returns or rejects their county's
submitted applications, within the county quota; other counties, wrong roles and out-of-order reviews
are refused with nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.talent.models import TalentApplication, TalentApplicationStep
from domain.talent.vocabulary import ApplicationStatus, RoundStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.talent.round_rows import a_round, an_applicant, an_application
from tests.factories import PASSWORD

REVIEW = """
mutation R($input: ReviewTalentApplicationInput!) {
  reviewTalentApplication(input: $input) {
    application { id status countyComment steps { fromStatus toStatus comment } }
    userErrors { code field message }
  }
}
"""


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-10-15")


async def review(api: Api, token: str, application_id: int, decision: str, comment: str | None = None) -> Any:
    variables = {
        "input": {
            "applicationId": to_global_id("TalentApplication", application_id),
            "decision": decision,
            "comment": comment,
        }
    }
    return (await api.data(REVIEW, variables, token=token))["reviewTalentApplication"]


async def test_the_county_admin_passes_an_application_of_their_county(api: Api, tokens: Tokens) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    answer = await review(api, tokens.chuxiong, application.id, "PASS", "材料齐全")
    assert answer["userErrors"] == []
    assert answer["application"]["status"] == "COUNTY_PASSED"
    assert answer["application"]["countyComment"] == "材料齐全"
    assert answer["application"]["steps"][-1] == {
        "fromStatus": "SUBMITTED",
        "toStatus": "COUNTY_PASSED",
        "comment": "材料齐全",
    }


async def test_returning_without_a_comment_is_refused_and_with_one_the_applicant_sees_it(
    api: Api, tokens: Tokens
) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    answer = await review(api, tokens.chuxiong, application.id, "RETURN", "  ")
    assert answer["application"] is None
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("REASON_REQUIRED", ["input", "comment"])
    assert "退回修改时须填写初审意见" in error["message"]
    assert not await TalentApplicationStep.exists()
    answer = await review(api, tokens.chuxiong, application.id, "RETURN", "请补充服务对象反馈材料")
    assert answer["application"]["status"] == "RETURNED"
    mine = await api.data(
        "query($id: ID!) { node(id: $id) { ... on TalentApplication { status countyComment } } }",
        {"id": to_global_id("TalentApplication", application.id)},
        token=await api.login("lina", PASSWORD),
    )
    assert mine["node"] == {"status": "RETURNED", "countyComment": "请补充服务对象反馈材料"}


async def test_another_countys_application_is_not_found(api: Api, tokens: Tokens) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    answer = await review(api, tokens.lufeng, application.id, "REJECT", "不符合条件")
    assert [e["code"] for e in answer["userErrors"]] == ["TALENT_APPLICATION_NOT_FOUND"]
    assert (await TalentApplication.get(id=application.id)).status is ApplicationStatus.SUBMITTED


async def test_passing_beyond_the_county_quota_is_refused(api: Api, tokens: Tokens) -> None:
    round_ = await a_round(county_quotas={"532301": 1})
    first = await an_application(round_, await an_applicant("lina"))
    second = await an_application(round_, await an_applicant("wangfang"))
    assert (await review(api, tokens.prefecture, first.id, "PASS"))["userErrors"] == []
    answer = await review(api, tokens.chuxiong, second.id, "PASS")
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("COUNTY_QUOTA_FULL", ["input", "decision"])
    assert "楚雄市本轮县级名额为 1 名" in error["message"]
    assert (await TalentApplication.get(id=second.id)).status is ApplicationStatus.SUBMITTED


async def test_reviewing_out_of_order_is_refused_in_words(api: Api, tokens: Tokens) -> None:
    round_ = await a_round()
    passed = await an_application(round_, await an_applicant("lina"), status=ApplicationStatus.COUNTY_PASSED)
    answer = await review(api, tokens.chuxiong, passed.id, "REJECT", "重新考虑")
    assert answer["userErrors"][0]["code"] == "WRONG_APPLICATION_STATUS"
    assert answer["userErrors"][0]["message"] == "该申报县级初审已通过，不能不予通过"
    scoring = await a_round(status=RoundStatus.SCORING, year=2027)
    late = await an_application(scoring, await an_applicant("wangfang"))
    answer = await review(api, tokens.chuxiong, late.id, "PASS")
    assert answer["userErrors"][0]["code"] == "WRONG_ROUND_STATUS"


async def test_experts_and_trainees_may_not_review(api: Api, tokens: Tokens) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"))
    variables = {
        "input": {"applicationId": to_global_id("TalentApplication", application.id), "decision": "PASS"}
    }
    for token in (tokens.expert, await api.login("lina", PASSWORD)):
        assert error_codes(await api.post(REVIEW, variables, token=token)) == ["FORBIDDEN"]
    assert (await TalentApplication.get(id=application.id)).status is ApplicationStatus.SUBMITTED
    bad = await api.data(
        REVIEW, {"input": {"applicationId": "nonsense", "decision": "PASS"}}, token=tokens.chuxiong
    )
    assert bad["reviewTalentApplication"]["userErrors"][0]["code"] == "INVALID_ID"


async def test_a_returned_application_not_resubmitted_is_rejected_with_a_comment_kept_in_paragraphs(
    api: Api, tokens: Tokens
) -> None:
    round_ = await a_round()
    application = await an_application(round_, await an_applicant("lina"), status=ApplicationStatus.RETURNED)
    for decision, comment in (("PASS", "补齐了"), ("RETURN", "再改")):
        answer = await review(api, tokens.chuxiong, application.id, decision, comment)
        assert [e["code"] for e in answer["userErrors"]] == ["WRONG_APPLICATION_STATUS"]
    blank = await review(api, tokens.chuxiong, application.id, "REJECT")
    assert [(e["code"], e["field"]) for e in blank["userErrors"]] == [
        ("REASON_REQUIRED", ["input", "comment"])
    ]
    assert error_codes(
        await api.post(
            REVIEW,
            {
                "input": {
                    "applicationId": to_global_id("TalentApplication", application.id),
                    "decision": "REJECT",
                    "comment": "逾期",
                }
            },
            token=tokens.expert,
        )
    ) == ["FORBIDDEN"]
    other = await review(api, tokens.lufeng, application.id, "REJECT", "逾期")
    assert [e["code"] for e in other["userErrors"]] == ["TALENT_APPLICATION_NOT_FOUND"]
    answer = await review(
        api, tokens.chuxiong, application.id, "REJECT", "逾期未重新提交。\n\n请下一轮再申报。"
    )
    assert answer["userErrors"] == []
    assert answer["application"]["status"] == "REJECTED"
    assert answer["application"]["countyComment"] == "逾期未重新提交。\n\n请下一轮再申报。"
    assert answer["application"]["steps"][-1] == {
        "fromStatus": "RETURNED",
        "toStatus": "REJECTED",
        "comment": "逾期未重新提交。\n\n请下一轮再申报。",
    }
    assert (await TalentApplication.get(id=application.id)).status is ApplicationStatus.REJECTED
