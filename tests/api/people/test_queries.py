"""The registry: who sees whom, and how much of them."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.schema.relay import to_global_id
from domain.people.id_card import make_id_card_number
from tests.api.conftest import Api, Tokens, error_codes
from tests.factories import PASSWORD, person_id_of, trainee

PERSON = """
query Person($id: ID!) { person(id: $id) { name idCardNumber phone birthDate identityMasked } }
"""
NODE = "query Node($id: ID!) { node(id: $id) { id ... on Person { name idCardNumber } } }"
PERSONS = """
query Persons($first: Int!, $after: String, $filter: PersonFilter) {
  persons(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { name countyCode idCardNumber }
  }
}
"""

LI_NA_ID = make_id_card_number("532301", date(1990, 3, 12), 101)
ZHANG_MEI_ID = make_id_card_number("532302", date(1995, 5, 20), 204)


async def two_people(api: Api) -> tuple[str, str, str, str]:
    """李娜 of 楚雄市 and 张梅 of 禄丰市: their global ids and tokens."""
    li = await trainee("li.na", name="李娜", county_code="532301", id_card_number=LI_NA_ID)
    zhang = await trainee(
        "zhang.mei", name="张梅", county_code="532302", id_card_number=ZHANG_MEI_ID, phone="13987805678"
    )
    return (
        to_global_id("Person", person_id_of(li)),
        to_global_id("Person", person_id_of(zhang)),
        await api.login("li.na", PASSWORD),
        await api.login("zhang.mei", PASSWORD),
    )


async def person_as(api: Api, person_id: str, token: str) -> dict[str, Any] | None:
    data = await api.data(PERSON, {"id": person_id}, token=token)
    result: dict[str, Any] | None = data["person"]
    return result


async def test_a_person_and_the_admins_of_their_county_see_the_id_number_in_full(
    api: Api, tokens: Tokens
) -> None:
    li, _, li_token, _ = await two_people(api)
    full = {
        "name": "李娜",
        "idCardNumber": LI_NA_ID,
        "phone": "13887801234",
        "birthDate": "1990-03-12",
        "identityMasked": False,
    }
    assert await person_as(api, li, li_token) == full
    assert await person_as(api, li, tokens.chuxiong) == full
    assert await person_as(api, li, tokens.prefecture) == full


async def test_people_outside_the_viewers_scope_do_not_exist_for_them(api: Api, tokens: Tokens) -> None:
    li, zhang, li_token, _ = await two_people(api)
    # Another trainee, an admin of another county, an expert: as if the person did not exist.
    assert await person_as(api, zhang, li_token) is None
    assert await person_as(api, li, tokens.lufeng) is None
    assert await person_as(api, li, tokens.expert) is None
    assert (await api.data(NODE, {"id": li}, token=tokens.lufeng))["node"] is None
    assert (await api.data(NODE, {"id": to_global_id("Person", 99999)}, token=tokens.lufeng))["node"] is None
    nodes = await api.data(
        "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [li, zhang]}, token=tokens.lufeng
    )
    assert nodes["nodes"] == [None, {"id": zhang}]
    # Anonymous callers get no person at all.
    body = await api.post(PERSON, {"id": li})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_node_resolves_what_the_viewer_may_see(api: Api, tokens: Tokens) -> None:
    li, _, _, _ = await two_people(api)
    data = await api.data(NODE, {"id": li}, token=tokens.chuxiong)
    assert data["node"] == {"id": li, "name": "李娜", "idCardNumber": LI_NA_ID}


async def test_a_malformed_global_id_is_a_coded_error(api: Api, tokens: Tokens) -> None:
    body = await api.post(NODE, {"id": "%%%not-base64"}, token=tokens.chuxiong)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = await api.post(PERSON, {"id": to_global_id("Organization", 1)}, token=tokens.chuxiong)
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_county_admins_list_only_their_county(api: Api, tokens: Tokens) -> None:
    await two_people(api)
    mine = await api.data(PERSONS, {"first": 10}, token=tokens.chuxiong)
    assert mine["persons"]["totalCount"] == 1
    assert [p["name"] for p in mine["persons"]["nodes"]] == ["李娜"]
    theirs = await api.data(PERSONS, {"first": 10, "filter": {"countyCode": "532302"}}, token=tokens.chuxiong)
    assert theirs["persons"]["totalCount"] == 0
    everyone = await api.data(PERSONS, {"first": 10}, token=tokens.prefecture)
    assert sorted(p["name"] for p in everyone["persons"]["nodes"]) == ["张梅", "李娜"]
    found = await api.data(PERSONS, {"first": 10, "filter": {"search": "张"}}, token=tokens.prefecture)
    assert [p["name"] for p in found["persons"]["nodes"]] == ["张梅"]
    by_id = await api.data(
        PERSONS, {"first": 10, "filter": {"search": ZHANG_MEI_ID[:10]}}, token=tokens.prefecture
    )
    assert [p["name"] for p in by_id["persons"]["nodes"]] == ["张梅"]


async def test_persons_pages_with_keyset_cursors(api: Api, tokens: Tokens) -> None:
    for i in range(5):
        await trainee(
            f"t{i:03d}",
            name=f"学员{'甲乙丙丁戊己'[i]}",
            id_card_number=make_id_card_number("532301", date(1990, 1, 1), 300 + i),
        )
    first = await api.data(PERSONS, {"first": 2}, token=tokens.chuxiong)
    assert first["persons"]["totalCount"] == 5
    assert first["persons"]["pageInfo"]["hasNextPage"] is True
    seen = [p["name"] for p in first["persons"]["nodes"]]
    after = first["persons"]["pageInfo"]["endCursor"]
    while after:
        page = await api.data(PERSONS, {"first": 2, "after": after}, token=tokens.chuxiong)
        seen += [p["name"] for p in page["persons"]["nodes"]]
        after = (
            page["persons"]["pageInfo"]["endCursor"] if page["persons"]["pageInfo"]["hasNextPage"] else None
        )
    assert seen == [f"学员{'甲乙丙丁戊己'[i]}" for i in range(5)]


async def test_trainees_and_experts_cannot_list_persons(api: Api, tokens: Tokens) -> None:
    _, _, li_token, _ = await two_people(api)
    assert error_codes(await api.post(PERSONS, {"first": 5}, token=li_token)) == ["FORBIDDEN"]
    assert error_codes(await api.post(PERSONS, {"first": 5}, token=tokens.expert)) == ["FORBIDDEN"]


UPDATE = """
mutation Update($input: UpdateMyProfileInput!) {
  updateMyProfile(input: $input) { person { phone education countyCode } userErrors { code field } }
}
"""


async def test_a_person_updates_their_own_profile(api: Api, tokens: Tokens) -> None:
    li, _, li_token, _ = await two_people(api)
    data = await api.data(UPDATE, {"input": {"phone": "13700000000", "education": "MASTER"}}, token=li_token)
    assert data["updateMyProfile"] == {
        "person": {"phone": "13700000000", "education": "MASTER", "countyCode": "532301"},
        "userErrors": [],
    }
    bad = await api.data(UPDATE, {"input": {"phone": "12345"}}, token=li_token)
    assert bad["updateMyProfile"] == {
        "person": None,
        "userErrors": [{"code": "INVALID_PHONE", "field": ["input", "phone"]}],
    }
    assert (await person_as(api, li, li_token) or {})["phone"] == "13700000000"


async def test_staff_without_a_record_cannot_update_a_profile(api: Api, tokens: Tokens) -> None:
    data = await api.data(UPDATE, {"input": {"phone": "13700000000"}}, token=tokens.expert)
    assert [e["code"] for e in data["updateMyProfile"]["userErrors"]] == ["NO_PERSON"]
    body = await api.post(UPDATE, {"input": {"phone": "13700000000"}})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_counties_count_registered_talents(api: Api, tokens: Tokens) -> None:
    await two_people(api)
    data = await api.data("{ counties { code talentCount } }")
    counts = {c["code"]: c["talentCount"] for c in data["counties"]}
    assert counts["532301"] == 1
    assert counts["532302"] == 1
    assert sum(counts.values()) == 2
