"""`swtalent backup`, `restore` and `verify-backup`, run as an operator would: on SQLite files, and on
PostgreSQL when `TEST_DATABASE_URL` is set, in scratch databases created beside the test database (the
test database itself is the session ORM's) and dropped afterwards.

What a restore must give back is checked here independently of the backup's own manifest: every row
of every table, read from both databases and compared whole.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import inspect
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import pytest_asyncio
from tortoise.models import Model

from api import backup
from api.backup import BackupError
from api.backup.archive import Kind, Manifest, write_archive
from api.settings import PROJECT_ROOT
from domain.database import CONTEXTS

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
KINDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(
            not POSTGRES_URL.startswith("postgres"), reason="set TEST_DATABASE_URL to test PostgreSQL"
        ),
    ),
]


async def swtalent(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "api.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def succeeds(database_url: str, *args: str) -> str:
    result = await swtalent(database_url, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


Rows = dict[str, list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Database:
    """A database of one kind, read directly (sqlite3, asyncpg), not through the code under test."""

    kind: str
    url: str

    async def execute(self, sql: str) -> None:
        if self.kind == "sqlite":
            with closing(sqlite3.connect(self.path)) as c, c:
                c.execute(sql)
            return
        connection = await asyncpg.connect(self.url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    @property
    def path(self) -> Path:
        return Path(self.url.removeprefix("sqlite://"))

    async def rows(self) -> Rows:
        """Every row of every table, in a fixed order; an empty dict for a missing SQLite file."""
        if self.kind == "sqlite":
            if not await asyncio.to_thread(self.path.exists):
                return {}
            with closing(sqlite3.connect(self.path)) as c:
                names = [
                    n
                    for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                    if not n.startswith("sqlite_")
                ]
                return {n: sorted(c.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}  # noqa: S608
        connection = await asyncpg.connect(self.url)
        try:
            names = [
                r["tablename"]
                for r in await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ]
            return {
                n: sorted((tuple(r) for r in await connection.fetch(f'SELECT * FROM public."{n}"')), key=repr)  # noqa: S608
                for n in names
            }
        finally:
            await connection.close()


def scratch_url(name: str) -> str:
    return urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{urlsplit(POSTGRES_URL).path[1:]}_{name}"))


async def create_scratch(name: str) -> str:
    """A new, empty PostgreSQL database named after the test database; skips when the role may not
    create databases."""
    url = scratch_url(name)
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}"')
        await connection.execute(f'CREATE DATABASE "{urlsplit(url).path[1:]}"')
    except asyncpg.InsufficientPrivilegeError:
        pytest.skip("the role of TEST_DATABASE_URL may not create scratch databases (give it CREATEDB)")
    finally:
        await connection.close()
    return url


async def drop_scratch(url: str) -> None:
    """Drops a scratch database, ending the sessions a test left in it (FORCE). PostgreSQL 15 lets only a
    superuser end an autovacuum worker that way (InsufficientPrivilegeError, seen once on CI); a plain
    DROP stops the worker itself, and is retried while one of the test's sessions is still closing."""
    name = urlsplit(url).path[1:]
    connection = await asyncpg.connect(POSTGRES_URL)
    try:
        for _ in range(20):
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except asyncpg.InsufficientPrivilegeError:
                try:
                    await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    return
                except asyncpg.ObjectInUseError:
                    await asyncio.sleep(0.5)
        raise AssertionError(f"scratch database {name} could not be dropped")
    finally:
        await connection.close()


@pytest_asyncio.fixture(scope="module", params=KINDS)
async def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Database]:
    """A database migrated and loaded with the demo data by `swtalent seed-demo`."""
    kind: str = request.param
    if kind == "sqlite":
        url = f"sqlite://{tmp_path_factory.mktemp('source') / 'swtalent.sqlite3'}"
    else:
        url = await create_scratch("backup_source")
    try:
        await succeeds(url, "migrate")
        await succeeds(url, "seed-demo")
        yield Database(kind, url)
    finally:
        if kind == "postgres":
            await drop_scratch(url)


