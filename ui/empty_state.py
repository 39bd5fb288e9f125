"""Empty lists that say what to do next (its own module: the case list uses it at start-up)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyState(QLabel):
    """A grey sentence in the middle of an empty list saying what to do next (an empty table
    said nothing). ``text()`` of the callable is asked each time the list becomes empty, so it
    can tell "no match for the filters" from "nothing imported yet"."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        super().__init__(view.viewport())
        self._view = view
        self._text = text
        self.setObjectName("emptyState")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._armed = False
        self.hide()
        view.viewport().installEventFilter(self)

    def arm(self) -> None:
        """Start showing (call once the list has been loaded: an unloaded list is not empty)."""
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
        area = self._view.viewport().rect()
        margin = 24
        self.setGeometry(area.adjusted(margin, margin, -margin, -margin))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
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
