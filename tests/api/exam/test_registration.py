"""Exam sittings, eligibility and registration over HTTP, on a pinned business date (2027-03-15, inside
the 2027 registration window)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest

from api.schema.relay import decode_pk, to_global_id
from domain import clock
from domain.exam import service as exam_service
from domain.exam.models import ExamEvent, ExamRegistration
from domain.exam.vocabulary import ExamEventKind, ExamLevel
from domain.people.vocabulary import Education, Major
from tests.api.conftest import Api, Tokens, error_codes
from tests.factories import PASSWORD, person_id_of, trainee

CREATE = """
mutation C($input: CreateExamSittingInput!) {
  createExamSitting(input: $input) {
    sitting {
      id year examDate registrationOpensOn registrationClosesOn levels feePerSubject
      sites { id name countyCode capacity remaining }
    }
    userErrors { code field message }
  }
}
"""
REGISTER = """
mutation R($input: RegisterForExamInput!) {
  registerForExam(input: $input) {
    registration { id status level eligibilityRule admissionNumber seat site { name remaining } }
    userErrors { code field message }
  }
}
"""
REVIEW = """
mutation V($input: ReviewExamRegistrationInput!) {
  reviewExamRegistration(input: $input) { registration { status reviewReason } userErrors { code field message } }
}
"""
FEE = """
mutation F($input: ConfirmExamFeeInput!) {
  confirmExamFee(input: $input) { registration { status feePaid } userErrors { code field message } }
}
"""
ELIGIBILITY = """
query E($sitting: ID!, $level: ExamLevel!, $person: ID) {
  examEligibility(sittingId: $sitting, level: $level, personId: $person) { eligible rule ruleDescription reasons }
}
"""

TICKETS = """
mutation T($input: IssueAdmissionTicketsInput!) {
  issueAdmissionTickets(input: $input) {
    registrations { status admissionNumber seat } userErrors { code field message }
  }
}
"""


def exam_day(sitting: dict[str, Any]) -> clock.Travel:
    """The clock on the sitting's exam date, the first day its results may be recorded."""
    return clock.travel_to(date.fromisoformat(sitting["examDate"]))


def after_registration(sitting: dict[str, Any]) -> clock.Travel:
    """The clock on the day after registration closes, the first day admission tickets may be issued."""
    return clock.travel_to(date.fromisoformat(sitting["registrationClosesOn"]) + timedelta(days=1))


async def issue_tickets(api: Api, sitting: dict[str, Any]) -> dict[str, Any]:
    """`issueAdmissionTickets` the day after registration closes, by the prefecture admin signed in then."""
    with after_registration(sitting):
        token = await api.login("zhou")
        data = await api.data(TICKETS, {"input": {"sittingId": sitting["id"]}}, token=token)
    payload: dict[str, Any] = data["issueAdmissionTickets"]
    return payload


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


def sitting_input(**override: Any) -> dict[str, Any]:
    return {
        "year": 2027,
        "examDate": "2027-05-22",
        "registrationOpensOn": "2027-03-01",
        "registrationClosesOn": "2027-03-31",
        "sites": [{"name": "楚雄州民族中学", "countyCode": "532301", "capacity": 100}],
        "feePerSubject": "60",
        **override,
    }


async def create_sitting(api: Api, token: str, **override: Any) -> dict[str, Any]:
    data = await api.data(CREATE, {"input": sitting_input(**override)}, token=token)
    assert data["createExamSitting"]["userErrors"] == [], data
    sitting: dict[str, Any] = data["createExamSitting"]["sitting"]
    return sitting


async def register(
    api: Api, token: str, sitting: dict[str, Any], level: str = "SOCIAL_WORKER", key: str = "r1"
) -> dict[str, Any]:
    variables = {
        "input": {
            "sittingId": sitting["id"],
            "level": level,
            "siteId": sitting["sites"][0]["id"],
            "idempotencyKey": key,
        }
    }
    data = await api.data(REGISTER, variables, token=token)
    result: dict[str, Any] = data["registerForExam"]
    return result


