"""In-process server time: each read sent to the ASGI application as a request (no socket, no client
library), against the same data fetched with the database driver directly (the floor).

For each read: median and p99 of the server's time over many requests, and the SQL statements one
request issues (counted from Tortoise's statement log, in a separate pass so that logging costs
nothing in the timed ones). The floor runs the fewest statements that fetch the same rows, through the
driver the application uses (aiosqlite or asyncpg), on its own connection.

    python -m bench.inprocess --manifest bench/.data/prefecture.json
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import re
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final

import aiosqlite
import asyncpg
from starlette.types import ASGIApp, Message

from api.app import create_app
from api.schema.relay import to_global_id
from api.settings import Settings
from bench import queries
from bench.report import Measurement, percentile, table
from domain.accounts.tokens import digest

REQUESTS: Final = 400
WARM_UP: Final = 40
SLOW_S: Final = 0.1
SLOW_REQUESTS: Final = 20


# --- the application, driven as ASGI -------------------------------------------------------------


class Lifespan:
    """Runs the application's lifespan (the ORM's start-up and shutdown) as a server would."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.inbox: asyncio.Queue[Message] = asyncio.Queue()
        self.outbox: asyncio.Queue[Message] = asyncio.Queue()

    async def __aenter__(self) -> Lifespan:
        self.task: asyncio.Future[None] = asyncio.ensure_future(
            self.app(
                {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, self.inbox.get, self.outbox.put
            )
        )
        await self.inbox.put({"type": "lifespan.startup"})
        message = await self.outbox.get()
        if message["type"] != "lifespan.startup.complete":
            raise RuntimeError(f"start-up failed: {message}")
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.inbox.put({"type": "lifespan.shutdown"})
        await self.outbox.get()
        await self.task


async def post(app: ASGIApp, body: bytes, token: str | None) -> tuple[int, bytes]:
    """One POST /graphql through the ASGI application; its status and body."""
    headers = [
        (b"host", b"127.0.0.1"),
        (b"content-type", b"application/json"),
        (b"accept", b"application/graphql-response+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError

    status = 0
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


class StatementLog(logging.Handler):
    """Counts the SQL statements Tortoise logs (tortoise.db_client, DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def count_statements(work: Callable[[], Awaitable[object]]) -> int:
    logger = logging.getLogger("tortoise.db_client")
    handler = StatementLog()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        await work()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    return handler.count


async def timings(
    work: Callable[[], Awaitable[object]], requests: int = REQUESTS, warm_up: int = WARM_UP
) -> list[float]:
    """Milliseconds per call of `work`, after `warm_up` calls; one call at a time."""
    for _ in range(warm_up):
        await work()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


# --- the floor: the driver, directly --------------------------------------------------------------


class Driver:
    """The application's database driver on its own connection, with `?` placeholders either way."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite")

    async def __aenter__(self) -> Driver:
        if self.sqlite:
            self.conn: Any = await aiosqlite.connect(self.url.removeprefix("sqlite://").split("?", 1)[0])
        else:
            self.conn = await asyncpg.connect(self.url.replace("postgres://", "postgresql://", 1))
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.conn.close()

    async def fetch(self, sql: str, *params: Any) -> list[Sequence[Any]]:
        if self.sqlite:
            values = [v.isoformat(" ") if isinstance(v, datetime) else v for v in params]
            values = [
                v.isoformat() if isinstance(v, date) and not isinstance(v, datetime) else v for v in values
            ]
            async with self.conn.execute(sql, values) as cursor:
                return list(await cursor.fetchall())
        counter = iter(range(1, 1000))
        return list(await self.conn.fetch(re.sub(r"\?", lambda _: f"${next(counter)}", sql), *params))


AUTH: Final = """
SELECT u.id, u.person_id, p.front_line, r.role, r.county_code, r.provider_id
FROM access_token t JOIN app_user u ON u.id = t.user_id
LEFT JOIN person p ON p.id = u.person_id LEFT JOIN user_role r ON r.user_id = u.id
WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?
"""
REQUIREMENT: Final = """
SELECT r.id, r.code, r.name, r.audience, r.starts_on, r.ends_on, r.required_tenths, c.category, c.cap_tenths
FROM training_requirement r LEFT JOIN category_cap c ON c.requirement_id = r.id WHERE r.id = ?
"""
BALANCES: Final = "SELECT category, tenths FROM hour_balance WHERE person_id = ? AND requirement_id = ?"
ENTRIES: Final = """
SELECT e.id, e.tenths, e.category, e.source, e.occurred_on, e.reason, e.recorded_at, e.reverses_id,
       c.id, c.title
FROM hour_entry e LEFT JOIN course c ON c.id = e.course_id
WHERE e.person_id = ? AND e.occurred_on >= ? AND e.occurred_on <= ?
ORDER BY e.occurred_on DESC, e.id DESC LIMIT ? OFFSET ?
"""
ENTRY_COUNT: Final = (
    "SELECT COUNT(*) FROM hour_entry WHERE person_id = ? AND occurred_on >= ? AND occurred_on <= ?"
)
CATALOG_COUNT: Final = (
    "SELECT COUNT(*) FROM course WHERE status IN ('PUBLISHED', 'CANCELLED') AND ends_at > ?"
)
CATALOG_PAGE: Final = """
SELECT id, title, service_field, delivery_mode, county_id, credit_tenths, capacity, enrolled_count, status,
       starts_at, ends_at, provider_id, created_at
FROM course WHERE status IN ('PUBLISHED', 'CANCELLED') AND ends_at > ?
ORDER BY created_at DESC, id DESC LIMIT ?
"""
PROVIDERS: Final = "SELECT id, name FROM training_provider WHERE id IN ({})"
SESSIONS: Final = (
    "SELECT id, course_id, starts_at, ends_at, location FROM course_session WHERE course_id IN ({})"
    " ORDER BY starts_at, id"
)
REGISTRATIONS: Final = """
SELECT g.id, g.status, g.level, g.review_reason, g.admission_number, g.seat, g.fee_paid_fen,
       s.id, s.year, s.exam_date, s.registration_closes_on, t.id, t.name
FROM exam_registration g JOIN exam_sitting s ON s.id = g.sitting_id JOIN exam_site t ON t.id = g.site_id
WHERE g.person_id = ? ORDER BY g.submitted_at DESC, g.id DESC LIMIT 51
"""
REGISTRATION_COUNT: Final = "SELECT COUNT(*) FROM exam_registration WHERE person_id = ?"


def _in(n: int) -> str:
    return ", ".join("?" * n)


@dataclass(frozen=True, slots=True)
class Floors:
    driver: Driver
    token: str
    person_id: int
    requirement_id: int
    first: int

    async def auth(self) -> None:
        await self.driver.fetch(AUTH, digest(self.token), datetime.now(UTC))

    async def my_hours(self) -> None:
        await self.auth()
        await self.driver.fetch(REQUIREMENT, self.requirement_id)
        await self.driver.fetch(BALANCES, self.person_id, self.requirement_id)
        window = (date(2021, 1, 1), date(2025, 12, 31))
        await self.driver.fetch(ENTRIES, self.person_id, *window, 21, 0)
        await self.driver.fetch(ENTRY_COUNT, self.person_id, *window)

    async def ledger_page(self) -> None:
        await self.auth()
        await self.driver.fetch(REQUIREMENT, self.requirement_id)
        await self.driver.fetch(ENTRIES, self.person_id, date(2021, 1, 1), date(2025, 12, 31), 21, 20)

    async def catalog(self) -> None:
        now = datetime.now(UTC)
        await self.driver.fetch(CATALOG_COUNT, now)
        rows = await self.driver.fetch(CATALOG_PAGE, now, self.first + 1)
        ids = [r[0] for r in rows]
        providers = sorted({r[11] for r in rows})
        # Only placeholders are formatted into these statements.
        await self.driver.fetch(PROVIDERS.format(_in(len(providers))), *providers)
        await self.driver.fetch(SESSIONS.format(_in(len(ids))), *ids)

    async def my_exam_registrations(self) -> None:
        await self.auth()
        await self.driver.fetch(REGISTRATIONS, self.person_id)
        await self.driver.fetch(REGISTRATION_COUNT, self.person_id)


# --- the run ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Read:
    name: str
    document: str
    variables: dict[str, Any]
    token: str | None
    floor: Callable[[], Awaitable[None]] | None
    target_ratio: float | None
    target_ms: float | None = None


def _global_id(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


class StaleDataSet(RuntimeError):
    """A read would be measured on less than it is meant to carry: regenerate the data set."""


async def _answer(app: ASGIApp, read: Read) -> dict[str, Any]:
    _, body = await post(
        app, json.dumps({"query": read.document, "variables": read.variables}).encode(), read.token
    )
    data: dict[str, Any] = json.loads(body)["data"]
    return data


async def _second_page_cursor(app: ASGIApp, hours: Read, catalog: Read) -> str:
    """The cursor after the first page of the trainee's ledger, once the reads are seen to carry what
    they are meant to: a full page of 20 entries, and a full catalog page of 50 courses."""
    ledger = (await _answer(app, hours))["viewer"]["person"]["trainingLedger"]
    courses = (await _answer(app, catalog))["courses"]["nodes"]
    if not ledger["applicable"] or len(ledger["entries"]["nodes"]) < hours.variables["first"]:
        raise StaleDataSet("the sample trainee's ledger has no full page: run with --regenerate")
    if len(courses) < catalog.variables["first"]:
        raise StaleDataSet(
            f"the catalog lists {len(courses)} courses, not a full page: run with --regenerate"
        )
    cursor: str = ledger["entries"]["pageInfo"]["endCursor"]
    return cursor


async def run(manifest: dict[str, Any], requests: int = REQUESTS) -> list[Measurement]:
    """Every read of `manifest`'s database, in this process; see the module's docstring."""
    url = manifest["database_url"]
    trainee = manifest["trainees"][len(manifest["trainees"]) // 2]
    app = create_app(Settings(database_url=url, production=True))
    requirement = _global_id("TrainingRequirement", manifest["requirement_id"])
    results: list[Measurement] = []
    async with Lifespan(app), Driver(url) as driver:
        floors = Floors(driver, trainee["token"], trainee["person_id"], manifest["requirement_id"], 50)
        hours_vars = {"requirementId": requirement, "first": 20, "after": None}
        reads = [
            Read(
                "my hours (summary + 20 entries)",
                queries.MY_HOURS,
                hours_vars,
                trainee["token"],
                floors.my_hours,
                5.0,
            ),
            Read(
                "ledger entries, page 2",
                queries.LEDGER_PAGE,
                hours_vars,
                trainee["token"],
                floors.ledger_page,
                5.0,
            ),
            Read(
                "catalog page of 50 + providers, sessions",
                queries.CATALOG,
                {"first": 50, "after": None},
                None,
                floors.catalog,
                5.0,
            ),
            Read(
                "my exam registrations",
                queries.MY_EXAM_REGISTRATIONS,
                {},
                trainee["token"],
                floors.my_exam_registrations,
                None,
            ),
            Read(
                "targets report (all counties)",
                queries.TARGETS,
                {},
                manifest["admin"]["token"],
                None,
                None,
                20.0,
            ),
        ]
        cursor = await _second_page_cursor(app, reads[0], reads[2])
        reads[1] = Read(
            reads[1].name,
            reads[1].document,
            {**hours_vars, "after": cursor},
            reads[1].token,
            reads[1].floor,
            reads[1].target_ratio,
        )
        gc.collect()
        for read in reads:
            body = json.dumps({"query": read.document, "variables": read.variables}).encode()

            async def request(body: bytes = body, token: str | None = read.token) -> None:
                status, answer = await post(app, body, token)
                if status != 200 or b'"errors"' in answer:
                    raise RuntimeError(f"{status}: {answer[:500]!r}")

            started = time.perf_counter()
            statements = await count_statements(request)
            # A read taking tenths of a second (the targets report at national scale) is timed fewer
            # times: a percentile of 20 such samples says enough, and the run stays in minutes.
            slow = time.perf_counter() - started > SLOW_S
            samples = await timings(
                request, SLOW_REQUESTS if slow else requests, warm_up=2 if slow else min(WARM_UP, requests)
            )
            median = statistics.median(samples)
            p99 = percentile(samples, 99)
            floor_median: float | None = None
            if read.floor is not None:
                floor_statements = await count_statements(read.floor)  # the driver logs nothing: 0
                del floor_statements
                floor_median = statistics.median(
                    await timings(read.floor, requests, warm_up=min(WARM_UP, requests))
                )
            results.append(
                Measurement(
                    "in-process",
                    f"{read.name}: median",
                    median,
                    "ms",
                    floor=floor_median,
                    floor_name="driver" if floor_median is not None else "",
                    target=read.target_ratio if read.floor is not None else read.target_ms,
                )
            )
            # The national target: the hours summary's p99 within 10 ms on PostgreSQL.
            national = read.document is queries.MY_HOURS and not url.startswith("sqlite")
            results.append(
                Measurement("in-process", f"{read.name}: p99", p99, "ms", target=10.0 if national else None)
            )
            results.append(
                Measurement(
                    "in-process",
                    f"{read.name}: p99 / median",
                    p99 / median,
                    "×",
                    target=2.0,
                    extra={"p99_ms": p99},
                )
            )
            results.append(
                Measurement("in-process", f"{read.name}: SQL statements", statements, "statements")
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description="In-process server time of the hot reads")
    parser.add_argument(
        "--manifest", type=Path, default=Path(__file__).resolve().parent / ".data" / "prefecture.json"
    )
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text())
    print(table(asyncio.run(run(manifest, args.requests))))


if __name__ == "__main__":
    main()
