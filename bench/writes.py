"""Writes: completions credited per second through the API, the SQL statements of one, and a
100,000-row roster import (credited, then sent again to prove it credits nothing more).

    python -m bench.writes

On a fresh SQLite database of its own (a temporary file, migrated as `swtalent migrate` does), seeded
with direct inserts: a provider with its account, 100,000 people, and courses held three weeks ago
with everyone enrolled. Every request goes through the app in-process (httpx.ASGITransport), as the
tests call it, with a real login token.

A course holds at most 10,000 people (`course_plan.MAX_CAPACITY`) and a roster at most 5,000 rows
(`roster.MAX_ROWS`): nobody uploads 100,000 rows for one course. So the 100,000 rows are what a
prefecture's providers send after a term: 20 rosters of 5,000 rows, one per course, sent one after
another, each checked whole and credited in its own transaction.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, cast

import httpx
from tortoise import Tortoise

from api.app import create_app
from api.cli import migrate
from api.schema.relay import to_global_id
from api.settings import Settings
from bench.report import Measurement, table
from domain import clock
from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.database import tortoise_config
from domain.people.id_card import Sex
from domain.people.models import Person
from domain.people.vocabulary import Education, Major
from domain.training import progress, providers
from domain.training.enrolment_number import enrollment_number
from domain.training.models import Course, CourseSession, Enrollment
from domain.training.vocabulary import (
    CourseStatus,
    DeliveryMode,
    EnrollmentStatus,
    HourCategory,
    ServiceField,
)

GROUP: Final = "writes"
PASSWORD: Final = "Bench-2026-pass!"  # noqa: S105 - synthetic account on a throwaway database
ROSTERS: Final = 20
ROSTER_ROWS: Final = 5_000
COMPLETIONS: Final = 500  # recordCompletion calls timed, each a different enrolment
COUNTY: Final = "532301"
SYSTEM: Final = Actor(username="bench-setup", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="bench")

LOGIN: Final = "mutation L($input: LoginInput!) { login(input: $input) { token userErrors { code } } }"
RECORD: Final = """
mutation C($input: RecordCompletionInput!) {
  recordCompletion(input: $input) { enrollment { id status } entry { id hours } userErrors { code message } }
}
"""
IMPORT: Final = """
mutation I($input: ImportCompletionsInput!) {
  importCompletions(input: $input) {
    report { rowCount credited skipped errors { row message } } userErrors { code message }
  }
}
"""
# What the statement count leaves out, as tests/api/training/test_write_statements.py does: the two
# statements every request pays to resolve its token, and transaction control (logged on SQLite only).
AUTHENTICATION: Final = ('FROM "access_token"', 'FROM "user_role"')
TRANSACTION_CONTROL: Final = ("BEGIN", "ROLLBACK", "COMMIT", "SAVEPOINT", "RELEASE")


class _Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())

    def own(self) -> list[str]:
        return [
            s
            for s in self.seen
            if not s.lstrip().upper().startswith(TRANSACTION_CONTROL)
            and not any(a in s for a in AUTHENTICATION)
        ]


@dataclass
class _Seeded:
    completion_enrollments: list[int]
    roster_courses: list[tuple[int, list[int]]]  # course, its enrolments


async def _course(provider_id: int, title: str, capacity: int) -> Course:
    held = clock.now().replace(microsecond=0) - timedelta(days=21)
    course = await Course.create(
        provider_id=provider_id,
        title=title,
        description="基准测试课程",
        service_field=ServiceField.SOCIAL_WELFARE,
        hour_category=HourCategory.PRACTICE_SKILLS,
        credit_tenths=160,
        delivery_mode=DeliveryMode.ONLINE,
        county_id=COUNTY,
        capacity=capacity,
        enrolled_count=capacity,
        status=CourseStatus.PUBLISHED,
        starts_at=held,
        ends_at=held + timedelta(hours=4),
        published_at=held - timedelta(days=10),
    )
    await CourseSession.create(
        course_id=course.id, starts_at=held, ends_at=held + timedelta(hours=4), location="线上"
    )
    return course


async def _seed(provider_id: int) -> _Seeded:
    people = ROSTERS * ROSTER_ROWS
    await Person.bulk_create(
        [
            Person(
                name=f"学员{i}",
                id_card_number=f"B{i:017d}",
                birth_date=clock.today() - timedelta(days=365 * 30 + i % 3650),
                sex=Sex.FEMALE if i % 2 else Sex.MALE,
                phone="13800000000",
                county_id=COUNTY,
                education=Education.BACHELOR,
                major=Major.SOCIAL_WORK,
                social_work_since=clock.today() - timedelta(days=365 * 3),
                organization_name="基准测试社工站",
                front_line=True,
                full_time_community_worker=True,
            )
            for i in range(people)
        ],
        batch_size=5_000,
    )
    person_ids = sorted(cast(list[int], await Person.all().values_list("id", flat=True)))

    async def enrol(course: Course, persons: list[int]) -> list[int]:
        await Enrollment.bulk_create(
            [
                Enrollment(
                    course_id=course.id,
                    person_id=p,
                    status=EnrollmentStatus.ENROLLED,
                    live_key=f"{course.id}:{p}",
                )
                for p in persons
            ],
            batch_size=5_000,
        )
        return sorted(
            cast(list[int], await Enrollment.filter(course_id=course.id).values_list("id", flat=True))
        )

    single = await _course(provider_id, "逐个记录结业的课程", COMPLETIONS)
    completion_enrollments = await enrol(single, person_ids[:COMPLETIONS])
    rosters = []
    for n in range(ROSTERS):
        course = await _course(provider_id, f"线上课程{n}", ROSTER_ROWS)
        rosters.append((course.id, await enrol(course, person_ids[n * ROSTER_ROWS : (n + 1) * ROSTER_ROWS])))
    return _Seeded(completion_enrollments, rosters)


def _roster(enrollments: list[int]) -> bytes:
    day = (clock.now() - timedelta(days=21)).astimezone(clock.SHANGHAI).date().isoformat()
    lines = ["报名号,学时,完成日期", *(f"{enrollment_number(e)},16,{day}" for e in enrollments)]
    return ("\n".join(lines) + "\n").encode()


async def _graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = (
        await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    ).json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]


async def _upload(client: httpx.AsyncClient, course_id: int, data: bytes, token: str) -> dict[str, Any]:
    operations = {
        "query": IMPORT,
        "variables": {"input": {"courseId": to_global_id("Course", course_id), "file": None}},
    }
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": ("roster.csv", data, "text/csv")},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    payload: dict[str, Any] = body["data"]["importCompletions"]
    if payload["userErrors"] or payload["report"]["errors"]:
        raise RuntimeError(payload)
    report: dict[str, Any] = payload["report"]
    return report


async def _import_all(
    client: httpx.AsyncClient, files: list[tuple[int, bytes]], token: str
) -> tuple[float, float, int, int]:
    started, cpu = time.perf_counter(), time.process_time()
    credited = skipped = 0
    for course_id, data in files:
        report = await _upload(client, course_id, data, token)
        credited += report["credited"]
        skipped += report["skipped"]
    # CPU seconds of this process (all its threads) beside the wall clock: on a machine busy with
    # other work the wall clock grows, the CPU time much less.
    return time.perf_counter() - started, time.process_time() - cpu, credited, skipped


async def run(database_url: str) -> list[Measurement]:
    """The write benchmarks on a fresh SQLite database of their own. `database_url` (the data set the
    read benchmarks use) is named in the results but not written to: these benchmarks change data."""
    with tempfile.TemporaryDirectory(prefix="swtalent-writes-") as folder:
        url = f"sqlite://{Path(folder) / 'writes.sqlite3'}"
        settings = Settings(database_url=url)
        await migrate(settings)
        await Tortoise.init(config=tortoise_config(url))
        try:
            return await _measure(settings, source=database_url)
        finally:
            await Tortoise.close_connections()


async def _measure(settings: Settings, *, source: str) -> list[Measurement]:
    provider = await providers.file_provider(
        SYSTEM, providers.ProviderFiling("基准测试培训中心", COUNTY, "罗老师", "0878-3120000")
    )
    await accounts.create_user(
        SYSTEM,
        username="bench.provider",
        password=PASSWORD,
        name="基准测试",
        organization_name="基准测试培训中心",
        grants=[Grant(Role.PROVIDER, provider_id=provider.id)],
    )
    seeded = await _seed(provider.id)
    transport = httpx.ASGITransport(app=create_app(settings), client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://swtalent.bench") as client:
        login = await _graphql(
            client, LOGIN, {"input": {"username": "bench.provider", "password": PASSWORD}}, None
        )
        token: str = login["login"]["token"]

        async def record(enrollment: int, key: str) -> dict[str, Any]:
            variables = {
                "input": {"enrollmentId": to_global_id("Enrollment", enrollment), "idempotencyKey": key}
            }
            done: dict[str, Any] = (await _graphql(client, RECORD, variables, token))["recordCompletion"]
            if done["userErrors"]:
                raise RuntimeError(done["userErrors"])
            return done

        # The SQL statements of one completion, and of its retry with the same key.
        logger = logging.getLogger("tortoise.db_client")
        statements = _Statements()
        level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(statements)
        try:
            first = seeded.completion_enrollments[0]
            await record(first, "bench-0")
            own, total = len(statements.own()), len(statements.seen)
            statements.seen.clear()
            await record(first, "bench-0")
            retry_own = len(statements.own())
        finally:
            logger.removeHandler(statements)
            logger.setLevel(level)

        rest = seeded.completion_enrollments[1:]
        started = time.perf_counter()
        for i, enrollment in enumerate(rest, start=1):
            await record(enrollment, f"bench-{i}")
        per_second = len(rest) / (time.perf_counter() - started)

        files = [(course_id, _roster(enrollments)) for course_id, enrollments in seeded.roster_courses]
        first_time, first_cpu, credited, _ = await _import_all(client, files, token)
        again_time, again_cpu, credited_again, skipped_again = await _import_all(client, files, token)
    checked, mismatches = await progress.verify_ledger()
    rows = ROSTERS * ROSTER_ROWS
    if credited != rows or credited_again != 0 or skipped_again != rows or mismatches:
        raise RuntimeError(
            f"roster import: {credited=} {credited_again=} {skipped_again=} {len(mismatches)=}"
        )
    return [
        Measurement(
            GROUP,
            "recordCompletion through the API (in-process, sequential)",
            per_second,
            "completions/s",
            target=None,
            direction="at_least",
            extra={"completions": len(rest), "database": "SQLite (temporary)", "source": source},
        ),
        Measurement(
            GROUP,
            "SQL statements per recordCompletion",
            own,
            "statements",
            target=6,
            direction="at_most",
            extra={
                "retry_with_same_key": retry_own,
                "with_authentication_and_transaction_control": total,
            },
        ),
        Measurement(
            GROUP,
            f"roster import: {rows:,} rows ({ROSTERS} rosters × {ROSTER_ROWS:,}) credited",
            first_time,
            "s",
            target=15,
            direction="at_most",
            extra={"rows_per_second": round(rows / first_time), "cpu_seconds": round(first_cpu, 1)},
        ),
        Measurement(
            GROUP,
            f"roster import sent again: {rows:,} rows, nothing more credited",
            again_time,
            "s",
            extra={
                "credited": credited_again,
                "skipped": skipped_again,
                "balances_checked": checked,
                "cpu_seconds": round(again_cpu, 1),
            },
        ),
    ]


def main() -> None:
    print(table(asyncio.run(run("sqlite://(temporary)"))))


if __name__ == "__main__":
    main()
