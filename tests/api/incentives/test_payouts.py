"""Payout batches over HTTP: createPayoutBatch (with its retry), markPayoutBatchPaid, payoutBatches,
and why an approved entitlement stays out of a batch (`payoutBlockedReason`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.incentives.models import CountyBudget, Entitlement
from domain.incentives.payouts import NO_PAYMENT_ACCOUNT
from domain.incentives.vocabulary import EntitlementStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.incentives.payout_rows import CHUXIONG, LUFENG, YEAR, budget, entitlement, person
from tests.factories import trainee

TODAY = date(2027, 7, 15)

CREATE = """
mutation C($input: CreatePayoutBatchInput!) {
  createPayoutBatch(input: $input) {
    batch { id number status total entitlementCount entitlements { number status amount } }
    userErrors { code field message }
  }
}
"""
PAY = """
mutation P($input: MarkPayoutBatchPaidInput!) {
  markPayoutBatchPaid(input: $input) {
    batch { id status paidOn paymentReference entitlements { status paidOn } }
    userErrors { code field message }
  }
}
"""
BATCHES = """
query B($first: Int!, $after: String, $county: String) {
  payoutBatches(first: $first, after: $after, countyCode: $county) {
    totalCount nodes { id number countyCode total } pageInfo { hasNextPage endCursor }
  }
}
"""
NODE = """
query N($id: ID!) {
  node(id: $id) {
    ... on Entitlement { status payoutBlockedReason }
    ... on PayoutBatch { number }
  }
}
"""


@pytest.fixture(autouse=True)
def mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())


async def create(api: Api, token: str, county: str = CHUXIONG, key: str = "b-1") -> dict[str, Any]:
    data = await api.data(CREATE, {"input": {"countyCode": county, "idempotencyKey": key}}, token=token)
    result: dict[str, Any] = data["createPayoutBatch"]
    return result


async def pay(api: Api, token: str, batch_id: str, paid_on: date = TODAY, reference: str = "财政 7") -> Any:
    variables = {"input": {"batchId": batch_id, "paidOn": paid_on.isoformat(), "reference": reference}}
    return (await api.data(PAY, variables, token=token))["markPayoutBatchPaid"]


async def trainee_token(api: Api) -> str:
    await trainee("xiaoli")
    return await api.login("xiaoli")


async def test_an_admin_batches_the_approved_entitlements_and_a_retry_returns_the_same_batch(
    api: Api, tokens: Tokens
) -> None:
    await budget()
    await entitlement(await person(), amount_fen=200_000)
    await entitlement(await person(), amount_fen=15_050)

    first = await create(api, tokens.chuxiong)

    assert first["userErrors"] == []
    batch = first["batch"]
    assert (batch["status"], batch["total"], batch["entitlementCount"]) == ("OPEN", "2150.50", 2)
    assert batch["number"].startswith(f"{CHUXIONG}-P")
    assert {e["status"] for e in batch["entitlements"]} == {"IN_BATCH"}
    assert sum(float(e["amount"]) for e in batch["entitlements"]) == 2150.5
    again = await create(api, tokens.chuxiong)
    assert again["batch"]["id"] == batch["id"]
    reused = await create(api, tokens.prefecture, county=LUFENG)
    assert reused["userErrors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_an_entitlement_without_an_account_stays_out_and_says_why(api: Api, tokens: Tokens) -> None:
    await budget()
    await entitlement(await person())
    waiting = await entitlement(await person(account=False))

    await create(api, tokens.chuxiong)

    shown = (await api.data(NODE, {"id": to_global_id("Entitlement", waiting.id)}, token=tokens.chuxiong))[
        "node"
    ]
    assert shown == {"status": "APPROVED", "payoutBlockedReason": NO_PAYMENT_ACCOUNT}
    batched = await Entitlement.filter(status=EntitlementStatus.IN_BATCH).first()
    assert batched is not None
    other = (await api.data(NODE, {"id": to_global_id("Entitlement", batched.id)}, token=tokens.chuxiong))[
        "node"
    ]
    assert other == {"status": "IN_BATCH", "payoutBlockedReason": None}


async def test_creating_a_batch_with_nothing_to_pay_is_a_user_error(api: Api, tokens: Tokens) -> None:
    await budget()
    await entitlement(await person(account=False))

    refused = await create(api, tokens.chuxiong)

    assert refused["batch"] is None
    assert refused["userErrors"] == [
        {
            "code": "PAYOUT_BATCH_EMPTY",
            "field": ["input", "countyCode"],
            "message": "没有可编入发放批次的待遇：1 条已审核通过的待遇因本人未登记收款账户不能编入",
        }
    ]


async def test_another_county_s_admin_cannot_batch_and_others_are_forbidden(api: Api, tokens: Tokens) -> None:
    await budget()
    await entitlement(await person())

    out = await create(api, tokens.lufeng)
    assert [(e["code"], e["field"]) for e in out["userErrors"]] == [("OUT_OF_SCOPE", ["input", "countyCode"])]
    for token in (tokens.expert, await trainee_token(api)):
        body = await api.post(CREATE, {"input": {"countyCode": CHUXIONG, "idempotencyKey": "x"}}, token=token)
        assert error_codes(body) == ["FORBIDDEN"]
    assert (await Entitlement.get()).status is EntitlementStatus.APPROVED


async def test_marking_a_batch_paid_pays_its_entitlements_and_the_budget(api: Api, tokens: Tokens) -> None:
    await budget()
    await entitlement(await person(), amount_fen=200_000)
    batch_id = (await create(api, tokens.chuxiong))["batch"]["id"]

    paid = await pay(api, tokens.chuxiong, batch_id)

    assert paid["userErrors"] == []
    assert (paid["batch"]["status"], paid["batch"]["paidOn"], paid["batch"]["paymentReference"]) == (
        "PAID",
        "2027-07-15",
        "财政 7",
    )
    assert paid["batch"]["entitlements"] == [{"status": "PAID", "paidOn": "2027-07-15"}]
    row = await CountyBudget.get(county_id=CHUXIONG, year=YEAR)
    assert (row.committed_fen, row.paid_fen) == (0, 200_000)
    # The same request again (a lost response) gets the paid batch; another payment of it is refused.
    twice = await pay(api, tokens.chuxiong, batch_id)
    assert twice["userErrors"] == []
    assert twice["batch"] == paid["batch"]
    other = await pay(api, tokens.chuxiong, batch_id, reference="财政 8")
    assert [e["code"] for e in other["userErrors"]] == ["PAYOUT_BATCH_ALREADY_PAID"]
    assert "2027-07-15" in other["userErrors"][0]["message"]
    assert "财政 7" in other["userErrors"][0]["message"]
    assert (await CountyBudget.get(county_id=CHUXIONG, year=YEAR)).paid_fen == 200_000


async def test_marking_paid_refuses_bad_dates_and_references_and_other_counties(
    api: Api, tokens: Tokens
) -> None:
    await budget()
    await entitlement(await person())
    batch_id = (await create(api, tokens.chuxiong))["batch"]["id"]

    future = await pay(api, tokens.chuxiong, batch_id, paid_on=TODAY + timedelta(days=1))
    assert [(e["code"], e["field"]) for e in future["userErrors"]] == [("INVALID_DATE", ["input", "paidOn"])]
    blank = await pay(api, tokens.chuxiong, batch_id, reference=" ")
    assert [(e["code"], e["field"]) for e in blank["userErrors"]] == [
        ("INVALID_INPUT", ["input", "reference"])
    ]
    elsewhere = await pay(api, tokens.lufeng, batch_id)
    assert [e["code"] for e in elsewhere["userErrors"]] == ["PAYOUT_BATCH_NOT_FOUND"]
    malformed = await pay(api, tokens.chuxiong, to_global_id("Entitlement", 1))
    assert [e["code"] for e in malformed["userErrors"]] == ["INVALID_ID"]
    variables = {"input": {"batchId": batch_id, "paidOn": TODAY.isoformat(), "reference": "r"}}
    assert error_codes(await api.post(PAY, variables, token=tokens.expert)) == ["FORBIDDEN"]
    status = (await api.data(BATCHES, {"first": 5}, token=tokens.chuxiong))["payoutBatches"]["nodes"]
    assert len(status) == 1


async def test_batches_are_listed_newest_first_for_admins_in_scope(api: Api, tokens: Tokens) -> None:
    await budget()
    ids = []
    for n in range(3):
        await entitlement(await person())
        ids.append((await create(api, tokens.chuxiong, key=f"k{n}"))["batch"]["id"])

    page = (await api.data(BATCHES, {"first": 2}, token=tokens.chuxiong))["payoutBatches"]
    assert [n["id"] for n in page["nodes"]] == [ids[2], ids[1]]
    assert (page["totalCount"], page["pageInfo"]["hasNextPage"]) == (3, True)
    rest = await api.data(
        BATCHES, {"first": 2, "after": page["pageInfo"]["endCursor"]}, token=tokens.chuxiong
    )
    assert [n["id"] for n in rest["payoutBatches"]["nodes"]] == [ids[0]]
    lufeng = (await api.data(BATCHES, {"first": 5}, token=tokens.lufeng))["payoutBatches"]
    assert lufeng["totalCount"] == 0
    prefecture = await api.data(BATCHES, {"first": 5, "county": CHUXIONG}, token=tokens.prefecture)
    assert prefecture["payoutBatches"]["totalCount"] == 3
    unknown = await api.post(BATCHES, {"first": 5, "county": "999999"}, token=tokens.prefecture)
    assert error_codes(unknown) == ["BAD_USER_INPUT"]
    assert error_codes(await api.post(BATCHES, {"first": 5}, token=tokens.expert)) == ["FORBIDDEN"]
    hidden = await api.data(NODE, {"id": ids[0]}, token=tokens.lufeng)
    assert hidden["node"] is None
    seen = await api.data(NODE, {"id": ids[0]}, token=tokens.chuxiong)
    assert seen["node"]["number"].startswith(CHUXIONG)
