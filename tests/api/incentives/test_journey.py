"""A reward's whole way over GraphQL, as the people involved take it: the prefecture and 楚雄市 set their
policies, the county records a certificate, the holder sees what waits for the 登记 and why, registers it,
sees the entitlement and its reason, records an account; the county approves within its budget, batches,
downloads the payout list and marks it paid; the holder sees it paid (issue #10)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from api.schema.relay import to_global_id
from tests.api.conftest import Api, Tokens
from tests.domain.incentives.engine_fixtures import holder, pid

SET_POLICY = """
mutation Set($input: SetIncentivePolicyInput!) {
  setIncentivePolicy(input: $input) { policy { id countyCode amount } userErrors { code field message } }
}
"""
RECORD = """
mutation Record($input: RecordExistingCertificateInput!) {
  recordExistingCertificate(input: $input) { certificate { id } userErrors { code message } }
}
"""
REGISTER = """
mutation Register($input: RegisterCertificateInput!) {
  registerCertificate(input: $input) { certificate { id } userErrors { code message } }
}
"""
WAITING = "{ waitingEntitlements { kind level waitingFor reason policy { countyCode amount } } }"
MINE = """
{ entitlements(first: 10) { totalCount nodes {
    id number kind level amount status reason paidForLowerLevels payoutBlockedReason
    policy { countyCode amount } person { name }
} } }
"""
ACCOUNT = """
mutation Account($input: SetPaymentAccountInput!) {
  setPaymentAccount(input: $input) { person { paymentAccount { bankName accountNumber } } userErrors { code } }
}
"""
BUDGET = """
mutation Budget($input: SetCountyBudgetInput!) {
  setCountyBudget(input: $input) { userErrors { code message } }
}
"""
REVIEW = """
mutation Review($input: ReviewEntitlementInput!) {
  reviewEntitlement(input: $input) { entitlement { status } userErrors { code message } }
}
"""
BATCH = """
mutation Batch($input: CreatePayoutBatchInput!) {
  createPayoutBatch(input: $input) { batch { id total entitlements { number } } userErrors { code message } }
}
"""
PAID = """
mutation Paid($input: MarkPayoutBatchPaidInput!) {
  markPayoutBatchPaid(input: $input) { batch { status paidOn } userErrors { code message } }
}
"""
COUNTY_BUDGET = (
    '{ countyBudget(countyCode: "532301", year: 2027) { amount committed paid recovered remaining } }'
)


@pytest.fixture(autouse=True)
def august(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-08-01")


async def ok(api: Api, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    data = await api.data(query, variables, token=token)
    payload: dict[str, Any] = next(iter(data.values()))
    assert payload["userErrors"] == [], payload
    return payload


async def test_a_reward_goes_from_certificate_to_payout_and_the_holder_sees_why_at_each_step(
    api: Api, tokens: Tokens
) -> None:
    for county, amount in ((None, "1000"), ("532301", "1500")):
        await ok(
            api,
            SET_POLICY,
            {
                "input": {
                    "countyCode": county,
                    "kind": "ONE_TIME_REWARD",
                    "level": "ASSISTANT",
                    "amount": amount,
                    "effectiveFrom": "2021-01-01",
                    "rules": {"requiresRegistration": True},
                }
            },
            tokens.prefecture,
        )
    person = await holder("lina.yi")
    lina = await api.login("lina.yi")
    recorded = await ok(
        api,
        RECORD,
        {
            "input": {
                "personId": to_global_id("Person", pid(person)),
                "level": "ASSISTANT",
                "number": "Z20275301001",
                "issuedOn": "2027-06-01",
            }
        },
        tokens.chuxiong,
    )

    waiting = (await api.data(WAITING, token=lina))["waitingEntitlements"]
    assert [(w["kind"], w["waitingFor"], w["policy"]) for w in waiting] == [
        ("ONE_TIME_REWARD", "CERTIFICATE_REGISTRATION", {"countyCode": "532301", "amount": "1500.00"})
    ]
    assert "登记" in waiting[0]["reason"]
    assert (await api.data(MINE, token=lina))["entitlements"]["totalCount"] == 0

    await ok(api, REGISTER, {"input": {"certificateId": recorded["certificate"]["id"]}}, lina)
    assert (await api.data(WAITING, token=lina))["waitingEntitlements"] == []
    mine = (await api.data(MINE, token=lina))["entitlements"]["nodes"]
    assert len(mine) == 1
    reward = mine[0]
    assert (reward["kind"], reward["level"], reward["amount"], reward["status"]) == (
        "ONE_TIME_REWARD",
        "ASSISTANT",
        "1500.00",
        "PENDING",
    )
    assert "楚雄市" in reward["reason"]
    assert "1500.00" in reward["reason"]
    assert reward["policy"] == {"countyCode": "532301", "amount": "1500.00"}
    assert reward["paidForLowerLevels"] == "0.00"

    # The county cannot approve past a budget it has not got; then it has one.
    refused = await api.data(
        REVIEW, {"input": {"entitlementId": reward["id"], "approve": True}}, token=tokens.chuxiong
    )
    assert [e["code"] for e in refused["reviewEntitlement"]["userErrors"]] == ["BUDGET_EXCEEDED"]
    await ok(
        api, BUDGET, {"input": {"countyCode": "532301", "year": 2027, "amount": "50000"}}, tokens.prefecture
    )
    await ok(api, REVIEW, {"input": {"entitlementId": reward["id"], "approve": True}}, tokens.chuxiong)

    # No account yet: the batch has nothing to take, and the holder is told why.
    empty = await api.data(
        BATCH, {"input": {"countyCode": "532301", "idempotencyKey": "b1"}}, token=tokens.chuxiong
    )
    assert [e["code"] for e in empty["createPayoutBatch"]["userErrors"]] == ["PAYOUT_BATCH_EMPTY"]
    blocked = (await api.data(MINE, token=lina))["entitlements"]["nodes"][0]["payoutBlockedReason"]
    assert blocked is not None
    assert "账户" in blocked
    account = await ok(
        api,
        ACCOUNT,
        {"input": {"bankName": "中国农业银行楚雄分行", "accountNumber": "6228 4801 2345 6789 012"}},
        lina,
    )
    shown = account["person"]["paymentAccount"]
    assert shown["bankName"] == "中国农业银行楚雄分行"
    assert "6228480123456789012" not in shown["accountNumber"]

    batch = (
        await ok(api, BATCH, {"input": {"countyCode": "532301", "idempotencyKey": "b2"}}, tokens.chuxiong)
    )["batch"]
    assert batch["total"] == "1500.00"
    assert batch["entitlements"] == [{"number": reward["number"]}]
    response = await api.client.get(
        f"/exports/payout-batches/{batch['id']}.xlsx", headers={"Authorization": f"Bearer {tokens.chuxiong}"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    body = [row for row in rows[1:] if row[1]]
    assert len(body) == 1
    assert body[0][1] == reward["person"]["name"]
    assert "6228480123456789012" in body[0]
    assert reward["number"] in body[0]

    paid = await ok(
        api,
        PAID,
        {"input": {"batchId": batch["id"], "paidOn": "2027-08-01", "reference": "楚财支〔2027〕8号"}},
        tokens.chuxiong,
    )
    assert paid["batch"] == {"status": "PAID", "paidOn": "2027-08-01"}
    assert (await api.data(MINE, token=lina))["entitlements"]["nodes"][0]["status"] == "PAID"
    budget = (await api.data(COUNTY_BUDGET, token=tokens.chuxiong))["countyBudget"]
    assert budget == {
        "amount": "50000.00",
        "committed": "0.00",
        "paid": "1500.00",
        "recovered": "0.00",
        "remaining": "48500.00",
    }
