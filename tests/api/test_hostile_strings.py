"""Every `String` and `ID` input of the schema, found by walking it, meets hostile text: a 5,000-character
string, a county-like code one digit too long, NUL and BEL, a lone UTF-16 surrogate, a right-to-left
override. Asked anonymously and as the prefecture admin (a provider's account for the provider's
mutations), each is answered with a success, a coded userError or a coded top-level error: never INTERNAL,
never a 5xx. Control characters and lone surrogates are refused at the edge (BAD_USER_INPUT, nothing run).

The walk (tests/api/schema_walk.py) covers root-field arguments and input-object fields at any depth,
through lists, so an input added later is covered without touching this file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import count
from typing import Final

import pytest_asyncio

from api.schema.relay import to_global_id
from api.schema.strings import forbidden_character
from domain.accounts.models import User
from domain.people.credit_code import make_credit_code
from domain.people.id_card import make_id_card_number
from tests.api.accounts.test_register_account import registration
from tests.api.conftest import Api
from tests.api.schema_walk import (
    Ids,
    Raw,
    Target,
    answer_problem,
    arguments_for,
    as_literal,
    as_variables,
    discover,
    refusal_problem,
    send,
    sign_in_admin_and_provider,
)
from tests.api.training.fixtures import POST, course_input
from tests.factories import person_id_of, trainee

TARGETS: Final = discover(frozenset({"String", "ID"}))
# A JSON request carries no file: written as literals, these fields' documents are invalid (a null
# Upload!) and refused as such before the strings are looked at.
TAKE_FILES: Final = {t.root_field for t in discover(frozenset({"Upload"}))}

LONG: Final = "长" * 5000
COUNTY_LIKE: Final = "5323011"
RIGHT_TO_LEFT: Final = "李\u202e娜"
# Answered by the field, whatever it is: a success, a coded userError or a coded top-level error.
ANSWERED: Final = [LONG, COUNTY_LIKE, RIGHT_TO_LEFT, "x" * 300]
# Refused at the edge whatever the field: control characters and a lone surrogate (valid JSON: the body
# is sent with `\ud800` escaped).
REFUSED: Final = ["李\u0000娜", "\u0000", "李\u0007娜", "\x1b[31m", "\u0085", "\ud800", "a\udfffb"]
# Written into the document: escapes the GraphQL lexer reads as control characters...
REFUSED_LITERALS: Final = [Raw('"\\u0000"'), Raw('"a\\u0007b"'), Raw('"\\u001b"')]
# ...and surrogate escapes it refuses to read: a coded parse error at worst.
ANSWERED_LITERALS: Final = [Raw('"\\ud800"'), Raw('"\\udc00x"'), Raw('"\\u{D800}"')]

# Plausible text for the fields a request does not aim at, so that it gets as far as the one it does.
_sequence = count(100)

TEXTS: Final[dict[str, str | Callable[[], str]]] = {
    "password": "Passw0rd-long-enough",
    "name": "李娜",
    # A fresh one each time, so no request is refused only because an earlier one registered.
    "idCardNumber": lambda: make_id_card_number("532301", date(1990, 3, 12), next(_sequence)),
    "username": lambda: f"hostile.user{next(_sequence)}",
    "phone": "13887801234",
    "countyCode": "532301",
    "organizationName": "楚雄市鹿城镇社区服务中心",
    "unifiedSocialCreditCode": make_credit_code("52532301MJ0000001"),
    "township": "鹿城镇",
    "title": "社区社会工作实务",
    "description": "课程介绍",
    "location": "楚雄市鹿城镇",
    "contactName": "罗老师",
    "contactPhone": "0878-3120000",
    "reason": "录入有误",
    "idempotencyKey": "hostile-1",
}


def test_the_walk_finds_string_and_id_inputs_everywhere() -> None:
    found = {t.id for t in TARGETS}
    assert {
        "registerAccount.input.countyCode",
        "postCourse.input.countyCode",
        "postCourse.input.sessions.0.location",
        "persons.filter.countyCode",
        "organizations.filter.countyCode",
        "courses.filter.countyCode",
        "createUser.input.roles.0.countyCode",
        "createExamSitting.input.sites.0.countyCode",
        "recordExamResults.input.results.0.registrationId",
        "nodes.ids.0",
        "verifyCertificate.number",
    } <= found


@pytest_asyncio.fixture
async def signed_in(api: Api, db: str) -> tuple[list[str], Ids]:
    tokens, ids = await sign_in_admin_and_provider(api)
    ids.texts.update(TEXTS)
    # A real registry record, so that hours, certificates and progress get past "no such person".
    ids.by_field["personId"] = to_global_id("Person", person_id_of(await trainee("a.yi")))
    return tokens, ids


async def _problems(api: Api, tokens: list[str], ids: Ids, target: Target) -> list[str]:
    problems: list[str] = []
    for who in ([], tokens):
        for value in ANSWERED:
            field, arguments = arguments_for(target, value, ids)
            query, variables = as_variables(target, field, arguments)
            if problem := answer_problem(await send(api, who, query, variables), target.root_field):
                problems.append(
                    f"{target.id} = {value[:20]!r}… ({len(value)}) as {who and 'staff'}: {problem}"
                )
        for value in REFUSED:
            field, arguments = arguments_for(target, value, ids)
            query, variables = as_variables(target, field, arguments)
            if problem := refusal_problem(await send(api, who, query, variables)):
                problems.append(f"{target.id} = {value!r} as {who and 'staff'}: {problem}")
    for literal in [*ANSWERED[:2], *ANSWERED_LITERALS, *REFUSED_LITERALS]:
        field, arguments = arguments_for(target, literal, ids)
        body = await send(api, tokens, as_literal(target, field, arguments))
        must_refuse = literal in REFUSED_LITERALS and target.root_field not in TAKE_FILES
        if problem := (refusal_problem(body) if must_refuse else answer_problem(body, target.root_field)):
            problems.append(f"{target.id} = {str(literal)[:20]} (literal): {problem}")
    return problems


async def test_every_string_and_id_input_answers_hostile_text_coded(
    api: Api, signed_in: tuple[list[str], Ids]
) -> None:
    """The table: every target x every hostile value. All problems are listed at once."""
    tokens, ids = signed_in
    problems: list[str] = []
    for target in TARGETS:
        problems += await _problems(api, tokens, ids, target)
    assert not problems, "\n".join(problems)


# --- the reviewer's examples, answer by answer -----------------------------------------------------

REGISTER_FIELDS = "userErrors { code field message }"
PERSONS = "query($f: PersonFilter) { persons(first: 5, filter: $f) { totalCount edges { node { id } } } }"
ORGANIZATIONS = """
query($f: OrganizationFilter) { organizations(first: 5, filter: $f) { totalCount edges { node { id } } } }
"""
COURSES = "query($f: CourseFilter) { courses(first: 5, filter: $f) { totalCount edges { node { id } } } }"


async def test_a_county_code_one_digit_too_long_is_an_unknown_county_even_anonymously(
    api: Api, db: str
) -> None:
    body = await api.post(
        f"mutation($input: RegisterAccountInput!) {{ registerAccount(input: $input) {{ {REGISTER_FIELDS} }} }}",
        {"input": registration(countyCode=COUNTY_LIKE)},
    )
    assert "errors" not in body
    [error] = body["data"]["registerAccount"]["userErrors"]
    assert (error["code"], error["field"]) == ("UNKNOWN_COUNTY", ["input", "countyCode"])
    assert COUNTY_LIKE in error["message"]


async def test_a_course_in_a_300_character_county_is_refused_naming_the_field_and_not_quoting_it(
    api: Api, signed_in: tuple[list[str], Ids]
) -> None:
    [_, provider], _ = signed_in
    body = await api.post(
        POST,
        {"input": course_input(countyCode="5" * 300)},
        token=provider,
    )
    assert "errors" not in body
    [error] = body["data"]["postCourse"]["userErrors"]
    assert (error["code"], error["field"]) == ("UNKNOWN_COUNTY", ["input", "countyCode"])
    assert len(error["message"]) < 60


async def test_filters_by_a_county_code_too_long_find_nothing_and_the_catalog_refuses_it(
    api: Api, signed_in: tuple[list[str], Ids]
) -> None:
    [admin, _], _ = signed_in
    for query, field in ((PERSONS, "persons"), (ORGANIZATIONS, "organizations")):
        data = await api.data(query, {"f": {"countyCode": COUNTY_LIKE}}, token=admin)
        assert data[field] == {"totalCount": 0, "edges": []}, field
    # The catalog says a county code names no county (#9), quoting it cut short.
    body = await api.post(COURSES, {"f": {"countyCode": COUNTY_LIKE}}, token=admin)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
    assert len(body["errors"][0]["message"]) < 60


async def test_text_too_long_for_its_column_is_not_found_where_it_is_looked_up(
    api: Api, signed_in: tuple[list[str], Ids]
) -> None:
    [admin, _], _ = signed_in
    login = await api.post(
        "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code field } } }",
        {"i": {"username": "z" * 300, "password": "whatever-it-is"}},
    )
    assert login["data"]["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    verified = await api.data(
        'query { verifyCertificate(number: "%s", name: "李娜") { valid } }' % ("2" * 300)
    )
    assert verified["verifyCertificate"] == {"valid": False}
    granted = await api.data(
        """mutation($i: GrantRoleInput!) { grantRole(input: $i) { userErrors { code field } } }""",
        {"i": {"username": "z" * 300, "role": "EXPERT"}},
        token=admin,
    )
    assert granted["grantRole"]["userErrors"][0]["code"] == "UNKNOWN_USER"


async def test_a_nul_in_a_name_is_refused_at_the_edge_saying_where_and_nothing_is_written(
    api: Api, db: str
) -> None:
    body = await api.post(
        f"mutation($input: RegisterAccountInput!) {{ registerAccount(input: $input) {{ {REGISTER_FIELDS} }} }}",
        {"input": registration(name="阿依\u0000木呷")},
    )
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$input.name" in error["message"]
    assert "U+0000" in error["message"]
    assert not body.get("data")
    assert not await User.exists(username=registration()["username"])
    # Multi-line text keeps its tabs and line breaks.
    assert forbidden_character("第一行\r\n第二行\t备注") is None
