"""Crash safety (#15 item 5): the server is killed with SIGKILL in the middle of a 20,000-row roster
import, a payout batch and a monthly allowance accrual, then restarted on the same database: each is
there whole or not at all, `swtalent verify-ledger` and `swtalent verify-payments` pass, and a retry
(the same idempotency key; the same roster file, which needs none) completes it exactly once.

Where a kill lands is observed, not guessed: a probe watches the database for the request's write
transaction (SQLite: the write lock `BEGIN IMMEDIATE` takes is held, `domain.transaction`;
PostgreSQL: a backend of the server has a transaction id, i.e. has written and not yet ended).
Each operation is killed at least twice: once in flight before its write begins (the upload read, the
rows being checked), and once as soon as its write transaction is seen open, and once half a second into
the write; `LONG` adds kills later into it. The harness asserts that at least one kill per operation landed with the
write transaction open and left nothing behind.

The world (20,000 enrolled trainees of one course, certificate holders under an allowance policy,
approved rewards with payment accounts against a committed budget) is inserted in bulk through the
ORM, as `bench/generate.py` does for #14; staff accounts go through the accounts service.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import asyncpg
import httpx
import pytest

from api.schema.relay import to_global_id
from api.settings import PROJECT_ROOT
from domain import clock
from domain.access import Grant, Role
from domain.exam.models import Certificate
from domain.exam.vocabulary import ExamLevel
from domain.incentives.models import (
    AllowanceAccrual,
    CountyBudget,
    Entitlement,
    IncentivePolicy,
    PayoutBatch,
)
from domain.incentives.vocabulary import EntitlementStatus, IncentiveKind
from domain.people.id_card import Sex, make_id_card_number
from domain.people.models import Person
from domain.people.vocabulary import Education, Major
from domain.training import catalog, providers
from domain.training.enrolment import live_key
from domain.training.enrolment_number import enrollment_number
from domain.training.models import Course, Enrollment, HourEntry
from domain.training.vocabulary import EnrollmentStatus
from tests.domain.training.conftest import plan, provider_actor
from tests.factories import SYSTEM
from tests.serving import crash, serving_process
from tests.stress import concurrency_world as world
from tests.stress.conftest import LONG, Target

TODAY: Final = date(2027, 8, 16)
MONTH: Final = "2027-07"  # ended before TODAY: its allowances may be accrued
COUNTY: Final = "532301"
COUNTIES: Final = (
    "532301",
    "532302",
    "532322",
    "532323",
    "532324",
    "532325",
    "532326",
    "532327",
    "532328",
    "532329",
)
ROSTER_ROWS: Final = 20_000
# The batch and the accrual are bounded in the default form (each row is one more UPDATE or insert
# within the one transaction); the long form takes 20,000 of each too.
BATCH_LINES: Final = 20_000 if LONG else 2_000
ALLOWANCE_HOLDERS: Final = 20_000 if LONG else 5_000
REWARD_FEN: Final = 50_000  # 500 元 for an assistant certificate
ALLOWANCE_FEN: Final = 20_000  # 200 元 a month
# 2,000 万元: above 20,000 rewards of 500 元 (1,000 万元), and within the 32-bit integer fen columns.
BUDGET_FEN: Final = 2_000_000_000
HOURS: Final = "8"
# Kills after the write transaction is seen open: at once, and later into it (a 20,000-row roster
# writes for 1.5 s on SQLite and 6 s on PostgreSQL here; a write done sooner is found whole).
MID_WRITE_DELAYS: Final = (0.0, 0.3, 1.0) if LONG else (0.0, 0.5)
# A kill in flight before the write: this long after the request was sent (the upload is read and
# being checked; the batch and accrual are reading what they will write).
BEFORE_WRITE_DELAY: Final = 0.15
PROBE_EVERY: Final = 0.002
REQUEST_SECONDS: Final = 300
# Seven starts of four workers on a shared machine: a slow one is waited for, not failed.
START_SECONDS: Final = 120

IMPORT: Final = """
mutation Import($input: ImportCompletionsInput!) {
  importCompletions(input: $input) {
    report { rowCount credited skipped errors { row column message } }
    userErrors { code field message }
  }
}"""
BATCH: Final = """
mutation Batch($input: CreatePayoutBatchInput!) {
  createPayoutBatch(input: $input) { batch { id total entitlementCount } userErrors { code message } }
}"""
ACCRUE: Final = """
mutation Accrue($input: AccrueMonthlyAllowancesInput!) {
  accrueMonthlyAllowances(input: $input) { month created total userErrors { code message } }
}"""


def report(line: str) -> None:
    """A figure for the closing note: on stdout, seen with `pytest -s`."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --- the world -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class World:
    course_id: int
    roster: bytes
    provider_token: str
    admin_token: str
    batch_people: int  # persons of COUNTY with one approved reward each


