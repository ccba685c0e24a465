"""`entitlements`, `reviewEntitlement` and `reviewEntitlements` over HTTP, as the county's review queue is
worked: scoped lists oldest first, approvals that commit the county budget, rejections with a reason,
bulk reviews all or nothing, and who may do what."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio

from api.schema.relay import to_global_id
from domain.incentives.vocabulary import EntitlementStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.incentives import entitlement_rows as rows
from tests.factories import PASSWORD, person_id_of, trainee

ENTITLEMENTS = """
query E($first: Int!, $after: String, $filter: EntitlementFilter) {
  entitlements(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { id number status amount countyCode reason person { name } policy { amount } }
  }
}
"""
REVIEW = """
mutation R($input: ReviewEntitlementInput!) {
  reviewEntitlement(input: $input) {
    entitlement { id status reviewReason amount }
    userErrors { code field message }
  }
}
"""
REVIEW_MANY = """
mutation R($input: ReviewEntitlementsInput!) {
  reviewEntitlements(input: $input) {
    entitlements { id status }
    userErrors { code field message }
  }
}
"""
BUDGET = """
query B($countyCode: String!, $year: Int!) {
  countyBudget(countyCode: $countyCode, year: $year) { amount committed paid recovered remaining }
}
"""


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


@dataclass
class Queue:
    """Pending entitlements, oldest first: 张甲 1000 元, 张乙 2000 元, 张丙 500 元 of 楚雄市 and 张丁 800 元 of
    禄丰市; 楚雄市's 2027 budget is 3000 元, 禄丰市's 5000 元."""

    ids: dict[str, str]
    persons: dict[str, str]
    jia: str  # 张甲's token


@pytest_asyncio.fixture
async def queue(api: Api, tokens: Tokens) -> Queue:
    await rows.budget("532301", 2027, "3000")
    await rows.budget("532302", 2027, "5000")
    ids: dict[str, str] = {}
    persons: dict[str, str] = {}
    plan = [
        ("张甲", "532301", "1000"),
        ("张乙", "532301", "2000"),
        ("张丙", "532301", "500"),
        ("张丁", "532302", "800"),
    ]
    for number, (name, county, amount) in enumerate(plan):
        person = person_id_of(await trainee(f"tr{number}", name=name, county_code=county))
        persons[name] = to_global_id("Person", person)
        row = await rows.entitlement(person, amount=amount)
        ids[name] = to_global_id("Entitlement", row.id)
    return Queue(ids=ids, persons=persons, jia=await api.login("tr0", PASSWORD))


def names(connection: dict[str, Any]) -> list[str]:
    return [node["person"]["name"] for node in connection["nodes"]]


async def budget_of(api: Api, token: str, county: str = "532301") -> dict[str, str] | None:
    data = await api.data(BUDGET, {"countyCode": county, "year": 2027}, token=token)
    result: dict[str, str] | None = data["countyBudget"]
    return result


# --- entitlements ---------------------------------------------------------------------------------


async def test_the_county_admin_works_a_queue_of_their_county_oldest_first_page_by_page(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    first = await api.data(ENTITLEMENTS, {"first": 2, "filter": {"status": "PENDING"}}, token=tokens.chuxiong)
    page = first["entitlements"]
    assert (names(page), page["totalCount"], page["pageInfo"]["hasNextPage"]) == (["张甲", "张乙"], 3, True)
    assert page["nodes"][0]["number"].startswith("532301-")
    assert page["nodes"][0]["amount"] == "1000.00"
    assert page["nodes"][0]["policy"] == {"amount": "1000.00"}
    after = page["pageInfo"]["endCursor"]
    second = await api.data(
        ENTITLEMENTS, {"first": 2, "after": after, "filter": {"status": "PENDING"}}, token=tokens.chuxiong
    )
    rest = second["entitlements"]
    assert (names(rest), rest["pageInfo"]["hasNextPage"], rest["pageInfo"]["hasPreviousPage"]) == (
        ["张丙"],
        False,
        True,
    )
    everything = await api.data(ENTITLEMENTS, {"first": 10}, token=tokens.prefecture)
    assert names(everything["entitlements"]) == ["张甲", "张乙", "张丙", "张丁"]
    lufeng = await api.data(ENTITLEMENTS, {"first": 10}, token=tokens.lufeng)
    assert names(lufeng["entitlements"]) == ["张丁"]


async def test_a_trainee_sees_only_their_own_entitlements(api: Api, tokens: Tokens, queue: Queue) -> None:
    own = await api.data(ENTITLEMENTS, {"first": 10}, token=queue.jia)
    assert names(own["entitlements"]) == ["张甲"]
    someone_else = {"first": 10, "filter": {"personId": queue.persons["张乙"]}}
    assert (await api.data(ENTITLEMENTS, someone_else, token=queue.jia))["entitlements"]["nodes"] == []
    node = await api.data(
        "query N($id: ID!) { node(id: $id) { id } }", {"id": queue.ids["张乙"]}, token=queue.jia
    )
    assert node["node"] is None
    expert = await api.data(ENTITLEMENTS, {"first": 10}, token=tokens.expert)
    assert expert["entitlements"]["totalCount"] == 0


async def test_the_list_refuses_strangers_an_unknown_county_and_a_bad_cursor(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    assert error_codes(await api.post(ENTITLEMENTS, {"first": 10})) == ["UNAUTHENTICATED"]
    unknown = {"first": 10, "filter": {"countyCode": "110101"}}
    assert error_codes(await api.post(ENTITLEMENTS, unknown, token=tokens.prefecture)) == ["BAD_USER_INPUT"]
    cursor = {"first": 10, "after": "bm9wZQ=="}
    assert error_codes(await api.post(ENTITLEMENTS, cursor, token=tokens.prefecture)) == ["BAD_USER_INPUT"]
    other_county = {"first": 10, "filter": {"countyCode": "532301"}}
    listed = await api.data(ENTITLEMENTS, other_county, token=tokens.lufeng)
    assert listed["entitlements"]["totalCount"] == 0


# --- reviewEntitlement ----------------------------------------------------------------------------


async def test_an_approval_commits_the_budget_the_county_admin_then_sees(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    answer = await api.data(
        REVIEW, {"input": {"entitlementId": queue.ids["张甲"], "approve": True}}, token=tokens.chuxiong
    )
    result = answer["reviewEntitlement"]
    assert result["userErrors"] == []
    assert result["entitlement"]["status"] == "APPROVED"
    assert await budget_of(api, tokens.chuxiong) == {
        "amount": "3000.00",
        "committed": "1000.00",
        "paid": "0.00",
        "recovered": "0.00",
        "remaining": "2000.00",
    }


async def test_a_rejection_needs_a_reason(api: Api, tokens: Tokens, queue: Queue) -> None:
    bare = {"entitlementId": queue.ids["张乙"], "approve": False}
    refused = (await api.data(REVIEW, {"input": bare}, token=tokens.chuxiong))["reviewEntitlement"]
    assert refused == {
        "entitlement": None,
        "userErrors": [
            {"code": "REASON_REQUIRED", "field": ["input", "reason"], "message": "不予通过时须填写理由"}
        ],
    }
    with_reason = {**bare, "reason": "证书未登记"}
    rejected = (await api.data(REVIEW, {"input": with_reason}, token=tokens.chuxiong))["reviewEntitlement"]
    assert rejected["entitlement"]["status"] == "REJECTED"
    assert rejected["entitlement"]["reviewReason"] == "证书未登记"
    again = (await api.data(REVIEW, {"input": with_reason}, token=tokens.chuxiong))["reviewEntitlement"]
    assert again["userErrors"][0]["code"] == "WRONG_ENTITLEMENT_STATUS"
    assert "审核未通过" in again["userErrors"][0]["message"]


async def test_approving_past_the_remaining_budget_is_refused_with_the_figures(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    for name in ("张乙", "张甲", "张丙"):
        answer = await api.data(
            REVIEW, {"input": {"entitlementId": queue.ids[name], "approve": True}}, token=tokens.prefecture
        )
    [error] = answer["reviewEntitlement"]["userErrors"]
    assert error["code"] == "BUDGET_EXCEEDED"
    assert error["field"] == ["input", "entitlementId"]
    assert error["message"] == "超出楚雄市 2027 年度预算：剩余 0.00 元，本次需 500.00 元"
    assert answer["reviewEntitlement"]["entitlement"] is None
    budget = await budget_of(api, tokens.prefecture)
    assert budget is not None
    assert (budget["committed"], budget["remaining"]) == ("3000.00", "0.00")
    still = await api.data(
        ENTITLEMENTS, {"first": 10, "filter": {"status": "PENDING"}}, token=tokens.chuxiong
    )
    assert names(still["entitlements"]) == ["张丙"]


async def test_an_admin_of_another_county_cannot_see_or_approve(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    answer = await api.data(
        REVIEW, {"input": {"entitlementId": queue.ids["张甲"], "approve": True}}, token=tokens.lufeng
    )
    assert answer["reviewEntitlement"]["userErrors"] == [
        {
            "code": "ENTITLEMENT_NOT_FOUND",
            "field": ["input", "entitlementId"],
            "message": "待遇不存在或不在您的管理范围",
        }
    ]
    node = await api.data(
        "query N($id: ID!) { node(id: $id) { id } }", {"id": queue.ids["张甲"]}, token=tokens.lufeng
    )
    assert node["node"] is None
    budget = await budget_of(api, tokens.prefecture)
    assert budget is not None
    assert budget["committed"] == "0.00"


async def test_a_trainee_and_an_expert_may_not_review(api: Api, tokens: Tokens, queue: Queue) -> None:
    approve = {"input": {"entitlementId": queue.ids["张甲"], "approve": True}}
    assert error_codes(await api.post(REVIEW, approve, token=queue.jia)) == ["FORBIDDEN"]
    assert error_codes(await api.post(REVIEW, approve, token=tokens.expert)) == ["FORBIDDEN"]
    assert error_codes(await api.post(REVIEW, approve)) == ["UNAUTHENTICATED"]
    many = {"input": {"entitlementIds": [queue.ids["张甲"]], "approve": True}}
    assert error_codes(await api.post(REVIEW_MANY, many, token=queue.jia)) == ["FORBIDDEN"]


async def test_a_malformed_id_is_a_user_error(api: Api, tokens: Tokens, queue: Queue) -> None:
    wrong_type = to_global_id("Person", 1)
    answer = await api.data(
        REVIEW, {"input": {"entitlementId": wrong_type, "approve": True}}, token=tokens.prefecture
    )
    assert answer["reviewEntitlement"]["userErrors"][0]["code"] == "INVALID_ID"


async def test_two_admins_approving_at_once_approve_it_once(api: Api, tokens: Tokens, queue: Queue) -> None:
    approve = {"input": {"entitlementId": queue.ids["张甲"], "approve": True}}
    answers = await asyncio.gather(
        api.data(REVIEW, approve, token=tokens.chuxiong), api.data(REVIEW, approve, token=tokens.prefecture)
    )
    results = [a["reviewEntitlement"] for a in answers]
    assert sorted(len(r["userErrors"]) for r in results) == [0, 1]
    [error] = [e for r in results for e in r["userErrors"]]
    assert error["code"] == "WRONG_ENTITLEMENT_STATUS"
    assert "已审核通过" in error["message"]
    budget = await budget_of(api, tokens.chuxiong)
    assert budget is not None
    assert budget["committed"] == "1000.00"


# --- reviewEntitlements ---------------------------------------------------------------------------


async def test_a_bulk_approval_approves_all_within_the_budget(api: Api, tokens: Tokens, queue: Queue) -> None:
    many = {"input": {"entitlementIds": [queue.ids["张丙"], queue.ids["张甲"]], "approve": True}}
    answer = (await api.data(REVIEW_MANY, many, token=tokens.chuxiong))["reviewEntitlements"]
    assert answer["userErrors"] == []
    assert [e["status"] for e in answer["entitlements"]] == ["APPROVED", "APPROVED"]
    assert [e["id"] for e in answer["entitlements"]] == [queue.ids["张丙"], queue.ids["张甲"]]
    budget = await budget_of(api, tokens.chuxiong)
    assert budget is not None
    assert (budget["committed"], budget["remaining"]) == ("1500.00", "1500.00")


async def test_a_bulk_approval_with_a_revoked_one_in_the_middle_approves_none(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    revoked = await rows.entitlement(
        person_id_of(await trainee("tr9", county_code="532301")), status=EntitlementStatus.REVOKED
    )
    ids = [queue.ids["张甲"], to_global_id("Entitlement", revoked.id), queue.ids["张丙"]]
    many = {"input": {"entitlementIds": ids, "approve": True}}
    answer = (await api.data(REVIEW_MANY, many, token=tokens.chuxiong))["reviewEntitlements"]
    assert answer["entitlements"] == []
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("WRONG_ENTITLEMENT_STATUS", ["input", "entitlementIds", "1"])
    assert "已撤销" in error["message"]
    pending = await api.data(
        ENTITLEMENTS, {"first": 10, "filter": {"status": "PENDING"}}, token=tokens.chuxiong
    )
    assert names(pending["entitlements"]) == ["张甲", "张乙", "张丙"]


async def test_a_bulk_approval_over_the_budget_gives_the_total_needed(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    ids = [queue.ids["张甲"], queue.ids["张乙"], queue.ids["张丙"]]
    answer = (
        await api.data(
            REVIEW_MANY, {"input": {"entitlementIds": ids, "approve": True}}, token=tokens.chuxiong
        )
    )["reviewEntitlements"]
    [error] = answer["userErrors"]
    assert (error["code"], error["field"]) == ("BUDGET_EXCEEDED", ["input", "entitlementIds"])
    assert "剩余 3000.00 元，本次需 3500.00 元" in error["message"]


async def test_a_bulk_review_points_at_a_malformed_or_foreign_id(
    api: Api, tokens: Tokens, queue: Queue
) -> None:
    malformed = {"input": {"entitlementIds": [queue.ids["张甲"], "nope"], "approve": False, "reason": "x"}}
    answer = (await api.data(REVIEW_MANY, malformed, token=tokens.chuxiong))["reviewEntitlements"]
    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [
        ("INVALID_ID", ["input", "entitlementIds", "1"])
    ]
    foreign = {
        "input": {"entitlementIds": [queue.ids["张甲"], queue.ids["张丁"]], "approve": False, "reason": "x"}
    }
    answer = (await api.data(REVIEW_MANY, foreign, token=tokens.chuxiong))["reviewEntitlements"]
    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [
        ("ENTITLEMENT_NOT_FOUND", ["input", "entitlementIds", "1"])
    ]
    too_many = {"input": {"entitlementIds": [queue.ids["张甲"]] * 201, "approve": True}}
    answer = (await api.data(REVIEW_MANY, too_many, token=tokens.chuxiong))["reviewEntitlements"]
    assert [(e["code"], e["field"]) for e in answer["userErrors"]] == [
        ("INVALID_INPUT", ["input", "entitlementIds"])
    ]
