"""The hostile-file corpus (tests/hostile_corpus.py, ≥ 60 files, generated): each file
yields one clear Chinese message in bounded time and memory, and a refused file changes
nothing. Files are fed to the app in a subprocess (tests/hostile_worker.py) so a reader
that aborts or runs away cannot take the test run with it; the worker's peak RSS is reset
before each file and read after it (Linux /proc), so each figure is that file's peak."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from casereview.services.app import Services
from tests.hostile_corpus import CORPUS, build

PEAK_LIMIT_MB = 500  # for any file under 10 MB (the bound)
TIME_LIMIT_S = 60
ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")


class Worker:
    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "hostile_worker.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)

    def ask(self, request: dict[str, str], timeout: float) -> dict[str, Any] | None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request, ensure_ascii=True) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, Path]]:
    return build(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite3"
    services = Services.open(path, as_system=True)
    services.close()
    return path


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 60
    assert len({h.name for h, _m in CORPUS}) == len(CORPUS)


@pytest.mark.slow  # ~1 min: 79 files, the bombs generated in the run
def test_every_hostile_file_is_handled(corpus: list[tuple[Any, Path]], seed_db: Path, tmp_path: Path) -> None:
    worker = Worker()
    failures: list[str] = []
    figures: list[tuple[str, float, float, str]] = []
    try:
        for hostile, path in corpus:
            db = tmp_path / "run.sqlite3"
            shutil.copyfile(seed_db, db)
            started = time.perf_counter()
            request = {"kind": hostile.kind, "path": os.fsencode(str(path)).decode("utf-8", "surrogateescape"),
                       "db": str(db)}
            answer = worker.ask(request, TIME_LIMIT_S)
            if answer is None:
                failures.append(f"{hostile.name}: no answer within {TIME_LIMIT_S} s or the process died "
                                f"({hostile.what})")
                worker.stop()
                worker = Worker()
                continue
            elapsed = time.perf_counter() - started
            message = answer["message"]
            shown = hostile.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            figures.append((shown, answer["peak_mb"], elapsed, answer["outcome"]))
            size = path.stat().st_size if path.is_file() else 0
            if answer["outcome"] == "crashed":
                failures.append(f"{hostile.name}: traceback\n{message}")
            elif answer["outcome"] != ("refused" if hostile.expect == "refuse" else "imported"):
                failures.append(f"{hostile.name}: expected {hostile.expect}, got {answer['outcome']}: {message}")
            if hostile.expect == "refuse" and answer["changed"]:
                failures.append(f"{hostile.name}: refused but the database changed")
            if not any("\u4e00" <= ch <= "\u9fff" for ch in message) or "Traceback" in message:
                failures.append(f"{hostile.name}: message is not a clear Chinese message: {message[:200]}")
            if size < 10 * 1024 * 1024 and answer["peak_mb"] > PEAK_LIMIT_MB:
                failures.append(f"{hostile.name}: peak {answer['peak_mb']} MB > {PEAK_LIMIT_MB} MB")
    finally:
        worker.stop()
    report = "\n".join(f"{n:36} {outcome:9} peak {peak:7.1f} MB {secs:6.2f} s" for n, peak, secs, outcome in figures)
    print("\n" + report)
    out = os.environ.get("CASEREVIEW_HOSTILE_REPORT")
    if out:
        Path(out).write_text(report + "\n", encoding="utf-8")
    assert not failures, "\n".join(failures)
