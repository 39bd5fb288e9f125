"""The automatic checks in the review workspace.

``ChecksPanel`` (above the checklist) lists every check result of the case — 不符合 / 数据不足 /
通过 / 不适用 — with its working, legal basis and any "to be verified" note. ``ChecksController``
marks the items that failed checks map to in the checklist, shows the proposed deduction in
the item editor with 采纳 / 驳回…, and sends the reviewer's decisions to ``CheckService``
(undoable through the workspace's undo stack, recorded in the review's history).

Checks are recomputed from the case's current data whenever the workspace (re)loads a case,
after each decision, and on F5, so a case edit or import is reflected the next time it is shown.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeyEvent, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import Answer, CaseReviewError, ValidationError, display
from ui.i18n import fmt, join_clauses, join_list, translator, with_note
from ui.review.checks_proposals import DecisionCommand, ProposalBox, ReviewHistoryDialog, is_open
from ui.review.extensions import register_review_panel

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.checks import Proposal
    from casereview.services.reviews import AuditInfo, ItemResultInfo, SaveResult
    from casereview.services.types import CheckResult, StandardDef
    from ui.review.workspace import ReviewWorkspace

tr = translator("ChecksPanel")
log = logging.getLogger(__name__)


def N_(text: str) -> str:
    """Marks a string for translation (context ChecksPanel); translated where shown."""
    return text


# outcome value -> (glyph, colour, English label); in the order the panel lists them
OUTCOMES: dict[str, tuple[str, str, str]] = {
    "fail": ("✗", "#c0392b", N_("Not met")),
    "insufficient_data": ("?", "#b45309", N_("Insufficient data")),
    "pass": ("✓", "#15803d", N_("Met")),
    "not_applicable": ("–", "#9ca3af", N_("Not applicable")),
}
SEVERITY = {
    "veto": N_("veto"),
    "major": N_("major"),
    "minor": N_("minor"),
    "policy": N_("policy requirement"),
}
PANEL_STYLE = """
QFrame#checksPanel { background: white; border: 1px solid #e5e7eb; border-radius: 6px; }
QFrame#checksPanel QTreeWidget { border: none; background: white; }
QFrame#checksPanel QTreeWidget::item { padding: 1px 0; }
QFrame#checksPanel QTreeWidget::item:selected { background: #dbeafe; color: #111827; }
QLabel#checksTitle { font-weight: bold; color: #111827; }
QLabel#checkDetail { color: #374151; background: #f9fafb; border-top: 1px solid #e5e7eb; padding: 5px 8px; }
QToolButton#checksTool { border: none; color: #2563eb; padding: 1px 4px; }
QToolButton#checksTool:hover { background: #eff6ff; border-radius: 3px; }
"""
_icons: dict[str, QIcon] = {}


def outcome_icon(outcome: str) -> QIcon:
    """A small filled circle with the outcome's glyph (same look on every platform)."""
    if outcome not in _icons:
        glyph, colour, _label = OUTCOMES[outcome]
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(2, 2, 28, 28)
        painter.setPen(QColor("white"))
        font = QFont()
        font.setPixelSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(2, 1, 28, 28), int(Qt.AlignmentFlag.AlignCenter), glyph)
        painter.end()
        _icons[outcome] = QIcon(pixmap)
    return _icons[outcome]


@dataclass(frozen=True)
class ChecksView:
    review_id: int
    case_id: int
    results: tuple[CheckResult, ...]
    proposals: tuple[Proposal, ...]


def load_view(services: Services, review_id: int, case_id: int, definition: StandardDef) -> ChecksView:
    checks = services.checks
    results = checks.run_case(case_id).results
    if not review_id:  # a case only looked at: the proposals, with no decisions yet
        from casereview.services.checks import proposals_for

        return ChecksView(review_id, case_id, tuple(results), tuple(proposals_for(definition, results, {})))
    return ChecksView(review_id, case_id, tuple(results), tuple(checks.proposals(review_id)))


