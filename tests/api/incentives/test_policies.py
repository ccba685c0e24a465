"""setIncentivePolicy, endIncentivePolicy and incentivePolicies over HTTP: the happy paths, every userError,
who may set which county's policy (and the default), and that anyone may read them."""

from __future__ import annotations

from typing import Any

import pytest_asyncio

from api.schema.relay import to_global_id
from domain.access import Grant, Role
from domain.audit.models import AuditEvent
from domain.incentives.models import IncentivePolicy
from domain.training import providers
from tests.api.conftest import Api, Tokens, error_codes
from tests.factories import PASSWORD, SYSTEM, staff, trainee

POLICY_FIELDS = """
id countyCode kind level amount effectiveFrom effectiveTo
rules { requiresPass requiresRegistration minTenureMonths fullTimeCommunityWorkerOnly
        payDifferenceOnUpgrade prorate }
"""
SET = f"""
mutation Set($input: SetIncentivePolicyInput!) {{
  setIncentivePolicy(input: $input) {{
    policy {{ {POLICY_FIELDS} }}
    userErrors {{ code field message }}
  }}
}}
"""
END = f"""
mutation End($input: EndIncentivePolicyInput!) {{
  endIncentivePolicy(input: $input) {{
    policy {{ {POLICY_FIELDS} }}
    userErrors {{ code field message }}
  }}
}}
"""
LIST = """
query List($countyCode: String) {
  incentivePolicies(countyCode: $countyCode) { id countyCode kind level amount effectiveFrom effectiveTo }
}
"""


def reward(**override: Any) -> dict[str, Any]:
    return {
        "countyCode": "532301",
        "kind": "ONE_TIME_REWARD",
        "level": "SOCIAL_WORKER",
        "amount": "2000",
        "effectiveFrom": "2027-01-01",
        **override,
    }


async def set_policy(api: Api, token: str, **override: Any) -> dict[str, Any]:
    data = await api.data(SET, {"input": reward(**override)}, token=token)
    payload: dict[str, Any] = data["setIncentivePolicy"]
    return payload


def only_error(payload: dict[str, Any]) -> tuple[str, list[str] | None]:
    assert payload["policy"] is None
    [error] = payload["userErrors"]
    assert error["message"]
    return error["code"], error["field"]


@pytest_asyncio.fixture
async def others(api: Api, tokens: Tokens) -> dict[str, str]:
    """Signed-in accounts that hold no admin role: a trainee, a training provider, and the expert."""
    center = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", "532301", "罗老师", "0878-3120000")
    )
    await staff("px.center", Grant(Role.PROVIDER, provider_id=center.id))
    await trainee("li.na")
    return {
        "trainee": await api.login("li.na", PASSWORD),
        "provider": await api.login("px.center", PASSWORD),
        "expert": tokens.expert,
    }


async def test_a_county_admin_sets_her_countys_policy_with_the_default_rules(
    api: Api, tokens: Tokens
) -> None:
    payload = await set_policy(api, tokens.chuxiong, amount="2000.50", effectiveTo="2027-12-31")
    assert payload["userErrors"] == []
    policy = payload["policy"]
    assert policy["countyCode"] == "532301"
    assert (policy["kind"], policy["level"], policy["amount"]) == (
        "ONE_TIME_REWARD",
        "SOCIAL_WORKER",
        "2000.50",
    )
    assert (policy["effectiveFrom"], policy["effectiveTo"]) == ("2027-01-01", "2027-12-31")
    assert policy["rules"] == {
        "requiresPass": True,
        "requiresRegistration": True,
        "minTenureMonths": 0,
        "fullTimeCommunityWorkerOnly": False,
        "payDifferenceOnUpgrade": True,
        "prorate": True,
    }
    assert await AuditEvent.filter(action="incentive_policy.set", actor_username="chen").count() == 1


async def test_the_prefecture_admin_sets_the_default_with_rules_of_its_own(api: Api, tokens: Tokens) -> None:
    rules = {"minTenureMonths": 12, "prorate": False, "fullTimeCommunityWorkerOnly": False}
    payload = await set_policy(
        api, tokens.prefecture, countyCode=None, kind="MONTHLY_ALLOWANCE", amount="300", rules=rules
    )
    assert payload["userErrors"] == []
    policy = payload["policy"]
    assert policy["countyCode"] is None
    assert policy["rules"]["minTenureMonths"] == 12
    assert (policy["rules"]["prorate"], policy["rules"]["fullTimeCommunityWorkerOnly"]) == (False, False)
    assert policy["rules"]["requiresRegistration"] is True


async def test_a_county_admin_cannot_set_another_countys_policy_nor_the_default(
    api: Api, tokens: Tokens
) -> None:
    assert only_error(await set_policy(api, tokens.lufeng)) == ("OUT_OF_SCOPE", ["input", "countyCode"])
    assert only_error(await set_policy(api, tokens.lufeng, countyCode=None)) == (
        "OUT_OF_SCOPE",
        ["input", "countyCode"],
    )
    assert await IncentivePolicy.all().count() == 0


