"""The top bar of the review workspace: case title, stage and status, running total,
grade badge, veto warning, unanswered count, category subtotals and the save state.
Everything shown comes from the core's ``ScoreResult``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from casereview.services.types import ReviewStage, ReviewStatus
from ui.core import fmt_points
from ui.i18n import fmt, gap, join_list, translator
from ui.models.case_table import GRADE_COLOURS
from ui.widgets import ElidedLabel

if TYPE_CHECKING:
    from casereview.services.dto import StandardVersionInfo
    from casereview.services.types import ScoreResult

tr = translator("ScoreBar")


def local_time(saved_at: datetime) -> str:
    """The core stores naive UTC instants; show the local wall-clock time."""
    from casereview.services.types import local_text

    return str(local_text(saved_at, "%H:%M:%S"))


class ScoreBar(QFrame):
    # The reviewer asks to score against another standard (only before the first answer).
    standard_change_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreBar")
        # The standard the review is scored against; a button while it may still be changed.
        self.standard = QToolButton(self)
        self.standard.setObjectName("standardChip")
        self.standard.setAutoRaise(True)
        self.standard.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.standard.clicked.connect(self.standard_change_requested.emit)
        self.case_title = ElidedLabel(self)
        self.case_title.setObjectName("caseTitle")
        self.stage = QLabel(self)
        self.stage.setObjectName("stageChip")
        self.total = QLabel(self)
        self.total.setObjectName("totalScore")
        self.grade = QLabel(self)
        self.grade.setObjectName("gradeBadge")
        self.grade.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.veto = QLabel(self)
        self.veto.setObjectName("vetoWarning")
        self.progress = QLabel(self)
        self.progress.setObjectName("progress")
        self.saved = QLabel(self)
        self.saved.setObjectName("saveState")
        # One line, elided by width; the full text is in the tooltip.
        self.categories = ElidedLabel(self)
        self.categories.setObjectName("categoryScores")

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.case_title, 1)
        top.addWidget(self.stage)
        top.addWidget(self.veto)
        top.addWidget(self.progress)
        top.addWidget(self.total)
        top.addWidget(self.grade)
        bottom = QHBoxLayout()
        bottom.addWidget(self.standard)
        bottom.addWidget(self.categories, 1)
        bottom.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def set_case(self, case_no: str, party: str, stage: str, status: str) -> None:
        self.case_title.setText(f"{case_no}{gap()}{party}")
        stage_label = ReviewStage(stage).label
        status_label = ReviewStatus(status).label
        self.stage.setText(f"{stage_label} · {status_label}")
        self.stage.setProperty("locked", status == ReviewStatus.SUBMITTED.value)
        self.stage.style().unpolish(self.stage)
        self.stage.style().polish(self.stage)

    def set_standard(self, standard: StandardVersionInfo, changeable: bool) -> None:
        """The standard's name and version; clickable (a menu of the others) only while the
        review has no answer and is not submitted."""
        self.standard.setText(fmt(tr("Standard: %1 %2"), standard.name, standard.version)
                              + (" ▾" if changeable else ""))
        self.standard.setEnabled(changeable)
        self.standard.setToolTip(
            tr("Score this case against another standard of its case type (possible until the first answer)")
            if changeable else tr("The standard can only be changed before the first answer"))

    def set_score(self, score: ScoreResult) -> None:
        """Progress, then the total: labelled 暂计 (provisional) and without a grade until every
        item is answered — a half-scored case must not look like 100 / 100 优秀."""
        answered = score.item_count - len(score.unanswered)
        complete = not score.unanswered
        self.progress.setText(fmt(tr("Answered %1/%2"), answered, score.item_count))
        self.progress.setProperty("done", complete)
        template = tr("%1 / %2 points") if complete else tr("Provisional %1 / %2 points")
        self.total.setText(fmt(template, fmt_points(score.total), fmt_points(score.max_total)))
        self.total.setProperty("provisional", not complete)
        self.total.setToolTip(
            "" if complete else tr("Provisional: the score of the answers so far; the grade is given "
                                   "once every item is answered."))
        self.grade.setText(score.grade)
        self.grade.setVisible(complete)
        colour = GRADE_COLOURS.get(score.grade, "#4b5563")
        self.grade.setStyleSheet(
            f"QLabel#gradeBadge {{ background: {colour}; color: white; border-radius: 10px; padding: 2px 12px; }}"
        )
        if score.veto_hits:
            codes = join_list(hit.item_code for hit in score.veto_hits)
            effects = join_list(dict.fromkeys(hit.effect.label for hit in score.veto_hits))
            self.veto.setText(fmt(tr("⚠ Veto %1: %2"), codes, effects))
            self.veto.setVisible(True)
        else:
            self.veto.setVisible(False)
        for label in (self.progress, self.total):
            label.style().unpolish(label)
            label.style().polish(label)
        parts = [
            f"{c.name} {fmt_points(c.score)}/{fmt_points(c.max_points)}"
            for c in score.category_scores
            if not c.veto_tier
        ]
        joined = (gap() + "·" + gap()).join(parts)
        self.categories.setText(joined)
        self.categories.setToolTip("\n".join([joined, "", *score.explanation]))

    def set_saving(self, pending: int, last_saved: datetime | None) -> None:
        if pending:
            self.saved.setText(tr("Saving…"))
            self.saved.setProperty("pending", True)
        elif last_saved is not None:
            self.saved.setText(fmt(tr("Saved %1"), local_time(last_saved)))
            self.saved.setProperty("pending", False)
        else:
            self.saved.setText("")
        self.saved.style().unpolish(self.saved)
        self.saved.style().polish(self.saved)
