"""Completions, adjustments, reversals and the ledger a trainee sees, over HTTP."""

from __future__ import annotations

from typing import Any

from api.schema.relay import to_global_id
from domain import clock
from domain.training.models import HourEntry
from tests.api.conftest import Api, Tokens, error_codes
from tests.api.training.fixtures import Training, before_a_course_held, enroll, post_and_publish, training

__all__ = ["training"]

COMPLETE = """
mutation C($input: RecordCompletionInput!) {
  recordCompletion(input: $input) {
    enrollment { id status }
    entry { id hours category source occurredOn course { title } }
    userErrors { code field message }
  }
}
"""
ADJUST = """
mutation A($input: AdjustTrainingHoursInput!) {
  adjustTrainingHours(input: $input) { entry { id hours category source reason occurredOn } userErrors { code field message } }
}
"""
REVERSE = """
mutation R($input: ReverseLedgerEntryInput!) {
  reverseLedgerEntry(input: $input) { entry { id hours source reversesId } userErrors { code field message } }
}
"""
LEDGER = """
query L($requirement: ID!) {
  viewer { person { trainingLedger(requirementId: $requirement) {
    requirement { code } applicable startsOn endsOn requiredHours earnedHours remainingHours met
    byCategory { category hours countedHours }
    entries(first: 10) { totalCount nodes { hours source course { title } } }
  } } }
}
"""
FRONT_LINE_2026 = to_global_id("TrainingRequirement", 2)
FRONT_LINE_2021 = to_global_id("TrainingRequirement", 1)


async def finished_course_with(
    api: Api, training: Training, *tokens: str, **course: Any
) -> tuple[str, list[str]]:
    """A course held 20 days ago, with the given trainees enrolled: its id and their enrolment ids."""
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider, **course)
        enrollments = [(await enroll(api, token, course_id))["enrollment"]["id"] for token in tokens]
    return course_id, enrollments


async def complete(api: Api, token: str, enrollment: str, key: str, **extra: Any) -> dict[str, Any]:
    data = await api.data(
        COMPLETE, {"input": {"enrollmentId": enrollment, "idempotencyKey": key, **extra}}, token=token
    )
    result: dict[str, Any] = data["recordCompletion"]
    return result


async def ledger(api: Api, token: str, requirement: str = FRONT_LINE_2026) -> dict[str, Any]:
    data = await api.data(LEDGER, {"requirement": requirement}, token=token)
    result: dict[str, Any] = data["viewer"]["person"]["trainingLedger"]
    return result


async def test_a_completion_credits_the_ledger_once(api: Api, training: Training) -> None:
    _, [enrollment] = await finished_course_with(api, training, training.li)
    first = await complete(api, training.provider, enrollment, "c-1")
    assert first["userErrors"] == []
    assert first["enrollment"]["status"] == "COMPLETED"
    assert first["entry"]["hours"] == "16.0"
    assert first["entry"]["source"] == "COMPLETION"
    # The same request retried returns the first result and credits nothing more.
    retried = await complete(api, training.provider, enrollment, "c-1")
    assert retried["entry"]["id"] == first["entry"]["id"]
    # The same key for a different request is refused.
    reused = await complete(api, training.provider, enrollment, "c-1", hours="8")
    assert [(e["code"], e["field"]) for e in reused["userErrors"]] == [
        ("IDEMPOTENCY_KEY_REUSED", ["input", "idempotencyKey"])
    ]
    # A second completion for the same enrolment is refused.
    second = await complete(api, training.provider, enrollment, "c-2")
    assert [e["code"] for e in second["userErrors"]] == ["ALREADY_CREDITED"]
    assert await HourEntry.all().count() == 1
    view = await ledger(api, training.li)
    assert (view["earnedHours"], view["remainingHours"], view["met"]) == ("16.0", "144.0", False)
    assert view["entries"]["nodes"] == [
        {"hours": "16.0", "source": "COMPLETION", "course": {"title": "社会工作实务技能提升班"}}
    ]


