"""HTTP throughput and latency: the real app under uvicorn against a hand-written Starlette peer doing
the same work (bench/peer.py), with a bare route as the server's floor, and the server's peak memory.

Each server runs in its own process group on 127.0.0.1 (the app as `swtalent serve`; several workers
through `serve_workers`, see there why not `--workers N`), its output to a log file (both log one JSON
line per request, as `swtalent serve` does). The load is bounded: a fixed number of keep-alive
connections, each sending its next request as soon as the previous answer is read, for a warm-up and a
measured window, from a separate process that writes prebuilt request bytes on raw asyncio streams
(what it can drive is measured first, against a canned-answer server). GraphQL and the peer are
measured in alternate rounds, so the machine's other work weighs on both alike. Any non-200 answer or a
body with `"errors"` counts as an error. Before the load, each GraphQL answer's `data` is compared with
the peer's. The trainees sign in with the `login` mutation (which writes their tokens); nothing else
is written.

    python -m bench.http --manifest bench/.data/prefecture.json --workers 1 2 [--json out.json]

Ports 8731 (app), 8732 (peer) and 8739 (the canned-answer server).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any, Final
from urllib.parse import urlencode

from api.middleware import LOG_CONFIG
from bench import queries
from bench.report import Measurement, percentile, table

HOST: Final = "127.0.0.1"
APP_PORT: Final = 8731
PEER_PORT: Final = 8732
CEILING_PORT: Final = 8739
CONCURRENCY: Final = 32
WARMUP_S: Final = 1.0
DURATION_S: Final = 6.0
ROUNDS: Final = 3
READY_TIMEOUT_S: Final = 60.0
PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent

GROUP: Final = "http"
RATIO_TARGET: Final = 0.8
RSS_TARGET_MB: Final = 250.0
TAIL_TARGET: Final = 2.0

LOGIN: Final = """
mutation BenchLogin($input: LoginInput!) {
  login(input: $input) { token userErrors { code message } }
}
"""


# --- a minimal HTTP/1.1 client ---------------------------------------------------------------------


def request_bytes(
    method: str, path: str, *, token: str | None = None, body: object | None = None, port: int
) -> bytes:
    """One request, ready to write on a keep-alive connection."""
    payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Accept: application/json"]
    if token is not None:
        lines.append(f"Authorization: Bearer {token}")
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """(status, body) of one answer with a Content-Length (every Starlette `Response` has one)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
            break
    else:
        raise RuntimeError(f"answer without Content-Length: {head[:200]!r}")
    return status, await reader.readexactly(length)