@pytest_asyncio.fixture(scope="module")
async def backup_file(seeded: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded database's backup, made by `swtalent backup` into a folder."""
    folder = tmp_path_factory.mktemp("backups")
    await succeeds(seeded.url, "backup", f"{folder}/")
    [file] = folder.iterdir()
    return file


@pytest_asyncio.fixture
async def target(seeded: Database, tmp_path: Path) -> AsyncIterator[Database]:
    """An empty database of the seeded one's kind: no file yet, or a new PostgreSQL database."""
    if seeded.kind == "sqlite":
        yield Database("sqlite", f"sqlite://{tmp_path / 'restored' / 'swtalent.sqlite3'}")
        return
    url = await create_scratch("backup_target")
    try:
        yield Database("postgres", url)
    finally:
        await drop_scratch(url)


def manifest_of(file: Path) -> dict[str, Any]:
    with tarfile.open(file, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest: dict[str, Any] = json.load(member)
        return manifest


def tables_by_context() -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    for context in CONTEXTS:
        models = importlib.import_module(f"domain.{context}.models")
        tables[context] = {
            cls._meta.db_table
            for _, cls in inspect.getmembers(models, inspect.isclass)
            if issubclass(cls, Model) and cls.__module__ == models.__name__ and not cls._meta.abstract
        }
    return tables


async def test_a_backup_restored_into_an_empty_database_gives_back_every_row_of_every_table(
    seeded: Database, backup_file: Path, target: Database
) -> None:
    source = await seeded.rows()
    # The demo fills every context, so the round trip covers every context's tables.
    for context, tables in tables_by_context().items():
        assert any(source[t] for t in tables), f"the demo leaves {context} empty"

    restored = await succeeds(target.url, "restore", str(backup_file))

    assert "与备份清单逐表一致" in restored
    copy = await target.rows()
    assert copy.keys() == source.keys()
    for table in source:
        assert copy[table] == source[table], table
    # The manifest records what the database held.
    manifest = manifest_of(backup_file)
    assert manifest["kind"] == seeded.kind
    assert {t: s["rows"] for t, s in manifest["tables"].items()} == {t: len(r) for t, r in source.items()}
    # The restored database serves the app: its hour ledger still adds up.
    assert "学时台账一致" in await succeeds(target.url, "verify-ledger")


async def test_verify_backup_reads_a_whole_backup_without_touching_any_database(
    seeded: Database, backup_file: Path
) -> None:
    before = await seeded.rows()
    result = await swtalent("sqlite:///nonexistent/never.sqlite3", "verify-backup", str(backup_file))
    assert result.returncode == 0, result.stderr
    assert f"{sum(len(r) for r in before.values())} 行" in result.stdout
    assert await seeded.rows() == before


def test_a_backup_file_is_readable_by_its_owner_only(backup_file: Path) -> None:
    # It holds every ID number and bank account: 0600 whatever the umask (tests run under 022).
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600


def corrupted(file: Path, how: str, into: Path) -> Path:
    raw = file.read_bytes()
    damaged = into / f"{how}.tar.gz"
    match how:
        case "a flipped byte":
            middle = len(raw) // 2
            damaged.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0x40]) + raw[middle + 1 :])
        case "cut short":
            damaged.write_bytes(raw[: len(raw) * 2 // 3])
        case "not a backup":
            damaged.write_text("county_code,year\n532301,2024\n")
        case "a tar without a manifest":
            with tarfile.open(damaged, "w:gz") as tar:
                tar.add(file, arcname="database.sqlite3")
    return damaged


async def refusal(work: Callable[[], object]) -> str:
    """The message of the `BackupError` that `work` (a call into api.backup, run as the command runs
    it, outside any event loop) raises."""
    with pytest.raises(BackupError) as refused:
        await asyncio.to_thread(work)
    return str(refused.value)


@pytest.mark.parametrize("how", ["a flipped byte", "cut short", "not a backup", "a tar without a manifest"])
async def test_a_damaged_or_foreign_file_is_refused_and_the_database_is_not_touched(
    seeded: Database, backup_file: Path, target: Database, tmp_path: Path, how: str
) -> None:
    damaged = corrupted(backup_file, how, tmp_path)
    before = await target.rows()

    for message in (
        await refusal(lambda: backup.restore(target.url, damaged)),
        await refusal(lambda: backup.restore(target.url, damaged, replace=True)),
        await refusal(lambda: backup.verify(damaged)),
    ):
        assert "不是 swtalent 备份文件" in message or "已损坏" in message

    assert await target.rows() == before


async def test_the_restore_command_refuses_a_damaged_file_with_a_message_and_status_1(
    seeded: Database, backup_file: Path, target: Database, tmp_path: Path
) -> None:
    result = await swtalent(target.url, "restore", str(corrupted(backup_file, "cut short", tmp_path)))

    assert result.returncode == 1
    assert result.stderr.startswith("错误：")
    assert "已损坏、不完整" in result.stderr
    assert "Traceback" not in result.stderr
    assert await target.rows() == {}


async def test_a_manifest_that_disagrees_with_the_data_fails_loudly_naming_the_table(
    seeded: Database, backup_file: Path, target: Database, tmp_path: Path
) -> None:
    # A backup whose manifest (rewritten whole, digest of the data still right) claims one more person.
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(backup_file, "r:gz") as tar:
        manifest = json.load(tar.extractfile("manifest.json") or io.BytesIO())
        manifest["tables"]["person"]["rows"] += 1
        with tarfile.open(forged, "w:gz") as out:
            raw = json.dumps(manifest).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(raw)
            out.addfile(info, io.BytesIO(raw))
            payload = tar.getmembers()[1]
            out.addfile(payload, tar.extractfile(payload))

    message = await refusal(lambda: backup.restore(target.url, forged))

    assert f"表 person：{len((await seeded.rows())['person'])} 行，备份清单为" in message
    if seeded.kind == "sqlite":
        # SQLite's backup is checked before the restore writes: nothing was created.
        assert await target.rows() == {}
        assert "表 person" in await refusal(lambda: backup.verify(forged))


async def test_a_migrated_database_takes_a_restore_but_one_holding_data_needs_replace(
    seeded: Database, backup_file: Path, target: Database
) -> None:
    # Migrated only (counties, populations, requirements): nothing to lose, no --replace needed.
    await succeeds(target.url, "migrate")
    await succeeds(target.url, "restore", str(backup_file))
    assert await target.rows() == await seeded.rows()
    # Now it holds data, changed since the backup: a restore refuses and changes nothing...
    await target.execute("UPDATE person SET name = '李娜娜' WHERE name = '李娜'")
    before = await target.rows()
    assert before != await seeded.rows()

    refused = await swtalent(target.url, "restore", str(backup_file))

    assert refused.returncode == 1
    assert "已有数据" in refused.stderr
    assert "--replace" in refused.stderr
    assert await target.rows() == before
    # ...unless told to replace it.
    await succeeds(target.url, "restore", "--replace", str(backup_file))
    assert await target.rows() == await seeded.rows()


async def test_a_backup_of_the_other_kind_of_database_is_refused_and_no_password_is_shown(
    tmp_path: Path,
) -> None:
    # A PostgreSQL backup restored into SQLite, and a SQLite one into PostgreSQL (refused before any
    # connection, so the server named need not exist).
    payload = tmp_path / "payload"
    payload.write_bytes(b"not read")
    cases: tuple[tuple[Kind, str], ...] = (
        ("postgres", f"sqlite://{tmp_path / 'target.sqlite3'}"),
        ("sqlite", "postgres://swtalent:do-not-print-me@127.0.0.1:1/swtalent"),
    )
    for kind, into in cases:
        file = tmp_path / f"{kind}.tar.gz"
        write_archive(
            file,
            Manifest(
                kind=kind,
                created_at="2026-01-01T00:00:00+00:00",
                server_version="15.0",
                payload_bytes=payload.stat().st_size,
                payload_sha256=hashlib.sha256(payload.read_bytes()).hexdigest(),
                tables={},
            ),
            payload,
        )
        message = await refusal(lambda file=file, into=into: backup.restore(into, file))  # type: ignore[misc]
        assert "数据库的备份，不能恢复到" in message
        assert "do-not-print-me" not in message
    assert not (tmp_path / "target.sqlite3").exists()


async def test_a_backup_never_overwrites_an_existing_file(seeded: Database, tmp_path: Path) -> None:
    existing = tmp_path / "nightly.tar.gz"
    existing.write_bytes(b"yesterday's")

    message = await refusal(lambda: backup.backup(seeded.url, existing))

    assert "已存在" in message
    assert existing.read_bytes() == b"yesterday's"
    assert await asyncio.to_thread(os.listdir, tmp_path) == ["nightly.tar.gz"]


async def test_a_backup_taken_while_a_writer_holds_a_transaction_open_saves_what_was_committed(
    seeded: Database, target: Database, tmp_path: Path
) -> None:
    committed = await seeded.rows()
    change = "UPDATE person SET name = '李娜娜' WHERE name = '李娜'"
    file = tmp_path / "while-writing.tar.gz"
    # The writer has taken the write lock (SQLite) or row locks (PostgreSQL) and has not committed.
    if seeded.kind == "sqlite":
        writer = sqlite3.connect(seeded.path, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute(change)
            await asyncio.to_thread(backup.backup, seeded.url, file)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    else:
        connection = await asyncpg.connect(seeded.url)
        transaction = connection.transaction()
        try:
            await transaction.start()
            await connection.execute(change)
            await asyncio.to_thread(backup.backup, seeded.url, file)
        finally:
            await transaction.rollback()
            await connection.close()
    assert await seeded.rows() == committed

    await asyncio.to_thread(backup.restore, target.url, file)

    assert await target.rows() == committed
