"""openTalentRound, correctTalentRound, talentRounds and talentRound over HTTP."""

from __future__ import annotations

import pytest

from api.schema.relay import decode_pk, to_global_id
from domain.talent.models import TalentRound
from tests.api.conftest import Api, Tokens, error_codes, sign_in_staff
from tests.api.talent.application_api import CORRECT, OPEN, call, mutate, open_round, opening_day
from tests.domain.talent.applicant_rows import TODAY

LIST = """
query Rounds($first: Int!, $after: String) {
  talentRounds(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id title }
  }
}
"""
ONE = """
query Round($roundId: ID!) {
  talentRound(roundId: $roundId) { id title countyQuotas { countyName quota } rubric { name } }
}
"""


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY)


async def test_the_prefecture_opens_a_round_with_the_documented_defaults(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(api, tokens.prefecture, funding="30000")
    assert round_["status"] == "CALLING"
    assert round_["eligibility"] == {
        "minCertificateLevel": "SOCIAL_WORKER",
        "minYearsHeld": 0,
        "minPracticeYears": 3,
        "maxAge": 55,
        "trainingRequirementMet": False,
    }
    assert (round_["funding"], round_["cultivationYears"], round_["promoteNextOnUpheld"]) == (
        "30000.00",
        3,
        True,
    )
    # Every county is shown; those not listed have no places.
    assert round_["countyQuotas"][:3] == [
        {"countyCode": "532301", "countyName": "楚雄市", "quota": 2},
        {"countyCode": "532302", "countyName": "禄丰市", "quota": 1},
        {"countyCode": "532322", "countyName": "双柏县", "quota": 0},
    ]
    assert len(round_["countyQuotas"]) == 10
    assert [(r["dimension"], r["name"], r["weight"], r["maxScore"]) for r in round_["rubric"]] == [
        ("ETHICS", "职业操守", "1.00", "15.00"),
        ("PROFESSIONALISM", "职业素质", "1.00", "15.00"),
        ("EXPERTISE", "专业技术", "1.00", "20.00"),
        ("CAPABILITY", "工作能力", "1.00", "20.00"),
        ("PERFORMANCE", "工作绩效", "1.00", "20.00"),
        ("CLIENT_FEEDBACK", "服务对象反馈意见", "1.00", "10.00"),
    ]


async def test_null_lifts_a_condition_and_a_left_out_one_takes_its_default(api: Api, tokens: Tokens) -> None:
    round_ = await open_round(
        api, tokens.prefecture, eligibility={"maxAge": None, "minCertificateLevel": None, "minYearsHeld": 2}
    )
    assert round_["eligibility"] == {
        "minCertificateLevel": None,
        "minYearsHeld": 2,
        "minPracticeYears": 3,
        "maxAge": None,
        "trainingRequirementMet": False,
    }


@pytest.mark.parametrize(
    ("override", "code", "field"),
    [
        ({"quota": 0}, "INVALID_QUOTA", ["input", "quota"]),
        (
            {"countyQuotas": [{"countyCode": "532301", "quota": 4}]},
            "INVALID_QUOTA",
            ["input", "countyQuotas", "0", "quota"],
        ),
        (
            {"countyQuotas": [{"countyCode": "532301", "quota": 1}, {"countyCode": "532301", "quota": 1}]},
            "INVALID_QUOTA",
            ["input", "countyQuotas", "1", "countyCode"],
        ),
        (
            {"countyQuotas": [{"countyCode": "110101", "quota": 1}]},
            "UNKNOWN_COUNTY",
            ["input", "countyQuotas", "0", "countyCode"],
        ),
        ({"applicationClosesOn": "2026-08-31"}, "DATES_OUT_OF_ORDER", ["input", "applicationClosesOn"]),
        (
            {"rubric": [{"dimension": "ETHICS", "weight": "1", "maxScore": "100"}]},
            "INVALID_RUBRIC",
            ["input", "rubric"],
        ),
        ({"eligibility": {"maxAge": 81}}, "INVALID_INPUT", ["input", "eligibility", "maxAge"]),
        ({"funding": "-5"}, "INVALID_AMOUNT", ["input", "funding"]),
        ({"title": "  "}, "INVALID_INPUT", ["input", "title"]),
    ],
)
async def test_a_bad_call_is_a_coded_chinese_user_error_and_nothing_is_written(
    api: Api, tokens: Tokens, override: dict[str, object], code: str, field: list[str]
) -> None:
    given = call(**override)
    with opening_day(given):
        payload = await mutate(api, OPEN, "openTalentRound", given, tokens.prefecture)
    assert payload["round"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == (code, field)
    assert any("\u4e00" <= c <= "\u9fff" for c in error["message"])
    assert await TalentRound.all().count() == 0


@pytest.mark.parametrize("who", ["chuxiong", "expert", None])
async def test_only_the_prefecture_opens_a_round(api: Api, tokens: Tokens, who: str | None) -> None:
    body = await api.post(OPEN, {"input": call()}, token=getattr(tokens, who) if who else None)
    assert error_codes(body) == (["FORBIDDEN"] if who else ["UNAUTHENTICATED"])
    assert await TalentRound.all().count() == 0


async def test_a_round_is_corrected_until_its_window_opens(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = await open_round(api, tokens.prefecture, applicationOpensOn="2026-10-01")
    payload = await mutate(
        api,
        CORRECT,
        "correctTalentRound",
        {"roundId": round_["id"], "quota": 4, "eligibility": {"minPracticeYears": 5}},
        tokens.prefecture,
    )
    assert payload["userErrors"] == []
    assert (payload["round"]["quota"], payload["round"]["eligibility"]["minPracticeYears"]) == (4, 5)
    assert payload["round"]["eligibility"]["maxAge"] == 55  # left out: kept
    body = await api.post(CORRECT, {"input": {"roundId": round_["id"], "quota": 5}}, token=tokens.chuxiong)
    assert error_codes(body) == ["FORBIDDEN"]
    monkeypatch.setenv("SWTALENT_TODAY", "2026-10-01")
    tokens = await sign_in_staff(api)
    payload = await mutate(
        api, CORRECT, "correctTalentRound", {"roundId": round_["id"], "quota": 5}, tokens.prefecture
    )
    assert [e["code"] for e in payload["userErrors"]] == ["TALENT_ROUND_LOCKED"]
    assert (await TalentRound.get()).quota == 4
    missing = to_global_id("TalentRound", 999)
    payload = await mutate(
        api, CORRECT, "correctTalentRound", {"roundId": missing, "title": "x"}, tokens.prefecture
    )
    assert [e["code"] for e in payload["userErrors"]] == ["TALENT_ROUND_NOT_FOUND"]


async def test_anyone_reads_the_rounds_newest_first_and_one_by_its_id(api: Api, tokens: Tokens) -> None:
    first = await open_round(api, tokens.prefecture, title="第一轮")
    second = await open_round(api, tokens.prefecture, title="第二轮")
    page = (await api.data(LIST, {"first": 1}))["talentRounds"]
    assert (page["totalCount"], [n["title"] for n in page["nodes"]]) == (2, ["第二轮"])
    rest = (await api.data(LIST, {"first": 5, "after": page["pageInfo"]["endCursor"]}))["talentRounds"]
    assert [n["id"] for n in rest["nodes"]] == [first["id"]]
    one = (await api.data(ONE, {"roundId": second["id"]}))["talentRound"]
    assert one["countyQuotas"][0] == {"countyName": "楚雄市", "quota": 2}
    assert len(one["rubric"]) == 6
    body = await api.post(ONE, {"roundId": to_global_id("TalentRound", 999)})
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_correction_may_not_open_in_the_past_nor_leave_every_county_without_places(
    api: Api, tokens: Tokens
) -> None:
    round_ = await open_round(api, tokens.prefecture, applicationOpensOn="2026-10-01")
    for given, code, field in (
        ({"applicationOpensOn": "2026-09-10"}, "DATES_OUT_OF_ORDER", ["input", "applicationOpensOn"]),
        ({"countyQuotas": []}, "INVALID_QUOTA", ["input", "countyQuotas"]),
    ):
        payload = await mutate(
            api, CORRECT, "correctTalentRound", {"roundId": round_["id"], **given}, tokens.prefecture
        )
        [error] = payload["userErrors"]
        assert (error["code"], error["field"]) == (code, field)
    assert (
        await TalentRound.get(id=decode_pk(round_["id"], "TalentRound"))
    ).application_opens_on.isoformat() == ("2026-10-01")
    refused = await mutate(api, OPEN, "openTalentRound", call(countyQuotas=[]), tokens.prefecture)
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_QUOTA"]
    assert "至少须有一个县市有名额" in refused["userErrors"][0]["message"]
