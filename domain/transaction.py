"""Write transactions that take the write lock up front.

On SQLite Tortoise begins transactions with a deferred `BEGIN`; when a second process (the CLI beside
the server) writes too, read-then-write transactions then fail with "database is locked" whatever the
busy timeout, because neither can upgrade its read lock. `BEGIN IMMEDIATE` takes the write lock before
the first read, so the second writer waits its turn instead (ARCHITECTURE.md, "Versions that bite").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction


@asynccontextmanager
async def write_transaction() -> AsyncIterator[BaseDBAsyncClient]:
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "sqlite":
            # Nothing has run in the deferred transaction yet, so swapping it is safe.
            await connection.execute_script("ROLLBACK; BEGIN IMMEDIATE;")
        yield connection
