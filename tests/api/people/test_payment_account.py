"""setPaymentAccount and Person.paymentAccount over HTTP: a person records their own account, county staff
in scope record someone's, a number with letters or too few digits is refused, full-width digits are
accepted, and the number is masked for everyone, the person included."""

from __future__ import annotations

from typing import Any

import pytest_asyncio

from api.schema.relay import decode_pk, to_global_id
from domain.people.models import Person
from tests.api.conftest import Api, Tokens, error_codes
from tests.factories import PASSWORD, person_id_of, trainee

SET = """
mutation Set($input: SetPaymentAccountInput!) {
  setPaymentAccount(input: $input) {
    person { id paymentAccount { bankName accountNumber } }
    userErrors { code field message }
  }
}
"""
PERSON = "query Person($id: ID!) { person(id: $id) { paymentAccount { bankName accountNumber } } }"
CARD = "6228480418877654321"
MASKED = "6228***********4321"
BANK = "中国农业银行楚雄分行"


@pytest_asyncio.fixture
async def li(api: Api, tokens: Tokens) -> tuple[str, str]:
    """李娜 of 楚雄市: her person's global id and her token."""
    user = await trainee("li.na", county_code="532301")
    return to_global_id("Person", person_id_of(user)), await api.login("li.na", PASSWORD)


async def set_account(api: Api, token: str, **input: Any) -> dict[str, Any]:
    data = await api.data(SET, {"input": {"bankName": BANK, "accountNumber": CARD, **input}}, token=token)
    payload: dict[str, Any] = data["setPaymentAccount"]
    return payload


def only_error(payload: dict[str, Any]) -> tuple[str, list[str] | None]:
    assert payload["person"] is None
    [error] = payload["userErrors"]
    assert error["message"]
    return error["code"], error["field"]


async def test_a_person_records_her_account_and_sees_it_masked(api: Api, li: tuple[str, str]) -> None:
    person, token = li
    payload = await set_account(api, token, accountNumber="６２２８ ４８０４－１８８７７６５４３２１")
    assert payload["userErrors"] == []
    assert payload["person"] == {"id": person, "paymentAccount": {"bankName": BANK, "accountNumber": MASKED}}
    mine = await api.data(PERSON, {"id": person}, token=token)
    assert mine["person"]["paymentAccount"] == {"bankName": BANK, "accountNumber": MASKED}
    assert (await Person.get(id=person_id_of_global(person))).account_number == CARD


def person_id_of_global(global_id: str) -> int:
    pk = decode_pk(global_id, "Person")
    assert pk is not None
    return pk


async def test_county_staff_in_scope_record_someones_account_and_see_it_masked(
    api: Api, tokens: Tokens, li: tuple[str, str]
) -> None:
    person, _ = li
    for token in (tokens.chuxiong, tokens.prefecture):
        payload = await set_account(api, token, personId=person)
        assert payload["userErrors"] == []
        seen = await api.data(PERSON, {"id": person}, token=token)
        assert seen["person"]["paymentAccount"]["accountNumber"] == MASKED


async def test_staff_out_of_scope_and_other_people_find_no_such_person(
    api: Api, tokens: Tokens, li: tuple[str, str]
) -> None:
    person, _ = li
    await trainee("wang.qiang", county_code="532301")
    wang = await api.login("wang.qiang", PASSWORD)
    for token in (tokens.lufeng, wang):
        assert only_error(await set_account(api, token, personId=person)) == (
            "NO_PERSON",
            ["input", "personId"],
        )
    # The expert has no person of their own: they must name one, and may not name 李娜.
    assert only_error(await set_account(api, tokens.expert)) == ("NO_PERSON", ["input", "personId"])
    assert only_error(await set_account(api, tokens.expert, personId=person)) == (
        "NO_PERSON",
        ["input", "personId"],
    )
    assert (await Person.get(id=person_id_of_global(person))).account_number is None


async def test_signing_in_is_needed(api: Api, li: tuple[str, str]) -> None:
    body = await api.post(SET, {"input": {"bankName": BANK, "accountNumber": CARD}})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_number_with_letters_or_too_few_digits_and_an_empty_bank_are_refused(
    api: Api, li: tuple[str, str]
) -> None:
    _, token = li
    for number in ["6228abcd18877654", "1234567", "1" * 31, "6228/4804/1887"]:
        assert only_error(await set_account(api, token, accountNumber=number)) == (
            "INVALID_ACCOUNT_NUMBER",
            ["input", "accountNumber"],
        )
    assert only_error(await set_account(api, token, bankName="  ")) == (
        "INVALID_INPUT",
        ["input", "bankName"],
    )
    assert only_error(await set_account(api, token, personId="nonsense")) == (
        "INVALID_ID",
        ["input", "personId"],
    )
    assert await Person.filter(account_number__isnull=False).count() == 0


async def test_no_account_recorded_is_null_and_others_see_no_account_at_all(
    api: Api, tokens: Tokens, li: tuple[str, str]
) -> None:
    person, token = li
    assert (await api.data(PERSON, {"id": person}, token=token))["person"] == {"paymentAccount": None}
    await set_account(api, token)
    # The 禄丰市 admin does not see 李娜 at all, let alone her account.
    assert (await api.data(PERSON, {"id": person}, token=tokens.lufeng))["person"] is None
