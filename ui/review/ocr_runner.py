"""Reading the open case's pages in the background (text layer, else OCR) while the reviewer
works: one reader pool per database for the whole app, the open case first, progress in the
status bar. The pool's threads run pdfium and onnxruntime (which release the GIL) and write
their own transactions, so the UI and its database worker carry on.

Opening the reader's own ``Services`` (SQLAlchemy, the migration check) and listing a case's
unread pages take from a fraction of a second to several seconds on a team server: they run on
the runner's own thread, never on the UI thread and never in the database worker's queue."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.runtime import OcrQueue
    from ui.context import AppContext

tr = translator("OcrRunner")
log = logging.getLogger(__name__)
POLL_MS = 1000
ENABLE_ENV = "CASEREVIEW_BACKGROUND_OCR"  # "0": do not read pages in the background


def enabled() -> bool:
    return os.environ.get(ENABLE_ENV, "1") != "0"


class OcrRunner(QObject):
    """The app's background reader (see ``for_context``)."""

    # (pages added, error text or "") from the runner's thread, delivered on the UI thread
    _started = Signal(int, str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx.bus)
        self.ctx = ctx
        self._services: Services | None = None
        self._queue: OcrQueue | None = None
        self._db_path: Path | None = None
        self._reported = (-1, -1)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._started.connect(self._on_started)
        # One thread runs the runner's own jobs (open, queue a case, stop) in order.
        self._jobs: list[tuple[str, tuple[Path, int] | None]] = []
        self._jobs_cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()

    # -- the runner's thread ----------------------------------------------------------------

    def _submit(self, kind: str, arg: tuple[Path, int] | None = None) -> None:
        with self._jobs_cond:
            self._jobs.append((kind, arg))
            self._idle.clear()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="ocr-runner", daemon=True)
                self._thread.start()
            self._jobs_cond.notify_all()

    def _serve(self) -> None:
        while True:
            with self._jobs_cond:
                if not self._jobs:
                    self._idle.set()
                    if not self._jobs_cond.wait_for(lambda: bool(self._jobs), timeout=30):
                        self._thread = None  # a new one starts with the next job
                        return
                kind, arg = self._jobs.pop(0)
            if kind == "case" and arg is not None:
                self._queue_case(*arg)
            elif kind == "stop":
                self._stop_queue()

    def _ensure(self, db_path: Path) -> OcrQueue:
        """The reader for ``db_path`` (runs on the runner's thread): another database closes the old one."""
        if self._queue is not None and self._db_path != db_path:
            self._stop_queue()
        if self._queue is None:
            from casereview.services.app import Services

            # reading page text is the program's own background job (derived data), not a user action
            self._services = Services.open(db_path, upgrade=False, as_system=True)
            self._db_path = db_path
            self._queue = self._services.docintel.queue()
        return self._queue

    def _queue_case(self, db_path: Path, case_id: int) -> None:
        try:
            queue = self._ensure(db_path)
            added = queue.add_cases([case_id], first=True)
            queue.prioritise(case_id)
            queue.start()
        except Exception as exc:  # a reader that cannot start must not stop the review
            log.warning("background reading not started: %s", exc)
            self._started.emit(0, str(exc) or type(exc).__name__)
            return
        self._started.emit(added, "")

    def _stop_queue(self) -> None:
        queue, services = self._queue, self._services
        self._queue = self._services = None
        self._db_path = None
        if queue is not None:
            queue.stop()
        if services is not None:
            services.close()

    # -- the UI thread ----------------------------------------------------------------------

    @property
    def queue(self) -> OcrQueue | None:
        return self._queue

    def open_case(self, case_id: int) -> None:
        """Read this case's unread pages first (the others queued keep their turn after).
        Returns at once: the reader opens and fills its queue on its own thread."""
        if not enabled() or self.ctx.db_path is None:
            return
        self._submit("case", (Path(self.ctx.db_path), case_id))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the runner's thread has done what was asked (tests, shutdown)."""
        return self._idle.wait(timeout)

    def _on_started(self, added: int, error: str) -> None:
        if error:
            self.ctx.bus.status_message.emit(fmt(tr("Text recognition stopped: %1"), error))
        elif added:
            self._timer.start()

    def pause(self) -> None:
        if self._queue is not None:
            self._queue.pause()

    def resume(self) -> None:
        if self._queue is not None:
            self._queue.resume()

    def shutdown(self, wait: bool = True) -> None:
        """Stop reading and close the reader's database (on its thread; ``wait`` for it)."""
        self._timer.stop()
        if self._queue is not None:
            self._queue.cancel()  # queued pages are dropped at once; pages being read finish
        self._submit("stop")
        if wait:
            self.wait_idle(timeout=70)

    def _poll(self) -> None:
        if self._queue is None:
            self._timer.stop()
            return
        p = self._queue.progress()
        if p.error:
            self.ctx.bus.status_message.emit(fmt(tr("Text recognition stopped: %1"), p.error))
            self._timer.stop()
            return
        if (p.done, p.total) != self._reported:
            self._reported = (p.done, p.total)
            self.ctx.bus.status_message.emit(fmt(tr("Reading pages in the background: %1 / %2"), p.done, p.total))
        if not p.running:
            self._timer.stop()


def for_context(ctx: AppContext) -> OcrRunner:
    """The one runner of this app context (created on first use)."""
    runner = getattr(ctx, "_ocr_runner", None)
    if runner is None or runner.ctx is not ctx:
        runner = OcrRunner(ctx)
        ctx._ocr_runner = runner  # type: ignore[attr-defined]
    return runner
