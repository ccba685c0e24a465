"""Backup and restore of a PostgreSQL database with `pg_dump` (custom format) and `pg_restore`.

The tools come from the installation matching the server's major version (`/usr/lib/postgresql/<N>/bin`
on Debian, `/usr/pgsql-<N>/bin` on RHEL-like systems; else the first on PATH that is at least as new).
Host, port, user, database and password reach them through the environment (`PGPASSWORD`), never the
command line, so no process listing or log shows the password.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import asyncpg

from api.backup.archive import BackupError
from api.backup.checksums import MIGRATION_TABLES, TableDigest, TableSummary, differences, quote

SCHEMES = frozenset({"postgres", "postgresql", "asyncpg", "psycopg"})


@dataclass(frozen=True, slots=True)
class Target:
    """The database a `postgres://user:password@host:port/name` URL names."""

    host: str
    port: int
    user: str
    password: str
    database: str

    @classmethod
    def of(cls, database_url: str) -> Target:
        parts = urlsplit(database_url)
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise BackupError("DATABASE_URL 未给出 PostgreSQL 数据库名")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            database=name,
        )

    def environment(self) -> dict[str, str]:
        """The process environment with this database's connection settings for libpq's tools."""
        return {
            **os.environ,
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": self.database,
        }

    def __repr__(self) -> str:
        return f"Target({self.user}@{self.host}:{self.port}/{self.database})"

    async def connect(self) -> Any:
        try:
            return await asyncpg.connect(
                host=self.host, port=self.port, user=self.user, password=self.password, database=self.database
            )
        except (OSError, asyncpg.PostgresError) as exc:
            raise BackupError(
                f"无法连接 PostgreSQL 数据库 {self.database}（{self.host}:{self.port}）：{exc}"
            ) from None


def tool(name: str, server_major: int) -> str:
    """The path of `name` (pg_dump, pg_restore, psql) for a server of `server_major`."""
    for folder in (f"/usr/lib/postgresql/{server_major}/bin", f"/usr/pgsql-{server_major}/bin"):
        candidate = Path(folder) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        version = subprocess.run(  # noqa: S603 - a PostgreSQL tool asked its version
            [found, "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", version)
        if match and int(match.group(1)) >= server_major:
            return found
    raise BackupError(
        f"找不到 PostgreSQL {server_major} 的 {name}："
        f"请安装与服务器同版本的客户端（如 postgresql-client-{server_major}）"
    )


async def _run(*command: str, target: Target | None) -> None:
    process = await asyncio.create_subprocess_exec(
        *command,
        env=target.environment() if target else None,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await process.communicate()
    if process.returncode:
        raise BackupError(f"{Path(command[0]).name} 失败：{err.decode(errors='replace').strip()}")


async def _key(connection: Any, table: str) -> list[str]:
    """The table's ORDER BY list: its primary key (every column without one), text in byte order so
    that the database's collation does not change the order."""
    columns = await connection.fetch(
        """
        SELECT a.attname, a.attcollation <> 0 AS collatable
        FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND (i.indrelid IS NULL OR a.attnum = ANY(i.indkey))
        ORDER BY array_position(i.indkey::int2[], a.attnum), a.attnum
        """,
        f"public.{quote(table)}",
    )
    return [quote(c["attname"]) + (' COLLATE "C"' if c["collatable"] else "") for c in columns]


async def _tables(connection: Any) -> list[str]:
    rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [r["tablename"] for r in rows]


async def summarise(connection: Any) -> dict[str, TableSummary]:
    """Row count and checksum of every table of the `public` schema, rows in primary-key order."""
    tables: dict[str, TableSummary] = {}
    async with connection.transaction(isolation="repeatable_read", readonly=True):
        for name in await _tables(connection):
            tables[name] = await _summarise_table(connection, name)
    return tables


async def _summarise_table(connection: Any, name: str) -> TableSummary:
    digest = TableDigest()
    order = ", ".join(await _key(connection, name))
    query = f"SELECT * FROM public.{quote(name)} ORDER BY {order}"  # noqa: S608 - quoted catalog names
    async for row in connection.cursor(query, prefetch=5000):
        digest.add(tuple(row))
    return digest.summary()