async def test_the_prefecture_creates_the_years_sitting(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    assert sitting["levels"] == ["ASSISTANT", "SOCIAL_WORKER", "SENIOR"]
    assert sitting["feePerSubject"] == "60.00"
    assert sitting["sites"][0]["remaining"] == 100
    again = await api.data(CREATE, {"input": sitting_input()}, token=tokens.prefecture)
    assert [e["code"] for e in again["createExamSitting"]["userErrors"]] == ["SITTING_EXISTS"]
    bad = await api.data(
        CREATE,
        {"input": sitting_input(year=2028, registrationClosesOn="2028-06-01", examDate="2028-05-20")},
        token=tokens.prefecture,
    )
    assert [e["code"] for e in bad["createExamSitting"]["userErrors"]] == ["INVALID_INPUT"]
    assert error_codes(
        await api.post(CREATE, {"input": sitting_input(year=2029)}, token=tokens.chuxiong)
    ) == ["FORBIDDEN"]
    listed = await api.data("{ examSittings(year: 2027) { year sites { name } } }")
    assert listed["examSittings"] == [{"year": 2027, "sites": [{"name": "楚雄州民族中学"}]}]


async def test_eligibility_names_the_rule_or_the_reasons(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    await trainee(
        "li.na", education=Education.BACHELOR, major=Major.SOCIAL_WORK, social_work_since=date(2013, 7, 1)
    )
    token = await api.login("li.na", PASSWORD)
    yes = await api.data(ELIGIBILITY, {"sitting": sitting["id"], "level": "SOCIAL_WORKER"}, token=token)
    assert yes["examEligibility"]["eligible"] is True
    assert yes["examEligibility"]["rule"]
    assert yes["examEligibility"]["ruleDescription"]
    no = await api.data(ELIGIBILITY, {"sitting": sitting["id"], "level": "SENIOR"}, token=token)
    assert no["examEligibility"]["eligible"] is False
    assert no["examEligibility"]["rule"] is None
    assert no["examEligibility"]["reasons"]


async def test_a_registration_goes_through_review_fee_and_admission(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    submitted = await register(api, token, sitting)
    assert submitted["userErrors"] == []
    registration = submitted["registration"]
    assert registration["status"] == "SUBMITTED"
    assert registration["site"]["remaining"] == 99
    assert (await register(api, token, sitting))["registration"]["id"] == registration["id"]  # a retry
    twice = await register(api, token, sitting, key="r2")
    assert [e["code"] for e in twice["userErrors"]] == ["ALREADY_REGISTERED"]

    other_county = await api.data(
        REVIEW, {"input": {"registrationId": registration["id"], "approve": True}}, token=tokens.lufeng
    )
    assert [e["code"] for e in other_county["reviewExamRegistration"]["userErrors"]] == [
        "REGISTRATION_NOT_FOUND"
    ]
    approved = await api.data(
        REVIEW, {"input": {"registrationId": registration["id"], "approve": True}}, token=tokens.chuxiong
    )
    assert approved["reviewExamRegistration"]["registration"]["status"] == "APPROVED"

    fee = {
        "registrationId": registration["id"],
        "amount": "180",
        "paymentReference": "POS-0001",
        "idempotencyKey": "fee-1",
    }
    wrong = await api.data(
        FEE, {"input": {**fee, "amount": "120", "idempotencyKey": "fee-0"}}, token=tokens.chuxiong
    )
    assert [(e["code"], e["field"]) for e in wrong["confirmExamFee"]["userErrors"]] == [
        ("FEE_MISMATCH", ["input", "amount"])
    ]
    paid = await api.data(FEE, {"input": fee}, token=tokens.chuxiong)
    assert paid["confirmExamFee"]["registration"] == {"status": "PAID", "feePaid": "180.00"}
    replay = await api.data(FEE, {"input": fee}, token=tokens.chuxiong)
    assert replay["confirmExamFee"]["registration"] == {"status": "PAID", "feePaid": "180.00"}
    # The fee is told to incentives exactly once, however often it is confirmed.
    events = await ExamEvent.filter(kind=ExamEventKind.FEE_CONFIRMED)
    assert [(e.amount_fen, e.level) for e in events] == [(18000, ExamLevel.SOCIAL_WORKER)]
    # Incentives read the outbox through the exam's service, from the last id they handled.
    assert [e.id for e in await exam_service.events_after(0)] == [events[0].id]
    assert await exam_service.events_after(events[0].id) == []
    reused = await api.data(FEE, {"input": {**fee, "paymentReference": "POS-0002"}}, token=tokens.chuxiong)
    assert [e["code"] for e in reused["confirmExamFee"]["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]

    still_open = await api.data(TICKETS, {"input": {"sittingId": sitting["id"]}}, token=tokens.prefecture)
    assert [(e["code"], e["field"]) for e in still_open["issueAdmissionTickets"]["userErrors"]] == [
        ("REGISTRATION_STILL_OPEN", ["input", "sittingId"])
    ]
    assert (await ExamRegistration.get(id=decode_pk(registration["id"], "ExamRegistration"))).status == "PAID"
    tickets = await issue_tickets(api, sitting)
    assert tickets["userErrors"] == []
    [ticket] = tickets["registrations"]
    assert ticket["status"] == "ADMITTED"
    assert ticket["seat"] == 1
    assert ticket["admissionNumber"].startswith("2027532301")


async def test_registration_is_refused_when_it_should_be(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitting = await create_sitting(api, tokens.prefecture, levels=["ASSISTANT", "SOCIAL_WORKER"])
    await trainee(
        "new.grad",
        education=Education.JUNIOR_COLLEGE,
        major=Major.OTHER,
        social_work_since=date(2025, 7, 1),
        graduated_on=date(2025, 6, 30),
    )
    token = await api.login("new.grad", PASSWORD)
    not_offered = await register(api, token, sitting, level="SENIOR")
    assert [(e["code"], e["field"]) for e in not_offered["userErrors"]] == [
        ("LEVEL_NOT_OFFERED", ["input", "level"])
    ]
    ineligible = await register(api, token, sitting, level="SOCIAL_WORKER")
    [error] = ineligible["userErrors"]
    assert (error["code"], error["field"]) == ("NOT_ELIGIBLE", ["input", "level"])
    assert error["message"].startswith("不符合报考条件")
    monkeypatch.setenv("SWTALENT_TODAY", "2027-04-01")
    token = await api.login("new.grad", PASSWORD)  # the clock moved past the token's lifetime
    closed = await register(api, token, sitting, level="ASSISTANT", key="late")
    assert [e["code"] for e in closed["userErrors"]] == ["REGISTRATION_CLOSED"]
    assert await ExamRegistration.all().count() == 0


async def test_a_rejection_needs_a_reason_and_frees_the_seat(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    registration = (await register(api, token, sitting))["registration"]
    no_reason = await api.data(
        REVIEW, {"input": {"registrationId": registration["id"], "approve": False}}, token=tokens.chuxiong
    )
    assert [(e["code"], e["field"]) for e in no_reason["reviewExamRegistration"]["userErrors"]] == [
        ("INVALID_INPUT", ["input", "reason"])
    ]
    rejected = await api.data(
        REVIEW,
        {"input": {"registrationId": registration["id"], "approve": False, "reason": "工作年限证明不全"}},
        token=tokens.chuxiong,
    )
    assert rejected["reviewExamRegistration"]["registration"] == {
        "status": "REJECTED",
        "reviewReason": "工作年限证明不全",
    }
    seats = await api.data("{ examSittings(year: 2027) { sites { remaining } } }")
    assert seats["examSittings"][0]["sites"][0]["remaining"] == 100
    # A rejected person may register again.
    assert (await register(api, token, sitting, key="r-again"))["userErrors"] == []
    assert error_codes(
        await api.post(
            REVIEW, {"input": {"registrationId": registration["id"], "approve": True}}, token=token
        )
    ) == ["FORBIDDEN"]


async def test_withdrawal_frees_the_seat_until_the_window_closes(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    await trainee("wang.qiang", social_work_since=date(2010, 3, 1))
    li = await api.login("li.na", PASSWORD)
    wang = await api.login("wang.qiang", PASSWORD)
    mine = (await register(api, li, sitting))["registration"]["id"]
    theirs = (await register(api, wang, sitting, key="w"))["registration"]["id"]
    withdraw = "mutation W($input: WithdrawExamRegistrationInput!) { withdrawExamRegistration(input: $input) { registration { status } userErrors { code } } }"
    refused = await api.data(withdraw, {"input": {"registrationId": theirs}}, token=li)
    assert [e["code"] for e in refused["withdrawExamRegistration"]["userErrors"]] == [
        "REGISTRATION_NOT_FOUND"
    ]
    done = await api.data(withdraw, {"input": {"registrationId": mine}}, token=li)
    assert done["withdrawExamRegistration"]["registration"] == {"status": "WITHDRAWN"}
    monkeypatch.setenv("SWTALENT_TODAY", "2027-04-02")
    wang = await api.login("wang.qiang", PASSWORD)  # the clock moved past the token's lifetime
    late = await api.data(withdraw, {"input": {"registrationId": theirs}}, token=wang)
    assert [e["code"] for e in late["withdrawExamRegistration"]["userErrors"]] == ["REGISTRATION_CLOSED"]
    seats = await api.data("{ examSittings(year: 2027) { sites { remaining } } }")
    assert seats["examSittings"][0]["sites"][0]["remaining"] == 99


async def test_many_concurrent_registrations_never_oversell_the_last_seats(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(
        api, tokens.prefecture, sites=[{"name": "元谋县第一中学", "countyCode": "532328", "capacity": 3}]
    )
    people = [f"c{i:02d}" for i in range(10)]
    for username in people:
        await trainee(username, county_code="532328", social_work_since=date(2013, 7, 1))
    token_list = [await api.login(username, PASSWORD) for username in people]
    results = await asyncio.gather(
        *(
            register(api, token, sitting, level="ASSISTANT", key=f"k-{i}")
            for i, token in enumerate(token_list)
        )
    )
    codes = sorted(r["userErrors"][0]["code"] if r["userErrors"] else "OK" for r in results)
    assert codes == ["EXAM_SITE_FULL"] * 7 + ["OK"] * 3
    seats = await api.data("{ examSittings(year: 2027) { sites { capacity remaining } } }")
    assert seats["examSittings"][0]["sites"] == [{"capacity": 3, "remaining": 0}]
    assert await ExamRegistration.all().count() == 3


async def test_eligibility_of_another_person_is_for_admins_in_scope(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    user = await trainee("li.na")
    person = to_global_id("Person", person_id_of(user))
    ok = await api.data(
        ELIGIBILITY, {"sitting": sitting["id"], "level": "ASSISTANT", "person": person}, token=tokens.chuxiong
    )
    assert ok["examEligibility"]["eligible"] is True
    hidden = await api.post(
        ELIGIBILITY, {"sitting": sitting["id"], "level": "ASSISTANT", "person": person}, token=tokens.lufeng
    )
    assert error_codes(hidden) == ["NOT_FOUND"]


async def test_registration_needs_a_registry_record(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    variables = {
        "input": {
            "sittingId": sitting["id"],
            "level": "ASSISTANT",
            "siteId": sitting["sites"][0]["id"],
            "idempotencyKey": "k",
        }
    }
    staff = await api.data(REGISTER, variables, token=tokens.expert)
    assert [e["code"] for e in staff["registerForExam"]["userErrors"]] == ["NO_PERSON"]
    assert error_codes(await api.post(REGISTER, variables)) == ["UNAUTHENTICATED"]
