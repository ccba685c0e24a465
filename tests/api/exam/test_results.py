"""Results with carry-over, certificates, public verification, and 登记 with its renewal."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from api.schema.relay import to_global_id
from domain.exam.models import Certificate, ExamEvent, ExamResult
from domain.exam.vocabulary import ExamEventKind, ExamLevel
from domain.people.vocabulary import Education, Major
from tests.api.conftest import Api, Tokens, error_codes, sign_in_staff
from tests.api.exam.test_registration import (
    FEE,
    REVIEW,
    create_sitting,
    exam_day,
    issue_tickets,
    register,
    sitting_input,
)
from tests.factories import PASSWORD, person_id_of, trainee

RESULTS = """
mutation R($input: RecordExamResultsInput!) {
  recordExamResults(input: $input) {
    registrations { status }
    certificates { id number level localOnly verificationCode registrationState }
    userErrors { code field message }
  }
}
"""
PROGRESS = "query P { examProgress { level passedSubjects remainingSubjects validUntil levelPassed } }"
VERIFY = "query V($number: String!, $name: String!) { verifyCertificate(number: $number, name: $name) { valid level holderName } }"
REGISTER_CERTIFICATE = """
mutation G($input: RegisterCertificateInput!) {
  registerCertificate(input: $input) { certificate { registeredUntil registrationState } userErrors { code field message } }
}
"""
EXISTING = """
mutation X($input: RecordExistingCertificateInput!) {
  recordExistingCertificate(input: $input) { certificate { id number level } userErrors { code field message } }
}
"""


async def admitted(
    api: Api, tokens: Tokens, token: str, sitting: dict[str, Any], *, level: str, key: str
) -> str:
    """A registration taken through review and fee: its id."""
    registration: str = (await register(api, token, sitting, level=level, key=key))["registration"]["id"]
    await api.data(
        REVIEW, {"input": {"registrationId": registration, "approve": True}}, token=tokens.chuxiong
    )
    subjects = {"ASSISTANT": 2, "SOCIAL_WORKER": 3, "SENIOR": 1}[level]
    fee = {
        "registrationId": registration,
        "amount": str(60 * subjects),
        "paymentReference": f"P-{key}",
        "idempotencyKey": f"fee-{key}",
    }
    paid = await api.data(FEE, {"input": fee}, token=tokens.chuxiong)
    assert paid["confirmExamFee"]["userErrors"] == []
    return registration


async def record(
    api: Api, tokens: Tokens, sitting: dict[str, Any], lines: list[tuple[str, str, str]]
) -> dict[str, Any]:
    """`recordExamResults` on the sitting's exam date, by the prefecture admin signed in then."""
    results = [{"registrationId": r, "subject": s, "score": score} for r, s, score in lines]
    with exam_day(sitting):
        token = await api.login("zhou")
        data = await api.data(
            RESULTS, {"input": {"sittingId": sitting["id"], "results": results}}, token=token
        )
    payload: dict[str, Any] = data["recordExamResults"]
    return payload


