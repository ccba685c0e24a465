"""Online self-registration (seed §七): a trainee account and its registry record, together or not at all."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.access import Grant, Role
from domain.accounts import service as accounts
from domain.accounts.models import User
from domain.audit.models import AuditEvent
from domain.people import organizations
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from domain.people.models import Person
from domain.people.vocabulary import OrganizationType
from tests.api.conftest import Api, error_codes
from tests.factories import SYSTEM, trainee

REGISTER = """
mutation Register($input: RegisterAccountInput!) {
  registerAccount(input: $input) {
    token
    viewer {
      user { username roles { role } }
      person { name idCardNumber phone birthDate sex countyCode countyName identityMasked }
    }
    userErrors { code field message }
  }
}
"""

GOOD_ID = make_id_card_number("532301", date(1990, 3, 12), 123)


def registration(**override: Any) -> dict[str, Any]:
    return {
        "username": "li.na",
        "password": "lina-2026-ok",
        "name": "李娜",
        "idCardNumber": GOOD_ID,
        "phone": "13887801234",
        "countyCode": "532301",
        "education": "BACHELOR",
        "major": "SOCIAL_WORK",
        "socialWorkSince": "2013-07-01",
        "graduatedOn": "2013-06-30",
        "organizationName": "楚雄市鹿城镇社区服务中心",
        "frontLine": True,
        "fullTimeCommunityWorker": True,
        **override,
    }


async def test_registration_creates_a_trainee_who_sees_their_own_record_in_full(api: Api, db: str) -> None:
    data = await api.data(REGISTER, {"input": registration()})
    payload = data["registerAccount"]
    assert payload["userErrors"] == []
    assert payload["viewer"] == {
        "user": {"username": "li.na", "roles": [{"role": "TRAINEE"}]},
        "person": {
            "name": "李娜",
            "idCardNumber": GOOD_ID,
            "phone": "13887801234",
            "birthDate": "1990-03-12",
            "sex": "MALE",
            "countyCode": "532301",
            "countyName": "楚雄市",
            "identityMasked": False,
        },
    }
    # The token works at once.
    me = await api.data("{ viewer { person { name } } }", token=payload["token"])
    assert me["viewer"]["person"]["name"] == "李娜"


async def test_a_lowercase_x_check_character_is_accepted_and_stored_uppercase(api: Api, db: str) -> None:
    with_x = next(
        n for seq in range(1000) if (n := make_id_card_number("532322", date(1988, 8, 8), seq)).endswith("X")
    )
    data = await api.data(REGISTER, {"input": registration(idCardNumber=with_x.lower())})
    assert data["registerAccount"]["viewer"]["person"]["idCardNumber"] == with_x


async def assert_refused(api: Api, override: dict[str, Any], code: str, field: list[str] | None) -> str:
    data = await api.data(REGISTER, {"input": registration(**override)})
    payload = data["registerAccount"]
    assert payload["token"] is None
    assert payload["viewer"] is None
    [error] = payload["userErrors"]
    assert (error["code"], error["field"]) == (code, field)
    message: str = error["message"]
    return message


async def test_a_wrong_check_digit_is_refused_and_nothing_is_written(api: Api, db: str) -> None:
    wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    message = await assert_refused(
        api, {"idCardNumber": wrong}, "INVALID_ID_CARD_NUMBER", ["input", "idCardNumber"]
    )
    assert "校验码" in message
    assert await User.all().count() == 0
    assert await Person.all().count() == 0
    assert await AuditEvent.all().count() == 0


async def test_malformed_id_numbers_are_refused(api: Api, db: str) -> None:
    for bad in ["53230119900312123", "5323011990031212345", "53230119900230123X", "5323011990031212A4"]:
        await assert_refused(api, {"idCardNumber": bad}, "INVALID_ID_CARD_NUMBER", ["input", "idCardNumber"])


async def test_a_second_registration_with_the_same_id_number_is_refused(api: Api, db: str) -> None:
    await api.data(REGISTER, {"input": registration()})
    message = await assert_refused(
        api, {"username": "someone.else"}, "ID_CARD_NUMBER_TAKEN", ["input", "idCardNumber"]
    )
    assert "已登记" in message
    assert await User.filter(username="someone.else").count() == 0


async def test_a_taken_username_is_refused(api: Api, db: str) -> None:
    await api.data(REGISTER, {"input": registration()})
    other_id = make_id_card_number("532301", date(1991, 1, 1), 222)
    await assert_refused(api, {"idCardNumber": other_id}, "USERNAME_TAKEN", ["input", "username"])
    assert await Person.all().count() == 1


async def test_other_bad_fields_are_named(api: Api, db: str) -> None:
    cases: list[tuple[dict[str, Any], str, list[str]]] = [
        ({"countyCode": "530102"}, "UNKNOWN_COUNTY", ["input", "countyCode"]),
        ({"phone": "0878-1234567"}, "INVALID_PHONE", ["input", "phone"]),
        ({"socialWorkSince": "1989-01-01"}, "DATES_OUT_OF_ORDER", ["input", "socialWorkSince"]),
        ({"socialWorkSince": "2099-01-01"}, "DATES_OUT_OF_ORDER", ["input", "socialWorkSince"]),
        ({"name": "  "}, "INVALID_NAME", ["input", "name"]),
        ({"organizationName": ""}, "INVALID_INPUT", ["input", "organizationName"]),
        ({"password": "abcdefgh"}, "WEAK_PASSWORD", ["input", "password"]),
        ({"username": "李娜"}, "INVALID_INPUT", ["input", "username"]),
    ]
    for override, code, field in cases:
        await assert_refused(api, override, code, field)
    assert await Person.all().count() == 0


async def test_an_unknown_enum_value_is_a_coded_top_level_error(api: Api, db: str) -> None:
    body = await api.post(REGISTER, {"input": registration(education="PRIMARY_SCHOOL")})
    # A variable's value that does not fit its type is the client's input: BAD_USER_INPUT.
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["message"] == "变量 $input 中的 education 的值无效：不是枚举 Education 的取值"
    assert await Person.all().count() == 0


async def test_an_employer_already_filed_and_approved_is_linked_at_registration(api: Api, db: str) -> None:
    filer = await trainee("filer.one")
    org = await organizations.file_organization(
        accounts.actor_for(filer, [Grant(Role.TRAINEE)], SYSTEM),
        organizations.OrganizationFiling(
            name="楚雄市鹿城镇社区服务中心",
            credit_code=make_credit_code("52532301MJ0000010"),
            county_code="532301",
            township="鹿城镇",
            type=OrganizationType.COMMUNITY,
        ),
    )
    await organizations.review_organization(SYSTEM, org.id, approve=True, reason=None)
    await api.data(REGISTER, {"input": registration()})
    person = await Person.get(id_card_number=GOOD_ID)
    assert person.organization_id == org.id


async def test_a_self_registration_is_in_the_audit_trail_with_the_new_account_and_its_client(
    api: Api, db: str
) -> None:
    data = await api.data(REGISTER, {"input": registration(username="Li.Na")})
    assert data["registerAccount"]["userErrors"] == []
    user = await User.get(username="li.na")
    event = await AuditEvent.get(action="account.registered")
    assert (event.actor_user_id, event.actor_username, event.actor_role) == (user.id, "li.na", "TRAINEE")
    assert (event.target_type, event.target_id, event.county_code) == ("User", str(user.id), "532301")
    assert event.client == "10.1.2.3"
    assert event.request_id
    assert event.summary == {"username": "li.na"}
    # The registry record it created is in the trail too, from the same request and by the new account.
    person_event = await AuditEvent.get(action="person.registered")
    assert person_event.request_id == event.request_id
    assert (person_event.actor_user_id, person_event.actor_username) == (user.id, "li.na")
    assert person_event.target_id == str(user.person_id)


async def test_a_refused_self_registration_leaves_no_account_event(api: Api, db: str) -> None:
    await api.data(REGISTER, {"input": registration(password="qq123456")})
    assert not await AuditEvent.exists(action="account.registered")
