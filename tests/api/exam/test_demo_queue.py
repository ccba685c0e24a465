"""What `make run` shows 楚雄市's county admin: the demo's exam review queue, at every stage."""

from __future__ import annotations

from api.demo import seed_demo
from api.demo.data import DEMO_PASSWORD
from tests.api.conftest import Api
from tests.api.exam.test_lists import REGISTRATIONS


async def test_the_demo_gives_the_county_admin_a_review_queue_at_every_stage(api: Api) -> None:
    await seed_demo()
    token = await api.login("chuxiong.admin", DEMO_PASSWORD)
    queue = (await api.data(REGISTRATIONS, {"first": 20}, token=token))["examRegistrations"]
    assert [(n["person"]["name"], n["status"]) for n in queue["nodes"]] == [
        # Waiting for review first, oldest first; then the rest, oldest first.
        ("王强", "SUBMITTED"),
        ("马丽", "SUBMITTED"),
        ("字莹", "SUBMITTED"),
        ("李娜", "PAID"),
        ("罗军", "APPROVED"),
        ("何燕", "REJECTED"),
    ]
    fee_queue = await api.data(REGISTRATIONS, {"first": 20, "filter": {"status": "APPROVED"}}, token=token)
    assert [n["person"]["name"] for n in fee_queue["examRegistrations"]["nodes"]] == ["罗军"]
    # 普秀 of 武定县 is in the prefecture's view, not in 楚雄市's.
    prefecture = await api.login("zhou.admin", DEMO_PASSWORD)
    everyone = (await api.data(REGISTRATIONS, {"first": 20}, token=prefecture))["examRegistrations"]
    assert everyone["totalCount"] == 7
    assert "普秀" in [n["person"]["name"] for n in everyone["nodes"]]
