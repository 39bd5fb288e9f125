"""Start-up reminder of rectification deadlines: a status-bar line each time a database is
opened, and once a day a dialog listing overdue and due-soon notices."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow

from ui.context import AppContext

if TYPE_CHECKING:
    from casereview.services.notices import DueSummary

SETTINGS_KEY = "rectification/due_dialog_shown"


def install_due_reminder(window: QMainWindow, ctx: AppContext) -> None:
    def check(_db: object) -> None:
        ctx.worker.call(lambda s: s.notices.due_summary(), show, lambda _exc: None, label="due summary")

    def show(summary: DueSummary) -> None:
        if summary.empty:
            return
        window.statusBar().showMessage(summary.text, 30_000)
        settings = ctx.settings()
        today = dt.date.today().isoformat()
        # Offscreen (tests, screenshots) never opens a modal dialog; otherwise once per day.
        if QGuiApplication.platformName() == "offscreen" or settings.value(SETTINGS_KEY) == today:
            return
        if not (summary.overdue_notices or summary.due_soon_notices):
            return
        settings.setValue(SETTINGS_KEY, today)
        # imported here, not at start-up: the dialog module is only needed when something is due
        from ui.screens.rectification.dialogs import DueReminderDialog

        dialog = DueReminderDialog(summary, window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            show_screen = getattr(window, "show_screen", None)
            if callable(show_screen):
                show_screen("rectification")

    ctx.bus.database_opened.connect(check)
