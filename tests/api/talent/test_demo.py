"""What `make run` shows of the leading-talent programme: a round on public notice today, its three
candidates on the public page, the ranking for the prefecture, and an objection waiting for its answer."""

from __future__ import annotations

from api.demo import seed_demo
from api.demo.data import DEMO_PASSWORD
from tests.api.conftest import Api

ROUNDS = (
    "{ talentRounds(first: 5) { nodes { id title status noticeEndsOn ranking { rank score withinQuota } } } }"
)
PUBLIC = """
query Public($roundId: ID!) {
  talentPublicNotice(roundId: $roundId) { startsOn endsOn candidates { name countyName rank } }
}
"""
OBJECTIONS = """
query Objections($roundId: ID!) {
  talentObjections(roundId: $roundId, first: 10) { nodes { status contact application { person { name } } } }
}
"""


async def test_the_demo_has_a_round_on_public_notice_with_an_objection_to_answer(api: Api) -> None:
    await seed_demo()
    zhou = await api.login("zhou.admin", DEMO_PASSWORD)
    [round_] = (await api.data(ROUNDS, token=zhou))["talentRounds"]["nodes"]
    assert round_["status"] == "ON_NOTICE"
    assert [(r["rank"], r["withinQuota"]) for r in round_["ranking"]] == [(1, True), (2, True), (3, True)]
    public = (await api.data(PUBLIC, {"roundId": round_["id"]}))["talentPublicNotice"]
    assert public["endsOn"] == round_["noticeEndsOn"]
    assert [(c["name"], c["countyName"], c["rank"]) for c in public["candidates"]] == [
        ("普秀", "武定县", 1),
        ("李娜", "楚雄市", 2),
        ("张梅", "禄丰市", 3),
    ]
    objections = (await api.data(OBJECTIONS, {"roundId": round_["id"]}, token=zhou))["talentObjections"][
        "nodes"
    ]
    assert objections == [
        {"status": "OPEN", "contact": "13987800000", "application": {"person": {"name": "张梅"}}}
    ]
