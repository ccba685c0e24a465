"""`fileTalentObjection`, `resolveTalentObjection` and `talentObjections` over HTTP: anyone objects to a
candidate on 公示 (rate-limited per client address); the prefecture admin answers, and an upheld objection
removes the candidate and moves the next-ranked up with a notice of its own; admins read the objections
of their scope with the filer's contact, which nobody else sees."""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio

from api.schema.relay import to_global_id
from domain.talent.models import TalentApplication, TalentObjection
from domain.talent.vocabulary import ApplicationStatus, ObjectionStatus
from tests.api.conftest import Api, Tokens, error_codes, sign_in_staff
from tests.domain.talent.notice_rows import Ranked, a_ranked_round

START = """
mutation N($input: StartTalentPublicNoticeInput!) {
  startTalentPublicNotice(input: $input) { round { noticeEndsOn } userErrors { code message } }
}
"""
FILE = """
mutation F($input: FileTalentObjectionInput!) {
  fileTalentObjection(input: $input) { objection { id } userErrors { code field message } }
}
"""
RESOLVE = """
mutation R($input: ResolveTalentObjectionInput!) {
  resolveTalentObjection(input: $input) {
    objection { id status resolution resolvedAt application { id status } }
    round { noticeEndsOn }
    removedApplication { id status withinQuota }
    promotedApplication { id status withinQuota noticeEndsOn rank }
    alsoClosed { id status resolution }
    placeLeftUnfilled
    userErrors { code field message }
  }
}
"""
LIST = """
query L($roundId: ID!, $first: Int!, $after: String, $filter: TalentObjectionFilter) {
  talentObjections(roundId: $roundId, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id status text contact filedAt resolution application { id countyCode } }
  }
}
"""
NODE = "query N($id: ID!) { node(id: $id) { id ... on TalentObjection { contact } } }"
PUBLIC = """
query P($roundId: ID!) {
  talentPublicNotice(roundId: $roundId) { endsOn candidates { name noticeEndsOn } }
}
"""
TEXT = "该同志所报服务项目并非本人主持，请核实。"


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-28")


async def _payload(api: Api, query: str, input: dict[str, Any], token: str | None) -> dict[str, Any]:
    data = await api.data(query, {"input": input}, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    return payload


def _application(ranked: Ranked, username: str) -> str:
    return to_global_id("TalentApplication", ranked.pk(username))


async def _start(api: Api, tokens: Tokens, *, promote_next_on_upheld: bool = True) -> Ranked:
    ranked = await a_ranked_round(promote_next_on_upheld=promote_next_on_upheld)
    started = await _payload(
        api,
        START,
        {"roundId": to_global_id("TalentRound", ranked.round.id), "workingDays": 5},
        tokens.prefecture,
    )
    assert started == {"round": {"noticeEndsOn": "2026-10-09"}, "userErrors": []}
    return ranked


@pytest_asyncio.fixture
async def ranked(api: Api, tokens: Tokens) -> Ranked:
    """The round of notice_rows on notice from Monday 28 September to Friday 9 October 2026."""
    return await _start(api, tokens)


async def _file(api: Api, ranked: Ranked, username: str, *, token: str | None = None) -> str:
    filed = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, username), "text": TEXT, "contact": "13900000000"},
        token,
    )
    assert filed["userErrors"] == [], filed
    objection_id: str = filed["objection"]["id"]
    return objection_id


async def test_anyone_files_an_objection_and_gets_only_its_id(api: Api, ranked: Ranked) -> None:
    filed = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, "puxiu"), "text": TEXT, "contact": "wang@example.cn"},
        None,
    )

    assert filed["userErrors"] == []
    assert list(filed["objection"]) == ["id"]
    row = await TalentObjection.get()
    assert filed["objection"]["id"] == to_global_id("TalentObjection", row.id)
    assert (row.client, row.filed_by_user_id, row.contact) == ("10.1.2.3", None, "wang@example.cn")
    assert (await api.data(NODE, {"id": filed["objection"]["id"]}))["node"] is None


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("wangfang", "该人选不在公示中，不能对其提出异议"),
        ("zhangsan", "该人选不在公示中，不能对其提出异议"),
    ],
)
async def test_an_objection_to_a_candidate_not_on_notice_is_refused(
    api: Api, ranked: Ranked, username: str, message: str
) -> None:
    refused = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, username), "text": TEXT, "contact": "13900000000"},
        None,
    )

    assert refused == {
        "objection": None,
        "userErrors": [{"code": "NOT_ON_NOTICE", "field": ["input", "applicationId"], "message": message}],
    }
    assert not await TalentObjection.exists()


