"""ID numbers, bank account numbers and passwords never reach the server's log: the app is served for
real (`swtalent serve`, its stderr to a file) and a full scenario touching personal data runs against
it over HTTP, as clients would; then the whole log is searched for each of them, in every form a
client may have written it (with and without spaces and hyphens, either case of the check character)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.settings import PROJECT_ROOT
from tests.serving import serving
from tests.web.backend import ADMIN_USERNAME, PASSWORD, Backend, id_card_number, wrong_check_digit

ACCOUNT = "6228 4801 2345 6789 012"
ANOTHER_ACCOUNT = "6217-0031-2000-4567-88"
REFUSED_ACCOUNT = "6217 0031 2000 4567 8812 3456 7890 123"  # 31 digits: one too many
WRONG_PASSWORD = "not-the-password-9"

REGISTER = (
    "mutation($i: RegisterAccountInput!) { registerAccount(input: $i) { token userErrors { code field } } }"
)
SET_ACCOUNT = (
    "mutation($i: SetPaymentAccountInput!) { setPaymentAccount(input: $i) "
    "{ person { id paymentAccount { accountNumber } } userErrors { code field } } }"
)
LOGIN = "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code } } }"
IMPORT = (
    "mutation($i: ImportCompletionsInput!) { importCompletions(input: $i) "
    "{ report { rowCount errors { row column message } } userErrors { code field message } } }"
)


def _cli(*args: str, database_url: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "api.cli", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Backend, Path]]:
    folder = tmp_path_factory.mktemp("log-privacy")
    database_url = f"sqlite://{folder / 'swtalent.sqlite3'}"
    _cli("migrate", database_url=database_url)
    _cli(
        "create-user",
        "--username",
        ADMIN_USERNAME,
        "--password",
        PASSWORD,
        "--role",
        "PREFECTURE_ADMIN",
        "--name",
        "州人社局管理员",
        database_url=database_url,
    )
    log = folder / "server.log"
    with serving(database_url, log=log) as base:
        yield Backend(base), log


def post(backend: Backend, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
    """The whole response body, whatever it holds (a refusal is part of the scenario)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{backend.base}/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30
    )
    return response.json()


def registration(username: str, id_number: str, **overrides: object) -> dict[str, object]:
    return {
        "username": username,
        "password": PASSWORD,
        "name": "李娜",
        "idCardNumber": id_number,
        "phone": "13887801234",
        "countyCode": "532301",
        "education": "BACHELOR",
        "major": "SOCIAL_WORK",
        "socialWorkSince": "2015-07-01",
        "organizationName": "楚雄市鹿城镇社会工作站",
        "frontLine": True,
        "fullTimeCommunityWorker": False,
        **overrides,
    }


def forms(secret: str) -> set[str]:
    """The ways a number may be written: as given, without separators, the check character in either case."""
    bare = re.sub(r"[\s-]", "", secret)
    return {secret, bare, bare.lower(), bare.upper()}


