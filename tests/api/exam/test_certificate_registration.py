"""登记 at the county office, and continuing education that applies only to certificate holders.

A holder registers within a year of obtaining the certificate and renews in the last three months; late
first registrations and re-registrations after a lapse are paperwork at the county office, which the county
admin records here (民发〔2009〕123号). Pinned on 2027-03-15."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.audit.models import AuditEvent
from domain.exam.models import Certificate
from tests.api.conftest import Api, Tokens, sign_in_staff
from tests.api.exam.test_results import EXISTING, REGISTER_CERTIFICATE
from tests.factories import PASSWORD, person_id_of, trainee

ADJUST = """
mutation A($input: AdjustTrainingHoursInput!) { adjustTrainingHours(input: $input) { userErrors { code } } }
"""
LEDGER = """
query L($r: ID!) {
  viewer { person { trainingLedger(requirementId: $r) {
    applicable notApplicableReason startsOn endsOn requiredHours earnedHours remainingHours met
    byCategory { category } entries(first: 5) { totalCount }
  } } }
}
"""
# The seeded continuing-education requirements (domain/training/migrations/0002).
CE_ASSISTANT = to_global_id("TrainingRequirement", 3)
CE_SOCIAL_WORKER = to_global_id("TrainingRequirement", 4)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def certificate_of(
    api: Api, tokens: Tokens, person: str, *, issued_on: str, level: str = "SOCIAL_WORKER"
) -> str:
    recorded = await api.data(
        EXISTING,
        {
            "input": {
                "personId": person,
                "level": level,
                "number": f"Z{level[:2]}{issued_on.replace('-', '')}",
                "issuedOn": issued_on,
            }
        },
        token=tokens.chuxiong,
    )
    assert recorded["recordExistingCertificate"]["userErrors"] == []
    certificate_id: str = recorded["recordExistingCertificate"]["certificate"]["id"]
    return certificate_id


async def register(api: Api, certificate: str, token: str) -> dict[str, Any]:
    data = await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate}}, token=token)
    payload: dict[str, Any] = data["registerCertificate"]
    return payload


async def credit(api: Api, token: str, person: str, *, hours: str, occurred_on: str, key: str) -> None:
    done = await api.data(
        ADJUST,
        {
            "input": {
                "personId": person,
                "hours": hours,
                "hourCategory": "KNOWLEDGE",
                "reason": "继续教育",
                "occurredOn": occurred_on,
                "idempotencyKey": key,
            }
        },
        token=token,
    )
    assert done["adjustTrainingHours"]["userErrors"] == []


async def test_a_late_first_registration_is_recorded_by_the_county_the_holder_is_sent_to(
    api: Api, tokens: Tokens
) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    certificate = await certificate_of(api, tokens, person, issued_on="2025-09-01")
    token = await api.login("li.na", PASSWORD)

    late = await register(api, certificate, token)
    assert late == {
        "certificate": None,
        "userErrors": [
            {
                "code": "REGISTRATION_NOT_DUE",
                "field": ["input", "certificateId"],
                "message": "首次登记须在取得证书后一年内办理；已逾期，请持证书到县级民政部门办理登记",
            }
        ],
    }
    # Another county's admin, an expert and another trainee cannot see the certificate at all.
    await trainee("wang.qiang", social_work_since=date(2013, 7, 1))
    for other in (tokens.lufeng, tokens.expert, await api.login("wang.qiang", PASSWORD)):
        refused = await register(api, certificate, other)
        assert [e["code"] for e in refused["userErrors"]] == ["CERTIFICATE_NOT_FOUND"]
    assert (await Certificate.get()).registered_until is None

    # Late, the holder shows a registration period's continuing education, as after a lapse.
    short = await register(api, certificate, tokens.chuxiong)
    assert [e["code"] for e in short["userErrors"]] == ["CONTINUING_EDUCATION_MISSING"]
    assert "尚缺 90.0 学时" in short["userErrors"][0]["message"]
    await credit(api, tokens.chuxiong, person, hours="90", occurred_on="2026-10-01", key="ce")
    recorded = await register(api, certificate, tokens.chuxiong)
    assert recorded == {
        "certificate": {"registeredUntil": "2030-03-14", "registrationState": "REGISTERED"},
        "userErrors": [],
    }
    event = await AuditEvent.get(action="certificate.registered")
    assert (event.actor_username, event.county_code) == ("chen", "532301")
    assert event.summary == {"from": "2027-03-15", "until": "2030-03-14", "atCountyOffice": True}
    # The holder sees it registered.
    mine = await api.data("{ myCertificates { registrationState registeredUntil } }", token=token)
    assert mine["myCertificates"] == [{"registrationState": "REGISTERED", "registeredUntil": "2030-03-14"}]


async def test_a_lapsed_registration_is_renewed_at_the_county_with_the_hours_of_a_period(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    certificate = await certificate_of(api, tokens, person, issued_on="2026-09-01")
    token = await api.login("li.na", PASSWORD)
    assert (await register(api, certificate, token))["userErrors"] == []  # 2027-03-15 to 2030-03-14

    monkeypatch.setenv("SWTALENT_TODAY", "2030-06-01")
    tokens = await sign_in_staff(api)  # years on: the earlier tokens have expired
    token = await api.login("li.na", PASSWORD)
    lapsed = await register(api, certificate, token)
    assert [(e["code"], e["message"]) for e in lapsed["userErrors"]] == [
        ("REGISTRATION_NOT_DUE", "登记已于 2030-03-14 失效，请持证书到县级民政部门办理重新登记")
    ]
    short = await register(api, certificate, tokens.chuxiong)
    [error] = short["userErrors"]
    assert error["code"] == "CONTINUING_EDUCATION_MISSING"
    assert "尚缺 90.0 学时" in error["message"]
    # Hours from before the three years up to today do not count; those inside do.
    await credit(api, tokens.chuxiong, person, hours="90", occurred_on="2027-05-31", key="old")
    assert "尚缺 90.0 学时" in (await register(api, certificate, tokens.chuxiong))["userErrors"][0]["message"]
    await credit(api, tokens.chuxiong, person, hours="90", occurred_on="2027-06-02", key="inside")
    renewed = await register(api, certificate, tokens.chuxiong)
    assert renewed == {
        "certificate": {"registeredUntil": "2033-05-31", "registrationState": "REGISTERED"},
        "userErrors": [],
    }


async def test_the_county_cannot_renew_before_the_window_opens_either(api: Api, tokens: Tokens) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    certificate = await certificate_of(api, tokens, person, issued_on="2026-09-01")
    assert (await register(api, certificate, tokens.chuxiong))["userErrors"] == []
    early = await register(api, certificate, tokens.chuxiong)
    assert [(e["code"], e["message"]) for e in early["userErrors"]] == [
        ("REGISTRATION_NOT_DUE", "续期登记须在有效期届满前三个月内办理（有效期至 2030-03-14）")
    ]
    assert await AuditEvent.filter(action="certificate.registered").count() == 1


async def test_continuing_education_does_not_apply_to_someone_without_the_certificate(
    api: Api, tokens: Tokens
) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    await credit(api, tokens.chuxiong, person, hours="20", occurred_on="2027-01-10", key="k1")
    token = await api.login("li.na", PASSWORD)
    answer = (await api.data(LEDGER, {"r": CE_SOCIAL_WORKER}, token=token))["viewer"]["person"][
        "trainingLedger"
    ]
    assert answer == {
        "applicable": False,
        "notApplicableReason": "不适用：继续教育学时要求仅适用于持社会工作师或高级社会工作师证书者，该人员未持有此证书",
        "startsOn": None,
        "endsOn": None,
        "requiredHours": "90.0",
        "earnedHours": None,
        "remainingHours": None,
        "met": None,
        "byCategory": [],
        "entries": {"totalCount": 0},
    }

    # An assistant certificate makes the assistant requirement apply, not the social worker's.
    await certificate_of(api, tokens, person, issued_on="2026-09-01", level="ASSISTANT")
    assistant = (await api.data(LEDGER, {"r": CE_ASSISTANT}, token=token))["viewer"]["person"][
        "trainingLedger"
    ]
    assert (assistant["applicable"], assistant["notApplicableReason"], assistant["met"]) == (
        True,
        None,
        False,
    )
    assert (assistant["earnedHours"], assistant["entries"]) == ("20.0", {"totalCount": 1})
    social_worker = (await api.data(LEDGER, {"r": CE_SOCIAL_WORKER}, token=token))["viewer"]["person"][
        "trainingLedger"
    ]
    assert social_worker["applicable"] is False


async def test_after_an_early_renewal_hours_count_toward_the_next_period_from_the_next_day(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    certificate = await certificate_of(api, tokens, person, issued_on="2026-09-01")
    assert (await register(api, certificate, tokens.chuxiong))["userErrors"] == []  # 2027-03-15 to 2030-03-14

    monkeypatch.setenv("SWTALENT_TODAY", "2030-01-05")  # in the renewal window
    tokens = await sign_in_staff(api)
    await credit(api, tokens.chuxiong, person, hours="90", occurred_on="2028-01-10", key="ce")
    renewed = await register(api, certificate, tokens.chuxiong)
    assert renewed["certificate"] == {"registeredUntil": "2033-03-14", "registrationState": "REGISTERED"}
    token = await api.login("li.na", PASSWORD)
    ledger = (await api.data(LEDGER, {"r": CE_SOCIAL_WORKER}, token=token))["viewer"]["person"][
        "trainingLedger"
    ]
    # The 90 h made the renewal; from tomorrow, hours count toward the next period.
    assert (ledger["startsOn"], ledger["endsOn"], ledger["earnedHours"], ledger["met"]) == (
        "2030-01-06",
        "2033-03-14",
        "0.0",
        False,
    )

    monkeypatch.setenv("SWTALENT_TODAY", "2030-02-01")  # still in the period renewed
    tokens = await sign_in_staff(api)
    await credit(api, tokens.chuxiong, person, hours="10", occurred_on="2030-01-20", key="after")
    token = await api.login("li.na", PASSWORD)
    ledger = (await api.data(LEDGER, {"r": CE_SOCIAL_WORKER}, token=token))["viewer"]["person"][
        "trainingLedger"
    ]
    assert (ledger["startsOn"], ledger["earnedHours"]) == ("2030-01-06", "10.0")

    # Three years on, the next renewal counts those 10 h too.
    monkeypatch.setenv("SWTALENT_TODAY", "2033-01-05")
    tokens = await sign_in_staff(api)
    await credit(api, tokens.chuxiong, person, hours="80", occurred_on="2032-06-01", key="more")
    again = await register(api, certificate, tokens.chuxiong)
    assert again["certificate"] == {"registeredUntil": "2036-03-14", "registrationState": "REGISTERED"}


async def test_the_front_line_requirement_does_not_apply_to_someone_not_on_the_front_line(
    api: Api, tokens: Tokens
) -> None:
    front_line_2026 = to_global_id("TrainingRequirement", 2)
    await trainee("wang.qiang", front_line=False)
    await trainee("li.na")
    office = await api.data(LEDGER, {"r": front_line_2026}, token=await api.login("wang.qiang", PASSWORD))
    assert office["viewer"]["person"]["trainingLedger"]["applicable"] is False
    assert office["viewer"]["person"]["trainingLedger"]["notApplicableReason"] == (
        "不适用：一线人员累计培训学时要求仅适用于直接提供社会服务的一线人员，该人员未登记为一线人员"
    )
    front_line = await api.data(LEDGER, {"r": front_line_2026}, token=await api.login("li.na", PASSWORD))
    assert front_line["viewer"]["person"]["trainingLedger"]["applicable"] is True
    assert front_line["viewer"]["person"]["trainingLedger"]["requiredHours"] == "160.0"
