"""Registrations that cannot be true are refused through the API (issue #8 §4): an ID number whose first two
digits are no province or whose birth year is before 1900, and social work that starts before 16."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.accounts.models import User
from domain.audit.models import AuditEvent
from domain.people.id_card import compute_check_character, make_id_card_number
from domain.people.models import Person
from tests.api.accounts.test_register_account import GOOD_ID, REGISTER, registration
from tests.api.conftest import Api

UPDATE = """
mutation U($input: UpdateMyProfileInput!) {
  updateMyProfile(input: $input) { person { socialWorkSince } userErrors { code field message } }
}
"""


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2026-11-30")


async def refused(api: Api, override: dict[str, Any]) -> dict[str, Any]:
    """The one userError of a registration that must write nothing."""
    payload = (await api.data(REGISTER, {"input": registration(**override)}))["registerAccount"]
    assert (payload["token"], payload["viewer"]) == (None, None)
    [error] = payload["userErrors"]
    assert await User.all().count() == 0
    assert await Person.all().count() == 0
    assert await AuditEvent.all().count() == 0
    return dict(error)


async def registered(api: Api, override: dict[str, Any]) -> dict[str, Any]:
    payload = (await api.data(REGISTER, {"input": registration(**override)}))["registerAccount"]
    assert payload["userErrors"] == []
    person: dict[str, Any] = payload["viewer"]["person"]
    return person


async def test_the_all_zero_region_of_the_issue_is_refused(api: Api, db: str) -> None:
    # The check character of this number is right: only the region can be what is wrong.
    assert compute_check_character("00000019900101123") == "X"
    error = await refused(api, {"idCardNumber": "00000019900101123X"})
    assert (error["code"], error["field"]) == ("INVALID_ID_CARD_NUMBER", ["input", "idCardNumber"])
    assert "前两位不是省级行政区划代码" in error["message"]


async def test_a_person_born_in_year_0001_is_refused(api: Api, db: str) -> None:
    first17 = "53230100010101123"
    error = await refused(api, {"idCardNumber": first17 + compute_check_character(first17)})
    assert (error["code"], error["field"]) == ("INVALID_ID_CARD_NUMBER", ["input", "idCardNumber"])
    assert "早于 1900 年" in error["message"]


async def test_a_person_born_on_1_january_1900_registers(api: Api, db: str) -> None:
    number = make_id_card_number("532301", date(1900, 1, 1), 123)
    person = await registered(
        api, {"idCardNumber": number, "socialWorkSince": "1960-01-01", "graduatedOn": None}
    )
    assert person["birthDate"] == "1900-01-01"


async def test_a_number_with_the_retired_county_code_of_lufeng_county_registers(api: Api, db: str) -> None:
    # 禄丰县 532331 became 禄丰市 532302 in 2021; a number keeps the code it was first issued with.
    number = make_id_card_number("532331", date(1980, 5, 6), 41)
    person = await registered(api, {"idCardNumber": number, "countyCode": "532302"})
    assert (person["idCardNumber"], person["countyName"]) == (number, "禄丰市")


async def test_a_taiwan_residents_residence_permit_number_registers(api: Api, db: str) -> None:
    number = make_id_card_number("830000", date(1985, 10, 10), 22)
    assert (await registered(api, {"idCardNumber": number}))["idCardNumber"] == number


async def test_social_work_that_starts_the_day_before_the_16th_birthday_is_refused(api: Api, db: str) -> None:
    # GOOD_ID is of someone born on 1990-03-12.
    error = await refused(api, {"socialWorkSince": "2006-03-11", "graduatedOn": None})
    assert (error["code"], error["field"]) == ("DATES_OUT_OF_ORDER", ["input", "socialWorkSince"])
    assert error["message"] == "从事社会工作的起始日期不能早于年满 16 周岁之日（2006-03-12）"


async def test_social_work_that_starts_on_the_16th_birthday_registers(api: Api, db: str) -> None:
    person = await registered(api, {"socialWorkSince": "2006-03-12", "graduatedOn": None})
    assert person["idCardNumber"] == GOOD_ID


async def test_a_profile_change_to_social_work_before_16_is_refused(api: Api, db: str) -> None:
    payload = (await api.data(REGISTER, {"input": registration()}))["registerAccount"]
    token = payload["token"]
    data = await api.data(UPDATE, {"input": {"socialWorkSince": "2005-09-01"}}, token=token)
    [error] = data["updateMyProfile"]["userErrors"]
    assert (error["code"], error["field"]) == ("DATES_OUT_OF_ORDER", ["input", "socialWorkSince"])
    assert await Person.filter(social_work_since=date(2013, 7, 1)).count() == 1
    done = await api.data(UPDATE, {"input": {"socialWorkSince": "2006-03-12"}}, token=token)
    assert done["updateMyProfile"] == {"person": {"socialWorkSince": "2006-03-12"}, "userErrors": []}
