"""Proposed deductions of the automatic checks in the item editor, their undo commands and the
review's history dialog (操作记录).

The box is a view: it shows the proposals for the selected item and emits what the reviewer
chose; ``ChecksController`` (checks_panel.py) sends it to ``CheckService``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import Answer, display
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.checks import Proposal
    from casereview.services.reviews import AuditInfo, ItemResultInfo

tr = translator("ProposalBox")
htr = translator("ReviewHistory")

CARD_STYLE = """
QFrame#proposalCard { background: #fffaf0; border: 1px solid #f0c36d; border-radius: 5px; }
QFrame#proposalCard[decided="true"] { background: #f9fafb; border: 1px solid #e5e7eb; }
QFrame#proposalCard QLabel { background: transparent; border: none; }
QLabel#proposalHead { color: #92400e; font-weight: bold; }
QFrame#proposalCard[decided="true"] QLabel#proposalHead { color: #4b5563; }
QLabel#proposalBasis { color: #6b7280; }
QLabel#proposalState { color: #374151; }
QPushButton#acceptProposal { background: #fef3c7; border: 1px solid #d97706; color: #78350f; font-weight: bold; }
QPushButton#acceptProposal:hover { background: #fde68a; }
QPushButton#acceptProposal:disabled, QPushButton#dismissProposal:disabled { background: #f9fafb; color: #9ca3af;
    border: 1px solid #e5e7eb; font-weight: normal; }
