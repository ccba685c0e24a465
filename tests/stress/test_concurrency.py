"""Concurrency on a real server (#15 item 1): the app served by uvicorn (SQLite by one worker,
PostgreSQL by four), and bursts of requests from real clients over 127.0.0.1 with real bearer
tokens, each burst released at once so the requests overlap in the server.

- 200 trainees register for an exam site of 50 seats: 50 hold seats, 150 are told it is full.
- 100 trainees enrol in a 20-seat course, each sending the request twice (a double click, one key):
  20 enrolled, 80 wait-listed 1..80 in the order they got in, one enrolment each, both answers alike.
- 50 retries of one completion with one key and 50 with other keys, at once: one ledger credit, every
  request with the winning key answered with the first result, the others ALREADY_CREDITED; then 50
  more retries with the winning key, each answered with the first result; the ledger verifies.
- 20 county admins approve the same entitlements at once (in bulk, and one by one): each approved once;
  two payout batches created at once with one key make one batch, both answered with it; the 20 admins
  marking it paid at once pay it once; the budget's paid equals the sum paid.

Every answer is checked: no HTTP 5xx, no INTERNAL, no "database is locked"; nor a traceback in the
server's log. The figures (requests, wall time, latencies) are printed: run with `-s` to see them.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import httpx
import pytest

from api.schema.relay import decode_pk, to_global_id
from api.settings import PROJECT_ROOT
from domain.access import Grant, Role
from domain.audit.models import AuditEvent
from domain.exam.models import ExamRegistration, ExamSite
from domain.incentives.models import CountyBudget, Entitlement, PayoutBatch
from domain.incentives.vocabulary import EntitlementStatus
from domain.training.models import Course, Enrollment, HourEntry
from domain.training.vocabulary import EnrollmentStatus
from tests.serving import serving_process
from tests.stress import concurrency_world as world
from tests.stress.conftest import Target

EXAM_CANDIDATES: Final = 200
EXAM_SEATS: Final = 50
COURSE_TRAINEES: Final = 100
COURSE_SEATS: Final = 20
COMPLETION_RETRIES: Final = 50
ADMINS: Final = 20
START_SECONDS: Final = 120
BULK_REWARDS: Final = 5
SINGLE_REWARDS: Final = 5

REGISTER: Final = """
mutation R($input: RegisterForExamInput!) {
  registerForExam(input: $input) { registration { id status } userErrors { code field message } }
}
"""
ENROL: Final = """
mutation E($input: EnrollInCourseInput!) {
  enrollInCourse(input: $input) { enrollment { id status } userErrors { code field message } }
}
"""
MY_ENROLMENTS: Final = """
{ viewer { person { enrollments(first: 10) { nodes { id status waitlistPosition } } } } }
"""
COMPLETE: Final = """
mutation C($input: RecordCompletionInput!) {
  recordCompletion(input: $input) {
    enrollment { id status } entry { id hours category source occurredOn recordedAt }
    userErrors { code field message }
  }
}
"""
REVIEW_ONE: Final = """
mutation V($input: ReviewEntitlementInput!) {
  reviewEntitlement(input: $input) { entitlement { id status } userErrors { code field message } }
}
"""
REVIEW_MANY: Final = """
mutation V($input: ReviewEntitlementsInput!) {
  reviewEntitlements(input: $input) { entitlements { id status } userErrors { code field message } }
}
"""
CREATE_BATCH: Final = """
mutation B($input: CreatePayoutBatchInput!) {
  createPayoutBatch(input: $input) {
    batch { id number total entitlementCount createdAt } userErrors { code field message }
  }
}
"""
PAY_BATCH: Final = """
mutation P($input: MarkPayoutBatchPaidInput!) {
  markPayoutBatchPaid(input: $input) { batch { id status paidOn } userErrors { code field message } }
}
"""


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    text: str
    seconds: float

    @property
    def body(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.text)
        return parsed

    def payload(self, root: str) -> dict[str, Any]:
        """The mutation's payload, after checking the answer has no top-level error."""
        assert "errors" not in self.body, self.text
        value: dict[str, Any] = self.body["data"][root]
        return value

    def codes(self, root: str) -> list[str]:
        return [e["code"] for e in self.payload(root)["userErrors"]]


