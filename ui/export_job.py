"""One way to run a file export: a progress dialog with 取消, the work in the DB worker, the file
written under a temporary name beside the target and renamed into place only when complete,
then 导出完成 with 打开文件 / 打开所在文件夹.

Cancelling is cooperative: an export writing to a stream stops at its next write (the stream
raises ``ExportCancelled``); one writing a path itself stops when it returns. Either way the
temporary file is removed and the target is left as it was (no partial file)."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.i18n import translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from ui.context import AppContext

tr = translator("ExportJob")


class ExportCancelled(Exception):
    """Raised in the worker when the user cancelled the export."""


class _WatchedFile(io.FileIO):
    """A file whose every (buffered) write first checks for a cancel."""

    def __init__(self, path: Path, cancelled: threading.Event) -> None:
        super().__init__(path, "w+b")
        self._cancelled = cancelled

    def write(self, data: Any) -> int:
        if self._cancelled.is_set():
            raise ExportCancelled
        return super().write(data)


def part_path(target: Path) -> Path:
    """The temporary name the export is written under, beside ``target`` (same disk: the final
    rename is atomic) and with the same suffix (writers that pick the format by it)."""
    return target.with_name(f".{target.stem}.{os.getpid()}.part{target.suffix}")


class ExportJob:
    """Runs one export. ``to_stream(services, stream)`` writes into a binary stream, or
    ``to_path(services, path)`` writes the file at ``path`` itself; ``message(result)`` is the
    sentence of the finished dialog."""

    def __init__(
        self, ctx: AppContext, parent: QWidget, target: Path, label: str, message: Callable[[Any], str], *,
        to_stream: Callable[[Services, BinaryIO], Any] | None = None,
        to_path: Callable[[Services, Path], Any] | None = None,
    ) -> None:
        assert (to_stream is None) != (to_path is None)
        self.ctx, self.target, self.message = ctx, Path(target), message
        self.to_stream, self.to_path = to_stream, to_path
        self.cancelled = threading.Event()
        self.finished = False
        self.dialog = QProgressDialog(label, tr("Cancel"), 0, 0, parent)  # 0..0: a busy bar
        self.dialog.setWindowTitle(tr("Exporting"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick exports never flash a dialog
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> ExportJob:
        self.ctx.worker.call(self._run, self._done, self._failed, label="export")
        return self

    def cancel(self) -> None:
        self.cancelled.set()
        self.dialog.setLabelText(tr("Cancelling…"))

    def _run(self, services: Services) -> Any:  # in the worker thread
        if self.cancelled.is_set():
            raise ExportCancelled  # cancelled while waiting for its turn
        part = part_path(self.target)
        try:
            if self.to_stream is not None:
                with io.BufferedRandom(_WatchedFile(part, self.cancelled)) as stream:
                    result = self.to_stream(services, stream)  # type: ignore[arg-type]
            else:
                assert self.to_path is not None
                result = self.to_path(services, part)
            if self.cancelled.is_set():
                raise ExportCancelled
            os.replace(part, self.target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return result

    def _close(self) -> None:
        self.finished = True
        self.dialog.reset()
        self.dialog.close()
        self.dialog.deleteLater()

    def _done(self, result: Any) -> None:
        self._close()
        self.ctx.dialogs.exported(self.target, self.message(result))

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, ExportCancelled) or self.cancelled.is_set():  # a writer may wrap the exception
            self.ctx.bus.status_message.emit(tr("Export cancelled; no file was written."))
        else:
            self.ctx.dialogs.error(exc)


def run_export(
    ctx: AppContext, parent: QWidget, target: Path, label: str, message: Callable[[Any], str], *,
    to_stream: Callable[[Services, BinaryIO], Any] | None = None,
    to_path: Callable[[Services, Path], Any] | None = None,
) -> ExportJob:
    return ExportJob(ctx, parent, target, label, message, to_stream=to_stream, to_path=to_path).start()
