"""The app served for real by `swtalent serve` on 127.0.0.1, for tests that need a real server (the CLI's
own test, the graphql-http audit suite, and the load and fault harnesses to come)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from api.settings import PROJECT_ROOT

START_SECONDS = 30


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(
    database_url: str, *args: str, log: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Serves the app on `database_url` (already migrated) with `swtalent serve [args]` until the block
    ends; yields its base URL (`http://127.0.0.1:<port>`) once `/healthz` answers. The server's stderr
    (its log) goes to `log` when given. Fails the test if the server does not answer within
    `START_SECONDS`. `env` adds to the server's environment (e.g. `SWTALENT_TODAY`)."""
    with serving_process(database_url, *args, log=log, env=env) as (base, _):
        yield base


@contextmanager
def serving_process(
    database_url: str,
    *args: str,
    log: Path | None = None,
    env: dict[str, str] | None = None,
    start_seconds: float = START_SECONDS,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As `serving`, and yields the server's process too, `(base URL, process)`, for a test that kills
    it (`crash`). The server leads its own process group, so its uvicorn workers can be killed with it.
    A server already dead when the block ends is left as it is. `start_seconds` bounds the start (a
    busy machine starts four workers slowly: uvicorn restarts a worker that has not answered its
    supervisor within 5 s of being spawned)."""
    port = free_port()
    env = {**os.environ, **(env or {}), "DATABASE_URL": database_url}
    with (
        log.open("wb") if log else open(os.devnull, "wb") as stderr,
        subprocess.Popen(  # noqa: S603 - our own command with fixed arguments
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), *args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        ) as server,
    ):
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + start_seconds
            while True:
                try:
                    httpx.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, log.read_text() if log else "the server exited"
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.2)
            yield base, server
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    crash(server)  # workers that will not stop must not outlive the test


def crash(server: subprocess.Popen[bytes]) -> None:
    """Kills the server as a power cut would: SIGKILL to its whole process group (the `swtalent serve`
    process and every uvicorn worker), no shutdown run; returns once the server process is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=15)
