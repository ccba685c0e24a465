"""`setCountyBudget` and `countyBudget` over HTTP: the prefecture allocates each county's yearly budget,
county admins read their own, and a budget is never set below what it is already used for."""

from __future__ import annotations

from typing import Any

import pytest

from api.schema.relay import to_global_id
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.incentives import entitlement_rows as rows
from tests.factories import person_id_of, trainee

SET = """
mutation S($input: SetCountyBudgetInput!) {
  setCountyBudget(input: $input) {
    budget { countyCode year amount committed paid recovered remaining }
    userErrors { code field message }
  }
}
"""
BUDGET = """
query B($countyCode: String!, $year: Int!) {
  countyBudget(countyCode: $countyCode, year: $year) { countyCode year amount committed paid recovered remaining }
}
"""
REVIEW = """
mutation R($input: ReviewEntitlementInput!) {
  reviewEntitlement(input: $input) { entitlement { status } userErrors { code } }
}
"""


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


def budget_input(amount: str, county: str = "532301", year: int = 2027) -> dict[str, Any]:
    return {"input": {"countyCode": county, "year": year, "amount": amount}}


async def set_budget(api: Api, token: str, amount: str, **kwargs: Any) -> dict[str, Any]:
    result: dict[str, Any] = (await api.data(SET, budget_input(amount, **kwargs), token=token))[
        "setCountyBudget"
    ]
    return result


async def test_the_prefecture_sets_a_budget_and_the_county_admin_reads_it(api: Api, tokens: Tokens) -> None:
    assert (await api.data(BUDGET, {"countyCode": "532301", "year": 2027}, token=tokens.chuxiong)) == {
        "countyBudget": None
    }
    result = await set_budget(api, tokens.prefecture, "120000.5")
    expected = {
        "countyCode": "532301",
        "year": 2027,
        "amount": "120000.50",
        "committed": "0.00",
        "paid": "0.00",
        "recovered": "0.00",
        "remaining": "120000.50",
    }
    assert result == {"budget": expected, "userErrors": []}
    read = await api.data(BUDGET, {"countyCode": "532301", "year": 2027}, token=tokens.chuxiong)
    assert read["countyBudget"] == expected


async def test_a_budget_is_changed_around_what_is_committed_but_never_below_it(
    api: Api, tokens: Tokens
) -> None:
    await set_budget(api, tokens.prefecture, "3000")
    pending = await rows.entitlement(person_id_of(await trainee("tr.a", county_code="532301")), amount="1200")
    approve = {"input": {"entitlementId": to_global_id("Entitlement", pending.id), "approve": True}}
    assert (await api.data(REVIEW, approve, token=tokens.chuxiong))["reviewEntitlement"]["userErrors"] == []
    raised = await set_budget(api, tokens.prefecture, "5000")
    assert (raised["budget"]["committed"], raised["budget"]["remaining"]) == ("1200.00", "3800.00")
    refused = await set_budget(api, tokens.prefecture, "1199.99")
    assert refused == {
        "budget": None,
        "userErrors": [
            {
                "code": "BUDGET_BELOW_USED",
                "field": ["input", "amount"],
                "message": "预算额不能低于已承诺和已发放（扣除已追回）的 1200.00 元",
            }
        ],
    }
    read = await api.data(BUDGET, {"countyCode": "532301", "year": 2027}, token=tokens.prefecture)
    assert (read["countyBudget"]["amount"], read["countyBudget"]["remaining"]) == ("5000.00", "3800.00")


@pytest.mark.parametrize(
    ("asked", "refusal"),
    [
        (("-1", {}), ("INVALID_AMOUNT", "amount")),
        (("0.001", {}), ("INVALID_AMOUNT", "amount")),
        (("10", {"year": 2020}), ("INVALID_INPUT", "year")),
        (("10", {"county": "110101"}), ("UNKNOWN_COUNTY", "countyCode")),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_set(
    api: Api, tokens: Tokens, asked: tuple[str, dict[str, Any]], refusal: tuple[str, str]
) -> None:
    amount, kwargs = asked
    code, field = refusal
    result = await set_budget(api, tokens.prefecture, amount, **kwargs)
    assert result["budget"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [(code, ["input", field])]
    assert (await api.data(BUDGET, {"countyCode": "532301", "year": 2027}, token=tokens.prefecture)) == {
        "countyBudget": None
    }


async def test_only_the_prefecture_admin_sets_budgets(api: Api, tokens: Tokens) -> None:
    user = await trainee("tr.b", county_code="532301")
    assert user.person_id is not None
    trainee_token = await api.login("tr.b")
    for token in (tokens.chuxiong, tokens.expert, trainee_token):
        assert error_codes(await api.post(SET, budget_input("10"), token=token)) == ["FORBIDDEN"]
    assert error_codes(await api.post(SET, budget_input("10"))) == ["UNAUTHENTICATED"]


async def test_a_county_admin_cannot_read_another_county_budget(api: Api, tokens: Tokens) -> None:
    await set_budget(api, tokens.prefecture, "3000")
    other = await api.post(BUDGET, {"countyCode": "532301", "year": 2027}, token=tokens.lufeng)
    assert error_codes(other) == ["FORBIDDEN"]
    assert error_codes(
        await api.post(BUDGET, {"countyCode": "532301", "year": 2027}, token=tokens.expert)
    ) == ["FORBIDDEN"]
    unknown = await api.post(BUDGET, {"countyCode": "110101", "year": 2027}, token=tokens.prefecture)
    assert error_codes(unknown) == ["BAD_USER_INPUT"]
