"""accrueMonthlyAllowances and waitingEntitlements over GraphQL, as a front end sends them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.incentives.vocabulary import IncentiveKind
from tests.api.conftest import Api, Tokens, error_codes
from tests.domain.incentives.engine_fixtures import (
    CHUXIONG,
    A,
    S,
    holder,
    pid,
    policy,
    record_certificate,
    register,
)

ACCRUE = """
mutation Accrue($input: AccrueMonthlyAllowancesInput!) {
  accrueMonthlyAllowances(input: $input) { month created total userErrors { code field message } }
}
"""

WAITING = """
query Waiting($personId: ID) {
  waitingEntitlements(personId: $personId) { kind level waitingFor waitingUntil reason since policy { amount } }
}
"""


@pytest.fixture(autouse=True)
def august(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-08-01")


async def accrue(api: Api, token: str, month: str = "2027-07", key: str = "july") -> dict[str, Any]:
    return await api.post(ACCRUE, {"input": {"month": month, "idempotencyKey": key}}, token=token)


async def test_the_prefecture_accrues_a_month_and_a_retry_gets_the_same_answer(
    api: Api, tokens: Tokens
) -> None:
    person = await holder("lina", full_time=True)
    certificate = await record_certificate(person, S, date(2027, 6, 1))
    await register(person, certificate, date(2027, 7, 11))
    await policy(IncentiveKind.MONTHLY_ALLOWANCE, S, 30_000, county_code=CHUXIONG, requires_registration=True)
    first = (await accrue(api, tokens.prefecture))["data"]["accrueMonthlyAllowances"]
    assert first == {"month": "2027-07", "created": 1, "total": "203.23", "userErrors": []}
    assert (await accrue(api, tokens.prefecture))["data"]["accrueMonthlyAllowances"] == first
    again = (await accrue(api, tokens.prefecture, key="july-again"))["data"]["accrueMonthlyAllowances"]
    assert (again["created"], again["total"]) == (0, "0.00")


@pytest.mark.parametrize(
    ("month", "message"), [("2027-7", "YYYY-MM"), ("2027-08", "该月尚未结束"), ("七月", "YYYY-MM")]
)
async def test_a_month_badly_written_or_not_ended_is_a_user_error(
    api: Api, tokens: Tokens, month: str, message: str
) -> None:
    payload = (await accrue(api, tokens.prefecture, month))["data"]["accrueMonthlyAllowances"]
    assert payload["created"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_MONTH", ["input", "month"])
    assert message in error["message"]


async def test_a_key_used_for_another_month_is_a_user_error(api: Api, tokens: Tokens) -> None:
    await accrue(api, tokens.prefecture, "2027-06", key="k")
    payload = (await accrue(api, tokens.prefecture, "2027-07", key="k"))["data"]["accrueMonthlyAllowances"]
    assert [e["code"] for e in payload["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]


async def test_county_admins_experts_and_trainees_may_not_accrue(api: Api, tokens: Tokens) -> None:
    await holder("lina")
    trainee = await api.login("lina")
    for token in (tokens.chuxiong, tokens.expert, trainee):
        assert error_codes(await accrue(api, token)) == ["FORBIDDEN"]
    assert error_codes(await accrue(api, "")) == ["UNAUTHENTICATED"]


async def test_a_person_sees_their_own_waits_and_admins_in_scope_see_them_too(
    api: Api, tokens: Tokens
) -> None:
    await policy(IncentiveKind.ONE_TIME_REWARD, A, 100_000, requires_registration=True)
    person = await holder("lina")
    await holder("wangfang")
    await record_certificate(person, A, date(2027, 6, 1))  # the query itself reads the outbox
    own = await api.data(WAITING, token=await api.login("lina"))
    assert own["waitingEntitlements"] == [
        {
            "kind": "ONE_TIME_REWARD",
            "level": "ASSISTANT",
            "waitingFor": "CERTIFICATE_REGISTRATION",
            "waitingUntil": None,
            "reason": "待助理社会工作师（初级）证书登记后生成（本政策须证书已登记）",
            "since": "2027-06-01",
            "policy": {"amount": "1000.00"},
        }
    ]
    someone = {"personId": to_global_id("Person", pid(person))}
    assert (await api.data(WAITING, someone, token=tokens.chuxiong))["waitingEntitlements"] == own[
        "waitingEntitlements"
    ]
    assert (await api.data(WAITING, token=await api.login("wangfang")))["waitingEntitlements"] == []
    assert error_codes(await api.post(WAITING, someone, token=tokens.lufeng)) == ["NOT_FOUND"]
    assert error_codes(await api.post(WAITING, someone, token=await api.login("wangfang"))) == ["NOT_FOUND"]
