from __future__ import annotations

from tests.api.conftest import Api, Tokens


async def test_counties_are_public_and_seeded(api: Api) -> None:
    data = await api.data("{ counties { code name registeredPopulation talentCount } }")
    assert len(data["counties"]) == 10
    assert sum(c["registeredPopulation"] for c in data["counties"]) == 2_648_301


async def test_viewer_after_login(api: Api, tokens: Tokens) -> None:
    data = await api.data("{ viewer { user { username roles { role countyCode } } } }", token=tokens.chuxiong)
    assert data["viewer"]["user"] == {
        "username": "chen",
        "roles": [{"role": "COUNTY_ADMIN", "countyCode": "532301"}],
    }