async def test_an_objection_after_the_notice_ended_is_refused(
    api: Api, ranked: Ranked, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-10-10")

    refused = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, "ayi"), "text": TEXT, "contact": "13900000000"},
        None,
    )

    assert refused["userErrors"][0]["code"] == "NOT_ON_NOTICE"
    assert refused["userErrors"][0]["message"] == "该人选的公示期已于 2026-10-09 结束，不能再提出异议"


async def test_an_objection_without_a_contact_or_with_too_little_text_is_refused(
    api: Api, ranked: Ranked
) -> None:
    no_contact = await _payload(
        api, FILE, {"applicationId": _application(ranked, "ayi"), "text": TEXT, "contact": "\u200b"}, None
    )
    too_short = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, "ayi"), "text": "不行", "contact": "13900000000"},
        None,
    )

    assert [(e["code"], e["field"]) for e in no_contact["userErrors"]] == [
        ("INVALID_INPUT", ["input", "contact"])
    ]
    assert [(e["code"], e["field"]) for e in too_short["userErrors"]] == [
        ("INVALID_INPUT", ["input", "text"])
    ]
    assert not await TalentObjection.exists()


async def test_the_sixth_objection_from_one_client_within_an_hour_is_refused(
    api: Api, ranked: Ranked
) -> None:
    for username in ("ayi", "puxiu", "lina", "ayi", "puxiu"):
        await _file(api, ranked, username)

    sixth = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, "lina"), "text": TEXT, "contact": "13900000000"},
        None,
    )

    assert sixth["userErrors"] == [
        {
            "code": "TOO_MANY_OBJECTIONS",
            "field": None,
            "message": "提交异议过于频繁，请一小时后再试；如情况紧急请直接联系州级主管部门",
        }
    ]
    assert await TalentObjection.all().count() == 5


async def test_an_upheld_objection_removes_the_candidate_and_the_next_ranked_moves_up_later(
    api: Api, ranked: Ranked, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await _file(api, ranked, "puxiu")
    second = await _file(api, ranked, "puxiu")
    monkeypatch.setenv("SWTALENT_TODAY", "2026-09-30")
    tokens = await sign_in_staff(api)

    done = await _payload(
        api,
        RESOLVE,
        {"objectionId": first, "upheld": True, "resolution": "经核实，项目主持人另有其人。"},
        tokens.prefecture,
    )

    assert done["userErrors"] == []
    assert done["objection"]["status"] == "UPHELD"
    assert done["objection"]["application"] == {"id": _application(ranked, "puxiu"), "status": "REMOVED"}
    assert done["removedApplication"] == {
        "id": _application(ranked, "puxiu"),
        "status": "REMOVED",
        "withinQuota": False,
    }
    # 王芳 (4th) is of 楚雄市, whose places are taken; 普小兰 (5th, 禄丰市) moves up from 8 October.
    assert done["promotedApplication"] == {
        "id": _application(ranked, "puxiaolan"),
        "status": "ON_NOTICE",
        "withinQuota": True,
        "noticeEndsOn": "2026-10-13",
        "rank": 5,
    }
    assert done["round"] == {"noticeEndsOn": "2026-10-13"}
    assert done["placeLeftUnfilled"] is False
    assert done["alsoClosed"] == [
        {"id": second, "status": "CLOSED", "resolution": "同一人选的其他异议已成立，人选已取消，本件随之办结"}
    ]
    page = (await api.data(PUBLIC, {"roundId": to_global_id("TalentRound", ranked.round.id)}))[
        "talentPublicNotice"
    ]
    assert page == {
        "endsOn": "2026-10-13",
        "candidates": [
            {"name": "阿依·木呷", "noticeEndsOn": "2026-10-09"},
            {"name": "李娜", "noticeEndsOn": "2026-10-09"},
            {"name": "普小兰", "noticeEndsOn": "2026-10-13"},
        ],
    }
    removed = await _payload(
        api,
        FILE,
        {"applicationId": _application(ranked, "puxiu"), "text": TEXT, "contact": "13900000000"},
        None,
    )
    assert removed["userErrors"][0]["code"] == "NOT_ON_NOTICE"


async def test_with_promotion_off_the_place_stays_unfilled(api: Api, tokens: Tokens) -> None:
    ranked = await _start(api, tokens, promote_next_on_upheld=False)
    objection = await _file(api, ranked, "ayi")

    done = await _payload(
        api,
        RESOLVE,
        {"objectionId": objection, "upheld": True, "resolution": "材料不实。"},
        tokens.prefecture,
    )

    assert (done["promotedApplication"], done["placeLeftUnfilled"]) == (None, True)
    assert done["round"] == {"noticeEndsOn": "2026-10-09"}
    assert (await TalentApplication.get(id=ranked.pk("wangfang"))).status is ApplicationStatus.NOT_SELECTED


async def test_a_dismissed_objection_is_answered_once(api: Api, tokens: Tokens, ranked: Ranked) -> None:
    objection = await _file(api, ranked, "lina")

    dismissed = await _payload(
        api,
        RESOLVE,
        {"objectionId": objection, "upheld": False, "resolution": "经核实，不成立。"},
        tokens.prefecture,
    )
    again = await _payload(
        api, RESOLVE, {"objectionId": objection, "upheld": True, "resolution": "再议。"}, tokens.prefecture
    )

    assert dismissed["userErrors"] == []
    assert (
        dismissed["objection"]["status"],
        dismissed["removedApplication"],
        dismissed["placeLeftUnfilled"],
    ) == (
        "DISMISSED",
        None,
        False,
    )
    assert again["userErrors"] == [
        {
            "code": "OBJECTION_ALREADY_RESOLVED",
            "field": ["input", "objectionId"],
            "message": "该异议已处理（异议不成立），不能再次处理",
        }
    ]
    assert (await TalentApplication.get(id=ranked.pk("lina"))).status is ApplicationStatus.ON_NOTICE


async def test_a_resolution_needs_a_written_answer(api: Api, tokens: Tokens, ranked: Ranked) -> None:
    objection = await _file(api, ranked, "lina")

    refused = await _payload(
        api, RESOLVE, {"objectionId": objection, "upheld": True, "resolution": "  "}, tokens.prefecture
    )

    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("REASON_REQUIRED", ["input", "resolution"])
    ]
    assert (await TalentObjection.get()).status is ObjectionStatus.OPEN