async def test_trainees_providers_and_experts_cannot_set_or_end_policies(
    api: Api, tokens: Tokens, others: dict[str, str]
) -> None:
    policy_id = (await set_policy(api, tokens.chuxiong))["policy"]["id"]
    for token in others.values():
        body = await api.post(SET, {"input": reward(amount="1")}, token=token)
        assert error_codes(body) == ["FORBIDDEN"]
        body = await api.post(
            END, {"input": {"policyId": policy_id, "effectiveTo": "2027-06-30"}}, token=token
        )
        assert error_codes(body) == ["FORBIDDEN"]
    assert error_codes(await api.post(SET, {"input": reward()})) == ["UNAUTHENTICATED"]
    assert await IncentivePolicy.all().count() == 1
    assert (await IncentivePolicy.get()).effective_to is None


async def test_each_bad_input_is_a_coded_user_error_and_writes_nothing(api: Api, tokens: Tokens) -> None:
    token = tokens.prefecture
    assert only_error(await set_policy(api, token, countyCode="999999")) == (
        "UNKNOWN_COUNTY",
        ["input", "countyCode"],
    )
    assert only_error(await set_policy(api, token, amount="-1")) == ("INVALID_AMOUNT", ["input", "amount"])
    assert only_error(await set_policy(api, token, amount="1.005")) == ("INVALID_AMOUNT", ["input", "amount"])
    assert only_error(await set_policy(api, token, effectiveTo="2026-12-31")) == (
        "DATES_OUT_OF_ORDER",
        ["input", "effectiveTo"],
    )
    assert only_error(await set_policy(api, token, rules={"minTenureMonths": 601})) == (
        "INVALID_INPUT",
        ["input", "rules", "minTenureMonths"],
    )
    assert await IncentivePolicy.all().count() == 0
    assert await AuditEvent.filter(action="incentive_policy.set").count() == 0


async def test_an_overlapping_version_is_refused_until_the_old_one_is_ended(api: Api, tokens: Tokens) -> None:
    first = await set_policy(api, tokens.chuxiong)
    code, field = only_error(
        await set_policy(api, tokens.chuxiong, effectiveFrom="2027-07-01", amount="2500")
    )
    assert (code, field) == ("INCENTIVE_POLICY_OVERLAP", ["input", "effectiveFrom"])

    ended = await api.data(
        END,
        {"input": {"policyId": first["policy"]["id"], "effectiveTo": "2027-06-30"}},
        token=tokens.chuxiong,
    )
    assert ended["endIncentivePolicy"]["userErrors"] == []
    assert ended["endIncentivePolicy"]["policy"]["effectiveTo"] == "2027-06-30"
    assert only_error(await set_policy(api, tokens.chuxiong, effectiveFrom="2027-06-30")) == (
        "INCENTIVE_POLICY_OVERLAP",
        ["input", "effectiveFrom"],
    )
    successor = await set_policy(api, tokens.chuxiong, effectiveFrom="2027-07-01", amount="2500")
    assert successor["userErrors"] == []
    assert successor["policy"]["amount"] == "2500.00"


async def test_ending_a_version_refuses_a_later_end_an_end_before_it_began_and_other_counties(
    api: Api, tokens: Tokens
) -> None:
    policy_id = (await set_policy(api, tokens.chuxiong, effectiveTo="2027-12-31"))["policy"]["id"]

    async def end(effective_to: str, token: str = tokens.chuxiong, pk: str = policy_id) -> tuple[str, Any]:
        data = await api.data(END, {"input": {"policyId": pk, "effectiveTo": effective_to}}, token=token)
        payload = data["endIncentivePolicy"]
        assert payload["policy"] is None
        [error] = payload["userErrors"]
        return error["code"], error["field"]

    assert await end("2028-01-01") == ("INVALID_INPUT", ["input", "effectiveTo"])
    assert await end("2026-12-31") == ("DATES_OUT_OF_ORDER", ["input", "effectiveTo"])
    assert await end("2027-06-30", tokens.lufeng) == ("OUT_OF_SCOPE", ["input", "policyId"])
    assert await end("2027-06-30", pk=to_global_id("IncentivePolicy", 999)) == (
        "INCENTIVE_POLICY_NOT_FOUND",
        ["input", "policyId"],
    )
    assert await end("2027-06-30", pk="not-an-id") == ("INVALID_ID", ["input", "policyId"])
    assert (await IncentivePolicy.get()).effective_to.isoformat() == "2027-12-31"  # type: ignore[union-attr]


async def test_anyone_reads_a_countys_policies_and_the_defaults(api: Api, tokens: Tokens) -> None:
    own = (await set_policy(api, tokens.chuxiong))["policy"]["id"]
    default = (await set_policy(api, tokens.prefecture, countyCode=None, amount="1500"))["policy"]["id"]
    lufeng = (await set_policy(api, tokens.lufeng, countyCode="532302"))["policy"]["id"]

    anonymous = await api.data(LIST, {"countyCode": "532301"})
    assert [p["id"] for p in anonymous["incentivePolicies"]] == [default, own]
    assert anonymous["incentivePolicies"][0]["amount"] == "1500.00"
    everything = await api.data(LIST, {}, token=tokens.expert)
    assert [p["id"] for p in everything["incentivePolicies"]] == [default, own, lufeng]
    assert (await api.data(LIST, {"countyCode": "999999"}))["incentivePolicies"] == []
    node = await api.data(f'{{ node(id: "{own}") {{ ... on IncentivePolicy {{ amount }} }} }}')
    assert node["node"] == {"amount": "2000.00"}