async def seed() -> World:
    """Persons (20,000 enrolled in one course of 20,000 seats; the first `BATCH_LINES` of 楚雄市 with
    a payment account and an approved reward; the first `ALLOWANCE_HOLDERS` full-time community
    workers holding a registered assistant certificate), an allowance policy, a reward policy and the
    county's budget with the rewards committed."""
    center = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("楚雄州社会工作人才培训中心", COUNTY, "罗老师", "0878-3120000")
    )
    provider = await world.staff_member("crash.provider", Grant(Role.PROVIDER, provider_id=center.id))
    admin = await world.staff_member("crash.admin", Grant(Role.PREFECTURE_ADMIN))
    with clock.travel_to(TODAY - timedelta(days=30)):
        # Through the catalog: a course may seat a whole 20,000-row roster.
        course = await catalog.post_course(provider_actor(center.id, "crash.provider"), plan(ROSTER_ROWS))
        course = await catalog.publish_course(provider_actor(center.id, "crash.provider"), course.id)
    persons = [
        Person(
            name="李娜",
            id_card_number=make_id_card_number(
                COUNTY if i < BATCH_LINES else COUNTIES[i % len(COUNTIES)],
                date(1960, 1, 1) + timedelta(days=i // 900),
                i % 900,
            ),
            birth_date=date(1960, 1, 1) + timedelta(days=i // 900),
            sex=Sex.FEMALE,
            phone=f"138{i:08d}",
            county_id=COUNTY if i < BATCH_LINES else COUNTIES[i % len(COUNTIES)],
            education=Education.BACHELOR,
            major=Major.SOCIAL_WORK,
            social_work_since=date(2010, 7, 1),
            graduated_on=date(2010, 6, 30),
            organization_name="社区服务中心",
            front_line=True,
            full_time_community_worker=i < ALLOWANCE_HOLDERS,
            bank_name="中国农业银行楚雄分行" if i < BATCH_LINES else None,
            account_number=f"62284800{i:011d}" if i < BATCH_LINES else None,
        )
        for i in range(ROSTER_ROWS)
    ]
    await Person.bulk_create(persons, batch_size=2000)
    person_ids: list[int] = await Person.all().order_by("id").values_list("id", flat=True)  # type: ignore[assignment]
    assert len(person_ids) == ROSTER_ROWS
    await Enrollment.bulk_create(
        [
            Enrollment(
                course_id=course.id,
                person_id=pid,
                status=EnrollmentStatus.ENROLLED,
                live_key=live_key(course.id, pid),
            )
            for pid in person_ids
        ],
        batch_size=2000,
    )
    await Course.filter(id=course.id).update(enrolled_count=ROSTER_ROWS)
    enrolment_ids: list[int] = (
        await Enrollment.filter(course_id=course.id)
        .order_by("id")
        .values_list(  # type: ignore[assignment]
            "id", flat=True
        )
    )
    completed_on = (TODAY - timedelta(days=10)).isoformat()
    roster = (
        "报名号,学时,完成日期\r\n"
        + "".join(f"{enrollment_number(pk)},{HOURS},{completed_on}\r\n" for pk in enrolment_ids)
    ).encode()

    await IncentivePolicy.create(
        county_id=None,
        kind=IncentiveKind.MONTHLY_ALLOWANCE,
        level=ExamLevel.ASSISTANT,
        amount_fen=ALLOWANCE_FEN,
        effective_from=date(2021, 1, 1),
        full_time_community_worker_only=True,
    )
    await Certificate.bulk_create(
        [
            Certificate(
                person_id=pid,
                level=ExamLevel.ASSISTANT,
                number=f"Z2024530{n:09d}",
                issued_on=date(2024, 6, 30),
                verification_code=f"C{n:015d}",
                registered_on=date(2024, 8, 1),
                registered_until=date(2027, 7, 31),
            )
            for n, pid in enumerate(person_ids[:ALLOWANCE_HOLDERS])
        ],
        batch_size=2000,
    )
    reward = await IncentivePolicy.create(
        county_id=COUNTY,
        kind=IncentiveKind.ONE_TIME_REWARD,
        level=ExamLevel.ASSISTANT,
        amount_fen=REWARD_FEN,
        effective_from=date(2021, 1, 1),
    )
    await Entitlement.bulk_create(
        [
            Entitlement(
                person_id=pid,
                county_id=COUNTY,
                kind=IncentiveKind.ONE_TIME_REWARD,
                level=ExamLevel.ASSISTANT,
                amount_fen=REWARD_FEN,
                status=EntitlementStatus.APPROVED,
                policy_id=reward.id,
                once_key=f"{IncentiveKind.ONE_TIME_REWARD.value}:{pid}:{ExamLevel.ASSISTANT.value}",
                explanation="一次性奖励：助理社会工作师 1000.00 元",
                budget_year=TODAY.year,
            )
            for pid in person_ids[:BATCH_LINES]
        ],
        batch_size=2000,
    )
    committed = BATCH_LINES * REWARD_FEN
    await CountyBudget.create(
        county_id=COUNTY,
        year=TODAY.year,
        amount_fen=BUDGET_FEN,
        committed_fen=committed,
        remaining_fen=BUDGET_FEN - committed,
    )
    return World(course.id, roster, provider.token, admin.token, BATCH_LINES)


# --- watching the database for the request's write -------------------------------------------------


class WriteProbe:
    """Whether a write transaction of the server is open now (see the module's docstring)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.pg: asyncpg.Connection | None = None

    async def __aenter__(self) -> WriteProbe:
        if self.url.startswith("postgres"):
            self.pg = await asyncpg.connect(self.url.replace("postgres://", "postgresql://", 1))
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.pg is not None:
            await self.pg.close()

    async def writing(self) -> bool:
        if self.pg is not None:
            found = await self.pg.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND backend_xid IS NOT NULL"
            )
            return bool(found)
        path = self.url.removeprefix("sqlite://").split("?", 1)[0]
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            return True
        else:
            db.execute("ROLLBACK")
            return False
        finally:
            db.close()


# --- one operation, killed and retried --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Kill:
    """One kill: when it was aimed (`aim`), how long after the request was sent it landed, whether the
    write transaction was open at that moment, and what was there after the restart."""

    aim: str
    after_seconds: float
    mid_write: bool
    answered: bool
    found_after_restart: int


@dataclass(slots=True)
class Operation:
    """A request that writes `full` rows at once, how to send it, and how to count what it wrote."""

    name: str
    full: int
    send: Callable[[httpx.AsyncClient], Coroutine[Any, Any, httpx.Response]]
    count: Callable[[], Awaitable[int]]
    kills: list[Kill] = field(default_factory=list)


class Server:
    """The app served on the database, killed and restarted in place."""

    def __init__(self, target: Target, url: str, logs: Path) -> None:
        self.target, self.url, self.logs = target, url, logs
        self.starts = 0
        self._stack = contextlib.ExitStack()
        self.base = ""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        began = time.monotonic()
        self.starts += 1
        self.base, self.process = self._stack.enter_context(
            serving_process(
                self.url,
                "--workers",
                str(self.target.workers),
                log=self.logs / f"server-{self.starts}.log",
                env={"SWTALENT_TODAY": TODAY.isoformat()},
                start_seconds=START_SECONDS,
            )
        )
        return time.monotonic() - began

    def kill(self) -> None:
        assert self.process is not None
        crash(self.process)

    def close(self) -> None:
        self._stack.close()


async def attempt(server: Server, probe: WriteProbe, op: Operation, *, mid_write: float | None) -> Kill:
    """Sends the operation, kills the server before its write (`mid_write` None) or `mid_write`
    seconds after its write transaction is seen open, restarts the server and counts what is there."""
    async with httpx.AsyncClient(base_url=server.base, timeout=REQUEST_SECONDS) as client:
        sent = time.monotonic()
        request = asyncio.create_task(op.send(client))
        if mid_write is None:
            await asyncio.sleep(BEFORE_WRITE_DELAY)
            aim = f"in flight, {BEFORE_WRITE_DELAY:.2f} s after sending"
        else:
            while not await probe.writing():
                assert not request.done(), f"{op.name}: answered before its write was seen"
                await asyncio.sleep(PROBE_EVERY)
            await asyncio.sleep(mid_write)
            aim = f"write seen open, +{mid_write:.1f} s"
        open_now = await probe.writing()
        answered = request.done()
        server.kill()
        landed = time.monotonic() - sent
        with contextlib.suppress(httpx.TransportError):
            await request
    server.start()
    found = await op.count()
    kill = Kill(aim, landed, open_now and not answered, answered, found)
    op.kills.append(kill)
    report(
        f"  {op.name}: kill {aim}: landed at {landed:.2f} s, write transaction "
        f"{'open' if open_now else 'not open'}, {'answered' if answered else 'unanswered'}; "
        f"after restart {found} of {op.full}"
    )
    assert found in (0, op.full), f"{op.name}: {found} of {op.full} rows survived a kill: half-written"
    return kill


def verify(url: str) -> list[str]:
    """`swtalent verify-ledger` and `swtalent verify-payments` on the database, as an operator runs
    them after a crash; their first lines of output."""
    env = {**os.environ, "DATABASE_URL": url, "SWTALENT_TODAY": TODAY.isoformat()}
    commands = ("verify-ledger", "verify-payments")
    runs = [
        subprocess.Popen(  # noqa: S603 - our own command with fixed arguments
            [sys.executable, "-m", "api.cli", command],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    lines = []
    for command, run in zip(commands, runs, strict=True):
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, f"{command} failed after a crash:\n{out}{err}"
        lines.append(out.strip().splitlines()[0])
    return lines


def payload(response: httpx.Response, root: str) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"][root]
    assert result["userErrors"] == [], result["userErrors"]
    return result


# --- the harness ------------------------------------------------------------------------------------


async def test_a_server_killed_mid_write_leaves_each_import_batch_and_accrual_whole_or_absent(
    target: Target, database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWTALENT_TODAY", TODAY.isoformat())
    world.one_password_hash(monkeypatch)
    began = time.monotonic()
    w = await seed()
    seeded = time.monotonic() - began
    report(
        f"\n[crash safety, {target.name}, {target.workers} worker(s)] seeded {ROSTER_ROWS} enrolled trainees, "
        f"{BATCH_LINES} approved rewards, {ALLOWANCE_HOLDERS} allowance holders in {seeded:.1f} s; "
        f"roster {len(w.roster) / 1024:.0f} KiB"
    )
    course_gid = to_global_id("Course", w.course_id)
    provider = {"Authorization": f"Bearer {w.provider_token}"}
    admin = {"Authorization": f"Bearer {w.admin_token}"}

    async def upload(client: httpx.AsyncClient, *, dry_run: bool = False) -> httpx.Response:
        operations = {
            "query": IMPORT,
            "variables": {"input": {"courseId": course_gid, "file": None, "dryRun": dry_run}},
        }
        return await client.post(
            "/graphql",
            data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
            files={"0": ("结业名单.csv", w.roster, "text/csv")},
            headers=provider,
        )

    async def create_batch(client: httpx.AsyncClient) -> httpx.Response:
        variables = {"input": {"countyCode": COUNTY, "idempotencyKey": "crash-batch-1"}}
        return await client.post("/graphql", json={"query": BATCH, "variables": variables}, headers=admin)

    async def accrue(client: httpx.AsyncClient) -> httpx.Response:
        variables = {"input": {"month": MONTH, "idempotencyKey": "crash-accrual-1"}}
        return await client.post("/graphql", json={"query": ACCRUE, "variables": variables}, headers=admin)

    async def credited() -> int:
        entries = await HourEntry.filter(course_id=w.course_id).count()
        completed = await Enrollment.filter(course_id=w.course_id, status=EnrollmentStatus.COMPLETED).count()
        assert entries == completed, f"{entries} hour entries for {completed} completed enrolments"
        return entries

    async def batched() -> int:
        lines = await Entitlement.filter(batch_id__isnull=False).count()
        batches = await PayoutBatch.all().count()
        assert (batches, lines) in ((0, 0), (1, lines)), (batches, lines)
        return lines

    async def accrued() -> int:
        made = await Entitlement.filter(kind=IncentiveKind.MONTHLY_ALLOWANCE, month=MONTH).count()
        runs = await AllowanceAccrual.all().count()
        assert (runs, made) in ((0, 0), (1, made)), (runs, made)
        return made

    operations = [
        Operation("roster import", ROSTER_ROWS, upload, credited),
        Operation("payout batch", BATCH_LINES, create_batch, batched),
        Operation("allowance accrual", ALLOWANCE_HOLDERS, accrue, accrued),
    ]
    server = Server(target, database, tmp_path)
    try:
        report(f"  server started in {server.start():.1f} s")
        async with httpx.AsyncClient(base_url=server.base, timeout=REQUEST_SECONDS) as client:
            checked = time.monotonic()
            dry = payload(await upload(client, dry_run=True), "importCompletions")["report"]
            assert (dry["rowCount"], dry["credited"], dry["errors"]) == (ROSTER_ROWS, ROSTER_ROWS, [])
            report(
                f"  roster dry run (read and check {ROSTER_ROWS} rows, no write): {time.monotonic() - checked:.1f} s"
            )
        async with WriteProbe(database) as probe:
            for op in operations:
                for mid_write in (None, *MID_WRITE_DELAYS):
                    kill = await attempt(server, probe, op, mid_write=mid_write)
                    if kill.found_after_restart:
                        break  # it committed before the kill: nothing left to interrupt
                assert any(k.mid_write and k.found_after_restart == 0 for k in op.kills), (
                    f"{op.name}: no kill landed while its write transaction was open"
                )
        for line in verify(database):
            report(f"  after the kills: {line}")

        async with httpx.AsyncClient(base_url=server.base, timeout=REQUEST_SECONDS) as client:
            sent = time.monotonic()
            first = payload(await upload(client), "importCompletions")["report"]
            took = time.monotonic() - sent
            again = payload(await upload(client), "importCompletions")["report"]
            assert await credited() == ROSTER_ROWS
            assert (first["credited"] + first["skipped"], first["errors"]) == (ROSTER_ROWS, [])
            assert (again["credited"], again["skipped"]) == (0, ROSTER_ROWS)
            report(
                f"  roster retried: {first['credited']} credited in {took:.1f} s; sent again: "
                f"{again['credited']} credited, {again['skipped']} skipped; {await credited()} hour entries"
            )

            sent = time.monotonic()
            batch = payload(await create_batch(client), "createPayoutBatch")["batch"]
            took = time.monotonic() - sent
            replay = payload(await create_batch(client), "createPayoutBatch")["batch"]
            assert replay == batch
            assert batch["entitlementCount"] == BATCH_LINES == await batched()
            assert batch["total"] == f"{BATCH_LINES * REWARD_FEN // 100}.00"
            report(
                f"  payout batch retried with its key: {batch['entitlementCount']} lines, {batch['total']} 元 "
                f"in {took:.1f} s; again: the same batch, {await batched()} lines, {await PayoutBatch.all().count()} batch"
            )

            sent = time.monotonic()
            run = payload(await accrue(client), "accrueMonthlyAllowances")
            took = time.monotonic() - sent
            rerun = payload(await accrue(client), "accrueMonthlyAllowances")
            assert rerun == run
            assert run["created"] == ALLOWANCE_HOLDERS == await accrued()
            report(
                f"  accrual retried with its key: {run['created']} allowances, {run['total']} 元 in {took:.1f} s; "
                f"again: the same answer, {await accrued()} allowances"
            )
        for line in verify(database):
            report(f"  after the retries: {line}")
    finally:
        server.close()
    report(f"  {server.starts} server starts; whole harness {time.monotonic() - began:.1f} s")
