"""Reviewing many exam registrations at once (`reviewExamRegistrations`): all or nothing, a refusal
names its row; on a pinned business date inside the 2027 registration window."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.schema.relay import decode_pk
from domain.audit.models import AuditEvent
from domain.exam.models import ExamRegistration
from domain.exam.vocabulary import ExamRegistrationStatus
from tests.api.conftest import Api, Tokens
from tests.api.exam.test_registration import create_sitting, register
from tests.factories import PASSWORD, trainee

BULK = """
mutation B($input: ReviewExamRegistrationsInput!) {
  reviewExamRegistrations(input: $input) {
    registrations { id status reviewReason }
    userErrors { code field message }
  }
}
"""


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def submitted(api: Api, sitting: dict[str, Any], username: str, county_code: str = "532301") -> str:
    """A person of `county_code` registers; the registration's global id."""
    await trainee(username, county_code=county_code, social_work_since=date(2013, 7, 1))
    token = await api.login(username, PASSWORD)
    result = await register(api, token, sitting, key=f"r-{username}")
    assert result["userErrors"] == [], result
    registration_id: str = result["registration"]["id"]
    return registration_id


async def bulk(
    api: Api, token: str, ids: list[str], approve: bool, reason: str | None = None
) -> dict[str, Any]:
    data = await api.data(
        BULK, {"input": {"registrationIds": ids, "approve": approve, "reason": reason}}, token=token
    )
    payload: dict[str, Any] = data["reviewExamRegistrations"]
    return payload


async def statuses(ids: list[str]) -> list[ExamRegistrationStatus]:
    pks = [decode_pk(i, "ExamRegistration") for i in ids]
    rows = {r.id: r.status for r in await ExamRegistration.filter(id__in=pks)}
    return [rows[pk] for pk in pks if pk is not None]


async def test_a_county_admin_approves_several_registrations_at_once(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    ids = [await submitted(api, sitting, f"pp{n}") for n in range(3)]
    result = await bulk(api, tokens.chuxiong, ids, approve=True)
    assert result["userErrors"] == []
    assert [r["id"] for r in result["registrations"]] == ids
    assert {r["status"] for r in result["registrations"]} == {"APPROVED"}
    events = await AuditEvent.filter(action="exam_registration.approved").count()
    assert events == 3


async def test_one_registration_out_of_county_stops_the_whole_review(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    ours = await submitted(api, sitting, "ours")
    theirs = await submitted(api, sitting, "theirs", county_code="532302")
    result = await bulk(api, tokens.chuxiong, [ours, theirs], approve=True)
    assert result["registrations"] == []
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("REGISTRATION_NOT_FOUND", ["input", "registrationIds", "1"])
    ]
    assert await statuses([ours, theirs]) == [ExamRegistrationStatus.SUBMITTED] * 2
    assert await AuditEvent.filter(action="exam_registration.approved").count() == 0


async def test_a_bulk_rejection_needs_a_reason_and_frees_the_seats(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    ids = [await submitted(api, sitting, f"rr{n}") for n in range(2)]
    no_reason = await bulk(api, tokens.chuxiong, ids, approve=False, reason="  ")
    assert [(e["code"], e["field"]) for e in no_reason["userErrors"]] == [
        ("INVALID_INPUT", ["input", "reason"])
    ]
    assert await statuses(ids) == [ExamRegistrationStatus.SUBMITTED] * 2
    rejected = await bulk(api, tokens.chuxiong, ids, approve=False, reason="材料不全")
    assert [(r["status"], r["reviewReason"]) for r in rejected["registrations"]] == [
        ("REJECTED", "材料不全")
    ] * 2
    seats = await api.data("{ examSittings(year: 2027) { sites { remaining } } }")
    assert seats["examSittings"][0]["sites"][0]["remaining"] == 100


async def test_a_registration_given_twice_or_already_reviewed_is_refused_at_its_row(
    api: Api, tokens: Tokens
) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    first, second = [await submitted(api, sitting, f"dd{n}") for n in range(2)]
    twice = await bulk(api, tokens.chuxiong, [first, second, first], approve=True)
    assert [(e["code"], e["field"]) for e in twice["userErrors"]] == [
        ("INVALID_INPUT", ["input", "registrationIds", "2"])
    ]
    assert (await bulk(api, tokens.chuxiong, [first], approve=True))["userErrors"] == []
    again = await bulk(api, tokens.chuxiong, [second, first], approve=True)
    assert [(e["code"], e["field"]) for e in again["userErrors"]] == [
        ("WRONG_REGISTRATION_STATUS", ["input", "registrationIds", "1"])
    ]
    assert await statuses([first, second]) == [
        ExamRegistrationStatus.APPROVED,
        ExamRegistrationStatus.SUBMITTED,
    ]


async def test_no_registrations_or_more_than_two_hundred_are_refused(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    one = await submitted(api, sitting, "many")
    none = await bulk(api, tokens.chuxiong, [], approve=True)
    assert [(e["code"], e["field"]) for e in none["userErrors"]] == [
        ("INVALID_INPUT", ["input", "registrationIds"])
    ]
    too_many = await bulk(api, tokens.chuxiong, [one] * 201, approve=True)
    assert [(e["code"], e["field"]) for e in too_many["userErrors"]] == [
        ("INVALID_INPUT", ["input", "registrationIds"])
    ]
    assert await statuses([one]) == [ExamRegistrationStatus.SUBMITTED]


async def test_a_trainee_may_not_review(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    one = await submitted(api, sitting, "self")
    token = await api.login("self", PASSWORD)
    body = await api.post(BULK, {"input": {"registrationIds": [one], "approve": True}}, token=token)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
