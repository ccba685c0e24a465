"""Backup and restore of an embedded SQLite database with SQLite's online backup API.

The API copies a consistent snapshot page by page under SQLite's own locks, so a backup is safe while
the server runs (the file is in WAL mode: the copy reads while the server writes), and a restore writes
the whole target in one transaction: a failure leaves the old database as it was.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import unquote, urlsplit

from api.backup.archive import BackupError
from api.backup.checksums import MIGRATION_TABLES, TableDigest, TableSummary, differences, quote
from domain.database import SQLITE_BUSY_TIMEOUT_MS

# The app's tables: SQLite's own (sqlite_sequence, sqlite_stat1) are copied but not compared.
TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"


def database_path(database_url: str) -> Path:
    """The file a `sqlite://path` URL names; `BackupError` for an in-memory database."""
    parts = urlsplit(database_url)
    path = unquote(parts.netloc + parts.path)
    if not path or path == ":memory:":
        raise BackupError("内存中的 SQLite 数据库无法备份或恢复：DATABASE_URL 须指向一个数据库文件")
    return Path(path)


def _open(path: Path, mode: str) -> sqlite3.Connection:
    # A URI, so that a missing file is an error rather than a new empty database.
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    return connection


def summarise(connection: sqlite3.Connection) -> dict[str, TableSummary]:
    """Row count and checksum of every table (SQLite's own `sqlite_*` tables aside), rows in
    primary-key order (every column's order for a table without one)."""
    tables: dict[str, TableSummary] = {}
    names = connection.execute(TABLES).fetchall()
    for (name,) in names:
        info = connection.execute(f"PRAGMA table_info({quote(name)})").fetchall()
        # table_info: (cid, name, type, notnull, default, pk position or 0)
        key = [column for _, column, _, _, _, pk in sorted(info, key=lambda c: c[5]) if pk] or [
            c[1] for c in info
        ]
        digest = TableDigest()
        cursor = connection.execute(
            f"SELECT * FROM {quote(name)} ORDER BY {', '.join(quote(c) for c in key)}"  # noqa: S608
        )
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                digest.add(row)
        tables[name] = digest.summary()
    return tables


def _check_whole(connection: sqlite3.Connection, what: str) -> None:
    [(verdict,)] = connection.execute("PRAGMA integrity_check(1)").fetchall()
    if verdict != "ok":
        raise BackupError(f"{what}未通过 SQLite 完整性检查：{verdict}")


def backup(database_url: str, payload: Path) -> tuple[str, dict[str, TableSummary]]:
    """Copies the database into the new file `payload` (standing alone: no -wal beside it) and returns
    the SQLite version and the copy's tables, summarised from the copy itself so they describe exactly
    what was saved."""
    source = database_path(database_url)
    if not source.is_file():
        raise BackupError(f"找不到数据库文件 {source}")
    try:
        with closing(_open(source, "ro")) as live, closing(sqlite3.connect(payload)) as copy:
            live.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        with closing(_open(payload, "ro")) as copy:
            _check_whole(copy, "数据库")
            return sqlite3.sqlite_version, summarise(copy)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"无法读取数据库文件 {source}：{exc}") from None


def check_payload(payload: Path, expected: dict[str, TableSummary]) -> None:
    """`BackupError` unless the backed-up database passes SQLite's integrity check and matches the
    manifest table by table."""
    try:
        with closing(_open(payload, "ro")) as copy:
            _check_whole(copy, "备份中的数据库")
            found = differences(expected, summarise(copy))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"备份中的数据库无法读取：{exc}") from None
    if found:
        raise BackupError("备份文件与其清单不符，未作任何改动：\n" + "\n".join(found))


def holds_data(path: Path) -> bool:
    """Whether the database at `path` holds anything beyond what `swtalent migrate` puts in a new one
    (a missing or empty file holds nothing). Read-only."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with closing(_open(path, "ro")) as target:
            names = [n for (n,) in target.execute(TABLES)]
            return any(
                target.execute(f"SELECT 1 FROM {quote(n)} LIMIT 1").fetchone()  # noqa: S608
                for n in names
                if n not in MIGRATION_TABLES
            )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} 不是可读的 SQLite 数据库（{exc}），未作任何改动") from None


def restore(database_url: str, payload: Path, expected: dict[str, TableSummary], *, replace: bool) -> None:
    """Replaces the database DATABASE_URL names with the checked `payload`, then proves the result
    matches `expected`. Refuses (`BackupError`, nothing touched) a target holding data unless `replace`."""
    target = database_path(database_url)
    check_payload(payload, expected)
    if holds_data(target) and not replace:
        raise BackupError(
            f"数据库 {target} 中已有数据，恢复会覆盖它们；未作任何改动。"
            "确认要用备份替换现有数据时，请加 --replace"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(_open(payload, "ro")) as copy, closing(sqlite3.connect(target)) as live:
            live.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            copy.backup(live)
        with closing(_open(target, "ro")) as live:
            _check_whole(live, "恢复后的数据库")
            found = differences(expected, summarise(live))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"恢复到 {target} 失败：{exc}") from None
    if found:
        raise BackupError(f"恢复后的数据库 {target} 与备份清单不符：\n" + "\n".join(found))
