"""The Tortoise configuration: one app per context, each with its committed migrations."""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Apps in dependency order; a context's models and migrations live in its own package.
CONTEXTS: Final = ("audit", "people", "accounts", "training", "exam", "incentives", "talent", "reports")

# How long a second SQLite writer (the CLI beside the server) waits for the write lock.
SQLITE_BUSY_TIMEOUT_MS: Final = 5000


def with_sqlite_pragmas(db_url: str) -> str:
    """Add the busy timeout to a SQLite URL unless it sets its own."""
    parts = urlsplit(db_url)
    if parts.scheme != "sqlite":
        return db_url
    query = dict(parse_qsl(parts.query))
    query.setdefault("busy_timeout", str(SQLITE_BUSY_TIMEOUT_MS))
    return urlunsplit(parts._replace(query=urlencode(query)))


def tortoise_config(db_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": with_sqlite_pragmas(db_url)},
        "apps": {
            name: {
                "models": [f"domain.{name}.models"],
                "migrations": f"domain.{name}.migrations",
                "default_connection": "default",
            }
            for name in CONTEXTS
        },
        "use_tz": True,
        "timezone": "UTC",
    }
