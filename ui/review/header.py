"""The review workspace's top row: back to the list, the case and its score, shortcuts, reopen, submit;
and the practice-mode banner below it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.i18n import translator
from ui.review.score_bar import ScoreBar

tr = translator("ReviewWorkspace")


class WorkspaceHeader(QWidget):
    """The buttons never take the keyboard focus: keys stay with the checklist."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score_bar = ScoreBar(self)
        self.back_button = QPushButton(tr("← Case list"), self)
        self.back_button.setToolTip(tr("Back to the case list (Alt+←)"))
        self.submit_button = QPushButton(tr("Submit (Ctrl+S)"), self)
        self.submit_button.setObjectName("primary")
        self.reopen_button = QPushButton(tr("Reopen…"), self)
        self.help_button = QPushButton(tr("Shortcuts (F1)"), self)
        for button in (self.back_button, self.submit_button, self.reopen_button, self.help_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.back_button)
        top.addWidget(self.score_bar, 1)
        top.addWidget(self.help_button)
        top.addWidget(self.reopen_button)
        top.addWidget(self.submit_button)


def practice_banner(parent: QWidget) -> QLabel:
    """Shown above the panes while a training (practice) case is open."""
    banner = QLabel(
        tr("PRACTICE MODE — this review is training only and never counts in real results; "
           "names and identifiers are hidden."), parent)
    banner.setObjectName("practiceBanner")
    banner.setStyleSheet(
        "QLabel#practiceBanner { background: #FFF4CE; color: #7A4F01; border: 1px solid #E0B64A;"
        " padding: 4px 8px; font-weight: bold; }")
    banner.setVisible(False)
    return banner
