"""Empty lists that say what to do next (its own module: the case list uses it at start-up)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

if TYPE_CHECKING:  # QEvent's Python type is set up on first use (its 179 enum members: start-up time)
    from PySide6.QtCore import QEvent


class EmptyState(QLabel):
    """A grey sentence in the middle of an empty list saying what to do next (an empty table
    said nothing). ``text()`` of the callable is asked each time the list becomes empty, so it
    can tell "no match for the filters" from "nothing imported yet"."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        # On the view, placed over its viewport, rather than a child of the viewport: the first
        # ``viewport()`` of a program makes PySide6 set up every widget class of QtWidgets (70
        # enums, ~15 ms), which the case list would otherwise pay before the window shows.
        super().__init__(view)
        self._view = view
        self._text = text
        self.setObjectName("emptyState")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._armed = False
        self.hide()

    def arm(self) -> None:
        """Start showing (call once the list has been loaded: an unloaded list is not empty)."""
        if not self._armed:
            # Follows the view's size from now on (not before: every event of the view would
            # pass through Python while the window is being built).
            self._view.installEventFilter(self)
        self._armed = True
        self.refresh()

    def refresh(self) -> None:
        try:
            model = self._view.model()
        except RuntimeError:  # the list is being destroyed (its model announces the removed rows)
            return
        empty = self._armed and model is not None and model.rowCount() == 0
        if empty:
            self.setText(self._text())
            self._place()
        self.setVisible(empty)

    def _place(self) -> None:
        area = self._view.viewport().geometry()  # in the view's coordinates, below the header
        margin = 24
        self.setGeometry(area.adjusted(margin, margin, -margin, -margin))
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.isVisible():
            from PySide6.QtCore import QEvent

            if event.type() == QEvent.Type.Resize:
                self._place()
        return False


def empty_state(view: QAbstractItemView, text: Callable[[], str]) -> EmptyState:
    """An ``EmptyState`` on ``view`` that follows its model (reset, rows added or removed)."""
    state = EmptyState(view, text)
    model = view.model()
    if model is not None:
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(state.refresh)  # bound to the label: disconnected when it is deleted
    return state
