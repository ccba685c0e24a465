"""`swtalent backup`, `swtalent restore` and `swtalent verify-backup`: a whole database to one file and
back, proved table by table.

A backup file (`archive.py`) holds the database (`sqlite.py`: SQLite's online backup API;
`postgres.py`: `pg_dump`) and a manifest of every table's row count and checksum (`checksums.py`). A
restore checks the file before it touches anything, refuses a database holding data without
`replace`, and compares the restored database with the manifest.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from api.backup import postgres, sqlite
from api.backup.archive import (
    KIND_NAMES,
    PAYLOAD_NAMES,
    BackupError,
    Kind,
    Manifest,
    read_archive,
    write_archive,
)
from api.backup.archive import file_sha256 as _sha256

DEFAULT_FOLDER: Final = Path("data/backups")

__all__ = ["DEFAULT_FOLDER", "BackupError", "Manifest", "backup", "kind_of", "restore", "verify"]


def kind_of(database_url: str) -> Kind:
    """The kind of database a DATABASE_URL names; `BackupError` for one neither SQLite nor PostgreSQL."""
    scheme = database_url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme in postgres.SCHEMES:
        return "postgres"
    raise BackupError(f"不支持备份 {scheme} 数据库（只支持 SQLite 和 PostgreSQL）")


def backup(database_url: str, destination: str | Path | None = None) -> tuple[Path, Manifest]:
    """Backs up the database into a new file and returns its path and manifest.

    `destination` is the file to write, or a folder (existing, or named with a trailing `/`) to write
    `swtalent-<kind>-<UTC time>.tar.gz` in (default `data/backups/`); an existing file is never
    overwritten. Raises `BackupError`."""
    kind = kind_of(database_url)
    # The real time, not domain.clock's: a backup's name says when it was taken even in a pinned demo.
    taken = datetime.now(UTC)
    named = Path(destination) if destination is not None else DEFAULT_FOLDER
    if destination is None or str(destination).endswith(("/", os.sep)) or named.is_dir():
        named = named / f"swtalent-{kind}-{taken:%Y%m%dT%H%M%SZ}.tar.gz"
    destination = named
    if destination.exists():
        raise BackupError(f"{destination} 已存在，不会覆盖；请换一个文件名")
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Beside the destination, so a large database is staged on the disk meant to hold it.
    with tempfile.TemporaryDirectory(prefix=".swtalent-backup-", dir=destination.parent) as work:
        payload = Path(work) / PAYLOAD_NAMES[kind]
        if kind == "sqlite":
            version, tables = sqlite.backup(database_url, payload)
        else:
            version, tables = asyncio.run(postgres.backup(database_url, payload))
        manifest = Manifest(
            kind=kind,
            created_at=taken.isoformat(timespec="seconds"),
            server_version=version,
            payload_bytes=payload.stat().st_size,
            payload_sha256=_sha256(payload),
            tables=tables,
        )
        write_archive(destination, manifest, payload)
    return destination, manifest


def restore(database_url: str, source: Path, *, replace: bool = False) -> Manifest:
    """Restores the backup file `source` into the database DATABASE_URL names and returns its manifest,
    once the restored database has been proved equal to it. Raises `BackupError`, having changed
    nothing, for a file that is not a whole swtalent backup of this kind of database, or a database
    holding data without `replace`; and after the fact if the restored tables differ from the manifest."""
    kind = kind_of(database_url)
    with tempfile.TemporaryDirectory(prefix="swtalent-restore-") as work:
        payload = Path(work) / "payload"
        manifest = read_archive(source, payload)
        if manifest.kind != kind:
            raise BackupError(
                f"这是 {KIND_NAMES[manifest.kind]} 数据库的备份，不能恢复到 {KIND_NAMES[kind]} 数据库"
                "（DATABASE_URL）；未作任何改动"
            )
        if kind == "sqlite":
            sqlite.restore(database_url, payload, manifest.tables, replace=replace)
        else:
            asyncio.run(postgres.restore(database_url, payload, manifest.tables, replace=replace))
    return manifest


def verify(source: Path) -> Manifest:
    """Checks the backup file `source` without restoring it and returns its manifest: the whole file
    against its digest; a SQLite backup also table by table against the manifest; a PostgreSQL dump's
    table of contents through `pg_restore --list` (its rows are proved only by a restore). Raises
    `BackupError`."""
    with tempfile.TemporaryDirectory(prefix="swtalent-verify-") as work:
        payload = Path(work) / "payload"
        manifest = read_archive(source, payload)
        if manifest.kind == "sqlite":
            sqlite.check_payload(payload, manifest.tables)
        else:
            major = re.match(r"\d+", manifest.server_version)
            pg_restore = postgres.tool("pg_restore", int(major.group()) if major else 0)
            asyncio.run(postgres.check_dump(pg_restore, payload))
    return manifest
