"""`make bench`: every benchmark at one scale, printed as one table and saved as JSON.

    make bench                    # prefecture scale, embedded SQLite (bench/.data/prefecture.sqlite3)
    make bench SCALE=national     # national scale, PostgreSQL ($BENCH_DATABASE_URL)

The data set is generated on first use and reused while its manifest matches the scale and database
(`--regenerate` builds it again). The results go to bench/results/<scale>.json; bench/RESULTS.md quotes
the latest run of each scale.

What runs at each scale:
- prefecture: in-process reads against the driver; HTTP with 1 and 2 workers against the hand-written
  peer and a bare route, with the server's peak memory; writes (completions per second, the 100,000-row
  roster import) on a fresh SQLite file of their own.
- national: in-process reads against the driver and HTTP with 2 workers (writes are measured on SQLite:
  the roster target is SQLite's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from bench import generate, inprocess
from bench import http as http_bench
from bench import writes as write_bench
from bench.report import GROUP_NAMES, Measurement, environment, save, table

RESULTS_DIR: Final = Path(__file__).resolve().parent / "results"
NATIONAL_URL: Final = "postgres://swbench:swbench@127.0.0.1:5432/swbench"


def database_url(scale: str) -> str:
    """The national scale's PostgreSQL database (`BENCH_DATABASE_URL`, else the benchmark's own
    `swbench`); every other scale's own SQLite file in bench/.data/."""
    if scale == "national":
        return os.environ.get("BENCH_DATABASE_URL", NATIONAL_URL)
    return generate.default_database_url(scale)


def data_set(scale: str, url: str, *, regenerate: bool) -> dict[str, Any]:
    """The manifest of the data set at `scale` in `url`, generating it when missing, older than
    `generate.FRESH_FOR` (its upcoming courses would have started) or asked to. A reused one gets new
    bearer tokens. The generator empties `url` first, so it refuses a database whose accounts are not
    all its own (`generate.check_disposable`)."""
    path = generate.DATA_DIR / f"{scale}.json"
    if not regenerate and path.exists():
        manifest: dict[str, Any] = json.loads(path.read_text())
        generated = manifest.get("generated_at")
        fresh = generated is not None and datetime.now(UTC) - datetime.fromisoformat(generated) < (
            generate.FRESH_FOR
        )
        if manifest.get("database_url") == url and manifest.get("scale") == scale and fresh:
            print(f"== reusing the {scale} data set in {url} (--regenerate to rebuild it)", flush=True)
            manifest = asyncio.run(generate.refresh_tokens(manifest))
            path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
            return manifest
    print(f"== generating the {scale} data set in {url}", flush=True)
    generate.check_disposable(url)
    if url.startswith("sqlite"):
        generate.remove_sqlite_file(url)
    else:
        asyncio.run(generate.empty_postgres(url))
    return asyncio.run(generate.generate(generate.SCALES[scale], url, path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark at one scale")
    parser.add_argument("--scale", choices=["small", "prefecture", "national"], default="prefecture")
    parser.add_argument("--regenerate", action="store_true", help="build the data set again")
    parser.add_argument("--only", choices=["inprocess", "http", "writes"], action="append")
    parser.add_argument(
        "--requests", type=int, default=inprocess.REQUESTS, help="in-process requests per read"
    )
    args = parser.parse_args(argv)
    parts = set(args.only or ["inprocess", "http", "writes"])
    url = database_url(args.scale)
    try:
        manifest = data_set(args.scale, url, regenerate=args.regenerate)
    except generate.NotABenchmarkDatabase as exc:
        print(exc, file=sys.stderr)
        return 2

    measurements: list[Measurement] = []
    if "inprocess" in parts:
        print("== in-process reads", flush=True)
        measurements += asyncio.run(inprocess.run(manifest, args.requests))
    if "http" in parts:
        for workers in (1, 2) if args.scale != "national" else (2,):
            print(f"== HTTP, {workers} worker(s)", flush=True)
            measurements += asyncio.run(http_bench.run(url, manifest, workers))
    if "writes" in parts and args.scale != "national":
        print("== writes", flush=True)
        measurements += asyncio.run(write_bench.run(generate.default_database_url("writes")))

    print()
    print(table(measurements))
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    path = RESULTS_DIR / f"{args.scale}.json"
    save(
        path,
        {**environment(args.scale, database), "rows": json.dumps(manifest.get("rows", {}))},
        measurements,
        # A run of some groups (--only) keeps the others' latest figures in the file.
        keep=[GROUP_NAMES[g] for g in GROUP_NAMES if g not in parts],
    )
    print(f"\nsaved {path}")
    missed = [m for m in measurements if m.met is False]
    if missed:
        print(f"{len(missed)} target(s) not met: see bench/RESULTS.md for the distance left and why")
    return 0


if __name__ == "__main__":
    sys.exit(main())