def run_scenario(backend: Backend) -> list[str]:
    """Every step that carries an ID number, an account number or a password; the secrets it sent."""
    admin = backend.admin()
    county = backend.county_admin("532301")
    provider_username, _ = backend.new_provider()
    provider = backend.login(provider_username)

    # Registered with the ID number as the username too, as many people sign up (用户名 = 身份证号).
    li_number, wang_number, roster_only, refused = (id_card_number() for _ in range(4))
    li = backend.gql(REGISTER, {"i": registration(li_number, li_number)})["registerAccount"]["token"]
    wang = backend.gql(REGISTER, {"i": registration(f"wang{uuid.uuid4().hex[:6]}", wang_number)})[
        "registerAccount"
    ]["token"]
    # The ID number written in groups as a username; then sent as the request id and operation name a
    # client chose (all three end up in the request log).
    grouped_number = id_card_number()
    grouped = f"{grouped_number[:6]}-{grouped_number[6:14]}-{grouped_number[14:]}"
    assert backend.gql(REGISTER, {"i": registration(grouped, grouped_number)})["registerAccount"]["token"]
    named = httpx.post(
        f"{backend.base}/graphql",
        json={"query": f"query q{li_number} {{ __typename }}", "operationName": f"q{li_number}"},
        headers={"X-Request-Id": f"req-{wang_number}"},
        timeout=30,
    )
    assert named.json()["data"] == {"__typename": "Query"}

    # A wrong check character, and a request whose input does not even fit the schema.
    bad = post(backend, REGISTER, {"i": registration("zhao.bad", wrong_check_digit(refused))})
    assert bad["data"]["registerAccount"]["userErrors"][0]["field"] == ["input", "idCardNumber"]
    malformed = post(backend, REGISTER, {"i": registration("zhao.bad2", refused, frontLine="是")})
    assert malformed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    # Failed logins: a wrong password for the ID-number username, and an ID number nobody registered.
    for username in (li_number, refused):
        failed = post(backend, LOGIN, {"i": {"username": username, "password": WRONG_PASSWORD}})
        assert failed["data"]["login"]["token"] is None

    # Payment accounts: her own, one the county sets for someone, and one refused.
    li_person, wang_person = backend.person_id(li), backend.person_id(wang)
    backend.gql(SET_ACCOUNT, {"i": {"bankName": "中国农业银行楚雄分行", "accountNumber": ACCOUNT}}, li)
    backend.gql(
        SET_ACCOUNT,
        {"i": {"personId": wang_person, "bankName": "楚雄农村商业银行", "accountNumber": ANOTHER_ACCOUNT}},
        county,
    )
    refusal = post(backend, SET_ACCOUNT, {"i": {"bankName": "农行", "accountNumber": REFUSED_ACCOUNT}}, li)
    assert refusal["data"]["setPaymentAccount"]["userErrors"][0]["code"] == "INVALID_ACCOUNT_NUMBER"

    # The county admin reads the full ID number, one person and a searched page of them.
    read = backend.gql(
        "query($id: ID!) { node(id: $id) { ... on Person { idCardNumber paymentAccount { accountNumber } } } }",
        {"id": li_person},
        county,
    )
    assert read["node"]["idCardNumber"] == li_number
    found = backend.gql(
        "query($s: String) { persons(first: 10, filter: {search: $s}) { nodes { idCardNumber } } }",
        {"s": wang_number},
        county,
    )
    assert [n["idCardNumber"] for n in found["persons"]["nodes"]] == [wang_number]

    # A roster with ID numbers: of an enrolled trainee, of someone not enrolled, and a mistyped one.
    starts = datetime.now(UTC) + timedelta(days=3)
    course = backend.published_course(provider, "老年社会工作专题培训", starts=starts)
    backend.enroll(li, course)
    roster = (
        "姓名,身份证号,学时\n"
        f"李娜,{li_number},16\n王芳,{roster_only},16\n赵强,{wrong_check_digit(refused)},16\n"
    ).encode()
    operations = {"query": IMPORT, "variables": {"i": {"courseId": course, "file": None, "dryRun": True}}}
    imported = httpx.post(
        f"{backend.base}/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.i.file"]})},
        files={"0": ("结业名单.csv", roster, "text/csv")},
        headers={"Authorization": f"Bearer {provider}"},
        timeout=30,
    ).json()
    assert "errors" not in imported, imported

    # An exam registration (the sitting opens today).
    today = datetime.now(UTC).date()
    sitting = backend.gql(
        "mutation($i: CreateExamSittingInput!) { createExamSitting(input: $i) "
        "{ sitting { id sites { id } } userErrors { code field message } } }",
        {
            "i": {
                "year": today.year + 1,
                "examDate": f"{today.year + 1}-06-15",
                "registrationOpensOn": today.isoformat(),
                "registrationClosesOn": f"{today.year + 1}-05-01",
                "sites": [{"name": "楚雄市民族中学考点", "countyCode": "532301", "capacity": 30}],
                "feePerSubject": "50",
            }
        },
        admin,
    )["createExamSitting"]["sitting"]
    registered = post(
        backend,
        "mutation($i: RegisterForExamInput!) { registerForExam(input: $i) "
        "{ registration { id } userErrors { code } } }",
        {
            "i": {
                "sittingId": sitting["id"],
                "level": "ASSISTANT",
                "siteId": sitting["sites"][0]["id"],
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
        li,
    )
    assert "errors" not in registered, registered
    return [li_number, wang_number, roster_only, refused, wrong_check_digit(refused), grouped, grouped_number]


def test_no_id_number_account_number_or_password_reaches_the_log(served: tuple[Backend, Path]) -> None:
    backend, log = served
    id_numbers = run_scenario(backend)
    text = log.read_text()
    # The log was written: one line per request, the scenario's included.
    assert text.count('"event": "request"') >= 25
    secrets = [
        *id_numbers,
        ACCOUNT,
        ANOTHER_ACCOUNT,
        REFUSED_ACCOUNT,
        PASSWORD,
        WRONG_PASSWORD,
    ]
    leaked = {form for secret in secrets for form in forms(secret) if form in text}
    assert leaked == set(), f"the log holds personal data: {sorted(leaked)}"
