"""The `swtalent` command: serve, migrate, seed-demo, create-user, import-population, verify-ledger,
verify-payments, backup, restore, verify-backup, print-schema.

Every command reads `DATABASE_URL` as the app does; failures print a clear message to stderr and exit
with a non-zero status.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import time
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Final

import asyncpg
import uvicorn
from tortoise import Tortoise
from tortoise.exceptions import DBConnectionError, OperationalError
from tortoise.migrations.api.migrate import migrate as apply_migrations

from api import backup, demo, serving
from api.middleware import LOG_CONFIG
from api.schema import build_schema
from api.settings import Settings, SettingsError
from domain.access import Actor, Grant, Role
from domain.accounts import service as accounts
from domain.database import tortoise_config
from domain.errors import DomainError
from domain.incentives import service as incentives
from domain.names import name_problem, normalize_name
from domain.people import service as people
from domain.people.service import PopulationFigure
from domain.people.vocabulary import PopulationBasis
from domain.spreadsheets import UnreadableFile, read_table
from domain.training import progress as training_progress

EXIT_FAILURE = 1
EXIT_USAGE = 2
CLI_ACTOR = Actor(username="cli", grants=(Grant(Role.PREFECTURE_ADMIN),), request_id="cli")


class CommandFailed(Exception):
    pass


def _ensure_sqlite_folder(settings: Settings) -> None:
    if settings.is_sqlite:
        path = settings.database_url.removeprefix("sqlite://").split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


NOT_MIGRATED: Final = (
    "数据库 {url} 尚未建立或不是本系统的数据库：请先运行 swtalent migrate（或检查 DATABASE_URL）"
)


def _shown(settings: Settings) -> str:
    """The database's address without the user and password, for messages."""
    return settings.database_url.split("@")[-1]


def _require_sqlite_file(settings: Settings) -> None:
    """Only `swtalent migrate` creates a SQLite file: any other command refuses a missing one rather than
    leave an empty file behind."""
    if settings.is_sqlite:
        path = settings.database_url.removeprefix("sqlite://").split("?", 1)[0]
        if path != ":memory:" and not Path(path).is_file():
            raise CommandFailed(NOT_MIGRATED.format(url=_shown(settings)))


async def _with_orm(settings: Settings, work: Callable[[], Awaitable[None]]) -> None:
    """Runs `work` with the ORM on the migrated database. `CommandFailed` (a message, never a traceback)
    when the database is missing, unmigrated or not a database at all."""
    _require_sqlite_file(settings)
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        try:
            # The accounts table exists from the first migration on.
            await Tortoise.get_connection("default").execute_query("SELECT 1 FROM app_user LIMIT 1")
        except (OperationalError, sqlite3.DatabaseError) as exc:  # no such table; not a database file
            raise CommandFailed(NOT_MIGRATED.format(url=_shown(settings))) from exc
        except (DBConnectionError, OSError, asyncpg.PostgresError) as exc:  # refused, wrong password
            raise CommandFailed(f"无法连接数据库 {_shown(settings)}：{exc}") from exc
        await work()
    finally:
        await Tortoise.close_connections()


async def migrate(settings: Settings) -> None:
    _ensure_sqlite_folder(settings)
    try:
        await apply_migrations(config=tortoise_config(settings.database_url))
    finally:
        await Tortoise.close_connections()


async def seed_demo(settings: Settings, *, if_empty: bool) -> None:
    async def work() -> None:
        if await demo.has_people():
            if if_empty:
                print("数据库已有数据，跳过演示数据。")
                return
            raise CommandFailed("数据库已有账号，演示数据只能载入空数据库")
        await demo.seed_demo()
        print(f"已载入演示数据；演示账号密码均为 {demo.DEMO_PASSWORD}（见 README）。")

    await _with_orm(settings, work)


async def create_user(settings: Settings, args: argparse.Namespace) -> None:
    grant = Grant(role=Role(args.role), county_code=args.county, provider_id=args.provider)
    # Without --name the username stands in for the name, so it must read as a name (domain.names).
    if not args.name and name_problem(normalize_name(args.username)) is not None:
        raise CommandFailed(f"用户名「{args.username}」不能当作姓名：请用 --name 给出账号使用人的姓名")

    async def work() -> None:
        user = await accounts.create_user(
            CLI_ACTOR,
            username=args.username,
            password=args.password,
            name=args.name or args.username,
            organization_name=args.organization or "",
            grants=[grant],
        )
        print(f"已创建用户 {user.username}（{grant.role.value}）")

    await _with_orm(settings, work)


