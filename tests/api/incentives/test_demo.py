"""What `make run` shows about incentives: policies of the prefecture and two counties, 楚雄市's review
queue with the reasons behind each amount, one paid batch within the budget, and a fee subsidy waiting."""

from __future__ import annotations

from api.demo import seed_demo
from api.demo.data import DEMO_PASSWORD
from tests.api.conftest import Api

QUEUE = """
{ entitlements(first: 20, filter: {status: PENDING}) { nodes { kind month amount reason person { name } } } }
"""
BATCHES = '{ payoutBatches(countyCode: "532301", first: 10) { nodes { status total entitlementCount } } }'
POLICIES = "{ incentivePolicies { countyCode kind level amount } }"
WAITING = "{ waitingEntitlements { kind level waitingFor } }"


async def test_the_demo_has_two_counties_policies_a_review_queue_and_a_paid_batch(api: Api) -> None:
    await seed_demo()
    chen = await api.login("chuxiong.admin", DEMO_PASSWORD)
    queue = (await api.data(QUEUE, token=chen))["entitlements"]["nodes"]
    assert [(n["person"]["name"], n["kind"], n["amount"]) for n in queue] == [
        ("李娜", "MONTHLY_ALLOWANCE", "200.00"),
        ("李娜", "MONTHLY_ALLOWANCE", "200.00"),
    ]
    assert all("楚雄市政策" in n["reason"] for n in queue)
    batches = (await api.data(BATCHES, token=chen))["payoutBatches"]["nodes"]
    assert batches == [{"status": "PAID", "total": "1700.00", "entitlementCount": 2}]
    policies = (await api.data(POLICIES, token=chen))["incentivePolicies"]
    assert {p["countyCode"] for p in policies} == {None, "532301", "532302"}
    # 禄丰市's queue holds 张梅's reward; 李娜 sees her 中级 fee subsidy waiting for the pass.
    lufeng = await api.login("lufeng.admin", DEMO_PASSWORD)
    theirs = (await api.data(QUEUE, token=lufeng))["entitlements"]["nodes"]
    assert [(n["person"]["name"], n["kind"], n["amount"]) for n in theirs] == [
        ("张梅", "ONE_TIME_REWARD", "1000.00")
    ]
    li_na = await api.login("li.na", DEMO_PASSWORD)
    assert (await api.data(WAITING, token=li_na))["waitingEntitlements"] == [
        {"kind": "EXAM_FEE_SUBSIDY", "level": "SOCIAL_WORKER", "waitingFor": "EXAM_PASSED"}
    ]
