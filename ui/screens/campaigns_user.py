"""The current user (当前用户), chosen from the reviewer roster.

Until accounts exist the user picks who they are when the app starts: after a database
opens, a remembered choice (QSettings, checked against the roster by id and name) is
applied silently; otherwise, when the roster has people, a dialog asks. File → 切换当前用户
changes it at any time. The choice goes to ``RosterService.choose`` in the DB worker, so
every audit entry and new review carries that person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.widgets import ok_cancel_buttons

if TYPE_CHECKING:
    from casereview.services.campaigns_roster import ReviewerInfo

tr = translator("CurrentUser")
KEY_ID = "user/reviewer_id"
KEY_NAME = "user/reviewer_name"


class ChooseUserDialog(QDialog):
    def __init__(
        self, roster: list[ReviewerInfo], current: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Who is using CaseReview?"))
        self.combo = QComboBox(self)
        for person in roster:
            self.combo.addItem(person.display, person.id)
        if current is not None:
            self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        text = QLabel(
            tr("Choose yourself from the reviewer roster. Your reviews and every change are recorded under "
               "this name; campaign cases open at your stage."),
            self,
        )  # fmt: skip
        text.setWordWrap(True)
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)

    def chosen(self) -> int:
        return int(self.combo.currentData())


class UserChooser:
    def __init__(self, window: QMainWindow, ctx: AppContext, *, ask: bool) -> None:
        self.window = window
        self.ctx = ctx
        self.ask = ask
        self.current: ReviewerInfo | None = None
        self._dialog: QDialog | None = None
        self.label = QLabel(window)
        self.label.setObjectName("currentUser")
        window.statusBar().addPermanentWidget(self.label)
        action = QAction(tr("Switch current user…"), window)
        action.triggered.connect(lambda: self.load(force_ask=True))
        menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        if menus:
            file_menu: Any = menus[0]
            first = file_menu.actions()[0] if file_menu.actions() else None
            if first is not None:
                file_menu.insertAction(first, action)
            else:
                file_menu.addAction(action)
        ctx.worker.opened.connect(lambda _db: self.load(force_ask=False))

    def load(self, *, force_ask: bool) -> None:
        settings = self.ctx.settings()
        remembered = settings.value(KEY_ID)
        remembered_name = str(settings.value(KEY_NAME, "") or "")
        self.ctx.worker.call(
            lambda s: s.roster.list(include_inactive=False),
            lambda roster: self._got_roster(roster, remembered, remembered_name, force_ask),
        )

    def _got_roster(self, roster: list[ReviewerInfo], remembered: Any, name: str, force_ask: bool) -> None:
        try:
            remembered_id = int(remembered) if remembered not in (None, "") else None
        except (TypeError, ValueError):
            remembered_id = None
        known = next((p for p in roster if p.id == remembered_id and p.name == name), None)
        if known is not None and not force_ask:
            self._choose(known.id)
            return
        if not roster or not (self.ask or force_ask):
            self._show(None)
            return
        if self._dialog is not None and self._dialog.isVisible():
            return
        # Window-modal but not blocking (no nested event loop): results may arrive while the
        # window is closing or the worker is being flushed, and must never hang there.
        dialog = ChooseUserDialog(roster, remembered_id, self.window)
        dialog.accepted.connect(lambda: self._choose(dialog.chosen()))
        self._dialog = dialog
        dialog.open()

    def _choose(self, reviewer_id: int) -> None:
        self.ctx.worker.call(lambda s: s.roster.choose(reviewer_id), self._chosen)

    def _chosen(self, person: ReviewerInfo) -> None:
        settings = self.ctx.settings()
        settings.setValue(KEY_ID, person.id)
        settings.setValue(KEY_NAME, person.name)
        self._show(person)
        self.ctx.bus.status_message.emit(fmt(tr("Current user: %1"), person.display))

    def _show(self, person: ReviewerInfo | None) -> None:
        self.current = person
        self.label.setText(fmt(tr("User: %1"), person.display) if person else tr("User: not chosen"))


def install_user_chooser(window: QMainWindow, ctx: AppContext, *, ask: bool = True) -> UserChooser:
    """Hook the roster-based user choice into the main window (call once, before the DB opens)."""
    chooser = UserChooser(window, ctx, ask=ask)
    window._user_chooser = chooser  # type: ignore[attr-defined]  # keep it alive with the window
    return chooser
