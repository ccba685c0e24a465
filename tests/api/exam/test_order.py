"""Things happen in their real order (DOMAIN.md, order of events): a sitting is corrected or cancelled before
anyone registers, nobody registers for a level already held or surpassed, tickets come after registration
closes and results on or after the exam date. Pinned on 2027-03-15, inside the default sitting's window."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.schema.relay import decode_pk, to_global_id
from domain.audit.models import AuditEvent
from domain.exam.models import ExamEvent, ExamRegistration, ExamResult, ExamSite, ExamSitting
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.exam.test_registration import (
    CREATE,
    ELIGIBILITY,
    FEE,
    REVIEW,
    TICKETS,
    create_sitting,
    issue_tickets,
    register,
    sitting_input,
)
from tests.api.exam.test_results import EXISTING, IMPORT, RESULTS, admitted
from tests.factories import PASSWORD, person_id_of, trainee

UPDATE = """
mutation U($input: UpdateExamSittingInput!) {
  updateExamSitting(input: $input) {
    sitting { id examDate registrationOpensOn registrationClosesOn feePerSubject sites { name capacity } }
    userErrors { code field message }
  }
}
"""
CANCEL = """
mutation X($input: CancelExamSittingInput!) {
  cancelExamSitting(input: $input) { cancelledSittingId userErrors { code field message } }
}
"""
ELIGIBILITY_HELD = """
query E($sitting: ID!, $level: ExamLevel!) {
  examEligibility(sittingId: $sitting, level: $level) { eligible rule reasons alreadyHeld }
}
"""


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


def errors(payload: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def upcoming(api: Api, tokens: Tokens) -> dict[str, Any]:
    """A 2027 sitting whose registration opens on 2027-04-01, after today."""
    return await create_sitting(
        api, tokens.prefecture, registrationOpensOn="2027-04-01", registrationClosesOn="2027-04-30"
    )


# --- results on or after the exam date -------------------------------------------------------------


async def test_results_before_the_exam_date_are_refused_and_nothing_is_recorded(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)  # exam on 2027-05-22
    registration = await admitted(api, tokens, token, sitting, level="ASSISTANT", key="a")
    lines = [
        {"registrationId": registration, "subject": "ASSISTANT_COMPREHENSIVE", "score": "80"},
        {"registrationId": registration, "subject": "ASSISTANT_PRACTICE", "score": "80"},
    ]
    monkeypatch.setenv("SWTALENT_TODAY", "2027-05-21")  # the eve of the exam
    prefecture = await api.login("zhou")
    early = await api.data(
        RESULTS, {"input": {"sittingId": sitting["id"], "results": lines}}, token=prefecture
    )
    payload = early["recordExamResults"]
    assert errors(payload) == [("EXAM_NOT_YET_HELD", ["input", "sittingId"])]
    assert "2027-05-22" in payload["userErrors"][0]["message"]
    content = "准考证号,科目,成绩\r\nX,社会工作实务(初级),80\r\n".encode()
    body = await api.upload(IMPORT, {"sittingId": sitting["id"]}, ("成绩.csv", content), token=prefecture)
    assert errors(body["data"]["importExamResults"]) == [("EXAM_NOT_YET_HELD", ["input", "sittingId"])]
    assert await ExamResult.all().count() == 0
    assert (await ExamRegistration.get()).status == "PAID"
    # A trainee is refused outright, whatever the date.
    li = await api.login("li.na", PASSWORD)
    refused = await api.post(RESULTS, {"input": {"sittingId": sitting["id"], "results": lines}}, token=li)
    assert error_codes(refused) == ["FORBIDDEN"]

    monkeypatch.setenv("SWTALENT_TODAY", "2027-05-22")  # the exam date itself
    prefecture = await api.login("zhou")
    done = await api.data(
        RESULTS, {"input": {"sittingId": sitting["id"], "results": lines}}, token=prefecture
    )
    assert done["recordExamResults"]["userErrors"] == []
    assert await ExamResult.all().count() == 2


async def test_review_and_fee_end_when_the_exam_is_held_late_ones_before_it_still_get_tickets(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    await trainee("wang.qiang", social_work_since=date(2013, 7, 1))
    await trainee("a.yi", social_work_since=date(2013, 7, 1))
    sitting = await create_sitting(api, tokens.prefecture)  # registration to 2027-03-31, exam on 2027-05-22
    submitted = (await register(api, await api.login("li.na", PASSWORD), sitting, key="s"))["registration"][
        "id"
    ]
    approved = (await register(api, await api.login("wang.qiang", PASSWORD), sitting, key="p"))[
        "registration"
    ]["id"]
    late = (await register(api, await api.login("a.yi", PASSWORD), sitting, key="l"))["registration"]["id"]
    for registration in (approved, late):
        review = await api.data(
            REVIEW, {"input": {"registrationId": registration, "approve": True}}, token=tokens.chuxiong
        )
        assert review["reviewExamRegistration"]["userErrors"] == []
    assert (await issue_tickets(api, sitting))["userErrors"] == []  # nobody has paid: nobody admitted yet

    # After the tickets, before the exam: a late payment is still taken, and tickets issued again admit it.
    monkeypatch.setenv("SWTALENT_TODAY", "2027-05-10")
    chen = await api.login("chen")
    fee = {
        "registrationId": late,
        "amount": "180",
        "paymentReference": "P-late",
        "idempotencyKey": "fee-late",
    }
    assert (await api.data(FEE, {"input": fee}, token=chen))["confirmExamFee"]["userErrors"] == []
    assert [r["status"] for r in (await issue_tickets(api, sitting))["registrations"]] == ["ADMITTED"]

    monkeypatch.setenv("SWTALENT_TODAY", "2027-05-22")  # the exam day: too late for either
    chen = await api.login("chen")
    review = await api.data(REVIEW, {"input": {"registrationId": submitted, "approve": True}}, token=chen)
    assert review["reviewExamRegistration"] == {
        "registration": None,
        "userErrors": [
            {
                "code": "EXAM_ALREADY_HELD",
                "field": ["input", "registrationId"],
                "message": "考试已于 2027-05-22 举行，报名不能再审核或确认缴费",
            }
        ],
    }
    fee = {"registrationId": approved, "amount": "180", "paymentReference": "P-x", "idempotencyKey": "fee-x"}
    paid = await api.data(FEE, {"input": fee}, token=chen)
    assert errors(paid["confirmExamFee"]) == [("EXAM_ALREADY_HELD", ["input", "registrationId"])]
    statuses = {r.id: r.status for r in await ExamRegistration.all()}
    assert sorted(statuses.values()) == ["ADMITTED", "APPROVED", "SUBMITTED"]
    # Another county's admin is told nothing about the registration, whatever the date.
    lili = await api.login("lili")
    other = await api.data(REVIEW, {"input": {"registrationId": submitted, "approve": True}}, token=lili)
    assert errors(other["reviewExamRegistration"]) == [
        ("REGISTRATION_NOT_FOUND", ["input", "registrationId"])
    ]


async def test_a_certificate_recorded_after_registering_stops_approval_and_payment_not_rejection(
    api: Api, tokens: Tokens
) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    wang = await trainee("wang.qiang", social_work_since=date(2013, 7, 1))
    sitting = await create_sitting(api, tokens.prefecture)
    submitted = (await register(api, await api.login("li.na", PASSWORD), sitting, key="s"))["registration"][
        "id"
    ]
    approved = (await register(api, await api.login("wang.qiang", PASSWORD), sitting, key="a"))[
        "registration"
    ]["id"]
    review = await api.data(
        REVIEW, {"input": {"registrationId": approved, "approve": True}}, token=tokens.chuxiong
    )
    assert review["reviewExamRegistration"]["userErrors"] == []
    # The county then enters certificates both already held before the system: a higher one for 李娜.
    for person, level, number in (
        (person_id_of(user), "SENIOR", "Z30001"),
        (person_id_of(wang), "SOCIAL_WORKER", "Z20002"),
    ):
        existing = {
            "personId": to_global_id("Person", person),
            "level": level,
            "number": number,
            "issuedOn": "2020-01-01",
        }
        if level == "SENIOR":
            # A senior certificate needs the 中级 one on record first.
            lower = {**existing, "level": "SOCIAL_WORKER", "number": "Z20001"}
            assert (await api.data(EXISTING, {"input": lower}, token=tokens.chuxiong))[
                "recordExistingCertificate"
            ]["userErrors"] == []
        assert (await api.data(EXISTING, {"input": existing}, token=tokens.chuxiong))[
            "recordExistingCertificate"
        ]["userErrors"] == []

    refused = await api.data(
        REVIEW, {"input": {"registrationId": submitted, "approve": True}}, token=tokens.chuxiong
    )
    [error] = refused["reviewExamRegistration"]["userErrors"]
    assert (error["code"], error["field"]) == ("CERTIFICATE_ALREADY_HELD", ["input", "registrationId"])
    assert "请作不予通过处理" in error["message"]
    fee = {"registrationId": approved, "amount": "180", "paymentReference": "P", "idempotencyKey": "fee"}
    unpaid = await api.data(FEE, {"input": fee}, token=tokens.chuxiong)
    assert errors(unpaid["confirmExamFee"]) == [("CERTIFICATE_ALREADY_HELD", ["input", "registrationId"])]
    assert not await ExamEvent.filter(kind="FEE_CONFIRMED").exists()
    rejected = await api.data(
        REVIEW,
        {"input": {"registrationId": submitted, "approve": False, "reason": "已持有该级别证书"}},
        token=tokens.chuxiong,
    )
    assert rejected["reviewExamRegistration"]["registration"]["status"] == "REJECTED"


async def test_a_paid_registration_whose_level_is_now_held_gets_no_ticket(api: Api, tokens: Tokens) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    await trainee("wang.qiang", social_work_since=date(2013, 7, 1))
    sitting = await create_sitting(api, tokens.prefecture)
    li = await admitted(
        api, tokens, await api.login("li.na", PASSWORD), sitting, level="SOCIAL_WORKER", key="l"
    )
    await admitted(
        api, tokens, await api.login("wang.qiang", PASSWORD), sitting, level="SOCIAL_WORKER", key="w"
    )
    existing = {
        "personId": to_global_id("Person", person_id_of(user)),
        "level": "SOCIAL_WORKER",
        "number": "Z20221234",
        "issuedOn": "2022-06-20",
    }
    assert (await api.data(EXISTING, {"input": existing}, token=tokens.chuxiong))[
        "recordExistingCertificate"
    ]["userErrors"] == []
    issued = await issue_tickets(api, sitting)
    assert [r["status"] for r in issued["registrations"]] == ["ADMITTED"]  # 王强's only
    assert (await ExamRegistration.get(id=decode_pk(li, "ExamRegistration"))).status == "PAID"
    event = await AuditEvent.get(action="admission_tickets.issued")
    assert event.summary == {"admitted": 1, "heldAlready": [decode_pk(li, "ExamRegistration")]}


async def test_no_admission_tickets_once_the_exam_is_held(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    monkeypatch.setenv("SWTALENT_TODAY", "2027-05-22")
    late = await api.data(TICKETS, {"input": {"sittingId": sitting["id"]}}, token=await api.login("zhou"))
    assert late["issueAdmissionTickets"]["userErrors"] == [
        {
            "code": "EXAM_ALREADY_HELD",
            "field": ["input", "sittingId"],
            "message": "考试已于 2027-05-22 举行，不能再发放准考证",
        }
    ]


# --- no registration for a level already held -------------------------------------------------------


async def test_a_holder_cannot_register_for_the_level_held_or_a_lower_one(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    token = await api.login("li.na", PASSWORD)
    existing = {
        "personId": person,
        "level": "ASSISTANT",
        "number": "Z2015001",
        "issuedOn": "2015-09-01",
    }
    recorded = await api.data(EXISTING, {"input": existing}, token=tokens.chuxiong)
    assert recorded["recordExistingCertificate"]["userErrors"] == []

    answer = await api.data(ELIGIBILITY_HELD, {"sitting": sitting["id"], "level": "ASSISTANT"}, token=token)
    assert answer["examEligibility"] == {
        "eligible": False,
        "rule": None,
        "reasons": ["已持有助理社会工作师证书，不能再报考初级"],
        "alreadyHeld": "ASSISTANT",
    }
    again = await register(api, token, sitting, level="ASSISTANT", key="again")
    assert errors(again) == [("CERTIFICATE_ALREADY_HELD", ["input", "level"])]
    assert again["userErrors"][0]["message"] == "已持有助理社会工作师证书，不能再报考初级"
    assert await ExamRegistration.all().count() == 0

    # The next level up stays open.
    higher = await api.data(
        ELIGIBILITY_HELD, {"sitting": sitting["id"], "level": "SOCIAL_WORKER"}, token=token
    )
    assert higher["examEligibility"]["eligible"] is True
    assert higher["examEligibility"]["alreadyHeld"] is None

    # A 中级 holder may not go back to 初级 either: it would only claim the fee subsidy and reward again.
    social_worker = {**existing, "level": "SOCIAL_WORKER", "number": "Z2020002", "issuedOn": "2020-09-01"}
    await api.data(EXISTING, {"input": social_worker}, token=tokens.chuxiong)
    lower = await api.data(ELIGIBILITY_HELD, {"sitting": sitting["id"], "level": "ASSISTANT"}, token=token)
    assert lower["examEligibility"]["alreadyHeld"] == "SOCIAL_WORKER"
    assert errors(await register(api, token, sitting, level="ASSISTANT", key="lower")) == [
        ("CERTIFICATE_ALREADY_HELD", ["input", "level"])
    ]
    # An admin asking about another county's person is told nothing.
    other = await api.post(
        ELIGIBILITY, {"sitting": sitting["id"], "level": "ASSISTANT", "person": person}, token=tokens.lufeng
    )
    assert error_codes(other) == ["NOT_FOUND"]


# --- correcting and cancelling a sitting -----------------------------------------------------------------


async def test_a_sitting_is_corrected_until_its_registration_opens(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitting = await upcoming(api, tokens)
    correction = {
        "sittingId": sitting["id"],
        "examDate": "2027-05-29",
        "feePerSubject": "55.5",
        "sites": [
            {"name": "楚雄一中", "countyCode": "532301", "capacity": 50},
            {"name": "禄丰一中", "countyCode": "532302", "capacity": 30},
        ],
    }
    done = await api.data(UPDATE, {"input": correction}, token=tokens.prefecture)
    payload = done["updateExamSitting"]
    assert payload["userErrors"] == []
    assert payload["sitting"] == {
        "id": sitting["id"],
        "examDate": "2027-05-29",
        "registrationOpensOn": "2027-04-01",
        "registrationClosesOn": "2027-04-30",
        "feePerSubject": "55.50",
        "sites": [{"name": "楚雄一中", "capacity": 50}, {"name": "禄丰一中", "capacity": 30}],
    }
    assert await ExamSite.all().count() == 2
    assert await AuditEvent.filter(action="exam_sitting.updated").count() == 1

    refusals: list[tuple[dict[str, Any], tuple[str, list[str]]]] = [
        ({"registrationOpensOn": "2027-05-01"}, ("INVALID_INPUT", ["input", "registrationClosesOn"])),
        ({"examDate": "2027-03-14"}, ("INVALID_INPUT", ["input", "registrationClosesOn"])),
        (
            {
                "sites": [
                    {"name": "Ａ区", "countyCode": "532301", "capacity": 5},
                    {"name": " a 区", "countyCode": "532301", "capacity": 5},
                ]
            },
            ("DUPLICATE_SITE_NAME", ["input", "sites", "1", "name"]),
        ),
    ]
    for change, error in refusals:
        refused = await api.data(
            UPDATE, {"input": {"sittingId": sitting["id"], **change}}, token=tokens.prefecture
        )
        assert errors(refused["updateExamSitting"]) == [error], change
    county = await api.post(
        UPDATE, {"input": {"sittingId": sitting["id"], "feePerSubject": "1"}}, token=tokens.chuxiong
    )
    assert error_codes(county) == ["FORBIDDEN"]
    assert (await ExamSitting.get()).fee_per_subject_fen == 5550

    monkeypatch.setenv("SWTALENT_TODAY", "2027-04-01")  # registration opens today
    prefecture = await api.login("zhou")
    locked = await api.data(
        UPDATE, {"input": {"sittingId": sitting["id"], "feePerSubject": "1"}}, token=prefecture
    )
    assert errors(locked["updateExamSitting"]) == [("SITTING_LOCKED", ["input", "sittingId"])]
    assert (await ExamSitting.get()).fee_per_subject_fen == 5550


async def test_a_sitting_whose_exam_date_has_passed_is_neither_created_nor_made(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-06-01")
    prefecture = await api.login("zhou")
    late = await api.data(CREATE, {"input": sitting_input()}, token=prefecture)
    assert errors(late["createExamSitting"]) == [("EXAM_DATE_PASSED", ["input", "examDate"])]
    assert await ExamSitting.all().count() == 0

    monkeypatch.setenv("SWTALENT_TODAY", "2027-01-10")
    prefecture = await api.login("zhou")
    sitting = await create_sitting(api, prefecture)
    monkeypatch.setenv("SWTALENT_TODAY", "2027-02-01")
    prefecture = await api.login("zhou")
    moved = {
        "sittingId": sitting["id"],
        "examDate": "2027-01-31",
        "registrationOpensOn": "2027-01-05",
        "registrationClosesOn": "2027-01-20",
    }
    passed = await api.data(UPDATE, {"input": moved}, token=prefecture)
    assert errors(passed["updateExamSitting"]) == [("EXAM_DATE_PASSED", ["input", "examDate"])]


async def test_a_sitting_whose_registration_is_over_or_would_lock_at_once_is_refused(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-04-10")
    prefecture = await api.login("zhou")
    # Registration 03-01 to 03-31 is over on 04-10: nobody could ever register.
    over = await api.data(CREATE, {"input": sitting_input()}, token=prefecture)
    assert errors(over["createExamSitting"]) == [("INVALID_INPUT", ["input", "registrationClosesOn"])]
    assert await ExamSitting.all().count() == 0

    monkeypatch.setenv("SWTALENT_TODAY", "2027-01-10")
    prefecture = await api.login("zhou")
    sitting = await create_sitting(api, prefecture)
    # Opening moved before today would lock the sitting the moment it is saved.
    early = {"sittingId": sitting["id"], "registrationOpensOn": "2027-01-05"}
    refused = await api.data(UPDATE, {"input": early}, token=prefecture)
    assert errors(refused["updateExamSitting"]) == [("INVALID_INPUT", ["input", "registrationOpensOn"])]
    opening = {"sittingId": sitting["id"], "registrationOpensOn": "2027-01-10"}
    opened_today = await api.data(UPDATE, {"input": opening}, token=prefecture)
    assert errors(opened_today["updateExamSitting"]) == []


async def test_two_sites_of_one_name_are_refused_whatever_the_case_spaces_or_width(
    api: Api, tokens: Tokens
) -> None:
    sites = [
        {"name": "x", "countyCode": "532301", "capacity": 5},
        {"name": " X ", "countyCode": "532302", "capacity": 5},
    ]
    data = await api.data(CREATE, {"input": sitting_input(sites=sites)}, token=tokens.prefecture)
    assert errors(data["createExamSitting"]) == [("DUPLICATE_SITE_NAME", ["input", "sites", "1", "name"])]
    width = [
        {"name": "楚雄 一中Ｂ区", "countyCode": "532301", "capacity": 5},
        {"name": "楚雄一中b区", "countyCode": "532301", "capacity": 5},
    ]
    data = await api.data(CREATE, {"input": sitting_input(sites=width)}, token=tokens.prefecture)
    assert errors(data["createExamSitting"]) == [("DUPLICATE_SITE_NAME", ["input", "sites", "1", "name"])]
    assert await ExamSitting.all().count() == 0
    stored = await create_sitting(
        api, tokens.prefecture, sites=[{"name": " 楚雄  一中Ｂ区 ", "countyCode": "532301", "capacity": 5}]
    )
    assert stored["sites"][0]["name"] == "楚雄 一中B区"


async def test_a_sitting_is_cancelled_only_while_nobody_has_registered(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    registration = await register(api, token, sitting)
    assert registration["userErrors"] == []

    taken = await api.data(
        CANCEL, {"input": {"sittingId": sitting["id"], "reason": "场地冲突"}}, token=tokens.prefecture
    )
    assert errors(taken["cancelExamSitting"]) == [("SITTING_HAS_REGISTRATIONS", ["input", "sittingId"])]
    assert await ExamSitting.all().count() == 1

    other = await create_sitting(
        api,
        tokens.prefecture,
        year=2028,
        examDate="2028-05-20",
        registrationOpensOn="2028-03-01",
        registrationClosesOn="2028-03-31",
    )
    no_reason = await api.data(
        CANCEL, {"input": {"sittingId": other["id"], "reason": "  "}}, token=tokens.prefecture
    )
    assert errors(no_reason["cancelExamSitting"]) == [("INVALID_INPUT", ["input", "reason"])]
    for wrong in (token, tokens.chuxiong):
        body = await api.post(CANCEL, {"input": {"sittingId": other["id"], "reason": "录错"}}, token=wrong)
        assert error_codes(body) == ["FORBIDDEN"]
    cancelled = await api.data(
        CANCEL, {"input": {"sittingId": other["id"], "reason": "录错年份"}}, token=tokens.prefecture
    )
    assert cancelled["cancelExamSitting"] == {"cancelledSittingId": other["id"], "userErrors": []}
    assert await ExamSitting.filter(year=2028).count() == 0
    [event] = await AuditEvent.filter(action="exam_sitting.cancelled")
    assert event.summary["reason"] == "录错年份"
    # The year is free again for the corrected sitting.
    await create_sitting(
        api,
        tokens.prefecture,
        year=2028,
        examDate="2028-05-20",
        registrationOpensOn="2028-03-01",
        registrationClosesOn="2028-03-31",
    )
    gone = await api.data(
        CANCEL, {"input": {"sittingId": other["id"], "reason": "再取消"}}, token=tokens.prefecture
    )
    assert errors(gone["cancelExamSitting"]) == [("SITTING_NOT_FOUND", ["input", "sittingId"])]