POPULATION_COLUMNS = ("county_code", "year", "basis", "population", "source")
# The headers a statistics office writes in Chinese, read as the English ones.
POPULATION_SYNONYMS = {
    "county_code": ("县市代码", "县市区代码", "县代码", "区划代码", "行政区划代码"),
    "year": ("年份", "年度"),
    "basis": ("口径", "人口口径"),
    "population": ("人口", "人口数", "人数"),
    "source": ("来源", "数据来源"),
}
BASES = {
    "HOUSEHOLD": PopulationBasis.HOUSEHOLD,
    "户籍": PopulationBasis.HOUSEHOLD,
    "户籍人口": PopulationBasis.HOUSEHOLD,
    "RESIDENT": PopulationBasis.RESIDENT,
    "常住": PopulationBasis.RESIDENT,
    "常住人口": PopulationBasis.RESIDENT,
}
# Far beyond any county (and within what the database's integer column holds).
MAX_POPULATION = 100_000_000


def read_population_file(path: Path) -> list[PopulationFigure]:
    """County populations from a CSV, XLSX or XLS file (read by `domain.spreadsheets`) with the columns
    county_code, year, basis (HOUSEHOLD or RESIDENT, or 户籍 or 常住), population and source, or their
    Chinese headers 县市代码, 年份, 口径, 人口, 来源.

    Every bad row is named, by the row number Excel shows, in one `CommandFailed`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandFailed(f"无法读取文件 {path}：{exc.strerror}") from None
    try:
        table = read_table(raw, required=POPULATION_COLUMNS, synonyms=POPULATION_SYNONYMS)
    except UnreadableFile as exc:
        raise CommandFailed(str(exc)) from None
    missing = table.missing(POPULATION_COLUMNS)
    if missing:
        raise CommandFailed(f"缺少列：{', '.join(missing)}（需要 {', '.join(POPULATION_COLUMNS)}）")
    if not table.rows:
        raise CommandFailed("文件为空")
    figures: list[PopulationFigure] = []
    problems: list[str] = []
    for row in table.rows:
        try:
            county_code = row.code("county_code")
        except ValueError:
            county_code = ""
        year = _whole_number(row.text("year"))
        basis = BASES.get(row.text("basis").upper())
        population = _whole_number(row.text("population"))
        wrong = [
            *(["county_code 须为县市代码"] if not county_code else []),
            *(["year 须为整数年份"] if year is None else []),
            *(["basis 须为 HOUSEHOLD（户籍）或 RESIDENT（常住）"] if basis is None else []),
            *(
                [f"population 须为 1 至 {MAX_POPULATION} 之间的整数"]
                if population is None or not 0 < population <= MAX_POPULATION
                else []
            ),
        ]
        if wrong or year is None or basis is None or population is None:
            problems.append(f"第 {row.number} 行格式不正确：{'，'.join(wrong)}")
            continue
        figures.append(
            PopulationFigure(
                county_code=county_code,
                year=year,
                basis=basis,
                population=population,
                source=row.text("source"),
                row=row.number,
            )
        )
    if problems:
        raise CommandFailed("\n".join(problems))
    return figures


def _whole_number(text: str) -> int | None:
    """A whole number written with ASCII or full-width digits and perhaps thousands separators, or None."""
    normal = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    return int(normal) if normal.isascii() and normal.isdigit() and len(normal) <= 18 else None


async def import_population(settings: Settings, path: Path) -> None:
    figures = await asyncio.to_thread(read_population_file, path)

    async def work() -> None:
        count = await people.import_population(CLI_ACTOR, figures)
        print(f"已导入 {count} 条人口数据")

    await _with_orm(settings, work)


async def verify_ledger(settings: Settings) -> None:
    async def work() -> None:
        checked, mismatches = await training_progress.verify_ledger()
        for m in mismatches:
            print(
                f"不一致：要求 {m.requirement_code} 人员 {m.person_id} 类别 {m.category.value}："
                f"余额 {m.balance_tenths / 10} ≠ 记录合计 {m.entries_tenths / 10}",
                file=sys.stderr,
            )
        if mismatches:
            raise CommandFailed(f"{len(mismatches)} 个学时余额与台账记录不一致（共检查 {checked} 个）")
        print(f"学时台账一致：{checked} 个余额均等于其记录之和")

    await _with_orm(settings, work)


async def verify_payments(settings: Settings) -> None:
    async def work() -> None:
        check = await incentives.verify_payments()
        for m in check.mismatches:
            print(f"不一致：{m.subject} {m.figure}：记录为 {m.recorded}，应为 {m.expected}", file=sys.stderr)
        counts = (
            f"待遇 {check.entitlements} 条、发放批次 {check.batches} 个、预算 {check.budgets} 个、"
            f"津贴计提 {check.accruals} 次、追回 {check.recoveries} 笔"
        )
        if check.mismatches:
            raise CommandFailed(f"{len(check.mismatches)} 处资金记录不一致（共检查{counts}）")
        print(f"资金记录一致：{counts}，每个合计均等于其明细之和，无重复发放")

    await _with_orm(settings, work)


def backup_command(settings: Settings, args: argparse.Namespace) -> None:
    match args.command:
        case "backup":
            backup_database(settings, args.file)
        case "restore":
            restore_database(settings, args.file, replace=args.replace)
        case "verify-backup":
            verify_backup(args.file)


def backup_database(settings: Settings, destination: str | None) -> None:
    started = time.monotonic()
    path, manifest = backup.backup(settings.database_url, destination)
    print(
        f"已备份到 {path}：{len(manifest.tables)} 张表，{manifest.total_rows} 行，"
        f"{path.stat().st_size / 1e6:.1f} MB，用时 {time.monotonic() - started:.1f} 秒"
    )


def restore_database(settings: Settings, source: Path, *, replace: bool) -> None:
    started = time.monotonic()
    manifest = backup.restore(settings.database_url, source, replace=replace)
    print(
        f"已从 {source}（备份于 {manifest.created_at}）恢复，{len(manifest.tables)} 张表、"
        f"{manifest.total_rows} 行与备份清单逐表一致，用时 {time.monotonic() - started:.1f} 秒"
    )


def verify_backup(source: Path) -> None:
    manifest = backup.verify(source)
    rows = "，各表行数与校验值与清单一致" if manifest.kind == "sqlite" else "，转储目录可读"
    print(
        f"备份文件完好：{manifest.kind_name} 数据库，备份于 {manifest.created_at}，"
        f"{len(manifest.tables)} 张表，{manifest.total_rows} 行{rows}"
    )


def serve(settings: Settings, args: argparse.Namespace) -> None:
    if settings.is_sqlite and args.workers > 1:
        # One process owns an embedded SQLite file (ARCHITECTURE.md): use PostgreSQL for more workers.
        raise CommandFailed("SQLite 数据库只能由一个进程提供服务；多个 worker 请使用 PostgreSQL")
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        # Applied in every worker process, so each one logs its requests (api.middleware.LOG_CONFIG).
        log_config=LOG_CONFIG,
        access_log=False,
        http=serving.PROTOCOL,
        # uvicorn kills and respawns a worker that misses its supervisor's ping for this long (default
        # 5 s): on a busy machine a spawned worker takes longer to import the app, so four workers
        # were respawned over and over and the server never came up (#15's crash harness).
        timeout_worker_healthcheck=30,
    )


def print_schema() -> None:
    sys.stdout.write(build_schema().as_str() + "\n")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="swtalent", description="楚雄州社会工作人才系统")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="serve the app (never seeds)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=1)
    sub.add_parser("migrate", help="apply migrations; a new database gets the reference data")
    d = sub.add_parser("seed-demo", help="load demo accounts and data into an empty database")
    d.add_argument("--if-empty", action="store_true", help="do nothing if the database has accounts")
    u = sub.add_parser("create-user", help="create an account with one role")
    u.add_argument("--username", required=True)
    u.add_argument("--password", required=True)
    u.add_argument("--role", required=True, choices=[r.value for r in Role])
    u.add_argument("--county", help="county code, for COUNTY_ADMIN")
    u.add_argument("--provider", type=int, help="provider id, for PROVIDER")
    u.add_argument("--name", help="账号使用人的姓名（默认用用户名）")
    u.add_argument("--organization")
    i = sub.add_parser("import-population", help="load county populations from a file")
    i.add_argument(
        "file",
        type=Path,
        help=f"CSV, XLSX or XLS with columns {', '.join(POPULATION_COLUMNS)} (or 县市代码…)",
    )
    sub.add_parser("verify-ledger", help="prove every hour balance equals the sum of its entries")
    sub.add_parser(
        "verify-payments",
        help="prove batch totals, budget figures and accruals equal their entitlements, none paid twice",
    )
    b = sub.add_parser("backup", help="back up the whole database into one file (safe while serving)")
    b.add_argument("file", nargs="?", help=f"the new file, or a folder (default {backup.DEFAULT_FOLDER}/)")
    r = sub.add_parser("restore", help="restore a backup file into the database, proved table by table")
    r.add_argument("file", type=Path)
    r.add_argument("--replace", action="store_true", help="用备份替换数据库中已有的数据")
    vb = sub.add_parser("verify-backup", help="check a backup file without restoring it")
    vb.add_argument("file", type=Path)
    sub.add_parser("print-schema", help="print the GraphQL SDL")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        match args.command:
            case "serve":
                serve(settings, args)
            case "migrate":
                asyncio.run(migrate(settings))
            case "seed-demo":
                asyncio.run(seed_demo(settings, if_empty=args.if_empty))
            case "create-user":
                asyncio.run(create_user(settings, args))
            case "import-population":
                asyncio.run(import_population(settings, args.file))
            case "verify-ledger":
                asyncio.run(verify_ledger(settings))
            case "verify-payments":
                asyncio.run(verify_payments(settings))
            case "backup" | "restore" | "verify-backup":
                backup_command(settings, args)
            case "print-schema":
                print_schema()
    except (CommandFailed, SettingsError, backup.BackupError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAILURE
    except DomainError as exc:
        print(f"错误（{exc.code.value}）：{exc.message}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAILURE
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
