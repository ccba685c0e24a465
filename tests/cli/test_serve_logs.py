"""`swtalent serve` logs every request, from every worker: uvicorn starts each worker as a fresh
process, which inherits no logging set up in the parent (with `--workers 4` nothing was logged at all)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.settings import PROJECT_ROOT
from tests.serving import serving

REQUESTS = 40


def migrate(database_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "migrate"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def request_lines(log: Path) -> list[dict[str, Any]]:
    lines = []
    for text in log.read_text().splitlines():
        if text.startswith("{"):
            line = json.loads(text)
            if line.get("event") == "request":
                lines.append(line)
    return lines


def send_requests(base: str) -> list[str]:
    """REQUESTS GraphQL requests, 8 at a time on fresh connections; their request ids."""

    def one(number: int) -> str:
        request_id = f"log-test-{number}"
        response = httpx.post(
            f"{base}/graphql",
            json={"query": "query Counties { counties { code } }"},
            headers={"X-Request-ID": request_id},
            timeout=30,
        )
        assert response.status_code == 200
        return request_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(REQUESTS)))


def assert_every_request_logged(log: Path, sent: list[str]) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        lines = [line for line in request_lines(log) if line["path"] == "/graphql"]
        if len(lines) >= len(sent) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert sorted(line["requestId"] for line in lines) == sorted(sent)
    assert {line["operation"] for line in lines} == {"Counties"}
    return lines


def test_a_single_process_server_logs_each_request(tmp_path: Path) -> None:
    database_url = f"sqlite://{tmp_path / 'swtalent.sqlite3'}"
    migrate(database_url)
    log = tmp_path / "serve.log"
    with serving(database_url, log=log) as base:
        sent = send_requests(base)
        lines = assert_every_request_logged(log, sent)
    assert len({line["pid"] for line in lines}) == 1


def test_every_worker_of_a_multi_worker_server_logs_its_requests(tmp_path: Path) -> None:
    database_url = os.environ.get("TEST_DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.skip(
            "several workers need PostgreSQL (SQLite is served by one process): set TEST_DATABASE_URL"
        )
    migrate(database_url)
    log = tmp_path / "serve.log"
    with serving(database_url, "--workers", "2", log=log) as base:
        sent = send_requests(base)
        lines = assert_every_request_logged(log, sent)
    # Each line names its worker; none is the parent, which serves nothing.
    started = [text for text in log.read_text().splitlines() if "Started server process" in text]
    assert len(started) == 2, log.read_text()
    assert {line["pid"] for line in lines} <= {int(t.split("[")[1].split("]")[0]) for t in started}
