"""Keyboard-first scoring: 1–4 answer, Shift+1–4 change an answer, J/K move, U next unanswered,
N note, L link the page, A amount; wherever the focus is inside the workspace, except in text input."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from casereview.services.types import Answer
from ui.shortcuts import show_shortcut_sheet

ANSWER_BY_KEY = {
    Qt.Key.Key_1: Answer.PASS,
    Qt.Key.Key_2: Answer.DEDUCT,
    Qt.Key.Key_3: Answer.NOT_APPLICABLE,
    Qt.Key.Key_4: Answer.VETO,
}
# Shift+1..4 as the keyboard reports them (US and Chinese layouts): changes an existing answer.
CHANGE_BY_KEY = {
    Qt.Key.Key_Exclam: Answer.PASS,
    Qt.Key.Key_At: Answer.DEDUCT,
    Qt.Key.Key_NumberSign: Answer.NOT_APPLICABLE,
    Qt.Key.Key_Dollar: Answer.VETO,
}


def is_text_input(widget: QWidget | None) -> bool:
    """Widgets where a typed '1' or 'J' is text, not a command."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return False



class WorkspaceKeys:
    """Part of ``ReviewWorkspace``: one application-level key filter while the workspace is shown."""

    def showEvent(self, event: Any) -> None:
        # Scoring keys work wherever the focus is inside the workspace: one application-level
        # filter while the workspace is shown, instead of one filter per child widget.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and self._receives_keys(watched)
            and not is_text_input(watched)
            and self._handle_key(watched, event)
        ):
            return True
        return super().eventFilter(watched, event)

    def _receives_keys(self, watched: QWidget) -> bool:
        """The focus widget when it is inside the workspace; otherwise (focus outside, e.g. a
        key sent straight to the checklist) the widget inside the workspace that got the key."""
        if not self.isAncestorOf(watched):
            return False
        focus = QApplication.focusWidget()
        return watched is focus or focus is None or not self.isAncestorOf(focus)

    def _handle_key(self, watched: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, shift):
            return False
        if event.text() == "?":
            show_shortcut_sheet(self)
            return True
        if any(handler(event) for handler in self.key_handlers):
            return True
        if key in CHANGE_BY_KEY or (mods == shift and key in ANSWER_BY_KEY):
            answer = CHANGE_BY_KEY.get(Qt.Key(key)) or ANSWER_BY_KEY[Qt.Key(key)]
            self.answer(answer.value, change=True)
            return True
        if key == Qt.Key.Key_U:
            self.move_unanswered(-1 if mods == shift else 1)
            return True
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        in_table = watched is self.table
        if key == Qt.Key.Key_Escape:
            self.focus_checklist()
        elif key == Qt.Key.Key_J or (in_table and key == Qt.Key.Key_Down):
            self.move(1)
        elif key == Qt.Key.Key_K or (in_table and key == Qt.Key.Key_Up):
            self.move(-1)
        elif key in ANSWER_BY_KEY:
            self.answer(ANSWER_BY_KEY[Qt.Key(key)].value)
        elif key == Qt.Key.Key_N or (in_table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.editor.focus_note()
        elif key == Qt.Key.Key_L:
            self.link_current_page()
        elif key == Qt.Key.Key_A and self.editor.needs_amount():
            self.editor.focus_amount()
        else:
            return False
        return True