async def test_only_the_prefecture_admin_resolves(api: Api, tokens: Tokens, ranked: Ranked) -> None:
    objection = await _file(api, ranked, "ayi")
    input = {"input": {"objectionId": objection, "upheld": True, "resolution": "成立"}}

    assert error_codes(await api.post(RESOLVE, input, token=tokens.chuxiong)) == ["FORBIDDEN"]
    assert error_codes(await api.post(RESOLVE, input, token=tokens.expert)) == ["FORBIDDEN"]
    assert error_codes(await api.post(RESOLVE, input)) == ["UNAUTHENTICATED"]
    assert (await TalentObjection.get()).status is ObjectionStatus.OPEN


async def test_admins_list_the_objections_of_their_scope_with_the_contact(
    api: Api, tokens: Tokens, ranked: Ranked
) -> None:
    about_ayi = await _file(api, ranked, "ayi")
    about_puxiu = await _file(api, ranked, "puxiu")
    round_id = to_global_id("TalentRound", ranked.round.id)

    everything = (await api.data(LIST, {"roundId": round_id, "first": 1}, token=tokens.prefecture))[
        "talentObjections"
    ]
    rest = (
        await api.data(
            LIST,
            {"roundId": round_id, "first": 10, "after": everything["pageInfo"]["endCursor"]},
            token=tokens.prefecture,
        )
    )["talentObjections"]
    chuxiong = (await api.data(LIST, {"roundId": round_id, "first": 10}, token=tokens.chuxiong))[
        "talentObjections"
    ]
    resolved = (
        await api.data(
            LIST, {"roundId": round_id, "first": 10, "filter": {"status": "UPHELD"}}, token=tokens.prefecture
        )
    )["talentObjections"]

    assert (everything["totalCount"], everything["pageInfo"]["hasNextPage"]) == (2, True)
    assert [n["id"] for n in everything["nodes"] + rest["nodes"]] == [about_ayi, about_puxiu]
    node = everything["nodes"][0]
    assert (node["status"], node["text"], node["contact"], node["application"]["countyCode"]) == (
        "OPEN",
        "该同志所报服务项目并非本人主持，请核实。",
        "13900000000",
        "532301",
    )
    assert [n["id"] for n in chuxiong["nodes"]] == [about_ayi]
    assert resolved["totalCount"] == 0
    assert (await api.data(NODE, {"id": about_puxiu}, token=tokens.chuxiong))["node"] is None
    assert (await api.data(NODE, {"id": about_puxiu}, token=tokens.lufeng))["node"] == {
        "id": about_puxiu,
        "contact": "13900000000",
    }


async def test_no_one_but_admins_lists_objections(api: Api, tokens: Tokens, ranked: Ranked) -> None:
    await _file(api, ranked, "ayi")
    variables = {"roundId": to_global_id("TalentRound", ranked.round.id), "first": 10}

    assert error_codes(await api.post(LIST, variables)) == ["UNAUTHENTICATED"]
    assert error_codes(await api.post(LIST, variables, token=tokens.expert)) == ["FORBIDDEN"]
    objector = await api.login("wangfang")
    assert error_codes(await api.post(LIST, variables, token=objector)) == ["FORBIDDEN"]
