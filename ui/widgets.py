"""Small widget factories the dialogs share (the same few lines of set-up each time)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QWidget


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
