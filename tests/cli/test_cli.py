"""The `swtalent` command, run as a newcomer or an operator would, on its own SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from api.settings import PROJECT_ROOT
from domain import clock
from tests.serving import serving


def swtalent(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{db}"}
    return subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "api.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    db = tmp_path / "nested" / "swtalent.sqlite3"
    result = swtalent(db, "migrate")
    assert result.returncode == 0, result.stderr
    return db


def test_migrate_leaves_reference_data_and_nobody(database: Path) -> None:
    assert rows(database, "SELECT count(*), sum(population) FROM population_record") == [(10, 2_648_301)]
    assert rows(database, "SELECT name FROM county WHERE code = '532301'") == [("楚雄市",)]
    assert rows(database, "SELECT count(*) FROM app_user") == [(0,)]
    assert rows(database, "SELECT count(*) FROM person") == [(0,)]
    # Migrating again changes nothing.
    assert swtalent(database, "migrate").returncode == 0
    assert rows(database, "SELECT count(*) FROM county") == [(10,)]


def test_seed_demo_fills_an_empty_database_once(database: Path) -> None:
    first = swtalent(database, "seed-demo", "--if-empty")
    assert first.returncode == 0, first.stderr
    people = rows(database, "SELECT count(*) FROM person")
    assert people == [(10,)]
    assert rows(database, "SELECT name FROM person WHERE name LIKE '阿依%'") == [("阿依·木呷",)]
    roles = {r for (r,) in rows(database, "SELECT DISTINCT role FROM user_role")}
    assert {"TRAINEE", "COUNTY_ADMIN", "PREFECTURE_ADMIN", "EXPERT"} <= roles
    again = swtalent(database, "seed-demo", "--if-empty")
    assert again.returncode == 0
    assert rows(database, "SELECT count(*) FROM person") == people
    forced = swtalent(database, "seed-demo")
    assert forced.returncode == 1
    assert "演示数据只能载入空数据库" in forced.stderr


def test_the_demo_has_a_course_held_three_weeks_ago_with_completions_on_the_ledger(database: Path) -> None:
    assert swtalent(database, "seed-demo").returncode == 0
    [(starts_at, ends_at)] = rows(
        database, "SELECT starts_at, ends_at FROM course WHERE title = '禁毒社会工作督导工作坊'"
    )
    held = datetime.fromisoformat(str(starts_at)).astimezone(clock.SHANGHAI).date()
    assert (clock.today() - held).days in (21, 22)  # three weeks ago, by Chuxiong's date
    # Posted and enrolled in before it was held, through the services (the audit trail says when).
    [(posted,)] = rows(
        database,
        "SELECT a.at FROM audit_event a JOIN course c ON a.target_id = CAST(c.id AS TEXT)"
        " WHERE a.action = 'course.posted' AND c.title = '禁毒社会工作督导工作坊'",
    )
    assert datetime.fromisoformat(str(posted)) < datetime.fromisoformat(str(starts_at))
    completions = rows(
        database,
        "SELECT e.tenths, e.occurred_on, n.status FROM hour_entry e"
        " JOIN enrollment n ON n.id = e.enrollment_id JOIN course c ON c.id = e.course_id"
        " WHERE e.source = 'COMPLETION' AND c.title = '禁毒社会工作督导工作坊' ORDER BY e.id",
    )
    ended = datetime.fromisoformat(str(ends_at)).astimezone(clock.SHANGHAI).date().isoformat()
    assert completions == [(120, ended, "COMPLETED"), (120, ended, "COMPLETED"), (80, ended, "COMPLETED")]


def test_create_user_makes_a_scoped_account_and_refuses_bad_scope(database: Path) -> None:
    ok = swtalent(
        database,
        "create-user",
        "--username",
        "wd.admin",
        "--password",
        "wuding-2026",
        "--role",
        "COUNTY_ADMIN",
        "--county",
        "532329",
    )
    assert ok.returncode == 0, ok.stderr
    assert rows(database, "SELECT role, county_code FROM user_role") == [("COUNTY_ADMIN", "532329")]
    bad = swtalent(
        database,
        "create-user",
        "--username",
        "x.admin",
        "--password",
        "wuding-2026",
        "--role",
        "COUNTY_ADMIN",
    )
    assert bad.returncode == 1
    assert "ROLE_SCOPE_INVALID" in bad.stderr
    unknown_role = swtalent(
        database, "create-user", "--username", "y.admin", "--password", "wuding-2026", "--role", "KING"
    )
    assert unknown_role.returncode == 2
    numbered = swtalent(
        database, "create-user", "--username", "admin1", "--password", "wuding-2026", "--role", "EXPERT"
    )
    assert numbered.returncode == 1
    assert "请用 --name 给出账号使用人的姓名" in numbered.stderr
    named = swtalent(
        database,
        "create-user",
        *("--username", "admin1", "--password", "wuding-2026", "--role", "EXPERT", "--name", "吉克•阿依"),
    )
    assert named.returncode == 0, named.stderr
    assert rows(database, "SELECT name FROM app_user WHERE username = 'admin1'") == [("吉克·阿依",)]


def test_import_population_replaces_figures_from_a_gbk_file(database: Path, tmp_path: Path) -> None:
    csv = tmp_path / "pop.csv"
    csv.write_bytes(
        "county_code,year,basis,population,source\n"
        "532301,2024,HOUSEHOLD,560000,州统计局2024年统计公报\n"
        "532301,2025,RESIDENT,610000,州统计局2025年统计公报\n".encode("gbk")
    )
    result = swtalent(database, "import-population", str(csv))
    assert result.returncode == 0, result.stderr
    assert rows(
        database,
        "SELECT year, basis, population, source FROM population_record WHERE county_id = '532301' ORDER BY year",
    ) == [
        (2024, "HOUSEHOLD", 560000, "州统计局2024年统计公报"),
        (2025, "RESIDENT", 610000, "州统计局2025年统计公报"),
    ]


def test_import_population_refuses_a_bad_file_whole(database: Path, tmp_path: Path) -> None:
    csv = tmp_path / "pop.csv"
    csv.write_text(
        "county_code,year,basis,population,source\n"
        "532301,2024,HOUSEHOLD,560000,公报\n"
        "999999,2024,HOUSEHOLD,1000,公报\n",
        encoding="utf-8-sig",
    )
    result = swtalent(database, "import-population", str(csv))
    assert result.returncode == 1
    assert "第 3 行：县市代码「999999」不存在" in result.stderr
    assert rows(database, "SELECT population FROM population_record WHERE county_id = '532301'") == [
        (538301,)
    ]
    missing = swtalent(database, "import-population", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1
    assert "无法读取文件" in missing.stderr


def test_serve_refuses_several_workers_on_sqlite(database: Path) -> None:
    result = swtalent(database, "serve", "--workers", "2")
    assert result.returncode == 1
    assert "PostgreSQL" in result.stderr


def test_serve_answers_requests_against_the_migrated_database(database: Path) -> None:
    with serving(f"sqlite://{database}") as base:
        assert httpx.get(f"{base}/readyz").json() == {"status": "ready"}
        answer = httpx.post(f"{base}/graphql", json={"query": "{ counties { code } }"}).json()
        assert len(answer["data"]["counties"]) == 10
        login = httpx.post(
            f"{base}/graphql",
            json={
                "query": 'mutation { login(input: {username: "nobody", password: "x"}) { userErrors { code } } }'
            },
        ).json()
        assert login["data"]["login"]["userErrors"] == [{"code": "INVALID_CREDENTIALS"}]


def test_verify_ledger_proves_the_demo_balances_and_catches_a_tampered_one(database: Path) -> None:
    assert swtalent(database, "seed-demo").returncode == 0
    ok = swtalent(database, "verify-ledger")
    assert ok.returncode == 0, ok.stderr
    assert "学时台账一致" in ok.stdout
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE hour_balance SET tenths = tenths + 1 WHERE id = (SELECT min(id) FROM hour_balance)"
        )
    tampered = swtalent(database, "verify-ledger")
    assert tampered.returncode == 1
    assert "不一致" in tampered.stderr


@pytest.mark.parametrize("command", ["verify-ledger", "verify-payments", "seed-demo"])
@pytest.mark.parametrize("database_file", ["missing", "not a database", "not migrated"])
def test_a_command_on_a_database_migrate_did_not_make_says_so_without_a_traceback(
    tmp_path: Path, command: str, database_file: str
) -> None:
    db = tmp_path / "swtalent.sqlite3"
    match database_file:
        case "not a database":
            db.write_text("county_code,year\n532301,2024\n")
        case "not migrated":
            sqlite3.connect(db).close()
    before = db.read_bytes() if db.exists() else None
    result = swtalent(db, command)

    assert result.returncode == 1
    assert "尚未建立或不是本系统的数据库：请先运行 swtalent migrate" in result.stderr
    assert "Traceback" not in result.stderr
    # Only `swtalent migrate` creates a file or tables in it.
    match database_file:
        case "missing":
            assert not db.exists()
        case "not a database":
            assert db.read_bytes() == before
        case "not migrated":
            assert rows(db, "SELECT name FROM sqlite_master") == []
