"""Measuring the desktop app from outside: start-up time and memory, as subprocesses.

The core never imports Qt; these functions only start ``python -m ui.app`` and a bare
PySide6 script and read what they print, so the benchmark suite and the tests share
one way of measuring.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from casereview.paths import resources_dir


def peak_rss_kb() -> int:
    """Peak resident memory of this process image in KB. On Linux VmHWM belongs to the
    current executable only; ``ru_maxrss`` keeps the high-water mark of the parent a child
    was forked from, which would credit a small program with the benchmark's memory."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


# The baseline is a separate script so the core holds no Qt code, not even as text.
BARE_WINDOW = resources_dir() / "bench" / "bare_qmainwindow.py"

ROOT = Path(__file__).resolve().parent.parent.parent


def _env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def time_to_show(args: list[str]) -> tuple[float, float]:
    """(wall seconds from starting the process until it reports its window shown (first event-loop
    turn after ``show()``), CPU seconds the process had used by then); the exit is not counted.
    CPU time is the steadier figure on a shared, loaded machine: waiting for a core is not in it."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, env=_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    elapsed = None
    cpu = 0.0
    for line in proc.stdout:
        if line.startswith("SHOWN"):
            elapsed = time.perf_counter() - started
            parts = line.split()
            cpu = float(parts[1]) if len(parts) > 1 else 0.0
            break
    proc.wait(timeout=120)
    if elapsed is None:
        raise RuntimeError(f"{args} never showed its window")
    return elapsed, cpu


def startup_times(db: Path, runs: int = 5) -> tuple[float, float]:
    """(bare QMainWindow, CaseReview main window) median wall seconds to first shown window,
    runs interleaved so machine load hits both alike (``startup_cpu_times`` gives CPU too)."""
    bare, app, _bare_cpu, _app_cpu = startup_cpu_times(db, runs)
    return bare, app


def startup_cpu_times(db: Path, runs: int = 5) -> tuple[float, float, float, float]:
    """(bare wall, app wall, bare CPU, app CPU): medians in seconds to the first shown window,
    runs interleaved so machine load hits both alike.

    The app's bytecode is compiled first, as in an installed copy: with PYTHONDONTWRITEBYTECODE
    set (CI, some shells) every run would otherwise compile ui/ and casereview/ again."""
    import compileall

    for package in ("ui", "casereview"):
        compileall.compile_dir(str(ROOT / package), quiet=2)
    bare: list[tuple[float, float]] = []
    app: list[tuple[float, float]] = []
    for _ in range(runs):
        bare.append(time_to_show([sys.executable, str(BARE_WINDOW)]))
        app.append(time_to_show([sys.executable, "-m", "ui.app", "--db", str(db), "--exit-after-show"]))
    return (statistics.median(b for b, _ in bare), statistics.median(a for a, _ in app),
            statistics.median(c for _, c in bare), statistics.median(c for _, c in app))


def peak_rss_mb(args: list[str]) -> tuple[int, float]:
    """(rows listed, peak RSS in MB) reported by a process printing 'LISTED rows kb'."""
    out = subprocess.run(args, env=_env(), cwd=ROOT, capture_output=True, text=True, timeout=300)
    for line in out.stdout.splitlines():
        if line.startswith("LISTED"):
            _, rows, kb = line.split()
            return int(rows), int(kb) / 1024
    raise RuntimeError(f"{args} did not report its memory: {out.stderr[-500:]}")


def list_memory(db: Path) -> tuple[int, float, float]:
    """(cases listed, app peak RSS MB, bare window peak RSS MB)."""
    rows, app = peak_rss_mb([sys.executable, "-m", "ui.app", "--db", str(db), "--exit-after-list"])
    _, bare = peak_rss_mb([sys.executable, str(BARE_WINDOW)])
    return rows, app, bare