@pytest.fixture(autouse=True)
def registration_season(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", "2027-03-15")


async def test_social_worker_passes_roll_over_into_the_next_year(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    await trainee("li.na", name="李娜", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    first = await create_sitting(api, tokens.prefecture)
    r2027 = await admitted(api, tokens, token, first, level="SOCIAL_WORKER", key="a")
    done = await record(
        api,
        tokens,
        first,
        [(r2027, "COMPREHENSIVE", "70"), (r2027, "LAWS_AND_POLICIES", "65"), (r2027, "PRACTICE", "55.5")],
    )
    assert done["userErrors"] == []
    assert done["certificates"] == []
    assert done["registrations"] == [{"status": "SAT"}]
    progress = (await api.data(PROGRESS, token=token))["examProgress"]
    assert progress == [
        {
            "level": "SOCIAL_WORKER",
            "passedSubjects": ["COMPREHENSIVE", "LAWS_AND_POLICIES"],
            "remainingSubjects": ["PRACTICE"],
            "validUntil": 2028,
            "levelPassed": False,
        }
    ]

    monkeypatch.setenv("SWTALENT_TODAY", "2028-03-15")
    tokens = await sign_in_staff(api)  # a year on: the tokens of 2027 have expired
    token = await api.login("li.na", PASSWORD)
    second = await create_sitting(
        api,
        tokens.prefecture,
        year=2028,
        examDate="2028-05-20",
        registrationOpensOn="2028-03-01",
        registrationClosesOn="2028-03-31",
    )
    r2028 = await admitted(api, tokens, token, second, level="SOCIAL_WORKER", key="b")
    passed = await record(api, tokens, second, [(r2028, "PRACTICE", "60")])
    [certificate] = passed["certificates"]
    assert certificate["level"] == "SOCIAL_WORKER"
    assert certificate["number"].startswith("20282")
    assert certificate["registrationState"] == "UNREGISTERED"

    [event] = await ExamEvent.filter(kind=ExamEventKind.CERTIFICATE_ISSUED)
    assert event.level is ExamLevel.SOCIAL_WORKER
    found = await api.data(VERIFY, {"number": certificate["number"], "name": "李娜"})
    assert found["verifyCertificate"] == {"valid": True, "level": "SOCIAL_WORKER", "holderName": "李*"}
    wrong_name = await api.data(VERIFY, {"number": certificate["number"], "name": "李四"})
    assert wrong_name["verifyCertificate"] == {"valid": False, "level": None, "holderName": None}


async def test_bad_results_record_nothing(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)
    registration = await admitted(api, tokens, token, sitting, level="ASSISTANT", key="a")
    cases: list[tuple[list[tuple[str, str, str]], str]] = [
        ([(registration, "ASSISTANT_PRACTICE", "101")], "INVALID_SCORE"),
        ([(registration, "ASSISTANT_PRACTICE", "59.25")], "INVALID_SCORE"),
        ([(registration, "PRACTICE", "70")], "INVALID_SCORE"),
        (
            [(registration, "ASSISTANT_PRACTICE", "70"), (registration, "ASSISTANT_PRACTICE", "71")],
            "RESULT_ALREADY_RECORDED",
        ),
        ([(to_global_id("ExamRegistration", 999), "ASSISTANT_PRACTICE", "70")], "REGISTRATION_NOT_FOUND"),
    ]
    for lines, code in cases:
        payload = await record(
            api, tokens, sitting, [(registration, "ASSISTANT_COMPREHENSIVE", "80"), *lines]
        )
        assert [e["code"] for e in payload["userErrors"]] == [code], lines
    assert await ExamResult.all().count() == 0
    both = await record(
        api,
        tokens,
        sitting,
        [(registration, "ASSISTANT_COMPREHENSIVE", "80"), (registration, "ASSISTANT_PRACTICE", "60")],
    )
    assert [c["level"] for c in both["certificates"]] == ["ASSISTANT"]
    again = await record(api, tokens, sitting, [(registration, "ASSISTANT_PRACTICE", "90")])
    assert [e["code"] for e in again["userErrors"]] == ["RESULT_ALREADY_RECORDED"]
    assert error_codes(
        await api.post(RESULTS, {"input": {"sittingId": sitting["id"], "results": []}}, token=tokens.chuxiong)
    ) == ["FORBIDDEN"]


async def test_a_certificate_from_before_the_system_counts_for_eligibility(api: Api, tokens: Tokens) -> None:
    user = await trainee(
        "pu.xiu",
        education=Education.HIGH_SCHOOL,
        major=Major.OTHER,
        social_work_since=date(2009, 5, 1),
        graduated_on=None,
    )
    person = to_global_id("Person", person_id_of(user))
    token = await api.login("pu.xiu", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)
    eligibility = (
        "query E($s: ID!) { examEligibility(sittingId: $s, level: SOCIAL_WORKER) { eligible rule } }"
    )
    assert (await api.data(eligibility, {"s": sitting["id"]}, token=token))["examEligibility"][
        "eligible"
    ] is False
    existing = {"personId": person, "level": "ASSISTANT", "number": "Z2015530001", "issuedOn": "2015-09-01"}
    refused = await api.data(EXISTING, {"input": existing}, token=tokens.lufeng)
    assert [(e["code"], e["field"]) for e in refused["recordExistingCertificate"]["userErrors"]] == [
        ("OUT_OF_SCOPE", ["input", "personId"])
    ]
    recorded = await api.data(EXISTING, {"input": existing}, token=tokens.chuxiong)
    assert recorded["recordExistingCertificate"]["certificate"]["level"] == "ASSISTANT"
    duplicate = await api.data(
        EXISTING, {"input": {**existing, "level": "SOCIAL_WORKER"}}, token=tokens.chuxiong
    )
    assert [e["code"] for e in duplicate["recordExistingCertificate"]["userErrors"]] == [
        "CERTIFICATE_NUMBER_TAKEN"
    ]
    now = (await api.data(eligibility, {"s": sitting["id"]}, token=token))["examEligibility"]
    assert now == {"eligible": True, "rule": "SOCIAL_WORKER_HIGH_SCHOOL_WITH_ASSISTANT"}


async def test_registration_and_renewal_need_the_continuing_education_hours(
    api: Api, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await trainee("li.na", social_work_since=date(2013, 7, 1))
    person = to_global_id("Person", person_id_of(user))
    token = await api.login("li.na", PASSWORD)
    recorded = await api.data(
        EXISTING,
        {
            "input": {
                "personId": person,
                "level": "SOCIAL_WORKER",
                "number": "Z2026530002",
                "issuedOn": "2026-09-01",
            }
        },
        token=tokens.chuxiong,
    )
    certificate = recorded["recordExistingCertificate"]["certificate"]["id"]
    first = await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate}}, token=token)
    assert first["registerCertificate"]["certificate"] == {
        "registeredUntil": "2030-03-14",
        "registrationState": "REGISTERED",
    }
    early = await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate}}, token=token)
    assert [e["code"] for e in early["registerCertificate"]["userErrors"]] == ["REGISTRATION_NOT_DUE"]

    monkeypatch.setenv("SWTALENT_TODAY", "2030-02-01")
    tokens = await sign_in_staff(api)  # years on: the earlier tokens have expired
    token = await api.login("li.na", PASSWORD)
    short = await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate}}, token=token)
    [error] = short["registerCertificate"]["userErrors"]
    assert error["code"] == "CONTINUING_EDUCATION_MISSING"
    assert "尚缺 90.0 学时" in error["message"]
    adjust = """
    mutation A($input: AdjustTrainingHoursInput!) { adjustTrainingHours(input: $input) { userErrors { code } } }
    """
    for key, hours, category in (("ce-1", "60", "KNOWLEDGE"), ("ce-2", "40", "CONFERENCE")):
        done = await api.data(
            adjust,
            {
                "input": {
                    "personId": person,
                    "hours": hours,
                    "hourCategory": category,
                    "reason": "继续教育",
                    "occurredOn": "2029-06-01",
                    "idempotencyKey": key,
                }
            },
            token=tokens.chuxiong,
        )
        assert done["adjustTrainingHours"]["userErrors"] == []
    renewed = await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate}}, token=token)
    # 60 h of knowledge and 24 h of the 40 h of conference (capped) make 84 h: still 6 h short.
    assert "尚缺 6.0 学时" in renewed["registerCertificate"]["userErrors"][0]["message"]
    await api.data(
        adjust,
        {
            "input": {
                "personId": person,
                "hours": "6",
                "hourCategory": "SUPERVISION",
                "reason": "督导",
                "occurredOn": "2029-07-01",
                "idempotencyKey": "ce-3",
            }
        },
        token=tokens.chuxiong,
    )
    renewed = await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate}}, token=token)
    assert renewed["registerCertificate"]["certificate"] == {
        "registeredUntil": "2033-03-14",
        "registrationState": "REGISTERED",
    }

    monkeypatch.setenv("SWTALENT_TODAY", "2033-06-01")
    token = await api.login("li.na", PASSWORD)
    mine = await api.data("{ myCertificates { registrationState } }", token=token)
    assert mine["myCertificates"] == [{"registrationState": "LAPSED"}]
    assert await Certificate.all().count() == 1


