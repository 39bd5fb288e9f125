"""Reading the open case's pages in the background (text layer, else OCR) while the reviewer
works: one reader pool per database for the whole app, the open case first, progress in the
status bar. The pool's threads run pdfium and onnxruntime (which release the GIL) and write
their own transactions, so the UI and its database worker carry on."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

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

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx.bus)
        self.ctx = ctx
        self._services: Services | None = None
        self._queue: OcrQueue | None = None
        self._reported = (-1, -1)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def _ensure(self) -> OcrQueue | None:
        if self._queue is None:
            if self.ctx.db_path is None:
                return None
            from casereview.services.app import Services

            # reading page text is the program's own background job (derived data), not a user action
            self._services = Services.open(self.ctx.db_path, upgrade=False, as_system=True)
            self._queue = self._services.docintel.queue()
        return self._queue

    @property
    def queue(self) -> OcrQueue | None:
        return self._queue

    def open_case(self, case_id: int) -> None:
        """Read this case's unread pages first (the others queued keep their turn after)."""
        if not enabled():
            return
        try:
            queue = self._ensure()
            if queue is None:
                return
            added = queue.add_cases([case_id], first=True)
            queue.prioritise(case_id)
            queue.start()
        except Exception as exc:  # a reader that cannot start must not stop the review
            log.warning("background reading not started: %s", exc)
            return
        if added:
            self._timer.start()

    def pause(self) -> None:
        if self._queue is not None:
            self._queue.pause()

    def resume(self) -> None:
        if self._queue is not None:
            self._queue.resume()

    def shutdown(self) -> None:
        self._timer.stop()
        if self._queue is not None:
            self._queue.stop()
        if self._services is not None:
            self._services.close()
        self._queue = self._services = None

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
