"""Subprocess that feeds hostile files to the app, one per request, and measures each.

Reads JSON lines {"kind", "path", "db"} on stdin; for each resets the peak RSS
(/proc/self/clear_refs "5"), runs the operation, and answers one JSON line:
{"outcome": "refused"|"imported"|"crashed", "message", "peak_mb", "seconds", "changed"}.
"crashed" carries the traceback (an exception that is not a CaseReviewError). A fatal
abort (a reader allocating gigabytes) kills this process: the parent sees no answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import traceback
from pathlib import Path


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):  # resets VmHWM to the current RSS (Linux)
        Path("/proc/self/clear_refs").write_text("5")


def _cases(db: Path) -> tuple[int, int]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT count(*) FROM cases").fetchone()[0],
                conn.execute("SELECT count(*) FROM standard_versions").fetchone()[0])


def run(kind: str, path: Path, db: Path) -> tuple[str, str]:
    from casereview.checks import CheckContext
    from casereview.services.app import Services

    if kind == "registry":
        services = Services.open(db, as_system=True)
        try:
            result = services.intake.run(path)
        finally:
            services.close()
        return ("imported" if result.saved else "refused"), result.report.split("\n", 1)[0] + (
            "\n" + "\n".join(p.describe() for p in result.problems[:3]) if result.problems else "")
    if kind == "standard":
        services = Services.open(db, as_system=True)
        try:
            services.standards.import_file(path)
        finally:
            services.close()
        return "imported", "标准已导入"
    if kind == "threshold":
        CheckContext.default(threshold_extra=[path])
        return "imported", "阈值表已读取"
    if kind == "calendar":
        CheckContext.default(calendar_extra=[path])
        return "imported", "日历已读取"
    if kind == "profile":
        from casereview.intake.mapping import MappingProfile

        MappingProfile.load(path)
        return "imported", "映射方案已读取"
    raise ValueError(kind)


def main() -> None:
    from casereview.errors import CaseReviewError

    sys.setrecursionlimit(10_000)
    for line in sys.stdin:
        request = json.loads(line)
        path = Path(os.fsdecode(request["path"].encode("utf-8", "surrogateescape")))
        db = Path(request["db"])
        before = _cases(db)
        _reset_peak()
        started = time.perf_counter()
        try:
            outcome, message = run(request["kind"], path, db)
        except CaseReviewError as exc:
            outcome, message = "refused", str(exc)
        except Exception:
            outcome, message = "crashed", traceback.format_exc()
        seconds = time.perf_counter() - started
        answer = {"outcome": outcome, "message": message, "peak_mb": round(_peak_mb(), 1),
                  "seconds": round(seconds, 2), "changed": _cases(db) != before}
        print(json.dumps(answer, ensure_ascii=True), flush=True)


if __name__ == "__main__":
    main()