async def test_verification_is_public_and_reveals_nothing_without_the_name(api: Api, tokens: Tokens) -> None:
    assert sitting_input()["year"] == 2027
    answer = await api.data(VERIFY, {"number": "NOSUCH123", "name": "李娜"})
    assert answer["verifyCertificate"]["valid"] is False


IMPORT = """
mutation I($input: ImportExamResultsInput!) {
  importExamResults(input: $input) {
    report { rowCount recorded certificates errors { row column message } }
    userErrors { code field message }
  }
}
"""


async def import_file(api: Api, sitting: dict[str, Any], content: bytes) -> dict[str, Any]:
    """`importExamResults` on the sitting's exam date, by the prefecture admin signed in then."""
    with exam_day(sitting):
        token = await api.login("zhou")
        body = await api.upload(
            IMPORT, {"sittingId": sitting["id"]}, ("成绩册.csv", content), token=token, media_type="text/csv"
        )
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["importExamResults"]
    return result


async def test_a_results_list_is_imported_whole_or_not_at_all(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    token = await api.login("li.na", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)
    await admitted(api, tokens, token, sitting, level="ASSISTANT", key="a")
    number = (await issue_tickets(api, sitting))["registrations"][0]["admissionNumber"]
    bad = (
        "准考证号,科目,成绩,单独划线\r\n"
        f"{number},社会工作综合能力(初级),72,否\r\n"
        f"{number},社会工作实务（初级）,105,否\r\n"
        "20279999,社会工作实务（初级）,70,否\r\n"
        f"{number},社会工作法规与政策,70,也许\r\n"
    ).encode("gbk")
    report = (await import_file(api, sitting, bad))["report"]
    assert report["recorded"] == 0
    assert {(e["row"], e["column"]) for e in report["errors"]} == {
        (3, "成绩"),
        (4, "准考证号"),
        (5, "单独划线"),
    }
    assert await ExamResult.all().count() == 0
    good = (
        "准考证号,科目,成绩,单独划线\r\n"
        f"{number},社会工作综合能力（初级）,72,否\r\n"
        f"{number},社会工作实务（初级）,61,是\r\n"
    ).encode("gbk")
    done = (await import_file(api, sitting, good))["report"]
    assert (done["recorded"], done["certificates"], done["errors"]) == (2, 1, [])
    [certificate] = await Certificate.all()
    assert certificate.local_only is True
    refused = await import_file(api, sitting, b"")
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [("INVALID_SCORE", ["input", "file"])]


async def test_exam_mutations_are_refused_to_the_wrong_roles(api: Api, tokens: Tokens) -> None:
    await trainee("li.na", social_work_since=date(2013, 7, 1))
    await trainee("wang.qiang", social_work_since=date(2013, 7, 1))
    li = await api.login("li.na", PASSWORD)
    wang = await api.login("wang.qiang", PASSWORD)
    sitting = await create_sitting(api, tokens.prefecture)
    registration = (await register(api, li, sitting))["registration"]["id"]
    fee = {"registrationId": registration, "amount": "180", "paymentReference": "P", "idempotencyKey": "f"}
    tickets = "mutation T($input: IssueAdmissionTicketsInput!) { issueAdmissionTickets(input: $input) { userErrors { code } } }"
    for query, variables, tokens_refused in (
        (FEE, fee, (li, tokens.expert)),
        (tickets, {"sittingId": sitting["id"]}, (li, tokens.chuxiong)),
        (
            EXISTING,
            {
                "personId": to_global_id("Person", 1),
                "level": "ASSISTANT",
                "number": "X1234",
                "issuedOn": "2020-01-01",
            },
            (li, tokens.expert),
        ),
    ):
        for token in tokens_refused:
            assert error_codes(await api.post(query, {"input": variables}, token=token)) == ["FORBIDDEN"], (
                query
            )
        assert error_codes(await api.post(query, {"input": variables})) == ["UNAUTHENTICATED"], query
    assert error_codes(await api.post(REGISTER_CERTIFICATE, {"input": {"certificateId": "x"}})) == [
        "UNAUTHENTICATED"
    ]
    # Someone else's certificate is as good as absent.
    certificate = await api.data(
        EXISTING,
        {
            "input": {
                "personId": to_global_id("Person", 1),
                "level": "ASSISTANT",
                "number": "X1234",
                "issuedOn": "2027-01-01",
            }
        },
        token=tokens.chuxiong,
    )
    other = await api.data(
        REGISTER_CERTIFICATE,
        {"input": {"certificateId": certificate["recordExistingCertificate"]["certificate"]["id"]}},
        token=wang,
    )
    assert [e["code"] for e in other["registerCertificate"]["userErrors"]] == ["CERTIFICATE_NOT_FOUND"]


async def test_only_the_prefecture_imports_results(api: Api, tokens: Tokens) -> None:
    sitting = await create_sitting(api, tokens.prefecture)
    operations = {"query": IMPORT, "variables": {"input": {"sittingId": sitting["id"], "file": None}}}
    response = await api.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": ("成绩册.csv", "准考证号,科目,成绩\r\n".encode(), "text/csv")},
        headers={"Authorization": f"Bearer {tokens.chuxiong}"},
    )
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["FORBIDDEN"]


