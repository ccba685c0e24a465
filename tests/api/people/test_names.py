"""Personal names as people type them (issue 8 §1): a minority name's middle dot, whichever look-alike the
keyboard gave, and stray spaces are stored and compared in one form; what cannot be a name is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.accounts.models import User
from domain.people.id_card import make_id_card_number
from domain.people.models import Person
from tests.api.accounts.test_register_account import REGISTER, registration
from tests.api.conftest import Api, Tokens
from tests.factories import person_id_of, trainee

SEARCH = """
query Persons($filter: PersonFilter) { persons(first: 10, filter: $filter) { totalCount nodes { name } } }
"""
CREATE_USER = """
mutation Create($input: CreateUserInput!) {
  createUser(input: $input) { user { username name } userErrors { code field message } }
}
"""
EXISTING = """
mutation X($input: RecordExistingCertificateInput!) {
  recordExistingCertificate(input: $input) { certificate { number } userErrors { code field message } }
}
"""
VERIFY = """
query V($number: String!, $name: String!) {
  verifyCertificate(number: $number, name: $name) { valid level holderName }
}
"""


async def register(api: Api, name: str) -> dict[str, Any]:
    data = await api.data(REGISTER, {"input": registration(name=name)})
    payload: dict[str, Any] = data["registerAccount"]
    return payload


async def test_a_name_typed_with_a_bullet_is_stored_with_the_middle_dot_and_found_by_it(
    api: Api, tokens: Tokens
) -> None:
    payload = await register(api, "吉克•阿依")  # • U+2022
    assert payload["userErrors"] == []
    assert payload["viewer"]["person"]["name"] == "吉克·阿依"
    assert await Person.filter(name="吉克·阿依").count() == 1
    assert await User.filter(name="吉克·阿依").count() == 1
    for search in ("吉克·阿依", "吉克•阿依", "吉克・阿依", "吉克 . 阿依", "克·阿"):
        found = await api.data(SEARCH, {"filter": {"search": search}}, token=tokens.chuxiong)
        assert found["persons"] == {"totalCount": 1, "nodes": [{"name": "吉克·阿依"}]}, search


async def test_a_search_with_a_full_width_space_finds_the_name_without_it(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", name="李娜")
    found = await api.data(SEARCH, {"filter": {"search": "李　娜"}}, token=tokens.chuxiong)
    assert found["persons"] == {"totalCount": 1, "nodes": [{"name": "李娜"}]}


async def test_a_search_without_the_middle_dot_finds_the_name_with_it(api: Api, tokens: Tokens) -> None:
    await trainee("a.yi", name="吉克·阿依")
    await trainee("li.na", name="李娜")
    for search in ("吉克阿依", "吉克 阿依", "克阿"):
        found = await api.data(SEARCH, {"filter": {"search": search}}, token=tokens.chuxiong)
        assert found["persons"] == {"totalCount": 1, "nodes": [{"name": "吉克·阿依"}]}, search
    nobody = await api.data(SEARCH, {"filter": {"search": "阿依吉克"}}, token=tokens.chuxiong)
    assert nobody["persons"]["totalCount"] == 0


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("<script>alert(1)</script>", "「<」"),
        ("张三3", "数字"),
        ("·木呷", "两部分之间"),
        ("李", "2 到 40"),
        ("  ", "请填写姓名"),
    ],
)
async def test_what_cannot_be_a_name_is_refused_at_registration(
    api: Api, db: str, name: str, says: str
) -> None:
    payload = await register(api, name)
    assert payload["token"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_NAME", ["input", "name"])
    assert says in error["message"]
    assert await Person.all().count() == 0
    assert await User.all().count() == 0


async def test_a_staff_account_name_is_normalised_and_checked_like_a_persons(
    api: Api, tokens: Tokens
) -> None:
    base = {"password": "good-pass-1", "roles": [{"role": "EXPERT"}]}
    made = await api.data(
        CREATE_USER,
        {"input": {**base, "username": "ayi.muga", "name": " 阿依・木呷 "}},
        token=tokens.prefecture,
    )
    assert made["createUser"] == {"user": {"username": "ayi.muga", "name": "阿依·木呷"}, "userErrors": []}
    for name in ("<script>alert(1)</script>", "张三3", "·木呷"):
        refused = await api.data(
            CREATE_USER, {"input": {**base, "username": "bad.name", "name": name}}, token=tokens.prefecture
        )
        assert refused["createUser"]["user"] is None
        assert [(e["code"], e["field"]) for e in refused["createUser"]["userErrors"]] == [
            ("INVALID_NAME", ["input", "name"])
        ], name
    assert await User.filter(username="bad.name").count() == 0


async def test_a_certificate_is_verified_whichever_middle_dot_the_name_is_typed_with(
    api: Api, tokens: Tokens
) -> None:
    holder = await trainee(
        "a.yi", name="阿依·木呷", id_card_number=make_id_card_number("532301", date(1988, 4, 9), 611)
    )
    recorded = await api.data(
        EXISTING,
        {
            "input": {
                "personId": to_global_id("Person", person_id_of(holder)),
                "level": "ASSISTANT",
                "number": "20191532300017",
                "issuedOn": "2019-06-30",
            }
        },
        token=tokens.chuxiong,
    )
    assert recorded["recordExistingCertificate"]["userErrors"] == []
    valid = {"valid": True, "level": "ASSISTANT", "holderName": "阿****"}
    for typed in (
        "阿依·木呷",
        "阿依•木呷",
        "阿依・木呷",
        "阿依．木呷",
        " 阿依 · 木呷 ",
        "阿依 木呷",
        "阿依木呷",
    ):
        answer = await api.data(VERIFY, {"number": "20191532300017", "name": typed})
        assert answer["verifyCertificate"] == valid, typed
    for wrong in ("木呷·阿依", "阿依·木", "阿依·木呷呷"):
        answer = await api.data(VERIFY, {"number": "20191532300017", "name": wrong})
        assert answer["verifyCertificate"] == {"valid": False, "level": None, "holderName": None}, wrong
