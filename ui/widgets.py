"""Small widget factories the dialogs share (the same few lines of set-up each time)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QSizePolicy, QWidget


def ok_cancel_buttons(dialog: QDialog, on_accept: Callable[[], None] | None = None) -> QDialogButtonBox:
    """OK and Cancel wired to ``dialog``; ``on_accept`` (a check that then accepts) replaces ``accept``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def date_edit(value: QDate | None, parent: QWidget | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, shown as yyyy-MM-dd (None: Qt's default date)."""
    edit = QDateEdit(parent) if value is None else QDateEdit(value, parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when too narrow; the full text is in its tooltip.

    A plain QLabel with an ``Ignored`` size policy cuts text mid-character instead.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width() - 2, 10)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))

