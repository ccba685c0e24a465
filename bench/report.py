"""One benchmark's measurement and how a run is printed and saved.

Every figure a benchmark reports is a `Measurement`: what was measured, its value and unit, and, when
there is one, the floor it is compared with and the target the ratio must meet.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Final, Literal

# "at_most": the value (or ratio) must not exceed the target; "at_least": must not fall below it.
Direction = Literal["at_most", "at_least"]


@dataclass(slots=True)
class Measurement:
    """A figure of one benchmark.

    `value` is in `unit` (ms, req/s, rows/s, MB, statements). `floor` is the same figure for the
    reference (the database driver, a hand-written endpoint, a bare route) in the same unit; `ratio` is
    value / floor. `target` applies to `ratio` when a floor is given, else to `value`.
    """

    group: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    target: float | None = None
    direction: Direction = "at_most"
    extra: dict[str, float | int | str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor == 0:
            return None
        return self.value / self.floor

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        measured = self.ratio if self.floor is not None else self.value
        if measured is None:
            return None
        return measured <= self.target if self.direction == "at_most" else measured >= self.target


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) of `samples`, by linear interpolation (statistics.quantiles)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return cuts[min(max(round(p) - 1, 0), 98)]


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def table(measurements: Sequence[Measurement]) -> str:
    """A Markdown table of `measurements`, one row each, with ratio and target verdict."""
    lines = [
        "| group | measurement | value | unit | floor | floor is | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in measurements:
        sign = "≤" if m.direction == "at_most" else "≥"
        target = f"{sign} {m.target:g}{'×' if m.floor is not None else ''}" if m.target is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[m.met]
        ratio = f"{_fmt(m.ratio)}×" if m.ratio is not None else ""
        lines.append(
            f"| {m.group} | {m.name} | {_fmt(m.value)} | {m.unit} | {_fmt(m.floor)} | {m.floor_name} "
            f"| {ratio} | {target} | {met} |"
        )
    return "\n".join(lines)


def environment(scale: str, database: str) -> dict[str, str]:
    """The machine and versions a run was measured on."""
    packages = ["strawberry-graphql", "graphql-core", "tortoise-orm", "starlette", "uvicorn", "aiosqlite"]
    packages.append("asyncpg")
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "database": database,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {cpu}".strip(", "),
        **{name: version(name) for name in packages},
    }


GROUP_NAMES: Final = {"inprocess": "in-process", "http": "http", "writes": "writes"}


def save(
    path: Path, env: dict[str, str], measurements: Sequence[Measurement], *, keep: Sequence[str] = ()
) -> None:
    """Writes the run as JSON: its environment and every measurement with its ratio and verdict.
    Measurements of the groups in `keep` already in `path` (from an earlier run, when this one ran
    only some groups) stay, each group with the date it was measured on."""
    rows = [{**asdict(m), "ratio": m.ratio, "met": m.met, "measured": env["date"]} for m in measurements]
    if keep and path.exists():
        earlier = json.loads(path.read_text())
        kept = [r for r in earlier.get("measurements", []) if r["group"] in keep]
        for row in kept:
            row.setdefault("measured", earlier.get("environment", {}).get("date", ""))
        rows = kept + rows
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"environment": env, "measurements": rows}, ensure_ascii=False, indent=2))