async def test_partial_credit_is_allowed_up_to_the_course_hours(api: Api, training: Training) -> None:
    _, [li, wang] = await finished_course_with(api, training, training.li, training.wang)
    above = await complete(api, training.provider, li, "p-1", hours="16.5")
    assert [(e["code"], e["field"]) for e in above["userErrors"]] == [
        ("HOURS_ABOVE_CREDIT", ["input", "hours"])
    ]
    for bad in ("0", "-1", "1.25"):
        refused = await complete(api, training.provider, li, f"p-{bad}", hours=bad)
        assert [e["code"] for e in refused["userErrors"]] == ["INVALID_HOURS"], bad
    partial = await complete(api, training.provider, li, "p-2", hours="7.5")
    assert partial["entry"]["hours"] == "7.5"
    future = await complete(api, training.provider, wang, "p-3", completedOn="2099-01-01")
    assert [(e["code"], e["field"]) for e in future["userErrors"]] == [
        ("INVALID_DATE", ["input", "completedOn"])
    ]
    assert await HourEntry.all().count() == 1


async def test_completion_needs_a_real_enrolment_of_the_providers_own_course(
    api: Api, training: Training
) -> None:
    with before_a_course_held(days_ago=20):
        course_id = await post_and_publish(api, training.provider, capacity=1)
        enrolled = (await enroll(api, training.li, course_id))["enrollment"]["id"]
        waiting = (await enroll(api, training.wang, course_id))["enrollment"]["id"]
    refused = await complete(api, training.provider, waiting, "w-1")
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_ENROLLED"]
    other = await complete(api, training.other_provider, enrolled, "w-2")
    assert [e["code"] for e in other["userErrors"]] == ["ENROLLMENT_NOT_FOUND"]
    bogus = await complete(api, training.provider, "not-an-id", "w-3")
    assert [(e["code"], e["field"]) for e in bogus["userErrors"]] == [
        ("INVALID_ID", ["input", "enrollmentId"])
    ]
    body = await api.post(
        COMPLETE, {"input": {"enrollmentId": enrolled, "idempotencyKey": "w-4"}}, token=training.li
    )
    assert error_codes(body) == ["FORBIDDEN"]
    assert await HourEntry.all().count() == 0


async def test_admins_adjust_hours_in_their_county_with_a_reason(
    api: Api, training: Training, tokens: Tokens
) -> None:
    variables = {
        "input": {
            "personId": training.li_person,
            "hours": "90",
            "hourCategory": "DEGREE_STUDY",
            "reason": "社会工作专业本科学历折算（民发〔2009〕123号）",
            "occurredOn": "2026-03-01",
            "idempotencyKey": "adj-1",
        }
    }
    data = await api.data(ADJUST, variables, token=tokens.chuxiong)
    assert data["adjustTrainingHours"]["entry"]["hours"] == "90.0"
    assert data["adjustTrainingHours"]["entry"]["source"] == "ADJUSTMENT"
    replay = await api.data(ADJUST, variables, token=tokens.chuxiong)
    assert replay["adjustTrainingHours"]["entry"]["id"] == data["adjustTrainingHours"]["entry"]["id"]
    # A second degree credit counts toward the record but the cap keeps it at 90 h for the period.
    await api.data(
        ADJUST, {"input": {**variables["input"], "idempotencyKey": "adj-2"}}, token=tokens.chuxiong
    )
    view = await ledger(api, training.li)
    assert view["byCategory"] == [{"category": "DEGREE_STUDY", "hours": "180.0", "countedHours": "90.0"}]
    assert view["earnedHours"] == "90.0"

    out_of_scope = await api.data(
        ADJUST, {"input": {**variables["input"], "idempotencyKey": "adj-3"}}, token=tokens.lufeng
    )
    assert [(e["code"], e["field"]) for e in out_of_scope["adjustTrainingHours"]["userErrors"]] == [
        ("OUT_OF_SCOPE", ["input", "personId"])
    ]
    no_reason = await api.data(
        ADJUST,
        {"input": {**variables["input"], "reason": " ", "idempotencyKey": "adj-4"}},
        token=tokens.chuxiong,
    )
    assert [e["code"] for e in no_reason["adjustTrainingHours"]["userErrors"]] == ["INVALID_INPUT"]
    zero = await api.data(
        ADJUST,
        {"input": {**variables["input"], "hours": "0", "idempotencyKey": "adj-5"}},
        token=tokens.chuxiong,
    )
    assert [e["code"] for e in zero["adjustTrainingHours"]["userErrors"]] == ["INVALID_HOURS"]
    assert error_codes(await api.post(ADJUST, variables, token=training.provider)) == ["FORBIDDEN"]
    assert await HourEntry.all().count() == 2


