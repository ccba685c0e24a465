"""The stress harnesses (#15): the app served for real by uvicorn on 127.0.0.1, attacked with concurrent
clients, fuzzed requests and hostile documents, and killed mid-write.

Run with `make stress` (collected only then: `tests/conftest.py` leaves this folder out of `make test`).
Every harness runs on a fresh SQLite file served by one worker, and on PostgreSQL served by four workers
when `STRESS_DATABASE_URL` names a database the harness may empty (`.ci/run` creates `swtalent_stress`).
`STRESS_LEVEL=ci` (the default, a few minutes in all) bounds the long forms; `STRESS_LEVEL=long` runs them
whole (`make stress STRESS_LEVEL=long`).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
import pytest_asyncio
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.api.migrate import migrate

from domain.database import tortoise_config

LEVEL: Final = os.environ.get("STRESS_LEVEL", "ci")
LONG: Final = LEVEL == "long"


@dataclass(frozen=True, slots=True)
class Target:
    """A database kind the harness runs on, and how many uvicorn workers serve it (API.md: SQLite is
    served by one worker, PostgreSQL by several)."""

    name: str
    workers: int


SQLITE: Final = Target("sqlite", 1)
POSTGRES: Final = Target("postgres", 4)


def targets() -> list[Target]:
    """SQLite always; PostgreSQL when `STRESS_DATABASE_URL` is set."""
    return [SQLITE, POSTGRES] if os.environ.get("STRESS_DATABASE_URL") else [SQLITE]


@pytest.fixture(params=targets(), ids=lambda t: t.name)
def target(request: pytest.FixtureRequest) -> Target:
    """Each harness runs once per database kind."""
    value: Target = request.param
    return value


async def reset_and_migrate(url: str) -> None:
    """Empties `url` (PostgreSQL: drops the public schema) and applies every migration, so the reference
    data (counties, requirements, periods) is there as after `swtalent migrate`."""
    if url.startswith("postgres"):
        await Tortoise.init(config=tortoise_config(url))
        await connections.get("default").execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await Tortoise.close_connections()
    await migrate(config=tortoise_config(url))
    await Tortoise.close_connections()


@pytest_asyncio.fixture
async def database(target: Target, tmp_path: Path) -> AsyncIterator[str]:
    """A freshly migrated database of the target's kind, with the ORM initialised on it in this process
    (for seeding through the services and for checking what the server wrote); yields its URL."""
    url = (
        os.environ["STRESS_DATABASE_URL"] if target is POSTGRES else f"sqlite://{tmp_path / 'stress.sqlite3'}"
    )
    # Tortoise caches each model's INSERT text by connection name ("default" for both kinds), so after a
    # SQLite run a PostgreSQL insert would go out with SQLite's placeholders: forget it between kinds.
    EXECUTOR_CACHE.clear()
    await reset_and_migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    yield url
    await Tortoise.close_connections()
