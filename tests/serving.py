"""The app served for real by `swtalent serve` on 127.0.0.1, for tests that need a real server (the CLI's
own test, the graphql-http audit suite, and the load and fault harnesses to come)."""

from __future__ import annotations

import os
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
        ) as server,
    ):
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + START_SECONDS
            while True:
                try:
                    httpx.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, log.read_text() if log else "the server exited"
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=15)