async def test_an_entry_is_reversed_at_most_once(api: Api, training: Training, tokens: Tokens) -> None:
    _, [enrollment] = await finished_course_with(api, training, training.li)
    entry = (await complete(api, training.provider, enrollment, "r-c"))["entry"]["id"]
    data = await api.data(
        REVERSE,
        {"input": {"entryId": entry, "reason": "签到记录有误", "idempotencyKey": "r-1"}},
        token=tokens.chuxiong,
    )
    reversal = data["reverseLedgerEntry"]["entry"]
    assert (reversal["hours"], reversal["source"], reversal["reversesId"]) == ("-16.0", "REVERSAL", entry)
    again = await api.data(
        REVERSE,
        {"input": {"entryId": entry, "reason": "再次冲正", "idempotencyKey": "r-2"}},
        token=tokens.chuxiong,
    )
    assert [e["code"] for e in again["reverseLedgerEntry"]["userErrors"]] == ["ALREADY_REVERSED"]
    of_reversal = await api.data(
        REVERSE,
        {"input": {"entryId": reversal["id"], "reason": "冲正的冲正", "idempotencyKey": "r-3"}},
        token=tokens.chuxiong,
    )
    assert [e["code"] for e in of_reversal["reverseLedgerEntry"]["userErrors"]] == ["ALREADY_REVERSED"]
    hidden = await api.data(
        REVERSE, {"input": {"entryId": entry, "reason": "x", "idempotencyKey": "r-4"}}, token=tokens.lufeng
    )
    assert [e["code"] for e in hidden["reverseLedgerEntry"]["userErrors"]] == ["ENTRY_NOT_FOUND"]
    view = await ledger(api, training.li)
    assert (view["earnedHours"], view["entries"]["totalCount"]) == ("0.0", 2)


async def test_one_entry_counts_toward_every_requirement_whose_window_includes_it(
    api: Api, training: Training, tokens: Tokens
) -> None:
    for key, day in (("w-2025", "2025-12-31"), ("w-2026", "2026-01-01")):
        await api.data(
            ADJUST,
            {
                "input": {
                    "personId": training.li_person,
                    "hours": "10",
                    "hourCategory": "KNOWLEDGE",
                    "reason": "补录",
                    "occurredOn": day,
                    "idempotencyKey": key,
                }
            },
            token=tokens.chuxiong,
        )
    old = await ledger(api, training.li, FRONT_LINE_2021)
    new = await ledger(api, training.li, FRONT_LINE_2026)
    assert (old["startsOn"], old["endsOn"], old["earnedHours"]) == ("2021-01-01", "2025-12-31", "10.0")
    assert (new["startsOn"], new["endsOn"], new["earnedHours"]) == ("2026-01-01", "2030-12-31", "10.0")