async def fetch(port: int, raw: bytes) -> tuple[int, Any]:
    """One request on a fresh connection: (status, the JSON answer)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(raw)
        status, body = await read_response(reader)
    finally:
        writer.close()
        await writer.wait_closed()
    return status, json.loads(body)


def is_error(status: int, body: bytes) -> bool:
    return status != 200 or b'"errors"' in body


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str = ""
    # Every answer of the run, warm-up included, and the server's CPU seconds over the whole run.
    answered: int = 0
    cpu_seconds: float = 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        """The server's CPU time per answer (all its processes and threads): unlike req/s, what other
        work on the machine does not change."""
        return 1000 * self.cpu_seconds / self.answered if self.answered else 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 99) if self.latencies_ms else 0.0


async def _drive(
    port: int, requests: list[bytes], concurrency: int, warmup: float, duration: float
) -> LoadResult:
    """The measured window opens once `warmup` seconds have passed and every connection has had two
    answers: a closed loop of slow answers (a second each) delivers few in its first second, and a
    window opened then would count the server short."""
    loop = asyncio.get_running_loop()
    result = LoadResult(seconds=duration)
    answered = [0] * concurrency
    warm = [0]  # connections with two answers
    all_warm = asyncio.Event()
    window: list[float] = []  # [from, to] once open

    async def connection(index: int) -> None:
        raw = requests[index % len(requests)]
        reader, writer = await asyncio.open_connection(HOST, port)
        clock = time.perf_counter
        try:
            while not window or loop.time() < window[1]:
                began = clock()
                writer.write(raw)
                status, body = await read_response(reader)
                ended = clock()
                answered[index] += 1
                if answered[index] == 2:
                    warm[0] += 1
                    if warm[0] == concurrency:
                        all_warm.set()
                if window and window[0] <= loop.time() <= window[1]:
                    result.requests += 1
                    result.latencies_ms.append((ended - began) * 1000)
                    if is_error(status, body):
                        result.errors += 1
                        result.first_error = result.first_error or f"{status} {body[:300]!r}"
        finally:
            writer.close()

    async def open_window() -> None:
        await asyncio.sleep(warmup)
        await all_warm.wait()
        now = loop.time()
        window.extend((now, now + duration))

    await asyncio.gather(open_window(), *(connection(i) for i in range(concurrency)))
    result.answered = sum(answered)
    return result


def drive(port: int, requests: list[bytes], concurrency: int, warmup: float, duration: float) -> LoadResult:
    """Runs in the load process: `concurrency` keep-alive connections for `warmup` + `duration` s."""
    return asyncio.run(_drive(port, requests, concurrency, warmup, duration))


def _ceiling_server(port: int, ready: Any) -> None:
    """A server that answers every request with a canned 200 without parsing more than its framing: what
    the load client can drive when the server costs next to nothing."""
    answer = (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n"
        + b'{"status":"ok"}'
    )

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(answer)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(serve, HOST, port)
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# --- servers ---------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def processes(self) -> list[int]:
        """The uvicorn process and every process under it (the workers of `--workers N`)."""
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server's processes so far."""
        ticks = 0
        for pid in self.processes():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(stat[11]) + int(stat[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> dict[str, float]:
        """Peak (VmHWM) and current (VmRSS) resident memory: the largest process's, and the sum."""
        hwm: list[float] = []
        rss: list[float] = []
        for pid in self.processes():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            # A supervisor or multiprocessing's resource tracker is small; the workers dominate.
            hwm.append(int(fields.get("VmHWM", "0 kB").split()[0]) / 1024)
            rss.append(int(fields.get("VmRSS", "0 kB").split()[0]) / 1024)
        return {
            "peak_mb": max(hwm, default=0.0),
            "peak_total_mb": sum(hwm),
            "rss_mb": max(rss, default=0.0),
            "processes": float(len(hwm)),
        }

    def stop(self) -> None:
        """Stops the server's process group (uvicorn, its workers), which `start_server` made."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_server(name: str, argv: list[str], database_url: str, workdir: Path) -> Server:
    """A server in its own process group, its output in `workdir/<name>.log`. SWTALENT_PRODUCTION is set
    unless the environment says otherwise: production serves without introspection or the IDE."""
    log = workdir / f"{name}.log"
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.setdefault("SWTALENT_PRODUCTION", "1")
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            argv,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, process, log)


def app_argv(database_url: str, workers: int, log_config: Path) -> list[str]:
    """`swtalent serve` for one worker. For several, `serve_workers` (see there why not `--workers N`),
    also on SQLite, where the CLI refuses several workers (one process owns the file for writing): the
    benchmark only reads, and SQLite (WAL) readers in several processes do not block one another, so this
    measures what a second worker gives the GraphQL layer, as it would on PostgreSQL."""
    if workers == 1:
        serve = ["serve", "--host", HOST, "--port", str(APP_PORT), "--workers", "1"]
        return [sys.executable, "-m", "api.cli", *serve]
    return uvicorn_argv("api.app:create_app", APP_PORT, workers, log_config)


def uvicorn_argv(factory: str, port: int, workers: int, log_config: Path) -> list[str]:
    """uvicorn as `swtalent serve` runs it (a factory, the app's log config, no access log); several
    workers through `serve_workers`."""
    if workers > 1:
        arguments = f"{factory!r}, {port}, {workers}, {str(log_config)!r}"
        call = f"from bench.http import serve_workers; serve_workers({arguments})"
        return [sys.executable, "-c", call]
    return [
        sys.executable, "-m", "uvicorn", factory, "--factory", "--host", HOST, "--port", str(port),
        "--log-config", str(log_config), "--log-level", "info", "--no-access-log",
    ]  # fmt: skip


def serve_workers(factory: str, port: int, workers: int, log_config: str) -> None:
    """`workers` uvicorn servers of `factory` on one port, each in its own process on its own listening
    socket (SO_REUSEPORT, so the kernel spreads new connections evenly over them), with the options
    `swtalent serve` gives uvicorn. Not `uvicorn --workers N`, for two reasons measured here:

    - its workers share one socket, and the 32 keep-alive connections of a run are accepted in a burst
      by whichever worker wakes first: one worker served 454 requests of a run, the other 26, so the
      second worker often adds nothing and the figure is a lottery;
    - that socket is made with proto 0 (`Config.bind_socket`), so asyncio never sets TCP_NODELAY on
      the connections, and every answer, written as headers then body, waits for the client's delayed
      ACK: 44 ms per request whatever the app (a bare route: 2,400 req/s with one worker, 700 with two).
    """
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_serve_one, args=(factory, port, log_config)) for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()


def _serve_one(factory: str, port: int, log_config: str) -> None:
    from uvicorn import Config, Server  # noqa: PLC0415 - only in the server's processes

    config = Config(
        factory,
        factory=True,
        host=HOST,
        port=port,
        log_config=json.loads(Path(log_config).read_text()),
        log_level="info",
        access_log=False,
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((HOST, port))
    Server(config).run(sockets=[sock])


async def wait_ready(server: Server, port: int, path: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    raw = request_bytes("GET", path, port=port)
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited: {server.log.read_text()[-2000:]}")
        try:
            status, _ = await fetch(port, raw)
            if status == 200:
                return
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        await asyncio.sleep(0.2)
    tail = server.log.read_text()[-2000:]
    raise RuntimeError(f"{server.name} not ready after {READY_TIMEOUT_S:.0f} s: {tail}")


# --- the work ---------------------------------------------------------------------------------------


def graphql_request(document: str, variables: dict[str, Any], token: str | None) -> bytes:
    operation = document.split("(", 1)[0].split("{", 1)[0].rsplit(maxsplit=1)[-1]
    body = {"query": document, "operationName": operation, "variables": variables}
    return request_bytes("POST", "/graphql", token=token, body=body, port=APP_PORT)


async def sign_in(manifest: dict[str, Any], count: int) -> list[str]:
    """Bearer tokens for up to `count` of the manifest's trainees, through the `login` mutation."""
    tokens = []
    for trainee in manifest["trainees"][:count]:
        variables = {"input": {"username": trainee["username"], "password": manifest["password"]}}
        status, answer = await fetch(APP_PORT, graphql_request(LOGIN, variables, None))
        token = (answer.get("data") or {}).get("login", {}).get("token") if status == 200 else None
        if not token:
            raise RuntimeError(f"login as {trainee['username']} failed: {status} {answer}")
        tokens.append(token)
    return tokens


@dataclass
class Read:
    """One read as both servers are asked for it: one request per signed-in trainee."""

    name: str
    graphql: list[bytes]
    peer: list[bytes]


def reads(manifest: dict[str, Any], tokens: list[str]) -> list[Read]:
    requirement = global_id("TrainingRequirement", int(manifest["requirement_id"]))
    first = int(manifest.get("catalog_first", 50))
    hours_query = urlencode({"requirementId": requirement, "first": 20})
    hours_variables = {"requirementId": requirement, "first": 20}
    return [
        Read(
            "my hours (ledger summary + 20 entries)",
            [graphql_request(queries.MY_HOURS, hours_variables, t) for t in tokens],
            [request_bytes("GET", f"/my-hours?{hours_query}", token=t, port=PEER_PORT) for t in tokens],
        ),
        Read(
            f"catalog page of {first} with providers, sessions",
            [graphql_request(queries.CATALOG, {"first": first}, t) for t in tokens],
            [request_bytes("GET", f"/catalog?first={first}", token=t, port=PEER_PORT) for t in tokens],
        ),
    ]


def global_id(type_name: str, pk: int) -> str:
    """A relay global id, as api/schema/relay.py `to_global_id` writes it."""
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


async def same_answers(read: Read) -> str:
    """'' when the GraphQL answer's `data` equals the peer's for every trainee, else what differs."""
    for graphql, peer in zip(read.graphql, read.peer, strict=True):
        g_status, g = await fetch(APP_PORT, graphql)
        _, p = await fetch(PEER_PORT, peer)
        if g_status != 200 or "errors" in g:
            return f"GraphQL answered {g_status}: {json.dumps(g, ensure_ascii=False)[:300]}"
        if g.get("data") != p.get("data"):
            shown = json.dumps(g, ensure_ascii=False)[:300], json.dumps(p, ensure_ascii=False)[:300]
            return "answers differ: GraphQL {} peer {}".format(*shown)
    return ""


def merged(results: list[LoadResult]) -> LoadResult:
    total = LoadResult(first_error=next((r.first_error for r in results if r.first_error), ""))
    for r in results:
        total.requests += r.requests
        total.errors += r.errors
        total.seconds += r.seconds
        total.latencies_ms += r.latencies_ms
        total.answered += r.answered
        total.cpu_seconds += r.cpu_seconds
    return total


@dataclass
class Load:
    """Bounded load from one separate process: `concurrency` connections, a warm-up, then `duration`
    seconds measured, split into `rounds` so that two servers compared are measured turn about (the
    machine's other work then weighs on both alike)."""

    pool: ProcessPoolExecutor
    concurrency: int
    warmup: float
    duration: float
    rounds: int

    async def once(
        self, port: int, requests: list[bytes], warmup: float, duration: float, server: Server | None = None
    ) -> LoadResult:
        loop = asyncio.get_running_loop()
        cpu = server.cpu_seconds() if server else 0.0
        result = await loop.run_in_executor(
            self.pool, drive, port, requests, self.concurrency, warmup, duration
        )
        result.cpu_seconds = server.cpu_seconds() - cpu if server else 0.0
        return result

    async def one(self, port: int, requests: list[bytes], server: Server | None = None) -> LoadResult:
        return await self.once(port, requests, self.warmup, self.duration, server)

    async def pair(
        self, a: tuple[int, list[bytes], Server], b: tuple[int, list[bytes], Server]
    ) -> tuple[LoadResult, LoadResult]:
        """`a` and `b` measured in alternate rounds, each round after its own warm-up."""
        slice_ = self.duration / self.rounds
        first: list[LoadResult] = []
        second: list[LoadResult] = []
        for _ in range(self.rounds):
            for (port, requests, server), results in ((a, first), (b, second)):
                results.append(await self.once(port, requests, self.warmup, slice_, server))
        return merged(first), merged(second)


def _latency(result: LoadResult) -> dict[str, float | int | str]:
    return {
        "median_ms": round(result.median_ms, 2),
        "p99_ms": round(result.p99_ms, 2),
        "errors": result.errors,
        "requests": result.requests,
    }


async def measure_client(load: Load) -> LoadResult:
    """What the load client can drive against a server that does nothing."""
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    server = context.Process(target=_ceiling_server, args=(CEILING_PORT, ready), daemon=True)
    server.start()
    try:
        await asyncio.get_running_loop().run_in_executor(None, ready.wait, 30)
        raw = request_bytes("GET", "/bare", port=CEILING_PORT)
        return await load.once(CEILING_PORT, [raw], 0.5, 2.0)
    finally:
        server.terminate()
        server.join(10)


def _refuse_errors(name: str, result: LoadResult) -> None:
    # A fast wrong answer must not score: any error answer voids the comparison.
    if result.errors:
        raise RuntimeError(f"{name}: {result.errors} error answers, first: {result.first_error}")


async def _reads(
    load: Load, servers: tuple[Server, Server], label: str, manifest: dict[str, Any], tokens: list[str]
) -> list[Measurement]:
    app, peer = servers
    out: list[Measurement] = []
    for read in reads(manifest, tokens):
        differs = await same_answers(read)
        if differs:
            # The peer is only a floor while it does the same work: its answers must be GraphQL's.
            raise RuntimeError(f"{read.name}: the peer's answer differs from GraphQL's: {differs}")
        graphql, hand = await load.pair((APP_PORT, read.graphql, app), (PEER_PORT, read.peer, peer))
        _refuse_errors(f"{read.name} (GraphQL)", graphql)
        _refuse_errors(f"{read.name} (peer)", hand)
        extra: dict[str, float | int | str] = {
            **_latency(graphql),
            "peer_median_ms": round(hand.median_ms, 2),
            "peer_p99_ms": round(hand.p99_ms, 2),
            "peer_errors": hand.errors,
            "cpu_ms_per_request": round(graphql.cpu_ms_per_request, 2),
            "peer_cpu_ms_per_request": round(hand.cpu_ms_per_request, 2),
            "same_answer": int(not differs),
        }
        out += [
            Measurement(
                GROUP,
                f"{label}: {read.name}, GraphQL",
                graphql.rps,
                "req/s",
                floor=hand.rps,
                floor_name="hand-written Starlette",
                target=RATIO_TARGET,
                direction="at_least",
                extra=extra,
            ),
            Measurement(
                GROUP,
                f"{label}: {read.name}, GraphQL p99 latency",
                graphql.p99_ms,
                "ms",
                floor=graphql.median_ms,
                floor_name="its median",
                target=TAIL_TARGET,
            ),
            Measurement(
                GROUP,
                f"{label}: {read.name}, peer CPU per request / GraphQL's",
                hand.cpu_ms_per_request,
                "ms",
                floor=graphql.cpu_ms_per_request,
                floor_name="GraphQL CPU ms/request",
                target=RATIO_TARGET,
                direction="at_least",
            ),
        ]
    return out


async def run(
    database_url: str,
    manifest: dict[str, Any],
    workers: int,
    *,
    concurrency: int = CONCURRENCY,
    warmup: float = WARMUP_S,
    duration: float = DURATION_S,
    rounds: int = ROUNDS,
) -> list[Measurement]:
    """The HTTP benchmark with `workers` uvicorn workers per server: per read, GraphQL req/s against the
    peer's (target ≥ 0.8×) and GraphQL's p99 against its median (target ≤ 2×); the bare route; the app
    server's peak RSS (target ≤ 250 MB); and what the load client itself can drive."""
    label = f"{workers} worker{'s' if workers > 1 else ''}"
    workdir = Path(tempfile.mkdtemp(prefix="bench-http-"))
    log_config = workdir / "log_config.json"
    log_config.write_text(json.dumps(LOG_CONFIG))
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    load = Load(pool, concurrency, warmup, duration, rounds)
    servers: list[Server] = []
    try:
        ceiling = await measure_client(load)
        peer_argv = uvicorn_argv("bench.peer:create_peer_app", PEER_PORT, workers, log_config)
        app = start_server("app", app_argv(database_url, workers, log_config), database_url, workdir)
        servers.append(app)
        peer = start_server("peer", peer_argv, database_url, workdir)
        servers.append(peer)
        await wait_ready(app, APP_PORT, "/readyz")
        await wait_ready(peer, PEER_PORT, "/bare")
        at_start = app.memory_mb()
        tokens = await sign_in(manifest, concurrency)
        load_before = os.getloadavg()[0]
        bare = await load.one(PEER_PORT, [request_bytes("GET", "/bare", port=PEER_PORT)], peer)
        healthz = await load.one(APP_PORT, [request_bytes("GET", "/healthz", port=APP_PORT)], app)
        out = [
            Measurement(
                GROUP,
                f"{label}: bare route (peer /bare)",
                bare.rps,
                "req/s",
                extra={
                    **_latency(bare),
                    "cpu_ms_per_request": round(bare.cpu_ms_per_request, 3),
                    "app_healthz_rps": round(healthz.rps),
                    "client_ceiling_rps": round(ceiling.rps),
                },
            )
        ]
        out += await _reads(load, (app, peer), label, manifest, tokens)
        memory, peer_memory = app.memory_mb(), peer.memory_mb()
        out.append(
            Measurement(
                GROUP,
                f"{label}: app server peak RSS (largest process)",
                memory["peak_mb"],
                "MB",
                target=RSS_TARGET_MB,
                extra={
                    "at_start_mb": round(at_start["rss_mb"], 1),
                    "all_processes_peak_mb": round(memory["peak_total_mb"], 1),
                    "processes": int(memory["processes"]),
                    "peer_peak_mb": round(peer_memory["peak_mb"], 1),
                    "loadavg_before": round(load_before, 2),
                    "loadavg_after": round(os.getloadavg()[0], 2),
                },
            )
        )
    finally:
        for server in servers:
            server.stop()
        pool.shutdown()
    out.append(
        Measurement(
            GROUP,
            f"{label}: load client ceiling (canned answers)",
            ceiling.rps,
            "req/s",
            extra=_latency(ceiling),
        )
    )
    shutil.rmtree(workdir)  # kept when the run failed: the servers' logs say why
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--warmup", type=float, default=WARMUP_S)
    parser.add_argument("--duration", type=float, default=DURATION_S)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--json", type=Path, help="also write the measurements (with extras) as JSON")
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text())
    measurements: list[Measurement] = []
    for workers in args.workers:
        measurements += asyncio.run(
            run(
                manifest["database_url"],
                manifest,
                workers,
                concurrency=args.concurrency,
                warmup=args.warmup,
                duration=args.duration,
                rounds=args.rounds,
            )
        )
    print(table(measurements))
    for m in measurements:
        if m.extra:
            print(f"- {m.name}: {json.dumps(m.extra, ensure_ascii=False)}")
    if args.json:
        from dataclasses import asdict  # noqa: PLC0415

        args.json.write_text(json.dumps([asdict(m) for m in measurements], ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