async def test_certified_people_are_counted_and_filtered_and_their_ledger_follows_the_registration(
    api: Api, tokens: Tokens
) -> None:
    holder = await trainee("li.na", name="李娜", social_work_since=date(2013, 7, 1))
    await trainee("wang.qiang", name="王强", social_work_since=date(2013, 7, 1))
    holder_id = to_global_id("Person", person_id_of(holder))
    for level, number in (("ASSISTANT", "Z1111"), ("SOCIAL_WORKER", "Z2222")):
        recorded = await api.data(
            EXISTING,
            {"input": {"personId": holder_id, "level": level, "number": number, "issuedOn": "2026-09-01"}},
            token=tokens.chuxiong,
        )
        assert recorded["recordExistingCertificate"]["userErrors"] == []
    counties = {
        c["code"]: c["certifiedCount"]
        for c in (await api.data("{ counties { code certifiedCount } }"))["counties"]
    }
    assert counties["532301"] == 1  # two levels, one person
    assert sum(counties.values()) == 1
    persons = "query P($c: Boolean) { persons(first: 10, filter: {certified: $c}) { nodes { name } } }"
    assert [
        p["name"] for p in (await api.data(persons, {"c": True}, token=tokens.chuxiong))["persons"]["nodes"]
    ] == ["李娜"]
    assert [
        p["name"] for p in (await api.data(persons, {"c": False}, token=tokens.chuxiong))["persons"]["nodes"]
    ] == ["王强"]

    token = await api.login("li.na", PASSWORD)
    certificate = (await api.data("{ myCertificates { id level } }", token=token))["myCertificates"][1]
    assert certificate["level"] == "SOCIAL_WORKER"
    await api.data(REGISTER_CERTIFICATE, {"input": {"certificateId": certificate["id"]}}, token=token)
    ledger = """
    query L($r: ID!) { viewer { person { trainingLedger(requirementId: $r) { startsOn endsOn requiredHours } } } }
    """
    view = await api.data(ledger, {"r": to_global_id("TrainingRequirement", 4)}, token=token)
    assert view["viewer"]["person"]["trainingLedger"] == {
        "startsOn": "2027-03-15",
        "endsOn": "2030-03-14",
        "requiredHours": "90.0",
    }
