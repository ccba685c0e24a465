"""Revoking entitlements and recording recoveries over HTTP: revokeEntitlement, recordRecovery,
recoveries, with the budget's figures after each step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.access import Actor, Grant, Role
from domain.incentives import payouts
from domain.incentives.models import CountyBudget, Entitlement
from domain.incentives.vocabulary import EntitlementStatus
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.incentives.payout_rows import BUDGET_FEN, CHUXIONG, YEAR, budget, entitlement, person

TODAY = date(2027, 7, 15)
ADMIN = Actor(user_id=None, username="setup", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="t")

REVOKE = """
mutation R($input: RevokeEntitlementInput!) {
  revokeEntitlement(input: $input) {
    entitlement { id status revokedReason }
    recovery { id status amount reason entitlement { id } }
    userErrors { code field message }
  }
}
"""
RECOVER = """
mutation V($input: RecordRecoveryInput!) {
  recordRecovery(input: $input) {
    recovery { id status recoveredOn reference amount }
    userErrors { code field message }
  }
}
"""
RECOVERIES = """
query Q($first: Int!, $status: RecoveryStatus, $county: String) {
  recoveries(first: $first, status: $status, countyCode: $county) { totalCount nodes { id status amount } }
}
"""
BUDGET_FIGURES = ("committed_fen", "paid_fen", "recovered_fen", "remaining_fen")


@pytest.fixture(autouse=True)
def mid_year(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())


async def figures() -> tuple[int, ...]:
    row = await CountyBudget.get(county_id=CHUXIONG, year=YEAR)
    return tuple(getattr(row, name) for name in BUDGET_FIGURES)


async def paid_entitlement(amount_fen: int = 200_000) -> str:
    made = await entitlement(await person(), amount_fen=amount_fen)
    batch = await payouts.create_payout_batch(ADMIN, CHUXIONG, idempotency_key=f"b-{made.id}")
    await payouts.mark_batch_paid(ADMIN, batch.id, paid_on=TODAY, reference="财政 1")
    return to_global_id("Entitlement", made.id)


async def revoke(api: Api, token: str, entitlement_id: str, reason: str = "伪造证书") -> Any:
    variables = {"input": {"entitlementId": entitlement_id, "reason": reason}}
    return (await api.data(REVOKE, variables, token=token))["revokeEntitlement"]


async def recover(api: Api, token: str, recovery_id: str, on: date = TODAY, reference: str = "退款 1") -> Any:
    variables = {"input": {"recoveryId": recovery_id, "recoveredOn": on.isoformat(), "reference": reference}}
    return (await api.data(RECOVER, variables, token=token))["recordRecovery"]


async def test_a_paid_entitlement_revoked_is_recovered_and_the_budget_gets_it_back(
    api: Api, tokens: Tokens
) -> None:
    await budget()
    revoked_id = await paid_entitlement()

    done = await revoke(api, tokens.chuxiong, revoked_id)

    assert done["userErrors"] == []
    assert done["entitlement"] == {"id": revoked_id, "status": "REVOKED", "revokedReason": "伪造证书"}
    recovery = done["recovery"]
    assert (recovery["status"], recovery["amount"], recovery["reason"]) == (
        "OUTSTANDING",
        "2000.00",
        "伪造证书",
    )
    assert recovery["entitlement"] == {"id": revoked_id}
    assert await figures() == (0, 200_000, 0, BUDGET_FEN - 200_000)

    back = await recover(api, tokens.chuxiong, recovery["id"])

    assert back["userErrors"] == []
    assert back["recovery"] == {
        "id": recovery["id"],
        "status": "RECOVERED",
        "recoveredOn": "2027-07-15",
        "reference": "退款 1",
        "amount": "2000.00",
    }
    assert await figures() == (0, 200_000, 200_000, BUDGET_FEN)
    twice = await recover(api, tokens.chuxiong, recovery["id"])
    assert [e["code"] for e in twice["userErrors"]] == ["RECOVERY_ALREADY_RECORDED"]


async def test_an_approved_entitlement_revoked_releases_its_commitment(api: Api, tokens: Tokens) -> None:
    await budget()
    made = await entitlement(await person(), amount_fen=50_000)

    done = await revoke(api, tokens.prefecture, to_global_id("Entitlement", made.id), reason="重复申报")

    assert (done["entitlement"]["status"], done["recovery"]) == ("REVOKED", None)
    assert await figures() == (0, 0, 0, BUDGET_FEN)


async def test_revoking_refuses_a_batched_entitlement_a_missing_reason_and_other_counties(
    api: Api, tokens: Tokens
) -> None:
    await budget()
    made = await entitlement(await person())
    await payouts.create_payout_batch(ADMIN, CHUXIONG, idempotency_key="b")
    target = to_global_id("Entitlement", made.id)

    batched = await revoke(api, tokens.chuxiong, target)
    assert batched["userErrors"] == [
        {
            "code": "WRONG_ENTITLEMENT_STATUS",
            "field": ["input", "entitlementId"],
            "message": "已编入发放批次：请先标记批次已发放，再撤销并追回",
        }
    ]
    blank = await revoke(api, tokens.chuxiong, target, reason="  ")
    assert [(e["code"], e["field"]) for e in blank["userErrors"]] == [("INVALID_INPUT", ["input", "reason"])]
    elsewhere = await revoke(api, tokens.lufeng, target)
    assert [e["code"] for e in elsewhere["userErrors"]] == ["ENTITLEMENT_NOT_FOUND"]
    body = await api.post(REVOKE, {"input": {"entitlementId": target, "reason": "r"}}, token=tokens.expert)
    assert error_codes(body) == ["FORBIDDEN"]
    assert (await Entitlement.get(id=made.id)).status is EntitlementStatus.IN_BATCH


async def test_recording_a_recovery_refuses_bad_dates_other_counties_and_other_roles(
    api: Api, tokens: Tokens
) -> None:
    await budget()
    recovery_id = (await revoke(api, tokens.chuxiong, await paid_entitlement()))["recovery"]["id"]

    future = await recover(api, tokens.chuxiong, recovery_id, on=TODAY + timedelta(days=1))
    assert [(e["code"], e["field"]) for e in future["userErrors"]] == [
        ("INVALID_DATE", ["input", "recoveredOn"])
    ]
    blank = await recover(api, tokens.chuxiong, recovery_id, reference="")
    assert [(e["code"], e["field"]) for e in blank["userErrors"]] == [
        ("INVALID_INPUT", ["input", "reference"])
    ]
    elsewhere = await recover(api, tokens.lufeng, recovery_id)
    assert [e["code"] for e in elsewhere["userErrors"]] == ["RECOVERY_NOT_FOUND"]
    variables = {"input": {"recoveryId": recovery_id, "recoveredOn": TODAY.isoformat(), "reference": "r"}}
    assert error_codes(await api.post(RECOVER, variables, token=tokens.expert)) == ["FORBIDDEN"]
    assert await figures() == (0, 200_000, 0, BUDGET_FEN - 200_000)


async def test_recoveries_are_listed_for_admins_in_scope(api: Api, tokens: Tokens) -> None:
    await budget()
    first = (await revoke(api, tokens.chuxiong, await paid_entitlement(10_000)))["recovery"]["id"]
    second = (await revoke(api, tokens.chuxiong, await paid_entitlement(20_000)))["recovery"]["id"]
    await recover(api, tokens.chuxiong, first)

    outstanding = await api.data(RECOVERIES, {"first": 10, "status": "OUTSTANDING"}, token=tokens.chuxiong)
    assert outstanding["recoveries"]["nodes"] == [{"id": second, "status": "OUTSTANDING", "amount": "200.00"}]
    every = await api.data(RECOVERIES, {"first": 10, "county": CHUXIONG}, token=tokens.prefecture)
    assert [n["id"] for n in every["recoveries"]["nodes"]] == [first, second]
    lufeng = await api.data(RECOVERIES, {"first": 10}, token=tokens.lufeng)
    assert lufeng["recoveries"]["totalCount"] == 0
    assert error_codes(await api.post(RECOVERIES, {"first": 10}, token=tokens.expert)) == ["FORBIDDEN"]
    hidden = await api.data("query($id: ID!) { node(id: $id) { id } }", {"id": second}, token=tokens.lufeng)
    assert hidden["node"] is None