def decision_text(proposal: Proposal) -> str:
    if proposal.stale:
        return tr("data changed")
    if proposal.decision == "accepted":
        return tr("accepted")
    if proposal.decision == "dismissed":
        return tr("dismissed")
    return tr("proposed")


class ChecksPanel(QFrame):
    refresh_requested = Signal()
    history_requested = Signal()
    item_requested = Signal(str, bool)  # item code, move the focus to the checklist

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checksPanel")
        self.setStyleSheet(PANEL_STYLE)
        self.collapsed = False
        self.results: tuple[CheckResult, ...] = ()
        self._build()

    def _build(self) -> None:
        self.title = QLabel(tr("Automatic checks"), self)
        self.title.setObjectName("checksTitle")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        # Never widen the workspace's right pane: the summary gives way (its tooltip has it all).
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setMinimumWidth(40)
        self.history_button = QToolButton(self)
        self.history_button.setText(tr("History"))
        self.history_button.setToolTip(tr("All recorded changes of this review, check decisions included (Ctrl+H)"))
        self.history_button.clicked.connect(self.history_requested.emit)
        self.refresh_button = QToolButton(self)
        self.refresh_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_button.setText(tr("Re-check"))
        self.refresh_button.setToolTip(tr("Reload the case data and run the checks again (F5)"))
        self.refresh_button.clicked.connect(self.refresh_requested.emit)
        self.toggle_button = QToolButton(self)
        self.toggle_button.setToolTip(tr("Show or hide the list of checks"))
        self.toggle_button.clicked.connect(lambda: self.set_collapsed(not self.collapsed))
        for button in (self.history_button, self.refresh_button, self.toggle_button):
            button.setObjectName("checksTool")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        head = QHBoxLayout()
        head.setContentsMargins(8, 4, 4, 4)
        head.setSpacing(8)
        head.addWidget(self.title)
        head.addWidget(self.summary, 1)
        head.addWidget(self.history_button)
        head.addWidget(self.refresh_button)
        head.addWidget(self.toggle_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("checksTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(True)
        self.tree.setIconSize(QSize(14, 14))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._current_changed(cur, True))
        self.tree.itemActivated.connect(lambda item, _col: self._current_changed(item, True, always=True))
        self.detail = QLabel(self)
        self.detail.setObjectName("checkDetail")
        self.detail.setWordWrap(True)
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        self.set_collapsed(False)
        self.show_hint()

    def sizeHint(self) -> QSize:
        return QSize(420, 34 if self.collapsed else 230)

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapsed = collapsed
        self.tree.setVisible(not collapsed)
        self.detail.setVisible(not collapsed and bool(self.detail.text()))
        self.toggle_button.setText("▸" if collapsed else "▾")
        # A collapsed panel is one line high; the splitter gives the room back to the checklist.
        self.setMaximumHeight(self.title.sizeHint().height() + 14 if collapsed else 16777215)
        self.updateGeometry()

    # -- content --------------------------------------------------------------------

    def show_loading(self) -> None:
        self.summary.setText("<span style='color:#6b7280'>" + escape(tr("Checking…")) + "</span>")

    def show_error(self, message: str) -> None:
        self.tree.clear()
        self.summary.setText("<span style='color:#b45309'>" + escape(tr("Checks could not run")) + "</span>")
        self.detail.setText(escape(message))

    def show_hint(self) -> None:
        # Nothing selected: the detail line stays hidden (calm); the list says how to use it.
        self.detail.clear()
        self.detail.setVisible(False)
        self.tree.setToolTip(tr("Select a check to see its working and legal basis; failed checks are "
                                "proposed as deductions on their items (⚑)."))

    def set_results(self, results: tuple[CheckResult, ...], proposals: tuple[Proposal, ...],
                    items_by_rule: dict[str, list[str]]) -> None:
        self.results = results
        current = self.tree.currentItem()
        current_rule = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        by_outcome: dict[str, list[CheckResult]] = defaultdict(list)
        for result in results:
            by_outcome[result.outcome.value].append(result)
        proposals_by_rule: dict[str, list[Proposal]] = defaultdict(list)
        for proposal in proposals:
            proposals_by_rule[proposal.rule_id].append(proposal)

        parts = []
        for outcome, (_glyph, colour, label) in OUTCOMES.items():
            count = len(by_outcome.get(outcome, ()))
            # 不适用 is left to the list: the header line must fit a narrow pane.
            if (count and outcome != "not_applicable") or outcome == "fail":
                weight = "font-weight:bold;" if outcome == "fail" and count else ""
                parts.append(f"<span style='color:{colour};{weight}'>{escape(tr(label))} {count}</span>")
        self.summary.setText("&nbsp;·&nbsp;".join(parts))
        self.summary.setToolTip(self.summary.text())

        self.tree.blockSignals(True)
        self.tree.clear()
        restore: QTreeWidgetItem | None = None
        bold = QFont()
        bold.setBold(True)
        for outcome, (_glyph, colour, label) in OUTCOMES.items():
            rows = by_outcome.get(outcome, [])
            if not rows:
                continue
            group = QTreeWidgetItem(self.tree, [fmt(tr("%1 (%2)"), tr(label), len(rows)), ""])
            group.setIcon(0, outcome_icon(outcome))
            group.setFont(0, bold)
            group.setForeground(0, QColor(colour))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for result in rows:
                title = display(result.title) + ("  ⚠" if result.uncertain else "")
                codes = items_by_rule.get(result.rule_id, [])
                mapped = proposals_by_rule.get(result.rule_id, [])
                if mapped:
                    by_state: dict[str, list[str]] = defaultdict(list)
                    for proposal in mapped:
                        by_state[decision_text(proposal)].append(proposal.item_code)
                    column = join_clauses(f"{join_list(codes)} {state}" for state, codes in by_state.items())
                else:
                    column = join_list(codes)
                row = QTreeWidgetItem(group, [title, column])
                row.setData(0, Qt.ItemDataRole.UserRole, result.rule_id)
                row.setData(1, Qt.ItemDataRole.UserRole, codes[0] if codes else "")
                row.setToolTip(0, f"{display(result.title)}\n\n{display(result.explanation)}\n\n"
                               + fmt(tr("Legal basis: %1"), result.legal_basis))
                row.setToolTip(1, row.toolTip(0))
                if mapped:
                    still_open = any(is_open(p) for p in mapped)
                    row.setForeground(1, QColor("#b45309" if still_open else "#6b7280"))
                else:
                    row.setForeground(1, QColor("#9ca3af"))
                if result.uncertain:
                    row.setForeground(0, QColor("#92400e"))
                if result.rule_id == current_rule:
                    restore = row
            group.setExpanded(outcome in ("fail", "insufficient_data"))
        self.tree.blockSignals(False)
        if restore is not None:
            self.tree.setCurrentItem(restore)
            self._current_changed(restore, False)
        else:
            self.show_hint()

    def result_of(self, rule_id: str) -> CheckResult | None:
        return next((r for r in self.results if r.rule_id == rule_id), None)

    def select_rule(self, rule_id: str) -> None:
        for group_row in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(group_row)
            assert group is not None
            for child_row in range(group.childCount()):
                child = group.child(child_row)
                if child is not None and child.data(0, Qt.ItemDataRole.UserRole) == rule_id:
                    group.setExpanded(True)
                    self.tree.blockSignals(True)
                    self.tree.setCurrentItem(child)
                    self.tree.blockSignals(False)
                    self.tree.scrollToItem(child)
                    self._current_changed(child, False)
                    return

    def _current_changed(self, row: QTreeWidgetItem | None, navigate: bool, always: bool = False) -> None:
        rule_id = row.data(0, Qt.ItemDataRole.UserRole) if row is not None else None
        result = self.result_of(rule_id) if rule_id else None
        if result is None:
            self.show_hint()
            return
        self.detail.setText(detail_html(result))
        self.detail.setVisible(not self.collapsed)
        code = str(row.data(1, Qt.ItemDataRole.UserRole) or "") if row is not None else ""
        if navigate and code and (always or result.outcome.value == "fail"):
            self.item_requested.emit(code, result.outcome.value == "fail")


def detail_html(result: CheckResult) -> str:
    _glyph, colour, label = OUTCOMES[result.outcome.value]
    head = (f"<b>{escape(display(result.title))}</b>&nbsp;&nbsp;<span style='color:{colour}'>{escape(tr(label))}</span>")
    basis = fmt(tr("Legal basis: %1"), result.legal_basis)
    severity = SEVERITY.get(result.severity)
    if severity:
        basis += " · " + fmt(tr("severity: %1"), tr(severity))
    lines = [head, escape(display(result.explanation)), f"<span style='color:#6b7280'>{escape(basis)}</span>"]
    if result.uncertain:
        note = result.uncertain_note or tr("the calendar does not cover the year")
        lines.append("<span style='color:#b45309'>⚠ " + escape(fmt(tr("To be verified: %1"), note)) + "</span>")
    return "<br>".join(lines)


class ChecksController(QObject):
    """Connects the panel, the checklist markers and the editor's proposal box to the workspace."""

    def __init__(self, workspace: ReviewWorkspace) -> None:
        super().__init__(workspace)
        self.ws = workspace
        self.view: ChecksView | None = None
        self.items_by_rule: dict[str, list[str]] = {}
        self._generation = 0
        self._filters_installed = False
        self.panel = ChecksPanel(workspace)
        self.box = ProposalBox(workspace.editor)
        workspace.editor.extra_slot.addWidget(self.box)

        workspace.review_loaded.connect(lambda _state, _detail: self._review_loaded())
        workspace.case_changed.connect(lambda _case_id: self.update_box())
        workspace.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_box())
        self.panel.refresh_requested.connect(self.refresh_case)
        self.panel.history_requested.connect(self.show_history)
        self.panel.item_requested.connect(self._show_item)
        self.box.accept_requested.connect(self.accept)
        self.box.dismiss_requested.connect(self.dismiss)
        for text, keys, slot in (
            (tr("Re-check case"), "F5", self.refresh_case),
            (tr("Review history"), "Ctrl+H", self.show_history),
        ):
            action = QAction(text, workspace)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            workspace.addAction(action)
        # A / D decide the proposal of the selected item wherever the focus is in the workspace.
        workspace.key_handlers.append(self.handle_key)

    # -- loading --------------------------------------------------------------------

    @property
    def active(self) -> bool:
        # Practice reviews (training) find the problems themselves: no proposals there.
        return self.ws.state is not None and self.ws.practice_case_id is None

    def _review_loaded(self) -> None:
        if not self._filters_installed:
            self.ws.table.installEventFilter(self)  # keeps the selected row in view on resize
            self._filters_installed = True
        if not self.active:
            self.view = None
            self.ws.set_checks_visible(False)
            self.ws.checklist.set_check_marks({}, {})
            self.box.show_proposals([], True)
            return
        self.ws.set_checks_visible(True)
        self.refresh()

    def refresh(self) -> None:
        """Run the checks on the case's current data and load the proposals and decisions."""
        state = self.ws.state
        if not self.active or state is None:
            return
        review_id, case_id, definition = state.review.id, state.review.case_id, state.definition
        self._generation += 1
        generation = self._generation
        self.panel.show_loading()
        self.ws.ctx.worker.call(
            lambda s: load_view(s, review_id, case_id, definition),
            lambda view: self._loaded(generation, view),
            lambda exc: self._failed(generation, exc),
            label="run checks",
        )

    def refresh_case(self) -> None:
        """F5: reload the case facts and the saved answers, then re-check."""
        state, detail = self.ws.state, self.ws.detail
        if state is None or detail is None:
            return
        if self.ws.practice_case_id is None:
            case_id = detail.id

            def facts_loaded(new_detail: Any) -> None:
                if self.ws.detail is not None and self.ws.detail.id == new_detail.id:
                    self.ws.detail = new_detail
                    self.ws.facts.set_case(new_detail)
                    if self.ws.viewer.document_id is not None:
                        self.ws.facts.select_document(self.ws.viewer.document_id)

            self.ws.ctx.worker.call(lambda s: s.cases.detail(case_id), facts_loaded, label="reload case")
        self.ws.reload_state()
        self.refresh()
        self.ws.ctx.bus.status_message.emit(tr("Case reloaded and checked again."))

    def _loaded(self, generation: int, view: ChecksView) -> None:
        state = self.ws.state
        if generation != self._generation or state is None or state.review.id != view.review_id:
            return  # the reviewer moved on to another case
        self.view = view
        items: dict[str, list[str]] = defaultdict(list)
        for _category, item in state.definition.iter_items():
            for rule_id in item.check_ids:
                items[rule_id].append(item.code)
        self.items_by_rule = dict(items)
        self.panel.set_results(view.results, view.proposals, self.items_by_rule)
        marks: dict[str, str] = {}
        tips: dict[str, list[str]] = defaultdict(list)
        for proposal in view.proposals:
            mark = "open" if is_open(proposal) else "decided"
            if marks.get(proposal.item_code) != "open":
                marks[proposal.item_code] = mark
            tips[proposal.item_code].append("⚑ " + with_note(proposal.title, decision_text(proposal)))
        self.ws.checklist.set_check_marks(marks, {code: "\n".join(t) for code, t in tips.items()})
        self.update_box()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("automatic checks failed: %s", exc)
        self.panel.show_error(exc.message if isinstance(exc, CaseReviewError) else str(exc))

    # -- the selected item ------------------------------------------------------------

    def proposals_for(self, item_code: str) -> list[Proposal]:
        if self.view is None:
            return []
        return [p for p in self.view.proposals if p.item_code == item_code]

    def open_proposal(self) -> Proposal | None:
        item = self.ws.current_item()
        if item is None:
            return None
        return next((p for p in self.proposals_for(item.code) if is_open(p)), None)

    def update_box(self) -> None:
        item = self.ws.current_item()
        if item is None or not self.active or self.view is None:
            self.box.show_proposals([], True)
            return
        proposals = self.proposals_for(item.code)
        notice = ""
        result = self.ws.checklist.results.get(item.code)
        if (result is not None and result.check_id and result.answer in (Answer.DEDUCT.value, Answer.VETO.value)
                and not any(p.rule_id == result.check_id for p in proposals)):
            found = self.panel.result_of(result.check_id)
            title = found.title if found is not None else result.check_id
            notice = "⚠ " + fmt(tr("This deduction came from the automatic check “%1”, which no longer finds the "
                                   "problem in the current case data. Please review it."), title)
        self.box.show_proposals(proposals, self.ws.locked, notice)
    def _show_item(self, item_code: str, focus: bool) -> None:
        self.ws.select_item(item_code)
        if focus:  # a failed check: show its item with the proposed deduction
            self.ws.details.setCurrentIndex(0)
            self.ws.focus_checklist()

    # -- decisions ------------------------------------------------------------------

    def accept(self, proposal: Proposal) -> None:
        if not self.ws.check_editable():
            return
        self.ws.select_item(proposal.item_code)
        before = self.ws.checklist.results.get(proposal.item_code)
        self.ws.undo_stack.push(DecisionCommand(self, proposal, "accepted", None, before))

    def dismiss(self, proposal: Proposal) -> None:
        if not self.ws.check_editable():
            return
        self.ws.select_item(proposal.item_code)
        reason = self.ws.ctx.dialogs.ask_text(
            tr("Dismiss proposed deduction"),
            fmt(tr("Why does “%1” not apply to item %2? (kept in the review's history)"),
                proposal.title, proposal.item_code),
        )
        if reason is None:
            return
        if not reason.strip():
            self.ws.ctx.dialogs.error(ValidationError(tr("A reason is required to dismiss a proposed deduction.")))
            return
        self.ws.undo_stack.push(DecisionCommand(self, proposal, "dismissed", reason.strip(), None))

    def send_decision(self, proposal: Proposal, decision: str, reason: str | None) -> None:
        """Redo of a DecisionCommand: one transaction in the worker, then re-check."""
        assert self.ws.state is not None
        ref, rule_id, code = self.ws.review_ref(), proposal.rule_id, proposal.item_code
        self.ws.select_item(code)
        if decision == "accepted":
            self.ws.start_save()
            versions = self.ws.versions  # the accepted deduction advances the review's version
            self.ws.ctx.worker.call(
                lambda s: versions.run(s, ref(s), lambda rid, _expected: s.checks.accept(rid, rule_id, code)),
                lambda saved: self._decided(code, saved, tr("Proposed deduction accepted.")),
                self._decision_failed,
                label="accept check",
            )
        else:
            text = reason or ""
            self.ws.ctx.worker.call(
                lambda s: s.checks.dismiss(ref(s), rule_id, code, text),
                lambda _none: self._decided(code, None, tr("Proposed deduction dismissed.")),
                self._decision_failed,
                label="dismiss check",
            )

    def send_withdraw(self, proposal: Proposal, decision: str, before: ItemResultInfo | None) -> None:
        """Undo of a DecisionCommand: one service call withdraws the decision and, for an
        accepted proposal, puts back the item's earlier answer in the same transaction."""
        assert self.ws.state is not None
        ref, rule_id, code = self.ws.review_ref(), proposal.rule_id, proposal.item_code
        self.ws.select_item(code)
        accepted = decision == "accepted"
        if accepted:
            self.ws.start_save()
        versions = self.ws.versions
        self.ws.ctx.worker.call(
            lambda s: versions.run(s, ref(s), lambda rid, _expected: s.checks.withdraw(rid, rule_id, code, before)),
            lambda saved: self._decided(
                code, saved, tr("Accepted proposal undone.") if accepted else tr("Dismissal undone.")
            ),
            self._decision_failed,
            label="withdraw check",
        )

    def _decided(self, item_code: str, saved: SaveResult | None, message: str) -> None:
        if saved is not None:
            self.ws.apply_saved(item_code, saved)  # checklist, score bar and editor, like any answer
        else:
            self.ws.check_started()  # a dismissal can be the first thing saved
        self.ws.ctx.bus.status_message.emit(message)
        self.refresh()

    def _decision_failed(self, exc: BaseException) -> None:
        if self.ws.pending_saves:
            self.ws.save_failed(exc)
        else:
            self.ws.ctx.dialogs.error(exc)
        self.refresh()

    # -- history --------------------------------------------------------------------

    def show_history(self) -> None:
        state = self.ws.state
        if state is None:
            return
        review_id, case_no = state.review.id, state.review.case_no
        titles = {r.rule_id: r.title for r in (self.view.results if self.view else ())}

        def shown(entries: list[AuditInfo]) -> None:
            ReviewHistoryDialog(entries, titles, case_no, self.ws).exec()

        self.ws.ctx.worker.call(lambda s: s.reviews.history(review_id), shown, label="review history")

    # -- keyboard -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ws.table and event.type() == QEvent.Type.Resize:
            # The proposal box changes the checklist's height: keep the selected row in view.
            QTimer.singleShot(0, lambda: self.ws.table.scrollTo(self.ws.table.currentIndex()))
        return super().eventFilter(watched, event)

    def handle_key(self, event: QKeyEvent) -> bool:
        """A accepts, D dismisses the open proposal of the selected item (True when handled)."""
        if not self.active or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier != Qt.KeyboardModifier.NoModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_A, Qt.Key.Key_D):
            proposal = self.open_proposal()
            if proposal is not None:
                (self.accept if key == Qt.Key.Key_A else self.dismiss)(proposal)
                return True
            if key == Qt.Key.Key_D:
                self.ws.ctx.bus.status_message.emit(tr("No proposed deduction awaits a decision on this item."))
                return True
        return False


def _factory(workspace: ReviewWorkspace) -> QWidget:
    controller = ChecksController(workspace)
    workspace.checks_controller = controller  # type: ignore[attr-defined]  # for tests and screenshots
    return controller.panel


register_review_panel(_factory)
