"""Write transactions that take the write lock up front.

On SQLite Tortoise begins transactions with a deferred `BEGIN`; when a second process (the CLI beside
the server) writes too, read-then-write transactions then fail with "database is locked" whatever the
busy timeout, because neither can upgrade its read lock. `BEGIN IMMEDIATE` takes the write lock before
the first read, so the second writer waits its turn instead (ARCHITECTURE.md, "Versions that bite").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction


@asynccontextmanager
async def write_transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction, or a savepoint inside the caller's when one is already open."""
    nested = isinstance(connections.get("default"), TransactionalDBClient)
    async with in_transaction() as connection:
        if not nested and connection.capabilities.dialect == "sqlite":
            # Nothing has run in the deferred transaction yet, so swapping it is safe.
            # Two statements, not a script: sqlite3's executescript commits first.
            await connection.execute_query("ROLLBACK")
            await connection.execute_query("BEGIN IMMEDIATE")
        yield connection
