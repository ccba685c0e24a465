"""`swtalent verify-payments` as an operator runs it: on the demo's money (budgets, approvals, a paid
batch, accruals) it passes; a figure changed by hand in the database makes it fail and name the row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from api.settings import PROJECT_ROOT


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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "swtalent.sqlite3"
    for command in ("migrate", "seed-demo"):
        result = swtalent(db, command)
        assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def copy(demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo database a test may tamper with."""
    target = tmp_path / "copy.sqlite3"
    with sqlite3.connect(demo) as source, sqlite3.connect(target) as destination:
        source.backup(destination)
    return target


def test_verify_payments_passes_on_the_demo_and_counts_what_it_checked(copy: Path) -> None:
    with sqlite3.connect(copy) as connection:
        [(batches,)] = connection.execute("SELECT count(*) FROM payout_batch").fetchall()
    assert batches >= 1, "the demo pays a batch: the check must have one to check"
    ok = swtalent(copy, "verify-payments")
    assert ok.returncode == 0, ok.stderr
    assert "资金记录一致" in ok.stdout
    assert f"发放批次 {batches} 个" in ok.stdout


@pytest.mark.parametrize(
    ("tampering", "named"),
    [
        pytest.param(
            "UPDATE payout_batch SET total_fen = total_fen + 1 WHERE id = (SELECT min(id) FROM payout_batch)",
            "合计",
            id="a batch total one fen above its lines",
        ),
        pytest.param(
            "UPDATE county_budget SET committed_fen = committed_fen + 100, remaining_fen = remaining_fen - 100"
            " WHERE id = (SELECT min(id) FROM county_budget)",
            "已占用",
            id="a budget committing more than its approvals",
        ),
        pytest.param(
            "UPDATE entitlement SET amount_fen = amount_fen + 5000"
            " WHERE id = (SELECT min(id) FROM entitlement WHERE status = 'PAID')",
            "已发放",
            id="a paid line changed after its batch was paid",
        ),
        pytest.param(
            "UPDATE allowance_accrual SET created_count = created_count + 1"
            " WHERE id = (SELECT min(id) FROM allowance_accrual)",
            "生成条数",
            id="an accrual counting an allowance it did not make",
        ),
    ],
)
def test_verify_payments_fails_on_a_row_changed_by_hand(copy: Path, tampering: str, named: str) -> None:
    with sqlite3.connect(copy) as connection:
        assert connection.execute(tampering).rowcount == 1
    tampered = swtalent(copy, "verify-payments")
    assert tampered.returncode == 1
    assert f"{named}：记录为" in tampered.stderr
    assert "处资金记录不一致" in tampered.stderr
