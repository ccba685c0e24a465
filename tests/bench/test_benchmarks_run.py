"""`make bench` keeps working: the generator builds a consistent data set (the ledger check passes on it)
and the in-process benchmark answers every read without an error, at a tiny scale. What the benchmarks
measure is not asserted here (tests assert no times, #14); statement counts are asserted where the
reads are (tests/api/training/test_query_count.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from api.settings import PROJECT_ROOT


def _run(*argv: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - the project's own commands with fixed arguments
        argv, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_tiny_data_set_is_consistent_and_every_read_answers(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path / 'tiny.sqlite3'}"
    manifest = tmp_path / "tiny.json"
    rows = json.loads(
        _run(
            sys.executable,
            "-m",
            "bench.generate",
            "--scale",
            "tiny",
            "--database-url",
            url,
            "--manifest",
            str(manifest),
        )
    )
    assert rows["person"] == 300
    # 10 entries each, but the 200 sample trainees' 50 (bench/generate.py SAMPLE_LEDGER).
    assert rows["hour_entry"] == 100 * 10 + 200 * 50

    env = {**os.environ, "DATABASE_URL": url}
    checked = _run(str(Path(sys.executable).parent / "swtalent"), "verify-ledger", env=env)
    assert f"{rows['hour_balance']} 个余额均等于其记录之和" in checked

    table = _run(sys.executable, "-m", "bench.inprocess", "--manifest", str(manifest), "--requests", "3")
    for read in (
        "my hours",
        "ledger entries, page 2",
        "catalog page of 50",
        "my exam registrations",
        "targets report",
    ):
        assert f"| in-process | {read}" in table
    # The my-hours card costs what tests/api/training/test_query_count.py pins.
    assert "| in-process | my hours (summary + 20 entries): SQL statements | 9.00 |" in table
