"""The backup file: a gzip'd tar holding `manifest.json` and one payload (a SQLite database file, or a
`pg_dump` custom-format archive).

The manifest names the kind of database, the payload's size and SHA-256, and each table's row count and
checksum (`api.backup.checksums`). Reading a file checks the gzip CRC, the tar structure, the manifest
and the payload's digest before anything is restored, so a truncated, corrupted or foreign file is
refused with `BackupError` and nothing else is touched.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from api.backup.checksums import TableSummary

FORMAT: Final = "swtalent-backup"
VERSION: Final = 1
MANIFEST_NAME: Final = "manifest.json"
PAYLOAD_NAMES: Final = {"sqlite": "database.sqlite3", "postgres": "database.pgdump"}
KIND_NAMES: Final = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
CHUNK: Final = 1 << 20

Kind = Literal["sqlite", "postgres"]


class BackupError(Exception):
    """A backup or restore refused or failed; the message (Chinese) says why and what to do."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds: `kind`, `created_at` (ISO 8601, UTC), `server_version` of the database it
    was taken from, the payload's `payload_bytes` and `payload_sha256`, and `tables` by name."""

    kind: Kind
    created_at: str
    server_version: str
    payload_bytes: int
    payload_sha256: str
    tables: dict[str, TableSummary]

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "kind": self.kind,
                "created_at": self.created_at,
                "server_version": self.server_version,
                "payload": {
                    "name": PAYLOAD_NAMES[self.kind],
                    "bytes": self.payload_bytes,
                    "sha256": self.payload_sha256,
                },
                "tables": {
                    name: {"rows": t.rows, "checksum": t.checksum} for name, t in sorted(self.tables.items())
                },
            },
            ensure_ascii=False,
            indent=1,
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """The manifest in `raw`; `BackupError` unless it is a swtalent backup manifest of this version."""
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("不是 swtalent 备份文件")
            if data.get("version") != VERSION:
                raise BackupError(
                    f"备份文件格式版本 {data.get('version')} 不受支持（本程序读取版本 {VERSION}）"
                )
            kind = data["kind"]
            if kind not in PAYLOAD_NAMES:
                raise BackupError(f"备份文件的数据库类型 {kind!r} 不受支持")
            payload = data["payload"]
            return cls(
                kind=kind,
                created_at=str(data["created_at"]),
                server_version=str(data["server_version"]),
                payload_bytes=int(payload["bytes"]),
                payload_sha256=str(payload["sha256"]),
                tables={
                    str(name): TableSummary(rows=int(t["rows"]), checksum=str(t["checksum"]))
                    for name, t in data["tables"].items()
                },
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BackupError("备份文件的清单已损坏") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(destination: Path, manifest: Manifest, payload: Path) -> None:
    """Writes the backup file at `destination` (which must not exist) through a `.part` file, so a
    crash or a full disk never leaves a file under the final name that looks whole."""
    if destination.exists():
        raise BackupError(f"{destination} 已存在，不会覆盖；请换一个文件名")
    destination.parent.mkdir(parents=True, exist_ok=True)
    part = destination.with_name(destination.name + ".part")
    try:
        # Readable by the backing-up account only (0600, whatever the umask): the file holds every ID
        # number and bank account of the database.
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(descriptor, "wb") as file,
            tarfile.open(fileobj=file, mode="w:gz", compresslevel=6) as tar,
        ):
            raw = manifest.to_json()
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
            tar.add(payload, arcname=PAYLOAD_NAMES[manifest.kind], recursive=False)
        with part.open("rb") as f:
            os.fsync(f.fileno())
        # A hard link fails rather than replace a file that appeared meanwhile.
        os.link(part, destination)
    finally:
        part.unlink(missing_ok=True)


def read_archive(source: Path, payload_to: Path) -> Manifest:
    """The manifest of the backup file `source`, with its payload written to `payload_to` and checked
    against the manifest's size and SHA-256. `BackupError` for a file that is missing, not a swtalent
    backup, truncated or corrupted."""
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    try:
        with tarfile.open(source, "r:gz") as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            if not names or names[0] != MANIFEST_NAME or len(names) != 2:
                raise BackupError(f"{source} 不是 swtalent 备份文件")
            manifest_file = tar.extractfile(members[0])
            if manifest_file is None:
                raise BackupError(f"{source} 不是 swtalent 备份文件")
            manifest = Manifest.from_json(manifest_file.read())
            if names[1] != PAYLOAD_NAMES[manifest.kind] or not members[1].isfile():
                raise BackupError(f"{source} 不是 swtalent 备份文件")
            payload = tar.extractfile(members[1])
            if payload is None:
                raise BackupError(f"{source} 不是 swtalent 备份文件")
            digest = hashlib.sha256()
            size = 0
            with payload, payload_to.open("wb") as out:
                while chunk := payload.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
    # gzip reports a bad CRC as BadGzipFile and a file cut short as EOFError.
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise BackupError(f"{source} 不是 swtalent 备份文件，或已损坏、不完整（{exc}）") from None
    if size != manifest.payload_bytes or digest.hexdigest() != manifest.payload_sha256:
        raise BackupError(f"{source} 已损坏：数据部分与清单记录的大小或 SHA-256 不符")
    return manifest
