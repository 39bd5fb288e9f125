"""Panes of the review workspace that show where the keyboard focus is.

Each of the three panes (case facts, document viewer, checklist + details) sits in a
``PaneFrame``; ``FocusMarker`` follows ``QApplication.focusChanged`` and gives the pane that
holds the focus a blue frame, so the reviewer always sees where a key press goes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

PANE_STYLE = """
QFrame#pane { border: 2px solid transparent; border-radius: 5px; }
QFrame#pane[focused="true"] { border: 2px solid #3b82f6; }
"""


class PaneFrame(QFrame):
    """A thin frame around one pane; blue while the focus is inside it."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pane")
        self.setStyleSheet(PANE_STYLE)
        self.setProperty("focused", False)
        self.content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(content)

    def set_focused(self, focused: bool) -> None:
        if bool(self.property("focused")) == focused:
            return
        self.setProperty("focused", focused)
        self.style().unpolish(self)
        self.style().polish(self)


class FocusMarker(QObject):
    def __init__(self, panes: list[PaneFrame], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panes = panes
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._changed)

    def focused_pane(self) -> PaneFrame | None:
        return next((p for p in self.panes if p.isAncestorOf(QApplication.focusWidget() or p)), None)

    def _changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        for pane in self.panes:
            pane.set_focused(new is not None and pane.isAncestorOf(new))
