"""Cultivation over HTTP (DOMAIN.md steps 8–9): recordCultivationAssessment in order, with its refusals and
its idempotent retry; a failed assessment and revokeLeadingTalent revoking the title and stopping the
tranches; who sees a title, its history and its revocation reason (leadingTalents, myLeadingTalents,
node, Person.leadingTalents)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import pytest_asyncio

from api.schema.relay import to_global_id
from domain.talent.models import CultivationAssessment, LeadingTalent
from domain.talent.vocabulary import TalentStatus
from tests.api.conftest import Api, Tokens, error_codes, sign_in_staff
from tests.api.talent.cultivation_api import (
    ASSESS,
    LIST,
    MINE,
    NODE,
    PERSON,
    REVOKE,
    approve,
    assess,
    codes,
    pin,
    revoke,
)
from tests.domain.talent.cultivation_rows import OnNotice, a_round_on_notice

LATER = "2030-03-01"


@dataclass
class Titles:
    made: OnNotice
    chuxiong: str  # 阿依·木呷's title, of 楚雄市
    lufeng: str  # 李娜's title, of 禄丰市
    tokens: Tokens  # staff signed in on LATER


@pytest_asyncio.fixture
async def titles(api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch) -> Titles:
    """A round approved on 2026-12-08 (assessed for 2027–2029), then the clock on 2030-03-01."""
    pin(monkeypatch, "2026-12-08")
    made = await a_round_on_notice()
    done = await approve(api, await api.login("zhou"), made.round.id)
    first, second = (talent["id"] for talent in done["talents"])
    pin(monkeypatch, LATER)
    return Titles(made, first, second, await sign_in_staff(api))


async def test_assessments_in_order_release_the_tranches_and_the_final_one_completes(
    api: Api, titles: Titles
) -> None:
    token = titles.tokens.prefecture

    first = await assess(api, token, titles.chuxiong, 2027, "EXCELLENT", comment="服务成效显著")

    assert first["userErrors"] == []
    assert first["assessment"] == {"year": 2027, "grade": "EXCELLENT", "comment": "服务成效显著"}
    assert [t["status"] for t in first["talent"]["tranches"]] == ["RELEASED", "RELEASED", "PLANNED"]
    assert first["talent"]["tranches"][1]["decidedOn"] == LATER
    await assess(api, token, titles.chuxiong, 2028, "PASS")
    final = await assess(api, token, titles.chuxiong, 2029, "PASS")

    talent = final["talent"]
    assert talent["status"] == "COMPLETED"
    assert [t["status"] for t in talent["tranches"]] == ["RELEASED"] * 3
    assert [a["year"] for a in talent["assessments"]] == [2027, 2028, 2029]
    assert [(e["on"], e["what"]) for e in talent["history"]] == [
        ("2026-12-08", "AWARDED"),
        ("2026-12-08", "TRANCHE_RELEASED"),
        (LATER, "ASSESSED"),
        (LATER, "ASSESSED"),
        (LATER, "ASSESSED"),
        (LATER, "TRANCHE_RELEASED"),
        (LATER, "TRANCHE_RELEASED"),
        (LATER, "COMPLETED"),
    ]


async def test_out_of_order_future_and_outside_years_are_refused_with_the_year_to_record(
    api: Api, titles: Titles, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = titles.tokens.prefecture

    skipped = await assess(api, token, titles.chuxiong, 2028, "PASS")
    assert skipped["userErrors"] == [
        {
            "code": "INVALID_ASSESSMENT_YEAR",
            "field": ["input", "year"],
            "message": "请按年度顺序录入考核：下一个应录入的是 2027 年度",
        }
    ]
    outside = await assess(api, token, titles.chuxiong, 2030, "PASS")
    assert outside["userErrors"][0]["message"].startswith("考核年度须在 2027 至 2029 年之间")
    pin(monkeypatch, "2026-12-31")
    early = await assess(api, await api.login("zhou"), titles.chuxiong, 2027, "PASS")
    assert early["userErrors"][0]["message"] == (
        "2027 年度考核针对第 1 个培养年度（至 2027-12-07），2027-12-08 起方可录入（今天是 2026-12-31）"
    )
    assert await CultivationAssessment.all().count() == 0


async def test_the_same_grade_again_returns_the_assessment_and_another_grade_is_refused(
    api: Api, titles: Titles
) -> None:
    token = titles.tokens.prefecture
    await assess(api, token, titles.chuxiong, 2027, "PASS", comment="合格")

    again = await assess(api, token, titles.chuxiong, 2027, "PASS")
    other = await assess(api, token, titles.chuxiong, 2027, "EXCELLENT")

    assert again["userErrors"] == []
    assert again["assessment"] == {"year": 2027, "grade": "PASS", "comment": "合格"}
    assert [t["status"] for t in again["talent"]["tranches"]] == ["RELEASED", "RELEASED", "PLANNED"]
    assert other["userErrors"] == [
        {
            "code": "ASSESSMENT_ALREADY_RECORDED",
            "field": ["input", "grade"],
            "message": "2027 年度考核已录入为「合格」，不能更改",
        }
    ]


async def test_a_failed_assessment_revokes_the_title_and_stops_the_tranches(api: Api, titles: Titles) -> None:
    done = await assess(api, titles.tokens.prefecture, titles.chuxiong, 2027, "FAIL")

    talent = done["talent"]
    assert (talent["status"], talent["revokedOn"], talent["revocationCause"], talent["revocationReason"]) == (
        "REVOKED",
        LATER,
        "ASSESSMENT_FAILED",
        "2027年度考核不合格",
    )
    assert [t["status"] for t in talent["tranches"]] == ["RELEASED", "STOPPED", "STOPPED"]
    assert [e["what"] for e in talent["history"]][-4:] == [
        "ASSESSED",
        "TRANCHE_STOPPED",
        "TRANCHE_STOPPED",
        "REVOKED",
    ]
    later = await assess(api, titles.tokens.prefecture, titles.chuxiong, 2028, "PASS")
    assert later["userErrors"] == [
        {
            "code": "WRONG_TALENT_STATUS",
            "field": ["input", "talentId"],
            "message": "该领军人才已撤销，不能录入年度考核",
        }
    ]


async def test_revoking_with_a_reason_stops_the_rest_and_twice_is_refused(api: Api, titles: Titles) -> None:
    token = titles.tokens.prefecture

    done = await revoke(api, token, titles.lufeng, "伪造业绩材料", "FRAUD")
    twice = await revoke(api, token, titles.lufeng, "再次撤销")

    assert done["userErrors"] == []
    talent = done["talent"]
    assert (talent["status"], talent["revocationCause"], talent["revocationReason"], talent["revokedOn"]) == (
        "REVOKED",
        "FRAUD",
        "伪造业绩材料",
        LATER,
    )
    assert [t["status"] for t in talent["tranches"]] == ["RELEASED", "STOPPED", "STOPPED"]
    assert talent["history"][-1] == {"on": LATER, "what": "REVOKED", "detail": "称号撤销（弄虚作假）"}
    assert twice["userErrors"] == [
        {
            "code": "WRONG_TALENT_STATUS",
            "field": ["input", "talentId"],
            "message": "该领军人才已撤销，不能撤销称号",
        }
    ]


async def test_revoking_without_a_reason_or_of_no_title_is_refused_and_writes_nothing(
    api: Api, titles: Titles
) -> None:
    token = titles.tokens.prefecture

    blank = await revoke(api, token, titles.lufeng, " \u200b ")
    long = await revoke(api, token, titles.lufeng, "假" * 501)
    missing = await revoke(api, token, to_global_id("LeadingTalent", 999), "伪造")

    assert blank["userErrors"] == [
        {"code": "REASON_REQUIRED", "field": ["input", "reason"], "message": "撤销称号须填写理由"}
    ]
    assert [(e["code"], e["field"]) for e in long["userErrors"]] == [("INVALID_INPUT", ["input", "reason"])]
    assert codes(missing) == ["LEADING_TALENT_NOT_FOUND"]
    assert await LeadingTalent.filter(status=TalentStatus.REVOKED).count() == 0


async def test_county_admins_trainees_and_experts_may_not_assess_or_revoke(api: Api, titles: Titles) -> None:
    assessing = {"input": {"talentId": titles.chuxiong, "year": 2027, "grade": "PASS"}}
    revoking = {"input": {"talentId": titles.chuxiong, "reason": "伪造"}}
    for token in (titles.tokens.chuxiong, titles.tokens.expert, await api.login("ayi")):
        assert error_codes(await api.post(ASSESS, assessing, token=token)) == ["FORBIDDEN"]
        assert error_codes(await api.post(REVOKE, revoking, token=token)) == ["FORBIDDEN"]
    assert await CultivationAssessment.all().count() == 0
    assert await LeadingTalent.filter(status=TalentStatus.CULTIVATING).count() == 2


async def test_the_person_sees_their_own_title_its_history_and_the_revocation_reason(
    api: Api, titles: Titles
) -> None:
    await assess(api, titles.tokens.prefecture, titles.chuxiong, 2027, "FAIL")
    own = await api.login("ayi")

    [mine] = (await api.data(MINE, token=own))["myLeadingTalents"]
    node = (await api.data(NODE, {"id": titles.chuxiong}, token=own))["node"]
    person_id = to_global_id("Person", titles.made.applications[0].person_id)
    record = (await api.data(PERSON, {"id": person_id}, token=own))["node"]
    listed = (await api.data(LIST, {"first": 10}, token=own))["leadingTalents"]

    assert mine == node
    assert (mine["id"], mine["person"]["name"], mine["revocationReason"]) == (
        titles.chuxiong,
        "阿依·木呷",
        "2027年度考核不合格",
    )
    assert [e["detail"] for e in mine["history"]] == [
        "授予彝乡专业社会工作领军人才称号",
        "第 1 期培养经费 10000.01 元已拨付",
        "2027 年度考核：不合格",
        "第 2 期培养经费 10000.00 元停止拨付",
        "第 3 期培养经费 10000.00 元停止拨付",
        "称号撤销（年度考核不合格）",
    ]
    assert record["leadingTalents"] == [
        {"id": titles.chuxiong, "status": "REVOKED", "history": mine["history"]}
    ]
    assert [n["id"] for n in listed["nodes"]] == [titles.chuxiong]
    assert (await api.data(NODE, {"id": titles.lufeng}, token=own))["node"] is None


async def test_another_countys_admin_does_not_see_the_title(api: Api, titles: Titles) -> None:
    lufeng = titles.tokens.lufeng

    assert (await api.data(NODE, {"id": titles.chuxiong}, token=lufeng))["node"] is None
    listed = (await api.data(LIST, {"first": 10}, token=lufeng))["leadingTalents"]
    assert [n["id"] for n in listed["nodes"]] == [titles.lufeng]
    elsewhere = {"first": 10, "filter": {"countyCode": "532301"}}
    assert (await api.data(LIST, elsewhere, token=lufeng))["leadingTalents"]["totalCount"] == 0
    assert (await api.data(MINE, token=lufeng))["myLeadingTalents"] == []
    own_county = (await api.data(NODE, {"id": titles.chuxiong}, token=titles.tokens.chuxiong))["node"]
    assert own_county["person"]["name"] == "阿依·木呷"


async def test_the_prefecture_lists_every_title_a_page_at_a_time_and_filters(
    api: Api, titles: Titles
) -> None:
    token = titles.tokens.prefecture
    await revoke(api, token, titles.lufeng, "离岗", "LEFT_POST")

    page = (await api.data(LIST, {"first": 1}, token=token))["leadingTalents"]
    rest = await api.data(LIST, {"first": 1, "after": page["pageInfo"]["endCursor"]}, token=token)
    revoked = {"first": 10, "filter": {"status": "REVOKED"}}
    of_round = {"first": 10, "filter": {"roundId": to_global_id("TalentRound", titles.made.round.id)}}

    assert (page["totalCount"], page["pageInfo"]["hasNextPage"], [n["id"] for n in page["nodes"]]) == (
        2,
        True,
        [titles.chuxiong],
    )
    assert [n["id"] for n in rest["leadingTalents"]["nodes"]] == [titles.lufeng]
    assert [n["id"] for n in (await api.data(LIST, revoked, token=token))["leadingTalents"]["nodes"]] == [
        titles.lufeng
    ]
    assert (await api.data(LIST, of_round, token=token))["leadingTalents"]["totalCount"] == 2
    assert error_codes(await api.post(LIST, {"first": 10})) == ["UNAUTHENTICATED"]
    unknown = {"first": 10, "filter": {"countyCode": "999999"}}
    assert error_codes(await api.post(LIST, unknown, token=token)) == ["BAD_USER_INPUT"]