async def backup(database_url: str, payload: Path) -> tuple[str, dict[str, TableSummary]]:
    """Dumps the database into `payload` and returns the server's version and its tables, both read
    from one exported snapshot, so the manifest describes exactly what the dump holds while the server
    keeps writing."""
    target = Target.of(database_url)
    connection = await target.connect()
    try:
        pg_dump = tool("pg_dump", connection.get_server_version().major)
        tables: dict[str, TableSummary] = {}
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")

            async def summarise_in_snapshot() -> None:
                for name in await _tables(connection):
                    tables[name] = await _summarise_table(connection, name)

            # Both finish before the snapshot's transaction ends, even when one of them fails.
            outcomes = await asyncio.gather(
                _run(
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={payload}",
                    target=target,
                ),
                summarise_in_snapshot(),
                return_exceptions=True,
            )
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    raise outcome
        version = await connection.fetchval("SHOW server_version")
    finally:
        await connection.close()
    return str(version), tables


async def check_dump(pg_restore: str, payload: Path, target: Target | None = None) -> None:
    """`BackupError` unless `pg_restore` reads the dump's table of contents."""
    try:
        await _run(pg_restore, "--list", f"--file={os.devnull}", str(payload), target=target)
    except BackupError as exc:
        raise BackupError(f"备份中的 PostgreSQL 转储无法读取，未作任何改动：{exc}") from None


async def _holds_data(connection: Any) -> bool:
    for name in await _tables(connection):
        if name not in MIGRATION_TABLES and await connection.fetchval(
            f"SELECT EXISTS (SELECT 1 FROM public.{quote(name)})"  # noqa: S608 - quoted catalog names
        ):
            return True
    return False


async def restore(
    database_url: str, payload: Path, expected: dict[str, TableSummary], *, replace: bool
) -> None:
    """Replaces the `public` schema of the database DATABASE_URL names with the dump in `payload`, in
    one transaction (a failure leaves the database as it was), then proves the result matches
    `expected`. Refuses (`BackupError`, nothing touched) a database holding data unless `replace`.
    The restored objects belong to the connecting role (`--no-owner`), whatever role owned them."""
    target = Target.of(database_url)
    connection = await target.connect()
    try:
        major = connection.get_server_version().major
        pg_restore, psql = tool("pg_restore", major), tool("psql", major)
        await check_dump(pg_restore, payload, target)
        if not replace and await _holds_data(connection):
            raise BackupError(
                f"数据库 {target.database} 中已有数据，恢复会覆盖它们；未作任何改动。"
                "确认要用备份替换现有数据时，请加 --replace"
            )
    finally:
        await connection.close()
    read, write = os.pipe()
    try:
        dump = await asyncio.create_subprocess_exec(
            pg_restore, "--no-owner", "--no-privileges", "--file=-", str(payload),
            env=target.environment(), stdout=write, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        # psql -1 wraps every -c and -f in one transaction, and rolls it back on the first error.
        load = await asyncio.create_subprocess_exec(
            psql, "--no-psqlrc", "--quiet", "--no-password", "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            "--command=SET client_min_messages = warning",
            "--command=DROP SCHEMA IF EXISTS public CASCADE",
            "--command=CREATE SCHEMA public",
            "--file=-",
            env=target.environment(), stdin=read,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
    finally:
        os.close(read)
        os.close(write)
    (_, dump_err), (_, load_err) = await asyncio.gather(dump.communicate(), load.communicate())
    if dump.returncode or load.returncode:
        # The first line only: the ones after it quote the rows (ID numbers among them) being loaded.
        why = ((load_err or dump_err).decode(errors="replace").strip().splitlines() or [""])[0][:300]
        raise BackupError(f"恢复失败，数据库 {target.database} 保持原样：{why}")
    connection = await target.connect()
    try:
        found = differences(expected, await summarise(connection))
    finally:
        await connection.close()
    if found:
        raise BackupError(f"恢复后的数据库 {target.database} 与备份清单不符：\n" + "\n".join(found))