async def test_requirements_are_public_and_the_prefecture_edits_them(
    api: Api, training: Training, tokens: Tokens
) -> None:
    listed = await api.data(
        "{ trainingRequirements { code requiredHours startsOn caps { category hours } } }"
    )
    codes = {r["code"]: r for r in listed["trainingRequirements"]}
    assert codes["FRONT_LINE_2021_2025"]["requiredHours"] == "160.0"
    assert codes["CONTINUING_EDUCATION_ASSISTANT"]["requiredHours"] == "72.0"
    assert codes["CONTINUING_EDUCATION_SOCIAL_WORKER"]["requiredHours"] == "90.0"
    update = """
    mutation U($input: UpdateTrainingRequirementInput!) { updateTrainingRequirement(input: $input) { requirement { requiredHours caps { category hours } } userErrors { code field } } }
    """
    await api.data(
        ADJUST,
        {
            "input": {
                "personId": training.li_person,
                "hours": "150",
                "hourCategory": "KNOWLEDGE",
                "reason": "补录",
                "occurredOn": "2026-02-01",
                "idempotencyKey": "k",
            }
        },
        token=tokens.chuxiong,
    )
    data = await api.data(
        update,
        {
            "input": {
                "requirementId": FRONT_LINE_2026,
                "requiredHours": "120",
                "caps": [{"category": "CONFERENCE", "hours": "20"}],
            }
        },
        token=tokens.prefecture,
    )
    assert data["updateTrainingRequirement"]["requirement"] == {
        "requiredHours": "120.0",
        "caps": [{"category": "CONFERENCE", "hours": "20.0"}],
    }
    assert (await ledger(api, training.li))["met"] is True
    # Moving the window rebuilds the balances from the entries.
    moved = await api.data(
        update,
        {"input": {"requirementId": FRONT_LINE_2026, "startsOn": "2026-03-01"}},
        token=tokens.prefecture,
    )
    assert moved["updateTrainingRequirement"]["userErrors"] == []
    assert (await ledger(api, training.li))["earnedHours"] == "0.0"
    bad = await api.data(
        update, {"input": {"requirementId": FRONT_LINE_2026, "requiredHours": "-1"}}, token=tokens.prefecture
    )
    assert [e["code"] for e in bad["updateTrainingRequirement"]["userErrors"]] == ["INVALID_HOURS"]
    assert error_codes(
        await api.post(update, {"input": {"requirementId": FRONT_LINE_2026}}, token=tokens.chuxiong)
    ) == ["FORBIDDEN"]


async def test_continuing_education_counts_a_holders_last_three_years_until_registration_is_recorded(
    api: Api, training: Training, tokens: Tokens
) -> None:
    today = clock.today()
    # Continuing education applies to holders only: li holds an assistant certificate, not yet registered.
    existing = """
    mutation X($input: RecordExistingCertificateInput!) { recordExistingCertificate(input: $input) { userErrors { code } } }
    """
    recorded = await api.data(
        existing,
        {
            "input": {
                "personId": training.li_person,
                "level": "ASSISTANT",
                "number": "Z20260001",
                "issuedOn": "2026-01-05",
            }
        },
        token=tokens.chuxiong,
    )
    assert recorded["recordExistingCertificate"]["userErrors"] == []
    await api.data(
        ADJUST,
        {
            "input": {
                "personId": training.li_person,
                "hours": "30",
                "hourCategory": "CONFERENCE",
                "reason": "年会",
                "occurredOn": today.isoformat(),
                "idempotencyKey": "ce",
            }
        },
        token=tokens.chuxiong,
    )
    view = await ledger(api, training.li, to_global_id("TrainingRequirement", 3))
    assert view["requiredHours"] == "72.0"
    assert view["byCategory"] == [{"category": "CONFERENCE", "hours": "30.0", "countedHours": "24.0"}]
    assert view["earnedHours"] == "24.0"
    assert view["endsOn"] == today.isoformat()
    assert view["applicable"] is True


async def test_only_admins_reverse_entries(api: Api, training: Training) -> None:
    variables = {"input": {"entryId": to_global_id("HourEntry", 1), "reason": "x", "idempotencyKey": "k"}}
    for token in (training.provider, training.li):
        assert error_codes(await api.post(REVERSE, variables, token=token)) == ["FORBIDDEN"]
