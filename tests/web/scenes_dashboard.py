"""Scenes for the dashboard pages (tests/web/test_dashboard.py), set over GraphQL as any client would:
people registered in a county, a county admin who can sign in, the targets report as the API gives it."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from typing import Any

from tests.web.backend import PASSWORD, Backend, check_character, unique

CHUXIONG = "532301"
LUFENG = "532302"
_born = itertools.count(1)
_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")


def person_name(prefix: str) -> str:
    """A person's name unique in the session's database (names may not hold digits)."""
    return unique(prefix).translate(_DIGITS)


def id_card_of(county_code: str) -> str:
    """A valid ID number of someone from `county_code`, different on every call."""
    born = date(1980, 3, 1) + timedelta(days=next(_born) * 5)
    body = f"{county_code}{born:%Y%m%d}3{next(_born) % 100:02d}"
    return body + check_character(body)


def registered_person(backend: Backend, county_code: str) -> str:
    """A front-line social worker of `county_code`, registered as the sign-up page does: their token."""
    username = unique("web.dperson")
    data = backend.gql(
        "mutation($i: RegisterAccountInput!) { registerAccount(input: $i) { token userErrors { code field message } } }",
        {
            "i": {
                "username": username,
                "password": PASSWORD,
                "name": person_name("看板"),
                "idCardNumber": id_card_of(county_code),
                "phone": f"136{uuid.uuid4().int % 10**8:08d}",
                "countyCode": county_code,
                "education": "BACHELOR",
                "major": "SOCIAL_WORK",
                "socialWorkSince": "2012-07-01",
                "organizationName": "社会工作服务站",
                "frontLine": True,
                "fullTimeCommunityWorker": False,
            }
        },
    )
    token: str = data["registerAccount"]["token"]
    return token


def certified(backend: Backend, person_token: str, county_token: str) -> None:
    """The county admin records a certificate (助理社会工作师) the person of `person_token` obtained this year."""
    data = backend.gql(
        "mutation($i: RecordExistingCertificateInput!) { recordExistingCertificate(input: $i) "
        "{ certificate { id } userErrors { code field message } } }",
        {
            "i": {
                "personId": backend.person_id(person_token),
                "level": "ASSISTANT",
                "number": f"ZS{uuid.uuid4().int % 10**10:010d}",
                "issuedOn": "2026-06-01",
            }
        },
        county_token,
    )["recordExistingCertificate"]
    assert not data["userErrors"], data["userErrors"]


def county_admin_username(backend: Backend, county_code: str) -> str:
    """A county admin of `county_code` who can sign in: the username."""
    username = unique("web.dcounty")
    backend.gql(
        "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code field message } } }",
        {
            "i": {
                "username": username,
                "password": PASSWORD,
                "name": "县民政局管理员",
                "roles": [{"role": "COUNTY_ADMIN", "countyCode": county_code}],
            }
        },
        backend.admin(),
    )
    return username


def targets(backend: Backend, token: str, period_id: str | None = None) -> Any:
    """The targets report as the API gives it to the user of `token`."""
    return backend.gql(
        "query($p: ID) { targets(periodId: $p) { period { id name } talentTotal talentTarget certifiedTotal "
        "certifiedTarget countiesMeetingFloor counties { county } } }",
        {"p": period_id},
        token,
    )["targets"]


def periods(backend: Backend) -> list[Any]:
    """The plan periods (name, id, targets)."""
    data: list[Any] = backend.gql(
        "{ planPeriods { id name startsOn endsOn talentTarget certifiedTarget perMilleFloor } }",
        token=backend.admin(),
    )["planPeriods"]
    return data
