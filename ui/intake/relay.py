"""Progress and cancel between the DB worker thread (where an import runs) and the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal


class ImportRelay(QObject):
    """``report`` is called on the worker thread; the signal arrives queued on the UI thread.
    ``cancel`` is set from the UI thread and read by the service between batches."""

    progressed = Signal(int, int, str)  # done, total (0: unknown), current item

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    def report(self, done: int, total: int, item: str = "") -> None:
        self.progressed.emit(done, total, item)

    def request_cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def reset(self) -> None:
        self._cancel.clear()
