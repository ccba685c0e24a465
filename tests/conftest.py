"""Test database: migrated once per session from the committed migrations, emptied between tests.

SQLite (a temporary file) by default; PostgreSQL when `TEST_DATABASE_URL` is set, as `.ci/run` does.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from tortoise import Tortoise, connections
from tortoise.migrations.api.migrate import migrate

from domain.database import tortoise_config

# The stress harnesses (tests/stress) serve the app for real and take minutes: `make stress` runs them.
collect_ignore = [] if os.environ.get("SWTALENT_STRESS") else ["stress"]

# Tables emptied between tests, children before parents; reference data (county) stays.
TABLES = (
    "plan_period",
    "county_townships",
    "calendar_day",
    "cultivation_assessment",
    "cultivation_tranche",
    "leading_talent",
    "talent_objection",
    "talent_score",
    "talent_assignment",
    "talent_evidence",
    "talent_application_step",
    "talent_application",
    "talent_rubric_item",
    "talent_county_quota",
    "talent_round",
    "incentive_recovery",
    "entitlement",
    "payout_batch",
    "waiting_entitlement",
    "incentive_policy",
    "county_budget",
    "allowance_accrual",
    "incentive_outbox_cursor",
    "exam_event",
    "exam_result",
    "exam_registration",
    "exam_site",
    "exam_sitting",
    "certificate",
    "hour_balance",
    "hour_entry",
    "attendance",
    "enrollment",
    "course_session",
    "course",
    "training_provider",
    "category_cap",
    "training_requirement",
    "audit_event",
    "access_token",
    "user_role",
    "app_user",
    "person",
    "organization",
    "population_record",
)


def _reference_data() -> list[str]:
    """The rows the data migrations seed, put back after each test."""
    counties = importlib.import_module("domain.people.migrations.0002_seed_counties")
    requirements = importlib.import_module(
        "domain.training.migrations.0002_requirements_and_append_only_ledger"
    )
    periods = importlib.import_module("domain.reports.migrations.0002_seed_periods")
    return (
        [
            "INSERT INTO population_record (county_id, year, basis, population, source, recorded_at)"  # noqa: S608
            f" VALUES ('{code}', 2024, 'HOUSEHOLD', {population}, '{counties.SOURCE}', CURRENT_TIMESTAMP)"
            for code, _, population in counties.COUNTIES
        ]
        + list(requirements.SEED)
        + list(periods.SEED)
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    path: Path = tmp_path_factory.mktemp("db") / "test.sqlite3"
    return f"sqlite://{path}"


@pytest_asyncio.fixture(scope="session")
async def migrated(database_url: str) -> AsyncIterator[str]:
    if database_url.startswith("postgres"):
        await Tortoise.init(config=tortoise_config(database_url))
        await connections.get("default").execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await Tortoise.close_connections()
    await migrate(config=tortoise_config(database_url))
    await Tortoise.close_connections()
    await Tortoise.init(config=tortoise_config(database_url))
    yield database_url
    await Tortoise.close_connections()


@pytest_asyncio.fixture
async def db(migrated: str) -> AsyncIterator[str]:
    """A migrated database holding only the reference data."""
    yield migrated
    await empty_database(migrated)


async def empty_database(url: str) -> None:
    """Empties every table of the migrated database at `url` (the ORM's connection) and puts the reference
    data back: what the `db` fixture does after each test, for fixtures keeping a world longer."""
    connection = connections.get("default")
    if url.startswith("postgres"):
        await connection.execute_script(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE;")
    else:
        # Reversals reference the entries they reverse (RESTRICT, checked row by row on SQLite).
        await connection.execute_query("PRAGMA foreign_keys = OFF")
        for table in TABLES:
            await connection.execute_query(f"DELETE FROM {table}")  # noqa: S608 - constant names
        await connection.execute_query("DELETE FROM sqlite_sequence")
        await connection.execute_query("PRAGMA foreign_keys = ON")
    for statement in _reference_data():
        await connection.execute_query(statement)
