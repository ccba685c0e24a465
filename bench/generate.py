"""The benchmark data set: a migrated database filled with synthetic but consistent data at one scale.

    python -m bench.generate --scale prefecture --database-url sqlite://bench/.data/prefecture.sqlite3

| scale      | persons   | providers | courses | ledger entries | exam registrations | database   |
|------------|-----------|-----------|---------|----------------|--------------------|------------|
| small      | 2,000     | 10        | 200     | 40,000         | 1,000              | SQLite     |
| prefecture | 30,000    | 60        | 3,000   | 1,000,000      | 20,000             | SQLite     |
| national   | 1,700,000 | 1,000     | 50,000  | 20,000,000     | 500,000            | PostgreSQL |

Rows go in with the driver directly (sqlite3's executemany in one transaction; PostgreSQL's COPY through
asyncpg), after `swtalent migrate` built the schema, so the tables, indexes and seeded rows
(requirements, counties, populations, plan periods) are exactly the application's.

The data keep the application's invariants: every balance equals the sum of its entries
(`swtalent verify-ledger` passes), each entry counts toward the fixed-window requirement whose window
contains its date, certificates are one per person and level. Entries are credited completions of
courses (their enrolments are not generated: no read measured here goes through them).

A manifest (JSON, next to a SQLite file or in bench/.data/) names what the benchmarks act as: sample
trainees with a bearer token each (issued directly, valid for a week), a prefecture admin's token, the
front-line requirement's id.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import asyncpg

from api.cli import migrate
from api.settings import Settings
from domain.accounts.passwords import hash_password
from domain.accounts.tokens import digest, new_token

DATA_DIR: Final = Path(__file__).resolve().parent / ".data"
# The sample accounts' password: synthetic data on a developer's machine.
PASSWORD: Final = "Bench-2026-pass!"  # noqa: S105
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
CATEGORIES: Final = ("KNOWLEDGE", "PRACTICE_SKILLS", "SUPERVISION", "CONFERENCE", "OTHER")
SERVICE_FIELDS: Final = ("SOCIAL_WELFARE", "COMMUNITY_BUILDING", "ELDERLY_CARE", "MENTAL_HEALTH", "CHARITY")
SURNAMES: Final = "李王张刘陈杨赵黄周吴罗普者鲁毕起苏"
GIVEN: Final = ("娜", "阿依·木呷", "建华", "秀英", "志强", "海燕", "金花", "文才", "丽琼", "正兴")
# The seeded fixed-window requirements (migration training 0002): id, first day, last day.
FIXED_REQUIREMENTS: Final = (
    (1, date(2021, 1, 1), date(2025, 12, 31)),
    (2, date(2026, 1, 1), date(2030, 12, 31)),
)
LEDGER_FIRST_DAY: Final = date(2021, 1, 1)
# Set with NOW below: the ledger runs up to the day before generation.
SAMPLE_TRAINEES: Final = 200
# Entries of a sample trainee's ledger at least: about 40 fall in 2021–2025, two full pages of 20.
SAMPLE_LEDGER: Final = 50
CHUNK: Final = 20_000


@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    persons: int
    providers: int
    courses: int
    entries: int
    registrations: int


SCALES: Final = {
    s.name: s
    for s in (
        Scale("tiny", 300, 3, 300, 3_000, 100),  # the suite's smoke test of the benchmarks
        Scale("small", 2_000, 10, 200, 40_000, 1_000),
        Scale("prefecture", 30_000, 60, 3_000, 1_000_000, 20_000),
        Scale("national", 1_700_000, 1_000, 50_000, 20_000_000, 500_000),
    )
}


# --- rows -------------------------------------------------------------------------------------------
# Each table's rows as Python values (date, datetime, bool, None); the SQLite writer turns them into
# the text Tortoise stores, the PostgreSQL writer copies them as they are.

# The data are dated from the moment they are generated, so that the catalog (which lists courses not yet
# ended by the real clock) has its upcoming courses; `make bench` regenerates a data set gone stale.
NOW: Final = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
LEDGER_LAST_DAY: Final = NOW.date() - timedelta(days=1)
# A data set is used at most this long: a fifth of its courses start within 180 days of NOW.
FRESH_FOR: Final = timedelta(days=30)


def _id_card(county: str, born: date, sequence: int) -> str:
    body = f"{county}{born:%Y%m%d}{sequence:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _sample_step(scale: Scale) -> int:
    """Every how many persons a sample trainee is taken."""
    return max(1, scale.persons // SAMPLE_TRAINEES)


def persons(scale: Scale) -> Iterator[tuple[Any, ...]]:
    """Seven in ten are front-line workers, and every sample trainee is: their 160-hour ledger is the
    read measured (for others it is not applicable and reads nothing)."""
    rng = random.Random(1)
    step = _sample_step(scale)
    for i in range(scale.persons):
        county = COUNTIES[i % len(COUNTIES)]
        # (day, sequence) is unique per person: 7919 is prime to 14,600, so i ↦ i·7919 mod 14,600 is a
        # bijection within each block of 14,600.
        born = date(1965, 1, 1) + timedelta(days=(i * 7919) % 14_600)
        since = date(2005, 1, 1) + timedelta(days=rng.randrange(6_000))
        yield (
            i + 1,
            SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)],
            _id_card(county, born, i // 14_600),
            born,
            "FEMALE" if i % 2 else "MALE",
            f"138{i:08d}",
            "BACHELOR",
            "SOCIAL_WORK" if i % 3 else "OTHER",
            since,
            date(since.year - 1, 6, 30),
            "社区服务中心",
            rng.random() < 0.7 or i % step == 0,
            rng.random() < 0.3,
            NOW - timedelta(days=rng.randrange(1_500)),
            county,
            None,
            None,
            None,
        )


PERSON_COLUMNS: Final = (
    "id",
    "name",
    "id_card_number",
    "birth_date",
    "sex",
    "phone",
    "education",
    "major",
    "social_work_since",
    "graduated_on",
    "organization_name",
    "front_line",
    "full_time_community_worker",
    "registered_at",
    "county_id",
    "organization_id",
    "account_number",
    "bank_name",
)


def providers(scale: Scale) -> Iterator[tuple[Any, ...]]:
    for i in range(scale.providers):
        yield (i + 1, f"培训机构{i + 1:04d}", "联系人", "0878-3120000", NOW, COUNTIES[i % len(COUNTIES)])


PROVIDER_COLUMNS: Final = ("id", "name", "contact_name", "contact_phone", "filed_at", "county_id")


@dataclass(frozen=True, slots=True)
class CourseFacts:
    category: str
    tenths: int
    created_at: datetime
    starts_at: datetime


def course_facts(scale: Scale) -> list[CourseFacts]:
    """Courses posted over five years; one in five is still to be held (the catalog lists only
    courses whose last session has not ended)."""
    rng = random.Random(2)
    facts = []
    for i in range(scale.courses):
        if i % 5 == 0:
            starts = NOW + timedelta(days=rng.randrange(1, 180), hours=rng.randrange(24))
            created = starts - timedelta(days=rng.randrange(10, 120), seconds=rng.randrange(86_400))
        else:
            created = NOW - timedelta(days=rng.randrange(130, 2_000), seconds=rng.randrange(86_400))
            starts = created + timedelta(days=rng.randrange(10, 120))
        facts.append(CourseFacts(rng.choice(CATEGORIES), rng.choice((40, 80, 120, 160)), created, starts))
    return facts


def courses(scale: Scale, facts: Sequence[CourseFacts]) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(3)
    for i, fact in enumerate(facts):
        created, starts = fact.created_at, fact.starts_at
        yield (
            i + 1,
            f"社会工作实务培训第{i + 1}期",
            "面向一线社会工作者的实务培训，结业计入培训学时。",
            SERVICE_FIELDS[i % len(SERVICE_FIELDS)],
            fact.category,
            fact.tenths,
            ("IN_PERSON", "ONLINE", "BLENDED")[i % 3],
            rng.choice((30, 50, 100)),
            rng.randrange(30),
            "PUBLISHED",
            starts,
            starts + timedelta(days=1, hours=4),
            None,
            created,
            created + timedelta(hours=2),
            COUNTIES[i % len(COUNTIES)],
            i % scale.providers + 1,
        )


COURSE_COLUMNS: Final = (
    "id",
    "title",
    "description",
    "service_field",
    "hour_category",
    "credit_tenths",
    "delivery_mode",
    "capacity",
    "enrolled_count",
    "status",
    "starts_at",
    "ends_at",
    "cancel_reason",
    "created_at",
    "published_at",
    "county_id",
    "provider_id",
)


def sessions(facts: Sequence[CourseFacts]) -> Iterator[tuple[Any, ...]]:
    """Two half-day sessions a course, on consecutive days from its start (so its `ends_at` is the
    second one's end)."""
    sid = 0
    for course, fact in enumerate(facts, start=1):
        for k in range(2):
            sid += 1
            day = fact.starts_at + timedelta(days=k)
            yield (sid, day, day + timedelta(hours=4), "州社会工作服务中心三楼", course)


SESSION_COLUMNS: Final = ("id", "starts_at", "ends_at", "location", "course_id")


def ledger(
    scale: Scale, facts: Sequence[CourseFacts]
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Entries and the balances they make, a block of persons at a time: within a block the entries
    are in date order (as a ledger fills), not grouped by person. A sample trainee's ledger holds at
    least `SAMPLE_LEDGER` entries, whatever the scale's average (12 at national scale), so that the
    pages measured are full ones; the total is that much above the scale's."""
    rng = random.Random(5)
    per_person, extra = divmod(scale.entries, scale.persons)
    step = _sample_step(scale)
    days = (LEDGER_LAST_DAY - LEDGER_FIRST_DAY).days
    entry_id = 0
    balance_id = 0
    block = max(1, CHUNK // per_person)
    for first in range(1, scale.persons + 1, block):
        raw: list[tuple[date, int, int, CourseFacts]] = []
        for person in range(first, min(first + block, scale.persons + 1)):
            count = per_person + (person <= extra)
            if (person - 1) % step == 0 and (person - 1) // step < SAMPLE_TRAINEES:
                count = max(count, SAMPLE_LEDGER)
            for _ in range(count):
                course = rng.randrange(scale.courses)
                raw.append(
                    (
                        LEDGER_FIRST_DAY + timedelta(days=rng.randrange(days + 1)),
                        person,
                        course,
                        facts[course],
                    )
                )
        raw.sort(key=lambda r: r[0])
        entries: list[tuple[Any, ...]] = []
        sums: dict[tuple[int, int, str], int] = {}
        for occurred, person, course, fact in raw:
            entry_id += 1
            recorded = datetime(occurred.year, occurred.month, occurred.day, 9, tzinfo=UTC)
            entries.append(
                (
                    entry_id,
                    fact.tenths,
                    fact.category,
                    "COMPLETION",
                    occurred,
                    None,
                    None,
                    recorded,
                    None,
                    None,
                    course + 1,
                    person,
                    None,
                    None,
                )
            )
            for requirement, starts, ends in FIXED_REQUIREMENTS:
                if starts <= occurred <= ends:
                    key = (person, requirement, fact.category)
                    sums[key] = sums.get(key, 0) + fact.tenths
        balances: list[tuple[Any, ...]] = []
        for (person, requirement, category), tenths in sorted(sums.items()):
            balance_id += 1
            balances.append((balance_id, category, tenths, person, requirement))
        yield entries, balances


ENTRY_COLUMNS: Final = (
    "id",
    "tenths",
    "category",
    "source",
    "occurred_on",
    "reason",
    "recorded_by_user_id",
    "recorded_at",
    "idempotency_key",
    "request_digest",
    "course_id",
    "person_id",
    "enrollment_id",
    "reverses_id",
)
BALANCE_COLUMNS: Final = ("id", "category", "tenths", "person_id", "requirement_id")

SITTING_YEARS: Final = (2024, 2025, 2026, 2027)


def sittings() -> Iterator[tuple[Any, ...]]:
    for i, year in enumerate(SITTING_YEARS):
        exam = date(year, 6, 15)
        yield (
            i + 1,
            year,
            exam,
            date(year, 3, 1),
            date(year, 4, 15),
            "ASSISTANT,SOCIAL_WORKER,SENIOR",
            6000,
            600,
            NOW,
        )


SITTING_COLUMNS: Final = (
    "id",
    "year",
    "exam_date",
    "registration_opens_on",
    "registration_closes_on",
    "levels",
    "fee_per_subject_fen",
    "pass_mark_tenths",
    "created_at",
)


def sites(scale: Scale) -> Iterator[tuple[Any, ...]]:
    site = 0
    per_site = scale.registrations // (len(SITTING_YEARS) * len(COUNTIES)) + 1
    for sitting in range(1, len(SITTING_YEARS) + 1):
        for county in COUNTIES:
            site += 1
            yield (site, f"考点{site:03d}", per_site * 2, per_site, county, sitting)


SITE_COLUMNS: Final = ("id", "name", "capacity", "taken", "county_id", "sitting_id")


def registrations(scale: Scale) -> Iterator[tuple[Any, ...]]:
    """One registration per (sitting, person): persons taken in turn, so the sampled trainees have
    some; each at the site of the person's county."""
    rng = random.Random(6)
    statuses = ("SUBMITTED", "APPROVED", "PAID", "REJECTED")
    for i in range(scale.registrations):
        sitting = i % len(SITTING_YEARS) + 1
        person = (i * 37) % scale.persons + 1
        county_index = (person - 1) % len(COUNTIES)
        status = statuses[rng.randrange(4)]
        yield (
            i + 1,
            ("ASSISTANT", "SOCIAL_WORKER")[i % 2],
            status,
            None,
            "SOCIAL_WORKER_BACHELOR_SOCIAL_WORK",
            "材料不全" if status == "REJECTED" else None,
            None,
            18000 if status == "PAID" else None,
            f"PAY-{i + 1:08d}" if status == "PAID" else None,
            f"{SITTING_YEARS[sitting - 1]}{i + 1:09d}" if status == "PAID" else None,
            (i % 30) + 1 if status == "PAID" else None,
            NOW - timedelta(days=rng.randrange(900)),
            None,
            None,
            None,
            None,
            person,
            (sitting - 1) * len(COUNTIES) + county_index + 1,
            sitting,
        )


REGISTRATION_COLUMNS: Final = (
    "id",
    "level",
    "status",
    "live_key",
    "eligibility_rule",
    "review_reason",
    "reviewed_by_user_id",
    "fee_paid_fen",
    "payment_reference",
    "admission_number",
    "seat",
    "submitted_at",
    "idempotency_key",
    "request_digest",
    "fee_idempotency_key",
    "fee_request_digest",
    "person_id",
    "site_id",
    "sitting_id",
)


def certificates(scale: Scale) -> Iterator[tuple[Any, ...]]:
    """One person in eight holds an assistant certificate, issued 2021–2026."""
    rng = random.Random(7)
    for n, person in enumerate(range(1, scale.persons + 1, 8)):
        issued = date(2021 + n % 6, 6, 30)
        yield (
            n + 1,
            "ASSISTANT",
            f"Z{issued.year}53{n:09d}",
            issued,
            False,
            f"V{n:015d}"[:16],
            False,
            issued + timedelta(days=rng.randrange(60)),
            issued + timedelta(days=3 * 365),
            NOW,
            person,
            None,
        )


CERTIFICATE_COLUMNS: Final = (
    "id",
    "level",
    "number",
    "issued_on",
    "local_only",
    "verification_code",
    "recorded_existing",
    "registered_on",
    "registered_until",
    "created_at",
    "person_id",
    "education_counts_from",
)


@dataclass(frozen=True, slots=True)
class Account:
    user_id: int
    username: str
    person_id: int | None
    role: str
    token: str


def accounts(scale: Scale) -> list[Account]:
    """A prefecture admin, then sample trainees spread evenly over the persons: front-line workers
    with ledgers of at least `SAMPLE_LEDGER` entries (see `persons` and `ledger`)."""
    step = _sample_step(scale)
    result = [Account(1, "bench.admin", None, "PREFECTURE_ADMIN", new_token())]
    for k, person in enumerate(range(1, scale.persons + 1, step)):
        if k == SAMPLE_TRAINEES:
            break
        result.append(Account(k + 2, f"bench.trainee{k:03d}", person, "TRAINEE", new_token()))
    return result


def users(accounts: Sequence[Account]) -> Iterator[tuple[Any, ...]]:
    stored = hash_password(PASSWORD)  # one hash for all: scrypt per row would dominate generation
    for a in accounts:
        yield (a.user_id, a.username, stored, "基准测试用户", "", NOW, a.person_id, False)


USER_COLUMNS: Final = (
    "id",
    "username",
    "password_hash",
    "name",
    "organization_name",
    "created_at",
    "person_id",
    "must_change_password",
)


def roles(accounts: Sequence[Account]) -> Iterator[tuple[Any, ...]]:
    for a in accounts:
        yield (a.user_id, a.role, None, None, NOW, a.user_id)


ROLE_COLUMNS: Final = ("id", "role", "county_code", "provider_id", "granted_at", "user_id")


TOKEN_LIFETIME: Final = timedelta(days=7)


def tokens(accounts: Sequence[Account], first_id: int = 1) -> Iterator[tuple[Any, ...]]:
    issued = datetime.now(UTC)
    for n, a in enumerate(accounts):
        yield (first_id + n, digest(a.token), issued, issued + TOKEN_LIFETIME, None, a.user_id)


TOKEN_COLUMNS: Final = ("id", "token_hash", "created_at", "expires_at", "revoked_at", "user_id")


# --- writers -----------------------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    # As Tortoise writes them: ISO dates, datetimes with a space and their offset, booleans as 0/1.
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class SqliteWriter:
    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("BEGIN")

    def write(
        self, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]
    ) -> int:
        # Table and column names are the generator's own constants, never input.
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'  # noqa: S608
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) == CHUNK:
                self.db.executemany(sql, batch)
                count += len(batch)
                batch = []
        self.db.executemany(sql, batch)
        return count + len(batch)

    def finish(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("ANALYZE")
        self.db.close()


# Filled with the generator's own table names only.
SETVAL: Final = (
    "SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
    'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
)


class PostgresWriter:
    def __init__(self, url: str) -> None:
        self.url = url

    async def __aenter__(self) -> PostgresWriter:
        self.db = await asyncpg.connect(self.url.replace("postgres://", "postgresql://", 1))
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.db.close()

    async def write(
        self, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]
    ) -> int:
        count = 0
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK * 5:
                await self.db.copy_records_to_table(table, records=batch, columns=list(columns))
                count += len(batch)
                batch = []
        if batch:
            await self.db.copy_records_to_table(table, records=batch, columns=list(columns))
        return count + len(batch)

    async def finish(self, tables: Sequence[str]) -> None:
        # COPY with explicit ids leaves the serial sequences behind: move them past the rows.
        for table in tables:
            await self.db.execute(SETVAL.format(table=table))
        await self.db.execute("ANALYZE")


TABLES: Final = (
    "person",
    "training_provider",
    "course",
    "course_session",
    "hour_entry",
    "hour_balance",
    "exam_sitting",
    "exam_site",
    "exam_registration",
    "certificate",
    "app_user",
    "user_role",
    "access_token",
)


def _plan(scale: Scale, people: Sequence[Account]) -> list[tuple[str, Sequence[str], Any]]:
    facts = course_facts(scale)
    return [
        ("person", PERSON_COLUMNS, persons(scale)),
        ("training_provider", PROVIDER_COLUMNS, providers(scale)),
        ("course", COURSE_COLUMNS, courses(scale, facts)),
        ("course_session", SESSION_COLUMNS, sessions(facts)),
        ("ledger", (), ledger(scale, facts)),
        ("exam_sitting", SITTING_COLUMNS, sittings()),
        ("exam_site", SITE_COLUMNS, sites(scale)),
        ("exam_registration", REGISTRATION_COLUMNS, registrations(scale)),
        ("certificate", CERTIFICATE_COLUMNS, certificates(scale)),
        ("app_user", USER_COLUMNS, users(people)),
        ("user_role", ROLE_COLUMNS, roles(people)),
        ("access_token", TOKEN_COLUMNS, tokens(people)),
    ]


async def generate(scale: Scale, database_url: str, manifest_path: Path) -> dict[str, Any]:
    """Migrates `database_url` (which must hold no data yet: the ids are the generator's), fills it
    at `scale` and writes the manifest to `manifest_path`; returns the manifest."""
    await migrate(Settings(database_url=database_url))
    people = accounts(scale)
    counts: dict[str, int] = {}
    if database_url.startswith("sqlite"):
        sqlite = SqliteWriter(database_url.removeprefix("sqlite://").split("?", 1)[0])
        for table, columns, rows in _plan(scale, people):
            if table == "ledger":
                for entries, balances in rows:
                    counts["hour_entry"] = counts.get("hour_entry", 0) + sqlite.write(
                        "hour_entry", ENTRY_COLUMNS, entries
                    )
                    counts["hour_balance"] = counts.get("hour_balance", 0) + sqlite.write(
                        "hour_balance", BALANCE_COLUMNS, balances
                    )
            else:
                counts[table] = sqlite.write(table, columns, rows)
        sqlite.finish()
    else:
        async with PostgresWriter(database_url) as pg:
            for table, columns, rows in _plan(scale, people):
                if table == "ledger":
                    for entries, balances in rows:
                        counts["hour_entry"] = counts.get("hour_entry", 0) + await pg.write(
                            "hour_entry", ENTRY_COLUMNS, entries
                        )
                        counts["hour_balance"] = counts.get("hour_balance", 0) + await pg.write(
                            "hour_balance", BALANCE_COLUMNS, balances
                        )
                else:
                    counts[table] = await pg.write(table, columns, rows)
            await pg.finish(TABLES)
    manifest = {
        "database_url": database_url,
        "scale": scale.name,
        "generated_at": NOW.isoformat(),
        "password": PASSWORD,
        "rows": counts,
        "requirement_id": FIXED_REQUIREMENTS[0][0],
        "catalog_first": 50,
        "admin": {"username": people[0].username, "token": people[0].token},
        "trainees": [
            {"username": a.username, "person_id": a.person_id, "token": a.token} for a in people[1:]
        ],
    }
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))  # noqa: ASYNC240
    return manifest