@dataclass(slots=True)
class Harness:
    """The server's address, and every answer it gave, for the checks that hold everywhere."""

    base: str
    answers: list[Answer] = field(default_factory=list)

    async def burst(self, label: str, requests: list[tuple[str, dict[str, Any], str]]) -> list[Answer]:
        """Sends `requests` (document, variables, bearer token) all at once: each waits on one event,
        set when every one is ready. Prints the burst's figures; returns the answers in order."""
        go = asyncio.Event()

        async def send(
            client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
        ) -> Answer:
            await go.wait()
            started = time.perf_counter()
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
            return Answer(response.status_code, response.text, time.perf_counter() - started)

        # A connection per request, opened when released, and none kept idle between bursts (where
        # the server's keep-alive timeout could close one under a request).
        limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
        async with httpx.AsyncClient(base_url=self.base, limits=limits, timeout=120) as client:
            tasks = [asyncio.create_task(send(client, *request)) for request in requests]
            await asyncio.sleep(0.05)  # every task is waiting on the event now
            started = time.perf_counter()
            go.set()
            answers = list(await asyncio.gather(*tasks))
            wall = time.perf_counter() - started
        self.answers.extend(answers)
        latencies = sorted(a.seconds for a in answers)
        report(
            f"  {label}: {len(answers)} requests at once, wall {wall:.2f} s, latency median "
            f"{statistics.median(latencies) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
        for answer in answers:
            check_answer(answer)
        return answers


def report(line: str) -> None:
    """A figure for the closing note: on stdout, seen with `pytest -s`."""
    sys.stdout.write(line + "\n")


def check_answer(answer: Answer) -> None:
    """What no client may ever see: a 5xx, INTERNAL, or the database's locking showing through."""
    assert answer.status < 500, answer.text
    assert "database is locked" not in answer.text.lower(), answer.text
    codes = [e.get("extensions", {}).get("code") for e in answer.body.get("errors", [])]
    assert "INTERNAL" not in codes, answer.text


def pk(type_name: str, global_id: str) -> int:
    value = decode_pk(global_id, type_name)
    assert value is not None, global_id
    return value


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The business date of `world.TODAY` in this process (the server gets it too), and one password
    hash for every seeded account."""
    monkeypatch.setenv("SWTALENT_TODAY", world.TODAY.isoformat())
    world.one_password_hash(monkeypatch)


async def test_concurrent_clients_of_a_real_server_get_every_seat_credit_and_payment_exactly_once(
    target: Target, database: str, pinned: None, tmp_path: Path
) -> None:
    seeding = time.perf_counter()
    candidates = await world.trainees(EXAM_CANDIDATES, "cand")
    sitting_id, site_id = await world.exam_site(EXAM_SEATS)
    provider, provider_account = await world.training_provider()
    course = await world.open_course(provider, COURSE_SEATS)
    [learner] = await world.trainees(1, "learner")
    enrolment_id = await world.held_enrolment(provider, learner)
    payees = await world.trainees(BULK_REWARDS + SINGLE_REWARDS, "payee")
    rewards = await world.pending_rewards(payees)
    admins = [
        await world.staff_member(f"admin{n:02d}", Grant(Role.COUNTY_ADMIN, county_code=world.COUNTY))
        for n in range(ADMINS)
    ]
    report(f"\n[{target.name}, {target.workers} worker(s)] seeded in {time.perf_counter() - seeding:.1f} s")

    log = tmp_path / "server.log"
    # Four workers start slowly on a busy machine: the harness is about answers, not start-up time.
    server = serving_process(database, "--workers", str(target.workers), log=log, start_seconds=START_SECONDS)
    with server as (base, _):
        harness = Harness(base)
        await exam_site_of_50_seats(harness, candidates, sitting_id, site_id)
        await course_of_20_seats_double_clicked(harness, candidates[:COURSE_TRAINEES], course)
        await one_completion_retried(harness, provider_account, enrolment_id)
        await entitlements_approved_batched_and_paid(harness, admins, rewards)
    latencies = [a.seconds for a in harness.answers]
    report(
        f"  all: {len(harness.answers)} answers, none 5xx, INTERNAL or locked; "
        f"max latency {max(latencies) * 1000:.0f} ms"
    )
    server_log = log.read_text(errors="replace")
    assert "Traceback" not in server_log, server_log[-5000:]
    assert "database is locked" not in server_log.lower(), server_log[-5000:]
    # The hours and the money checked as an operator checks them, once the server has stopped.
    for check in ("verify-ledger", "verify-payments"):
        # The bursts are over (nothing waits on the loop); our own command with fixed arguments.
        verified = subprocess.run(  # noqa: ASYNC221, S603
            [sys.executable, "-m", "api.cli", check],
            cwd=PROJECT_ROOT,
            env={**os.environ, "DATABASE_URL": database},
            capture_output=True,
            text=True,
            check=False,
        )
        assert verified.returncode == 0, verified.stdout + verified.stderr
        report(f"  swtalent {check}: {verified.stdout.strip()}")


async def exam_site_of_50_seats(
    harness: Harness, candidates: list[world.Account], sitting_id: int, site_id: int
) -> None:
    variables = [
        {
            "input": {
                "sittingId": to_global_id("ExamSitting", sitting_id),
                "level": "ASSISTANT",
                "siteId": to_global_id("ExamSite", site_id),
                "idempotencyKey": f"reg-{person.username}",
            }
        }
        for person in candidates
    ]
    answers = await harness.burst(
        "exam registration", [(REGISTER, v, p.token) for v, p in zip(variables, candidates, strict=True)]
    )
    outcomes = Counter(
        "REGISTERED" if a.payload("registerForExam")["registration"] else ",".join(a.codes("registerForExam"))
        for a in answers
    )
    report(f"    outcomes {dict(outcomes)}")
    assert outcomes == {"REGISTERED": EXAM_SEATS, "EXAM_SITE_FULL": EXAM_CANDIDATES - EXAM_SEATS}
    assert await ExamRegistration.filter(site_id=site_id).count() == EXAM_SEATS
    assert (await ExamSite.get(id=site_id)).taken == EXAM_SEATS
    assert await AuditEvent.filter(action="exam_registration.submitted").count() == EXAM_SEATS


async def course_of_20_seats_double_clicked(
    harness: Harness, trainees: list[world.Account], course: Course
) -> None:
    course_id = to_global_id("Course", course.id)
    requests = [
        (
            ENROL,
            {"input": {"courseId": course_id, "idempotencyKey": f"enrol-{person.username}"}},
            person.token,
        )
        for person in trainees
        for _ in range(2)
    ]
    answers = await harness.burst("enrolment, each sent twice", requests)
    for first, second in zip(answers[::2], answers[1::2], strict=True):
        assert first.codes("enrollInCourse") == [], first.text
        # Both clicks are answered with the one enrolment (its status may have been read at two
        # moments only if the seat changed hands between them, which nothing here does).
        assert first.payload("enrollInCourse") == second.payload("enrollInCourse")
    statuses = Counter(a.payload("enrollInCourse")["enrollment"]["status"] for a in answers[::2])
    report(f"    answers {dict(statuses)}")
    assert statuses == {"ENROLLED": COURSE_SEATS, "WAITLISTED": COURSE_TRAINEES - COURSE_SEATS}

    rows = await Enrollment.filter(course_id=course.id).order_by("id")
    assert sorted(Counter(e.person_id for e in rows).values()) == [1] * COURSE_TRAINEES
    assert (await Course.get(id=course.id)).enrolled_count == COURSE_SEATS
    assert (
        await AuditEvent.filter(action="enrollment.created").count() == COURSE_TRAINEES + 1
    )  # + the learner
    enrolled = [e.id for e in rows if e.status is EnrollmentStatus.ENROLLED]
    waiting = [e.id for e in rows if e.status is EnrollmentStatus.WAITLISTED]
    assert len(enrolled) == COURSE_SEATS
    # The seats went to the first to get in, and the wait-list follows the order they got in.
    assert max(enrolled) < min(waiting)

    views = await harness.burst("each trainee's enrolments", [(MY_ENROLMENTS, {}, p.token) for p in trainees])
    positions: dict[int, int | None] = {}
    for view in views:
        assert "errors" not in view.body, view.text
        [mine] = view.body["data"]["viewer"]["person"]["enrollments"]["nodes"]
        positions[pk("Enrollment", mine["id"])] = mine["waitlistPosition"]
    assert [positions[e] for e in waiting] == list(range(1, len(waiting) + 1))
    assert all(positions[e] is None for e in enrolled)


async def one_completion_retried(harness: Harness, provider: world.Account, enrolment_id: int) -> None:
    enrollment = to_global_id("Enrollment", enrolment_id)
    keys = ["done-1"] * COMPLETION_RETRIES + [f"done-other-{n}" for n in range(COMPLETION_RETRIES)]
    requests = [
        (COMPLETE, {"input": {"enrollmentId": enrollment, "idempotencyKey": key}}, provider.token)
        for key in keys
    ]
    answers = await harness.burst("completion, 50 with one key and 50 with others", requests)
    [entry] = await HourEntry.filter(enrollment_id=enrolment_id)
    winner = entry.idempotency_key
    first = [a.payload("recordCompletion") for a, key in zip(answers, keys, strict=True) if key == winner]
    refused = [a.codes("recordCompletion") for a, key in zip(answers, keys, strict=True) if key != winner]
    report(f"    credited once, by key {winner!r}: {len(first)} answered with it, {len(refused)} refused")
    assert first[0]["userErrors"] == [], first[0]
    assert pk("HourEntry", first[0]["entry"]["id"]) == entry.id
    assert all(payload == first[0] for payload in first)
    assert refused == [["ALREADY_CREDITED"]] * len(refused)

    # The provider's client, never told, retries the credited request 50 times at once: each retry is
    # answered with the first result (whichever key won above, here it is retried).
    retries = await harness.burst(
        "completion retried 50 times with the credited key",
        [(COMPLETE, {"input": {"enrollmentId": enrollment, "idempotencyKey": winner}}, provider.token)]
        * COMPLETION_RETRIES,
    )
    assert [a.payload("recordCompletion") for a in retries] == [first[0]] * COMPLETION_RETRIES
    assert await HourEntry.filter(person_id=entry.person_id).count() == 1
    assert await AuditEvent.filter(action="completion.recorded").count() == 1


async def entitlements_approved_batched_and_paid(
    harness: Harness, admins: list[world.Account], rewards: list[int]
) -> None:
    bulk, single = rewards[:BULK_REWARDS], rewards[BULK_REWARDS:]
    bulk_ids = [to_global_id("Entitlement", e) for e in bulk]
    answers = await harness.burst(
        "bulk approval by every admin",
        [(REVIEW_MANY, {"input": {"entitlementIds": bulk_ids, "approve": True}}, a.token) for a in admins],
    )
    outcomes = Counter(",".join(a.codes("reviewEntitlements")) or "APPROVED" for a in answers)
    report(f"    outcomes {dict(outcomes)}")
    assert outcomes == {"APPROVED": 1, "WRONG_ENTITLEMENT_STATUS": ADMINS - 1}

    requests = [
        (REVIEW_ONE, {"input": {"entitlementId": to_global_id("Entitlement", e), "approve": True}}, a.token)
        for e in single
        for a in admins
    ]
    answers = await harness.burst("single approvals by every admin", requests)
    outcomes = Counter(",".join(a.codes("reviewEntitlement")) or "APPROVED" for a in answers)
    report(f"    outcomes {dict(outcomes)}")
    assert outcomes == {"APPROVED": SINGLE_REWARDS, "WRONG_ENTITLEMENT_STATUS": (ADMINS - 1) * SINGLE_REWARDS}
    assert await Entitlement.filter(status=EntitlementStatus.APPROVED).count() == len(rewards)
    budget = await CountyBudget.get(county_id=world.COUNTY, year=world.TODAY.year)
    assert budget.committed_fen == world.REWARD_FEN * len(rewards)
    assert await AuditEvent.filter(action="entitlement.approved").count() == len(rewards)

    batch_input = {"input": {"countyCode": world.COUNTY, "idempotencyKey": "batch-2027-03"}}
    answers = await harness.burst(
        "payout batch, twice with one key", [(CREATE_BATCH, batch_input, a.token) for a in admins[:2]]
    )
    [one, other] = [a.payload("createPayoutBatch") for a in answers]
    assert one["userErrors"] == [], one
    assert one == other
    [batch] = await PayoutBatch.all()
    assert pk("PayoutBatch", one["batch"]["id"]) == batch.id
    assert Decimal(one["batch"]["total"]) * 100 == world.REWARD_FEN * len(rewards)

    batch_id = one["batch"]["id"]
    answers = await harness.burst(
        "payment marked by every admin",
        [
            (
                PAY_BATCH,
                {"input": {"batchId": batch_id, "paidOn": world.TODAY.isoformat(), "reference": f"付-{n}"}},
                a.token,
            )
            for n, a in enumerate(admins)
        ],
    )
    outcomes = Counter(",".join(a.codes("markPayoutBatchPaid")) or "PAID" for a in answers)
    report(f"    outcomes {dict(outcomes)}")
    assert outcomes == {"PAID": 1, "PAYOUT_BATCH_ALREADY_PAID": ADMINS - 1}
    paid = await Entitlement.filter(status=EntitlementStatus.PAID)
    assert sorted(e.id for e in paid) == rewards
    budget = await CountyBudget.get(county_id=world.COUNTY, year=world.TODAY.year)
    assert budget.paid_fen == sum(e.amount_fen for e in paid) == world.REWARD_FEN * len(rewards)
    assert budget.committed_fen == 0
    assert await AuditEvent.filter(action="payout_batch.created").count() == 1
    assert await AuditEvent.filter(action="payout_batch.paid").count() == 1
