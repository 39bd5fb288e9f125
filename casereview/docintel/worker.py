"""The background pool that reads pages: text layer or OCR, the open case first.

Nothing but the stored readings is state: the pending pages of a case are those without a
reading by the current engines, so after a restart ``add_cases`` simply finds the rest.
Workers are threads: onnxruntime and pdfium rendering release the GIL, so the UI thread
keeps running; each worker owns one OCR engine, loaded when its first scanned page comes.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from casereview.docintel.ocr_engine import OcrEngine, OcrUnavailable, default_threads, model_files
from casereview.docintel.pages import PageReading
from casereview.docintel.reader import TEXT_ENGINE, read_page
from casereview.docintel.store import case_pages, done_pages, save_reading
from casereview.services.documents import blob_path
from casereview.storage.db import Database

log = logging.getLogger(__name__)


def default_workers() -> int:
    """One worker per two cores (each runs onnxruntime on two threads), at most four."""
    return max(1, min(4, (os.cpu_count() or 2) // 2))


def current_engines() -> tuple[str, ...]:
    """Engine ids whose readings count as done (text layer always; OCR of this model)."""
    try:
        return (TEXT_ENGINE, model_files().engine_id)
    except OcrUnavailable:
        return (TEXT_ENGINE,)


@dataclass(frozen=True, slots=True)
class Task:
    case_id: int
    blob_sha256: str
    ext: str
    page_index: int


@dataclass(frozen=True)
class OcrProgress:
    done: int
    total: int
    failed: int
    paused: bool
    running: bool
    error: str | None = None  # why the queue stopped (e.g. the OCR engine is missing)


class OcrQueue:
    def __init__(
        self,
        db: Database,
        documents_root: Path,
        *,
        workers: int | None = None,
        engine_factory: Callable[[], OcrEngine] | None = None,
        on_page: Callable[[Task, PageReading | None], None] | None = None,
        find_blob: Callable[[str], Path | None] | None = None,
    ) -> None:
        self.db = db
        self.root = documents_root
        self._find_blob = find_blob  # team server: files come from the database via the PC's cache
        self.workers = workers or default_workers()
        self._engine_factory = engine_factory or (lambda: OcrEngine(threads=default_threads(self.workers)))
        self._on_page = on_page
        self._tasks: deque[Task] = deque()
        self._queued: set[tuple[str, int]] = set()
        self._cond = threading.Condition()
        self._paused = False
        self._cancelled = False
        self._threads: list[threading.Thread] = []
        self._busy = 0
        self.done = self.failed = self.total = 0
        self.error: str | None = None

    # -- filling -------------------------------------------------------------------------

    def add_cases(self, case_ids: Sequence[int], *, first: bool = False) -> int:
        """Queue the unread pages of these cases (``first``: ahead of everything queued);
        returns how many pages were added."""
        with self.db.session() as session:
            pages = case_pages(session, case_ids)
            done = done_pages(session, {p.blob_sha256 for p in pages}, current_engines())
        fresh: list[Task] = []
        with self._cond:
            for p in pages:
                key = (p.blob_sha256, p.page_index)
                if key in done or key in self._queued:
                    continue
                self._queued.add(key)
                fresh.append(Task(p.case_id, p.blob_sha256, p.ext, p.page_index))
            if first:
                self._tasks.extendleft(reversed(fresh))
            else:
                self._tasks.extend(fresh)
            self.total += len(fresh)
            self._cond.notify_all()
        return len(fresh)

    def prioritise(self, case_id: int) -> None:
        """Move the queued pages of ``case_id`` (the case the reviewer opened) to the front."""
        with self._cond:
            mine = [t for t in self._tasks if t.case_id == case_id]
            if mine:
                rest = [t for t in self._tasks if t.case_id != case_id]
                self._tasks = deque(mine + rest)

    # -- control -------------------------------------------------------------------------

    def start(self) -> None:
        with self._cond:
            self._cancelled = False
            alive = [t for t in self._threads if t.is_alive()]
            for n in range(len(alive), self.workers):
                thread = threading.Thread(target=self._run, name=f"ocr-{n}", daemon=True)
                alive.append(thread)
                thread.start()
            self._threads = alive

    def pause(self) -> None:
        with self._cond:
            self._paused = True

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def cancel(self) -> None:
        """Drop the queued pages; pages being read finish and are kept."""
        with self._cond:
            self._cancelled = True
            self.total -= len(self._tasks)
            self._tasks.clear()
            self._queued.clear()
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the queue is empty and idle (True) or ``timeout`` passes (False)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: (not self._tasks and self._busy == 0) or self.error is not None or self._cancelled,
                timeout,
            )

    def stop(self) -> None:
        self.cancel()
        for thread in self._threads:
            thread.join(timeout=60)

    def progress(self) -> OcrProgress:
        with self._cond:
            running = bool(self._tasks) or self._busy > 0
            return OcrProgress(self.done, self.total, self.failed, self._paused, running, self.error)

    # -- work ----------------------------------------------------------------------------

    def _next(self) -> Task | None:
        with self._cond:
            while True:
                if self._cancelled or self.error is not None:
                    return None
                if self._tasks and not self._paused:
                    self._busy += 1
                    return self._tasks.popleft()
                if not self._tasks and self._busy == 0:
                    self._cond.notify_all()  # wake wait(): all done
                self._cond.wait(timeout=1.0)

    def _run(self) -> None:
        engine: OcrEngine | None = None

        def get_engine() -> OcrEngine:
            nonlocal engine
            if engine is None:
                engine = self._engine_factory()
            return engine

        while True:
            task = self._next()
            if task is None:
                return
            reading: PageReading | None = None
            try:
                path = blob_path(self.root, task.blob_sha256, task.ext)
                if not path.is_file() and self._find_blob is not None:
                    path = self._find_blob(task.blob_sha256) or path
                if not path.is_file():
                    raise FileNotFoundError(f"文件 {path} 不存在")
                reading = read_page(path, task.page_index, get_engine)
                with self.db.session() as session:
                    save_reading(session, task.blob_sha256, task.page_index, reading)
            except OcrUnavailable as exc:
                with self._cond:
                    self.error = str(exc)
                log.error("OCR stopped: %s", exc)
            except Exception as exc:  # a damaged page must not stop the other pages
                log.warning("page %s#%d not read: %s", task.blob_sha256[:12], task.page_index, exc)
                reading = None
                with self._cond:
                    self.failed += 1
            finally:
                with self._cond:
                    self._busy -= 1
                    self._queued.discard((task.blob_sha256, task.page_index))
                    if reading is not None:
                        self.done += 1
                    self._cond.notify_all()
            if self._on_page is not None:
                self._on_page(task, reading)
