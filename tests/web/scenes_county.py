"""Scenes for the county admin's pages (tests/web/test_county.py), set over GraphQL as any client would:
county admins who can sign in, people of a given county, an open exam sitting, a pending entitlement."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import httpx

from tests.web.backend import PASSWORD, Backend, check_character, unique

_BEIJING = timezone(timedelta(hours=8))
_born = itertools.count(1)
CHUXIONG = "532301"
LUFENG = "532302"


_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")


def unique_name(prefix: str) -> str:
    """A person's name unique across the session's database (names may not hold digits): 审核甲一二."""
    return unique(prefix).translate(_DIGITS)


def beijing_today() -> date:
    return datetime.now(UTC).astimezone(_BEIJING).date()


def id_card_of(county_code: str) -> str:
    """A valid ID number of someone from `county_code`, different on every call."""
    born = date(1985, 1, 1) + timedelta(days=next(_born) * 3)
    body = f"{county_code}{born:%Y%m%d}2{next(_born) % 100:02d}"
    return body + check_character(body)


def county_admin_user(backend: Backend, county_code: str = CHUXIONG) -> tuple[str, str]:
    """A county admin of `county_code` who can sign in: (username, token)."""
    username = unique("web.cadmin")
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
    return username, backend.login(username)


def person_of(backend: Backend, name: str, county_code: str = CHUXIONG) -> tuple[str, str, str]:
    """A social worker of `county_code` (bachelor's in social work since 2010), registered as the sign-up page
    does: (username, token, personId)."""
    username = unique("web.cperson")
    data = backend.gql(
        "mutation($i: RegisterAccountInput!) { registerAccount(input: $i) { token userErrors { code field message } } }",
        {
            "i": {
                "username": username,
                "password": PASSWORD,
                "name": name,
                "idCardNumber": id_card_of(county_code),
                "phone": f"137{uuid.uuid4().int % 10**8:08d}",
                "countyCode": county_code,
                "education": "BACHELOR",
                "major": "SOCIAL_WORK",
                "socialWorkSince": "2010-07-01",
                "organizationName": "鹿城镇社会工作站" if county_code == CHUXIONG else "金山镇社会工作站",
                "frontLine": True,
                "fullTimeCommunityWorker": False,
            }
        },
    )
    token: str = data["registerAccount"]["token"]
    return username, token, backend.person_id(token)


_sitting: dict[str, tuple[str, str]] = {}


def open_sitting(backend: Backend) -> tuple[str, str]:
    """An exam sitting whose registration is open today, with a site in each of 楚雄市 and 禄丰市:
    (sitting id, {county: site id}) — made once per server, or an open one found."""
    if backend.base in _sitting:
        return _sitting[backend.base]
    today = beijing_today()
    for year in range(today.year, today.year + 8):
        listed = backend.gql(
            "query($y: Int!) { examSittings(year: $y) { id registrationOpensOn registrationClosesOn examDate "
            "sites { id countyCode } } }",
            {"y": year},
        )["examSittings"]
        for sitting in listed:
            if sitting["registrationOpensOn"] <= today.isoformat() <= sitting["registrationClosesOn"]:
                site = next(s for s in sitting["sites"] if s["countyCode"] == CHUXIONG)
                _sitting[backend.base] = (sitting["id"], site["id"])
                return _sitting[backend.base]
        if listed:
            continue
        if year == today.year:
            exam_date, closes_on = today + timedelta(days=20), today + timedelta(days=10)
            if exam_date.year != year:
                continue
        else:
            exam_date, closes_on = date(year, 10, 15), date(year, 9, 1)
        data = backend.gql(
            "mutation($i: CreateExamSittingInput!) { createExamSitting(input: $i) "
            "{ sitting { id sites { id countyCode } } userErrors { code field message } } }",
            {
                "i": {
                    "year": year,
                    "examDate": exam_date.isoformat(),
                    "registrationOpensOn": today.isoformat(),
                    "registrationClosesOn": closes_on.isoformat(),
                    "sites": [
                        {"name": unique("楚雄市民族中学考点"), "countyCode": CHUXIONG, "capacity": 200}
                    ],
                    "feePerSubject": "50",
                }
            },
            backend.admin(),
        )
        sitting = data["createExamSitting"]["sitting"]
        _sitting[backend.base] = (sitting["id"], sitting["sites"][0]["id"])
        return _sitting[backend.base]
    raise AssertionError("no free exam year")


def registered_for_exam(backend: Backend, name: str, county_code: str = CHUXIONG) -> str:
    """A person of `county_code` who registered for 初级 at the open sitting: their username."""
    sitting_id, site_id = open_sitting(backend)
    username, token, _ = person_of(backend, name, county_code)
    backend.gql(
        "mutation($i: RegisterForExamInput!) { registerForExam(input: $i) { registration { id } "
        "userErrors { code field message } } }",
        {
            "i": {
                "sittingId": sitting_id,
                "level": "ASSISTANT",
                "siteId": site_id,
                "idempotencyKey": str(uuid.uuid4()),
            }
        },
        token,
    )
    return username


def _try(backend: Backend, query: str, variables: dict[str, Any], token: str) -> Any:
    """A step that may already have been taken by an earlier test on the same server (a policy, a budget)."""
    return httpx.post(
        f"{backend.base}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()


def pending_reward(backend: Backend, county_token: str, name: str) -> str:
    """A person of 楚雄市 holding a registered 初级 certificate and a payment account, so a one-time reward waits
    for the county's review; the county has a budget for this year. The person's id."""
    admin = backend.admin()
    _try(
        backend,
        "mutation($i: SetIncentivePolicyInput!) { setIncentivePolicy(input: $i) { userErrors { code message } } }",
        {
            "i": {
                "countyCode": CHUXIONG,
                "kind": "ONE_TIME_REWARD",
                "level": "ASSISTANT",
                "amount": "800",
                "effectiveFrom": "2021-01-01",
            }
        },
        admin,
    )
    _try(
        backend,
        "mutation($i: SetCountyBudgetInput!) { setCountyBudget(input: $i) { userErrors { code message } } }",
        {"i": {"countyCode": CHUXIONG, "year": beijing_today().year, "amount": "500000"}},
        admin,
    )
    _, token, person_id = person_of(backend, name)
    certificate = backend.gql(
        "mutation($i: RecordExistingCertificateInput!) { recordExistingCertificate(input: $i) "
        "{ certificate { id } userErrors { code field message } } }",
        {
            "i": {
                "personId": person_id,
                "level": "ASSISTANT",
                "number": f"Z{uuid.uuid4().int % 10**11:011d}",
                "issuedOn": (beijing_today() - timedelta(days=30)).isoformat(),
            }
        },
        county_token,
    )["recordExistingCertificate"]["certificate"]["id"]
    backend.gql(
        "mutation($i: RegisterCertificateInput!) { registerCertificate(input: $i) "
        "{ certificate { id } userErrors { code field message } } }",
        {"i": {"certificateId": certificate}},
        token,
    )
    backend.gql(
        "mutation($i: SetPaymentAccountInput!) { setPaymentAccount(input: $i) "
        "{ person { id } userErrors { code field message } } }",
        {
            "i": {
                "personId": person_id,
                "bankName": "中国农业银行楚雄分行",
                "accountNumber": "6228480123456789012",
            }
        },
        county_token,
    )
    return person_id


_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code() -> str:
    """A valid unified social credit code (GB 32100-2015), different on every call."""
    first17 = f"52532301MJ{uuid.uuid4().int % 10**7:07d}"
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + _CREDIT_ALPHABET[(31 - total % 31) % 31]


def filed_organization(backend: Backend, token: str, name: str, county_code: str = CHUXIONG) -> None:
    """The user of `token` files an organisation of `county_code`; it waits for the county's review."""
    backend.gql(
        "mutation($i: FileOrganizationInput!) { fileOrganization(input: $i) "
        "{ organization { id } userErrors { code field message } } }",
        {
            "i": {
                "name": name,
                "unifiedSocialCreditCode": credit_code(),
                "countyCode": county_code,
                "township": "鹿城镇",
                "type": "SOCIAL_WORK_SERVICE_ORGANIZATION",
            }
        },
        token,
    )
