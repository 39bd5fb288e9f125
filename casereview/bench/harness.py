"""Benchmark harness: medians of several runs, each figure next to its baseline.

This machine is shared and noisy, so absolute seconds drift from run to run; a ratio
to a baseline measured in the same run (interleaved, same data) is what we compare.
Each ``Figure`` carries its issue's target either as a ratio to the baseline or as an
absolute bound; ``guard_factor`` (3 in CI) turns a figure worse than 3x its target
into a failure so a large regression cannot land.
"""

from __future__ import annotations

import gc
import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def median_time(fn: Callable[[], object], runs: int, *, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn`` over ``runs`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(
    fn: Callable[[], object], baseline: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Run subject and baseline alternately so load changes hit both alike."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for target, out in ((fn, a), (baseline, b)):
            gc.collect()
            start = time.perf_counter()
            target()
            out.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


@dataclass
class Figure:
    name: str  # Chinese description
    value: float  # seconds (or MB for memory figures)
    unit: str = "s"
    baseline_name: str | None = None
    baseline: float | None = None
    target_ratio: float | None = None  # value / baseline must stay below this
    target_abs: float | None = None  # value must stay below this (same unit)
    target_note: str = ""
    issue: str = ""
    runs: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline and self.baseline > 0:
            return self.value / self.baseline
        return None

    def meets_target(self) -> bool | None:
        checks = []
        if self.target_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.target_ratio)
        if self.target_abs is not None:
            checks.append(self.value <= self.target_abs)
        return all(checks) if checks else None

    def within_guard(self, factor: float) -> bool:
        if self.target_ratio is not None and self.ratio is not None and self.ratio > self.target_ratio * factor:
            return False
        return not (self.target_abs is not None and self.value > self.target_abs * factor)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        data["meets_target"] = self.meets_target()
        return data


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.1f} {unit}"


def render_table(figures: list[Figure]) -> str:
    """A Markdown table (printed by the CLI, pasted into the README)."""
    lines = [
        "| 项目 | 结果 | 基线 | 基线值 | 比值 | 目标 | 达标 |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "—"
        met = {True: "是", False: "否", None: "—"}[f.meets_target()]
        lines.append(
            f"| {f.name} | {_fmt(f.value, f.unit)} | {f.baseline_name or '—'} | {_fmt(f.baseline, f.unit)} | "
            f"{ratio} | {f.target_note or '—'} | {met} |"
        )
    return "\n".join(lines)


def machine_description() -> dict[str, Any]:
    import os

    mem = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            mem = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": mem,
        "processor": platform.processor() or platform.machine(),
    }


def write_json(path: Path, figures: list[Figure], *, quick: bool, elapsed: float) -> None:
    payload = {
        "machine": machine_description(),
        "quick": quick,
        "elapsed_s": round(elapsed, 1),
        "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
        "figures": [f.as_dict() for f in figures],
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