"""


def is_open(proposal: Proposal) -> bool:
    """Waiting for the reviewer: never decided, or decided on data that has changed since."""
    return proposal.decision is None or proposal.stale


class ProposalCard(QFrame):
    accept_requested = Signal(object)  # Proposal
    dismiss_requested = Signal(object)  # Proposal

    def __init__(self, proposal: Proposal, locked: bool, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.setObjectName("proposalCard")
        self.setProperty("decided", "true" if not is_open(proposal) else "false")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 7, 10, 7)
        layout.setSpacing(3)
        veto = proposal.answer == Answer.VETO.value
        head_text = tr("⚑ Automatic check proposes a veto") if veto else tr("⚑ Automatic check proposes a deduction")
        head = QLabel(escape(fmt(tr("%1: %2"), head_text, display(proposal.title))), self)
        head.setObjectName("proposalHead")
        head.setWordWrap(True)
        layout.addWidget(head)
        body = QLabel(escape(proposal.explanation), self)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(body)
        basis = escape(fmt(tr("Legal basis: %1"), proposal.legal_basis))
        if proposal.uncertain:
            note = proposal.uncertain_note or tr("the calendar does not cover the year")
            basis += "<br><span style='color:#b45309'>⚠ " + escape(fmt(tr("To be verified: %1"), note)) + "</span>"
        basis_label = QLabel(basis, self)
        basis_label.setTextFormat(Qt.TextFormat.RichText)
        basis_label.setObjectName("proposalBasis")
        basis_label.setWordWrap(True)

        row = QHBoxLayout()
        row.setSpacing(6)
        if proposal.decision is None:  # open: the legal basis sits beside the buttons (one line less)
            row.addWidget(basis_label, 1)
        else:
            layout.addWidget(basis_label)
            state = QLabel(self.state_text(proposal), self)
            state.setObjectName("proposalState")
            state.setWordWrap(True)
            row.addWidget(state, 1)
        if is_open(proposal):
            keys = (" (A)", " (D)") if first else ("", "")
            self.accept_button = QPushButton(tr("Accept") + keys[0], self)
            self.accept_button.setObjectName("acceptProposal")
            self.accept_button.setToolTip(
                tr("Save the deduction on this item with the explanation as its note (undo with Ctrl+Z)"))
            self.dismiss_button = QPushButton(tr("Dismiss…") + keys[1], self)
            self.dismiss_button.setObjectName("dismissProposal")
            self.dismiss_button.setToolTip(tr("Dismiss the proposal; a reason is required and kept in the history"))
            for button, signal in ((self.accept_button, self.accept_requested),
                                   (self.dismiss_button, self.dismiss_requested)):
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setEnabled(not locked)
                button.clicked.connect(lambda _c=False, s=signal: s.emit(self.proposal))
                row.addWidget(button)
        layout.addLayout(row)

    @staticmethod
    def state_text(proposal: Proposal) -> str:
        stale = "<span style='color:#b45309'>" + escape(
            tr("Data changed since the decision — please confirm again.")) + "</span>"
        if proposal.decision == "accepted":
            text = "<span style='color:#15803d'>✓ " + escape(tr("Accepted")) + "</span>"
            return text + ("  " + stale if proposal.stale else "")
        if proposal.decision == "dismissed":
            text = "<span style='color:#4b5563'>✗ " + escape(
                fmt(tr("Dismissed: %1"), proposal.decision_reason or "")) + "</span>"
            return text + ("<br>" + stale if proposal.stale else "")
        return "<span style='color:#6b7280'>" + escape(tr("Awaiting your decision")) + "</span>"


class ProposalBox(QWidget):
    """All proposals for the selected item (usually one), above the answer buttons.

    The cards sit in a scroll area whose height is set to the cards' wrapped height (up to
    ``MAX_HEIGHT``): the editor's layout then reserves exactly that room and never squeezes
    the text; several proposals on one item scroll."""

    MAX_HEIGHT = 210
    accept_requested = Signal(object)
    dismiss_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(CARD_STYLE)
        self.cards: list[ProposalCard] = []
        self.scroll = QScrollArea(self)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inner = QWidget(self.scroll)
        self.inner.setObjectName("proposalInner")
        self.inner.setStyleSheet("QWidget#proposalInner { background: transparent; }")
        self.scroll.viewport().setAutoFillBackground(False)
        self._layout = QVBoxLayout(self.inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.notice = QLabel(self.inner)
        self.notice.setObjectName("proposalBasis")
        self.notice.setWordWrap(True)
        self._layout.addWidget(self.notice)
        self.scroll.setWidget(self.inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 2)
        outer.addWidget(self.scroll)
        self.setVisible(False)

    def show_proposals(self, proposals: Sequence[Proposal], locked: bool, notice: str = "") -> None:
        for card in self.cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        first_open = True
        for proposal in proposals:
            card = ProposalCard(proposal, locked, first_open and is_open(proposal), self.inner)
            first_open = first_open and not is_open(proposal)
            card.accept_requested.connect(self.accept_requested.emit)
            card.dismiss_requested.connect(self.dismiss_requested.emit)
            self._layout.insertWidget(len(self.cards), card)
            self.cards.append(card)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.setVisible(bool(self.cards) or bool(notice))
        self._fit()

    def _fit(self) -> None:
        width = self.scroll.viewport().width() if self.isVisible() else self.width()
        width = max(width, 200)
        layout = self.inner.layout()
        assert layout is not None
        needed = layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
        self.scroll.setFixedHeight(max(0, min(needed, self.MAX_HEIGHT)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()


class DecisionSink(Protocol):
    def send_decision(self, proposal: Proposal, decision: str, reason: str | None) -> None: ...

    def send_withdraw(self, proposal: Proposal, decision: str, before: ItemResultInfo | None) -> None: ...


class DecisionCommand(QUndoCommand):
    """Accepting or dismissing a proposal, undoable like an answer: undo withdraws the decision
    (recorded, so the history shows it) and, for an accept, saves the item's previous answer back."""

    def __init__(self, sink: DecisionSink, proposal: Proposal, decision: str, reason: str | None,
                 before: ItemResultInfo | None) -> None:
        text = tr("Accept check %1") if decision == "accepted" else tr("Dismiss check %1")
        super().__init__(fmt(text, proposal.item_code))
        self.sink = sink
        self.proposal = proposal
        self.decision = decision
        self.reason = reason
        self.before = before

    def redo(self) -> None:
        self.sink.send_decision(self.proposal, self.decision, self.reason)

    def undo(self) -> None:
        self.sink.send_withdraw(self.proposal, self.decision, self.before)


# -- history ------------------------------------------------------------------------