def default_database_url(scale: str) -> str:
    return f"sqlite://{DATA_DIR / scale}.sqlite3"


BENCH_USERNAMES: Final = "bench.%"


class NotABenchmarkDatabase(Exception):
    """The database holds accounts the generator did not make: it is not the benchmark's to empty."""


def _refuse_foreign(others: int, url: str) -> None:
    if others:
        raise NotABenchmarkDatabase(
            f"{url} holds {others} accounts the benchmark did not make: it will not empty it."
            " Point BENCH_DATABASE_URL at a database of its own."
        )


def check_disposable(url: str) -> None:
    """Refuses (NotABenchmarkDatabase) to let the generator empty a database whose accounts are not
    all the generator's own (`bench.*`): a real or demo database pointed at by mistake."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite://").split("?", 1)[0])
        if not path.exists():
            return
        db = sqlite3.connect(path)
        try:
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'app_user'").fetchone():
                (others,) = db.execute(
                    "SELECT COUNT(*) FROM app_user WHERE username NOT LIKE ?", (BENCH_USERNAMES,)
                ).fetchone()
                _refuse_foreign(others, url)
        finally:
            db.close()
    else:
        asyncio.run(_check_postgres(url))


async def _check_postgres(url: str) -> None:
    db = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        if await db.fetchval("SELECT to_regclass('public.app_user') IS NOT NULL"):
            others = await db.fetchval(
                "SELECT COUNT(*) FROM app_user WHERE username NOT LIKE $1", BENCH_USERNAMES
            )
            _refuse_foreign(others, url)
    finally:
        await db.close()


async def refresh_tokens(manifest: dict[str, Any]) -> dict[str, Any]:
    """New bearer tokens for a reused data set's accounts (a token lives `TOKEN_LIFETIME`): inserted
    next to the old ones; returns the manifest with the new tokens."""
    people = [Account(1, manifest["admin"]["username"], None, "PREFECTURE_ADMIN", new_token())]
    people += [
        Account(0, t["username"], t["person_id"], "TRAINEE", new_token()) for t in manifest["trainees"]
    ]
    url: str = manifest["database_url"]
    columns = ("token_hash", "created_at", "expires_at", "revoked_at", "user_id")
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite://").split("?", 1)[0])
        try:
            ids = dict(db.execute("SELECT username, id FROM app_user").fetchall())
            rows = [(*row[1:5], ids[a.username]) for a, row in zip(people, tokens(people), strict=True)]
            db.executemany(
                f"INSERT INTO access_token ({', '.join(columns)}) VALUES (?, ?, ?, ?, ?)",  # noqa: S608
                [tuple(_sqlite_value(v) for v in row) for row in rows],
            )
            db.commit()
        finally:
            db.close()
    else:
        pg = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            ids = dict(await pg.fetch("SELECT username, id FROM app_user"))
            rows = [(*row[1:5], ids[a.username]) for a, row in zip(people, tokens(people), strict=True)]
            await pg.copy_records_to_table("access_token", records=rows, columns=list(columns))
        finally:
            await pg.close()
    return {
        **manifest,
        "admin": {"username": people[0].username, "token": people[0].token},
        "trainees": [
            {"username": a.username, "person_id": a.person_id, "token": a.token} for a in people[1:]
        ],
    }


def remove_sqlite_file(url: str) -> None:
    """Deletes the SQLite database at `url` (and its WAL files), so the generator starts empty."""
    path = Path(url.removeprefix("sqlite://").split("?", 1)[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def empty_postgres(url: str) -> None:
    """Drops everything in the PostgreSQL database at `url` (its public schema), so the generator
    starts empty. The database is the benchmark's own (`BENCH_DATABASE_URL`), never the application's."""
    db = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="prefecture")
    parser.add_argument("--database-url", help="default: a SQLite file in bench/.data/")
    parser.add_argument("--manifest", type=Path, help="default: bench/.data/<scale>.json")
    args = parser.parse_args()
    url = args.database_url or default_database_url(args.scale)
    try:
        check_disposable(url)
    except NotABenchmarkDatabase as exc:
        raise SystemExit(str(exc)) from None
    if url.startswith("sqlite"):
        remove_sqlite_file(url)
    manifest = asyncio.run(
        generate(SCALES[args.scale], url, args.manifest or DATA_DIR / f"{args.scale}.json")
    )
    print(json.dumps(manifest["rows"], ensure_ascii=False))


if __name__ == "__main__":
    main()
