"""Every message box and file dialog of the app goes through ``DialogService``.

Tests replace it with a fake (see ``FakeDialogs`` in tests/conftest.py) so no modal dialog
ever blocks an offscreen test run.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget

from casereview.services.types import CaseReviewError
from ui.i18n import fmt, translator

log = logging.getLogger(__name__)


tr = translator("DialogService")


class DialogService:
    def __init__(self, parent: QWidget | None = None, log_path: Path | None = None) -> None:
        self.parent = parent
        self.log_path = log_path
        # Remembers the last folder of the file dialogs (set by the app to its QSettings).
        self.settings: QSettings | None = None
        self.last_exported: object = None

    def _start(self, start: str) -> str:
        """A bare file name or nothing starts in the folder used last time."""
        last = str(self.settings.value("dialogs/last_folder", "")) if self.settings is not None else ""
        if not last or (start and Path(start).parent != Path(".")):
            return start
        return str(Path(last) / start) if start else last

    def _remember(self, path: Path) -> None:
        if self.settings is not None:
            self.settings.setValue("dialogs/last_folder", str(path if path.is_dir() else path.parent))

    def error(self, exc: BaseException, title: str | None = None) -> None:
        """A core error becomes one clear message (in English when the interface is: the core's
        catalogue, casereview.i18n); anything else is a crash report."""
        from PySide6.QtWidgets import QMessageBox  # dialog classes load on first use (faster start-up)

        from casereview.services.types import display

        if isinstance(exc, CaseReviewError):
            log.info("user error %s: %s", exc.code, exc.message)
            QMessageBox.warning(self.parent, title or tr("CaseReview"), display(exc.message))
        else:
            self.crash(type(exc), exc, exc.__traceback__)

    def crash(self, exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))  # type: ignore[arg-type]
        log.error("unexpected error:\n%s", text)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(tr("Unexpected error"))
        where = str(self.log_path) if self.log_path else tr("(no log file)")
        box.setText(
            fmt(tr("An unexpected error occurred. Your saved answers are safe. "
                   "Please send the log file to support:\n%1"), where)
        )
        box.setDetailedText(text)
        box.exec()

    def info(self, text: str, title: str | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self.parent, title or tr("CaseReview"), text)

    def exported(self, path: Path | str, text: str) -> None:
        """Say that an export is done, with 打开文件 / 打开所在文件夹 buttons (a folder export:
        打开文件夹). Window-modal but not blocking: the UI thread keeps running."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        target = Path(path)
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("Export finished"))
        box.setText(text)
        opens: dict[object, Path] = {}
        if target.is_file():
            opens[box.addButton(tr("Open file"), QMessageBox.ButtonRole.ActionRole)] = target
            opens[box.addButton(tr("Open containing folder"), QMessageBox.ButtonRole.ActionRole)] = target.parent
        elif target.is_dir():
            opens[box.addButton(tr("Open folder"), QMessageBox.ButtonRole.ActionRole)] = target
        box.setDefaultButton(box.addButton(tr("Close"), QMessageBox.ButtonRole.RejectRole))

        def clicked(button: object) -> None:
            where = opens.get(button)
            if where is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(where))):
                self.info(fmt(tr("No program on this computer opens %1."), where))

        box.buttonClicked.connect(clicked)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_exported = box  # for tests: the box shown last

    def confirm(self, text: str, title: str | None = None) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self.parent, title or tr("CaseReview"), text)
        return answer == QMessageBox.StandardButton.Yes

    def choose(self, title: str, text: str, choices: list[str]) -> int:
        """A question with named answers; returns the index chosen (Esc / closing: 0, the first,
        which callers make the answer that changes nothing)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        buttons = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole) for label in choices]
        box.setDefaultButton(buttons[0])
        box.setEscapeButton(buttons[0])
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), 0)

    def ask_text(self, title: str, label: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self.parent, title, label)
        return text if ok else None

    def open_file(self, title: str, filters: str, start: str = "") -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.parent, title, self._start(start), filters)
        if not path:
            return None
        self._remember(Path(path))
        return Path(path)

    def save_file(self, title: str, filters: str, start: str = "") -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self.parent, title, self._start(start), filters)
        if not path:
            return None
        self._remember(Path(path))
        return Path(path)

    def folder(self, title: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self.parent, title, self._start(""))
        if not path:
            return None
        self._remember(Path(path))
        return Path(path)