ACTION_LABELS = {
    "create": QT_TRANSLATE_NOOP("ReviewHistory", "Review started"),
    "answer": QT_TRANSLATE_NOOP("ReviewHistory", "Answer"),
    "note": QT_TRANSLATE_NOOP("ReviewHistory", "Note"),
    "clear": QT_TRANSLATE_NOOP("ReviewHistory", "Answer removed"),
    "undo": QT_TRANSLATE_NOOP("ReviewHistory", "Undone"),
    "redo": QT_TRANSLATE_NOOP("ReviewHistory", "Redone"),
    "evidence_add": QT_TRANSLATE_NOOP("ReviewHistory", "Evidence linked"),
    "evidence_remove": QT_TRANSLATE_NOOP("ReviewHistory", "Evidence removed"),
    "submit": QT_TRANSLATE_NOOP("ReviewHistory", "Submitted"),
    "reopen": QT_TRANSLATE_NOOP("ReviewHistory", "Reopened"),
    "check_accepted": QT_TRANSLATE_NOOP("ReviewHistory", "Check proposal accepted"),
    "check_dismissed": QT_TRANSLATE_NOOP("ReviewHistory", "Check proposal dismissed"),
    "check_withdrawn": QT_TRANSLATE_NOOP("ReviewHistory", "Check decision undone"),
}


def _local(at: datetime) -> str:
    # The core stores naive UTC times.
    from casereview.services.types import local_text

    return str(local_text(at, "%Y-%m-%d %H:%M:%S"))


def describe_entry(entry: AuditInfo, rule_titles: dict[str, str]) -> str:
    after, before = entry.after or {}, entry.before or {}
    if entry.action.startswith("check_"):
        rule = str(after.get("rule", ""))
        text = f"{after.get('item', '')}  {rule_titles.get(rule, rule)}"
        return text
    if entry.entity == "item" and entry.action in ("undo", "redo") and not after:
        return f"{before.get('item', '')}  " + htr("answer removed")
    if entry.entity == "item":
        data = after or before
        parts = [str(data.get("item", ""))]
        answer = data.get("answer")
        if answer:
            parts.append(Answer(answer).label)
        if data.get("occurrences"):
            parts.append(fmt(htr("%1 times"), data["occurrences"]))
        elif data.get("deduction") is not None:
            parts.append(fmt(htr("-%1"), data["deduction"]))
        if entry.action == "note" and data.get("note"):
            parts.append(str(data["note"]))
        if entry.action in ("undo", "redo"):  # the whole item as it was put back
            if data.get("note"):
                parts.append(fmt(htr("note: %1"), data["note"]))
            if data.get("evidence"):
                parts.append(fmt(htr("%1 evidence pages"), len(data["evidence"])))
        return "  ".join(parts)
    if entry.action in ("evidence_add", "evidence_remove"):
        data = after or before
        return fmt(htr("%1 page %2"), data.get("item", ""), data.get("page", ""))
    if entry.action == "submit" and "score" in after:
        return fmt(htr("score %1"), after["score"])
    return ""


class ReviewHistoryDialog(QDialog):
    """操作记录: every audited change of the review, the automatic checks' decisions included."""

    def __init__(self, entries: Sequence[AuditInfo], rule_titles: dict[str, str], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fmt(htr("History — %1"), title))
        self.resize(860, 480)
        self.table = QTableWidget(len(entries), 5, self)
        self.table.setHorizontalHeaderLabels(
            [htr("Time"), htr("By"), htr("Action"), htr("Details"), htr("Reason")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, entry in enumerate(reversed(list(entries))):  # newest first
            label = ACTION_LABELS.get(entry.action)
            cells = (
                _local(entry.at),
                entry.actor or "",
                htr(str(label)) if label else entry.action,
                describe_entry(entry, rule_titles),
                entry.reason or "",
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if entry.action.startswith("check_"):
                    cell.setForeground(QColor("#15803d" if entry.action == "check_accepted" else "#92400e"))
                self.table.setItem(row, column, cell)
        for column in (0, 1, 2):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(4, 240)  # long reasons: full text in the tooltip
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not entries:
            layout.addWidget(QLabel(htr("Nothing has been recorded for this review yet."), self))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
