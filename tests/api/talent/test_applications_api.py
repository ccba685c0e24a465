"""Applications over HTTP: applyForTalentRound, update/submit/withdraw, recommendation and confirmation,
the applicant's and the county's lists, and eligibility explained rule by rule."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.exam.vocabulary import ExamLevel
from domain.talent.models import TalentApplication, TalentApplicationStep
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.talent.application_api import APPLICATION_FIELDS, APPLY, mutate, open_round
from tests.domain.talent.applicant_rows import TODAY, applicant
from tests.factories import person_id_of

UPDATE = f"""
mutation Update($input: UpdateTalentApplicationInput!) {{
  updateTalentApplication(input: $input) {{ application {{ {APPLICATION_FIELDS} }} userErrors {{ code field message }} }}
}}
"""
SUBMIT = f"""
mutation Submit($input: SubmitTalentApplicationInput!) {{
  submitTalentApplication(input: $input) {{ application {{ {APPLICATION_FIELDS} }} userErrors {{ code field message }} }}
}}
"""
WITHDRAW = f"""
mutation Withdraw($input: WithdrawTalentApplicationInput!) {{
  withdrawTalentApplication(input: $input) {{ application {{ {APPLICATION_FIELDS} }} userErrors {{ code field message }} }}
}}
"""
RECOMMEND = f"""
mutation Recommend($input: RecommendTalentApplicantInput!) {{
  recommendTalentApplicant(input: $input) {{ application {{ {APPLICATION_FIELDS} }} userErrors {{ code field message }} }}
}}
"""
CONFIRM = f"""
mutation Confirm($input: ConfirmTalentRecommendationInput!) {{
  confirmTalentRecommendation(input: $input) {{
    application {{ {APPLICATION_FIELDS} }} userErrors {{ code field message }}
  }}
}}
"""
MINE = "query { myTalentApplications { id status round { id } } }"
QUEUE = """
query Queue($roundId: ID!, $first: Int!, $filter: TalentApplicationFilter) {
  talentApplications(roundId: $roundId, first: $first, filter: $filter) {
    totalCount nodes { id status countyCode person { name } }
  }
}
"""
ELIGIBILITY = """
query Eligibility($roundId: ID!, $personId: ID) {
  talentEligibility(roundId: $roundId, personId: $personId) { eligible referenceDate rules { rule met detail } }
}
"""
STATEMENT = "扎根彝乡社区十年，带领团队开展困境儿童服务。"


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


async def signed_in(api: Api, username: str, **kwargs: Any) -> tuple[str, int]:
    """A certified trainee signed in: (token, person id)."""
    user, _ = await applicant(username, **kwargs)
    return await api.login(username), person_id_of(user)


async def apply(api: Api, token: str, round_id: str, **override: Any) -> dict[str, Any]:
    return await mutate(
        api, APPLY, "applyForTalentRound", {"roundId": round_id, "statement": STATEMENT, **override}, token
    )


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_a_trainee_applies_and_reads_it_back(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    token, person_id = await signed_in(api, "li.na", name="阿依·木呷")
    payload = await apply(api, token, round_["id"], achievements="2024年获评州级优秀社会工作者")
    assert payload["userErrors"] == []
    application = payload["application"]
    assert (application["status"], application["countyCode"], application["countyName"]) == (
        "SUBMITTED",
        "532301",
        "楚雄市",
    )
    assert application["person"] == {"id": to_global_id("Person", person_id), "name": "阿依·木呷"}
    assert application["round"]["id"] == round_["id"]
    assert [(s["fromStatus"], s["toStatus"]) for s in application["steps"]] == [(None, "SUBMITTED")]
    mine = (await api.data(MINE, token=token))["myTalentApplications"]
    assert [(m["id"], m["status"]) for m in mine] == [(application["id"], "SUBMITTED")]


async def test_refusals_are_coded_chinese_user_errors_and_write_nothing(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = await open_round(api, tokens.prefecture, eligibility={"minYearsHeld": 10})
    token, _ = await signed_in(api, "li.na", level=ExamLevel.ASSISTANT)
    refused = await apply(api, token, round_["id"])
    [error] = refused["userErrors"]
    assert (error["code"], error["field"]) == ("TALENT_NOT_ELIGIBLE", ["input", "roundId"])
    assert "1. 持有助理社会工作师证书" in error["message"]
    assert "2. 未持有社会工作师及以上证书" in error["message"]
    assert codes(await apply(api, token, to_global_id("TalentRound", 999))) == ["TALENT_ROUND_NOT_FOUND"]
    assert codes(await apply(api, token, "not-an-id")) == ["INVALID_ID"]
    ok_token, _ = await signed_in(api, "wang.fang")
    open_call = await open_round(api, tokens.prefecture)
    assert codes(await apply(api, ok_token, open_call["id"], statement=" ")) == ["INVALID_INPUT"]
    assert await TalentApplication.all().count() == 0
    assert codes(await apply(api, ok_token, open_call["id"])) == []
    assert codes(await apply(api, ok_token, open_call["id"])) == ["ALREADY_APPLIED"]
    monkeypatch.setenv("SWTALENT_TODAY", "2026-11-01")
    late_token, _ = await signed_in(api, "late.one")
    [late] = (await apply(api, late_token, open_call["id"]))["userErrors"]
    assert late["code"] == "APPLICATION_WINDOW_CLOSED"
    assert "2026-09-01 至 2026-10-31" in late["message"]
    assert await TalentApplication.all().count() == 1


@pytest.mark.parametrize("who", ["chuxiong", "prefecture", "expert"])
async def test_staff_do_not_apply(api: Api, tokens: Tokens, who: str) -> None:
    round_ = await open_round(api, tokens.prefecture)
    body = await api.post(
        APPLY, {"input": {"roundId": round_["id"], "statement": STATEMENT}}, token=getattr(tokens, who)
    )
    assert error_codes(body) == ["FORBIDDEN"]
    body = await api.post(APPLY, {"input": {"roundId": round_["id"], "statement": STATEMENT}})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_draft_is_updated_submitted_and_a_withdrawal_is_final(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    token, _ = await signed_in(api, "li.na")
    other_token, _ = await signed_in(api, "wang.fang")
    draft = (await apply(api, token, round_["id"], submit=False))["application"]
    assert draft["status"] == "DRAFT"
    assert draft["submittedAt"] is None
    update = {"applicationId": draft["id"], "statement": "新的陈述", "achievements": "新业绩"}
    assert codes(await mutate(api, UPDATE, "updateTalentApplication", update, other_token)) == [
        "TALENT_APPLICATION_NOT_FOUND"
    ]
    assert codes(await mutate(api, UPDATE, "updateTalentApplication", update, token)) == []
    submitted = await mutate(api, SUBMIT, "submitTalentApplication", {"applicationId": draft["id"]}, token)
    assert submitted["application"]["statement"] == "新的陈述"
    assert submitted["application"]["status"] == "SUBMITTED"
    refused = await mutate(api, WITHDRAW, "withdrawTalentApplication", {"applicationId": draft["id"]}, token)
    assert codes(refused) == ["WRONG_APPLICATION_STATUS"]
    second = (await apply(api, other_token, round_["id"], submit=False))["application"]
    withdrawn = await mutate(
        api,
        WITHDRAW,
        "withdrawTalentApplication",
        {"applicationId": second["id"], "reason": "工作调动"},
        other_token,
    )
    assert withdrawn["application"]["steps"][-1] == {
        "fromStatus": "DRAFT",
        "toStatus": "WITHDRAWN",
        "comment": "工作调动",
        "at": withdrawn["application"]["steps"][-1]["at"],
    }
    [again] = (await apply(api, other_token, round_["id"]))["userErrors"]
    assert again["code"] == "ALREADY_APPLIED"
    assert "撤回" in again["message"]


async def test_a_county_admin_recommends_and_the_person_confirms(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    token, person_id = await signed_in(api, "li.na")
    recommend = {
        "roundId": round_["id"],
        "personId": to_global_id("Person", person_id),
        "statement": "推荐理由",
    }
    refused = await mutate(api, RECOMMEND, "recommendTalentApplicant", recommend, tokens.lufeng)
    assert codes(refused) == ["OUT_OF_SCOPE"]
    payload = await mutate(api, RECOMMEND, "recommendTalentApplicant", recommend, tokens.chuxiong)
    assert (payload["application"]["status"], payload["application"]["recommended"]) == ("RECOMMENDED", True)
    confirm = {"applicationId": payload["application"]["id"]}
    body = await api.post(CONFIRM, {"input": confirm}, token=tokens.chuxiong)
    assert error_codes(body) == ["FORBIDDEN"]
    confirmed = await mutate(api, CONFIRM, "confirmTalentRecommendation", confirm, token)
    assert [s["toStatus"] for s in confirmed["application"]["steps"]] == ["RECOMMENDED", "DRAFT", "SUBMITTED"]
    assert codes(await mutate(api, RECOMMEND, "recommendTalentApplicant", recommend, tokens.chuxiong)) == [
        "ALREADY_APPLIED"
    ]


async def test_county_admins_read_their_countys_queue_only(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    for name, county in (("a.one", "532301"), ("b.two", "532302"), ("c.three", "532301")):
        token, _ = await signed_in(api, name, county_code=county)
        await apply(api, token, round_["id"], submit=name != "c.three")
    variables: dict[str, Any] = {"roundId": round_["id"], "first": 10}
    chuxiong = (await api.data(QUEUE, variables, token=tokens.chuxiong))["talentApplications"]
    assert {n["countyCode"] for n in chuxiong["nodes"]} == {"532301"}
    assert chuxiong["totalCount"] == 1  # c.three's draft is theirs alone until submitted
    queue = (await api.data(QUEUE, {**variables, "filter": {"status": "SUBMITTED"}}, token=tokens.chuxiong))[
        "talentApplications"
    ]
    assert queue["totalCount"] == 1
    lufeng = (await api.data(QUEUE, variables, token=tokens.lufeng))["talentApplications"]
    assert lufeng["totalCount"] == 1
    everyone = (await api.data(QUEUE, variables, token=tokens.prefecture))["talentApplications"]
    assert everyone["totalCount"] == 2
    token = await api.login("a.one")
    assert error_codes(await api.post(QUEUE, variables, token=token)) == ["FORBIDDEN"]
    missing = {"roundId": to_global_id("TalentRound", 999), "first": 10}
    assert error_codes(await api.post(QUEUE, missing, token=tokens.prefecture)) == ["NOT_FOUND"]


async def test_eligibility_is_explained_to_the_person_and_to_their_countys_admin(
    api: Api, tokens: Tokens
) -> None:
    round_ = await open_round(api, tokens.prefecture, eligibility={"minYearsHeld": 10})
    token, person_id = await signed_in(api, "li.na")
    own = (await api.data(ELIGIBILITY, {"roundId": round_["id"]}, token=token))["talentEligibility"]
    assert own["eligible"] is False
    assert own["referenceDate"] == "2026-10-31"
    assert [(r["rule"], r["met"]) for r in own["rules"]] == [
        ("CERTIFICATE_LEVEL", True),
        ("YEARS_HELD", False),
        ("PRACTICE_YEARS", True),
        ("AGE", True),
    ]
    assert own["rules"][1]["detail"] == "持有社会工作师及以上证书 6 年（自 2020-06-30 起），要求不少于 10 年"
    asked = {"roundId": round_["id"], "personId": to_global_id("Person", person_id)}
    assert (await api.data(ELIGIBILITY, asked, token=tokens.chuxiong))["talentEligibility"] == own
    assert error_codes(await api.post(ELIGIBILITY, asked, token=tokens.lufeng)) == ["NOT_FOUND"]
    assert error_codes(await api.post(ELIGIBILITY, asked)) == ["UNAUTHENTICATED"]


async def test_two_applications_at_once_over_http_leave_one(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    token, _ = await signed_in(api, "li.na")
    answers = await asyncio.gather(*(apply(api, token, round_["id"]) for _ in range(3)))
    assert sorted(tuple(codes(a)) for a in answers) == [(), ("ALREADY_APPLIED",), ("ALREADY_APPLIED",)]
    assert await TalentApplication.all().count() == 1
    assert await TalentApplicationStep.all().count() == 1


async def test_a_declined_recommendation_leaves_the_person_free_to_apply(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture)
    token, person_id = await signed_in(api, "li.na")
    recommend = {
        "roundId": round_["id"],
        "personId": to_global_id("Person", person_id),
        "statement": "推荐理由",
    }
    recommended = await mutate(api, RECOMMEND, "recommendTalentApplicant", recommend, tokens.chuxiong)
    confirm = {"applicationId": recommended["application"]["id"], "accept": False}
    declined = await mutate(api, CONFIRM, "confirmTalentRecommendation", confirm, token)
    assert declined["userErrors"] == []
    assert declined["application"]["status"] == "DECLINED"
    mine = await apply(api, token, round_["id"])
    assert mine["userErrors"] == []
    assert (mine["application"]["id"], mine["application"]["status"], mine["application"]["recommended"]) == (
        recommended["application"]["id"],
        "SUBMITTED",
        False,
    )
    assert [s["toStatus"] for s in mine["application"]["steps"]] == ["RECOMMENDED", "DECLINED", "SUBMITTED"]


async def test_a_county_without_places_is_refused_and_shown_as_an_unmet_rule(
    api: Api, tokens: Tokens
) -> None:
    round_ = await open_round(api, tokens.prefecture)  # places for 楚雄市 and 禄丰市 only
    token, person_id = await signed_in(api, "li.na", county_code="532323")
    [refused] = (await apply(api, token, round_["id"]))["userErrors"]
    assert (refused["code"], refused["field"]) == ("COUNTY_QUOTA_FULL", ["input", "roundId"])
    assert "本轮未给牟定县分配名额" in refused["message"]
    recommend = {
        "roundId": round_["id"],
        "personId": to_global_id("Person", person_id),
        "statement": "推荐理由",
    }
    assert codes(await mutate(api, RECOMMEND, "recommendTalentApplicant", recommend, tokens.prefecture)) == [
        "COUNTY_QUOTA_FULL"
    ]
    own = (await api.data(ELIGIBILITY, {"roundId": round_["id"]}, token=token))["talentEligibility"]
    assert own["eligible"] is False
    assert ("COUNTY_QUOTA", False) in [(r["rule"], r["met"]) for r in own["rules"]]
    assert await TalentApplication.all().count() == 0
