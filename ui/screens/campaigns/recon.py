"""合议 and 一致性 tabs of the campaigns screen: the side-by-side reconciliation view and the
agreement statistics. Every service call runs in the DB worker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import ReviewStatus
from ui.context import AppContext
from ui.i18n import fmt, join_clauses, join_list, translator, with_note
from ui.labels import answer_text
from ui.screens.campaigns.labels import FINALISED, stage_text
from ui.tables import DONE, WARN, fill, make_table, num, pct, selected_data

if TYPE_CHECKING:
    from casereview.services.campaigns.types import AgreementReport, AssignmentInfo, Reconciliation, ReconItem
    from casereview.services.reviews import ItemResultInfo

tr = translator("CampaignReconcile")

def describe(result: ItemResultInfo | None, points: float) -> str:
    if result is None:
        return "—"
    text = answer_text(result.answer)
    if result.answer == "deduct":
        text += f" {points:g}"
    if result.note:
        text += " | " + result.note
    if result.evidence:
        text += " | " + join_list(f"{e.document_title} p.{e.page}" for e in result.evidence)
    return text


class ReconcileView(QWidget):
    """Cases waiting for 合议 on the left; their items side by side on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaign_id: int | None = None
        self.recon: Reconciliation | None = None
        self.cases = make_table([tr("Case no."), tr("Unit"), tr("State")], self, stretch=0)
        self.cases.itemSelectionChanged.connect(self._case_chosen)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setObjectName("reconHeader")
        self.items = make_table(
            [tr("Item"), tr("First review"), tr("Re-check"), tr("Agreed (reason)")], self, stretch=None
        )
        self.items.setWordWrap(True)
        header = self.items.horizontalHeader()
        for column, width in ((0, 330), (1, 250), (2, 250)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.items.setColumnWidth(column, width)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Reason for the agreed answer (required)"))
        self.take_first = QPushButton(tr("Adopt first review"), self)
        self.take_recheck = QPushButton(tr("Adopt re-check"), self)
        self.other = QPushButton(tr("Other answer…"), self)
        self.finalize_button = QPushButton(tr("Finalise"), self)
        self.confirm_button = QPushButton(tr("Confirm agreement and finalise"), self)
        self.take_first.clicked.connect(lambda: self._take("first"))
        self.take_recheck.clicked.connect(lambda: self._take("recheck"))
        self.other.clicked.connect(self._other)
        self.finalize_button.clicked.connect(self._finalize)
        self.confirm_button.clicked.connect(self._confirm)

        right = QWidget(self)
        r = QVBoxLayout(right)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(self.header)
        r.addWidget(self.items, 1)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        for button in (self.take_first, self.take_recheck, self.other):
            row.addWidget(button)
        r.addLayout(row)
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.finalize_button)
        row2.addWidget(self.confirm_button)
        r.addLayout(row2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.cases)
        splitter.addWidget(right)
        splitter.setSizes([400, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        self._enable()

    # -- loading ------------------------------------------------------------------------

    def set_assignments(self, campaign_id: int, rows: list[AssignmentInfo]) -> None:
        self.campaign_id = campaign_id
        ready = [a for a in rows if a.stage_label in ("待合议", "合议中", FINALISED)]  # zh-data: core stage labels
        current = selected_data(self.cases)
        fill(
            self.cases,
            [[a.case_no, a.unit_name, stage_text(a.stage_label)] for a in ready],
            [a.case_id for a in ready],
            [DONE if a.stage_label == FINALISED else None for a in ready],
        )
        if not ready:
            self.recon = None
            self.header.setText(tr("No case has both its first review and re-check submitted yet."))
            self.items.setRowCount(0)
            self._enable()
            return
        target = (
            current
            if current in [a.case_id for a in ready]
            else next((a.case_id for a in ready if a.stage_label != FINALISED), ready[0].case_id)
        )
        for row in range(self.cases.rowCount()):
            item = self.cases.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == target:
                self.cases.selectRow(row)

    def _case_chosen(self) -> None:
        case_id = selected_data(self.cases)
        if case_id is not None:
            self.load(case_id)

    def load(self, case_id: int) -> None:
        campaign_id = self.campaign_id
        if campaign_id is None:
            return
        self.ctx.worker.call(
            lambda s: s.campaigns.reconciliation(case_id, campaign_id), self._show, label="reconciliation"
        )

    def _show(self, recon: Reconciliation) -> None:
        self.recon = recon
        state = {None: tr("not started"), ReviewStatus.DRAFT: tr("in progress"),
                 ReviewStatus.SUBMITTED: tr("finalised")}[recon.final_status]
        text = fmt(
            tr("%1 (%2) — first review by %3: %4 points %5; re-check by %6: %7 points %8. "
               "%9 items differ, %10 still open. Reconciliation: %11"),
            recon.case_no, recon.unit_name, recon.first_reviewer, num(recon.first_total), recon.first_grade or "",
            recon.rechecker, num(recon.recheck_total), recon.recheck_grade or "",
            len(recon.disagreements), len(recon.unresolved), state,
        )  # fmt: skip
        if recon.final_review_id is not None:
            text += fmt(tr(" → %1 points %2"), num(recon.final_total), recon.final_grade or "")
        self.header.setText(text)
        rows: list[list[Any]] = []
        data: list[str] = []
        colors = []
        shown: list[ReconItem] = recon.disagreements or recon.items[:0]
        for i in shown:
            agreed = ""
            if i.agreed is not None and i.agreed.reconcile_reason:
                agreed = with_note(describe(i.agreed, 0).split(" | ")[0], i.agreed.reconcile_reason)
            rows.append(
                [
                    f"{i.item_code} {i.item_text}",
                    describe(i.first, i.first_points),
                    describe(i.recheck, i.recheck_points),
                    agreed,
                ]
            )
            data.append(i.item_code)
            colors.append(None if i.resolved else WARN)
        if not shown:
            rows = [[tr("The first review and the re-check agree on every item."), "", "", ""]]
            data = [""]
            colors = [DONE]
        fill(self.items, rows, data, colors)
        self.items.resizeRowsToContents()
        self._enable()

    def _enable(self) -> None:
        recon = self.recon
        editable = recon is not None and recon.final_status is not ReviewStatus.SUBMITTED
        has_diff = bool(recon and recon.disagreements)
        for button in (self.take_first, self.take_recheck, self.other):
            button.setEnabled(editable and has_diff)
        self.reason.setEnabled(editable and has_diff)
        self.finalize_button.setEnabled(editable and has_diff and not (recon and recon.unresolved))
        self.confirm_button.setEnabled(editable and not has_diff)

    # -- actions ------------------------------------------------------------------------

    def _item(self) -> str | None:
        code = selected_data(self.items)
        if not code:
            self.ctx.dialogs.info(tr("Select an item in disagreement first."))
            return None
        return str(code)

    def _done(self, recon: Reconciliation) -> None:
        self._show(recon)
        self.reason.clear()
        self.ctx.bus.status_message.emit(tr("Agreed answer recorded."))

    def _take(self, side: str) -> None:
        code = self._item()
        recon = self.recon
        if code is None or recon is None:
            return
        reason = self.reason.text().strip()
        if not reason:
            self.ctx.dialogs.info(tr("Write the reason for the agreed answer first."))
            self.reason.setFocus()
            return
        case_id, campaign_id = recon.case_id, recon.campaign_id
        self.ctx.worker.call(
            lambda s: s.campaigns.resolve_item(case_id, campaign_id, code, reason=reason, take=side),
            self._done,
        )

    def _other(self) -> None:
        from ui.screens.campaigns.dialogs import AgreedAnswerDialog

        code = self._item()
        recon = self.recon
        if code is None or recon is None:
            return
        text = next((i.item_text for i in recon.items if i.item_code == code), "")
        dialog = AgreedAnswerDialog(code, text, self)
        dialog.reason.setText(self.reason.text())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        case_id, campaign_id = recon.case_id, recon.campaign_id
        self.ctx.worker.call(
            lambda s: s.campaigns.resolve_item(case_id, campaign_id, code, **values), self._done
        )

    def _finished(self, _state: object) -> None:
        self.ctx.bus.status_message.emit(
            tr("Final review submitted; its findings are in the deficiency register.")
        )
        if self.recon is not None:
            self.ctx.bus.case_changed.emit(self.recon.case_id)
            self.load(self.recon.case_id)
        parent = self.parent()
        while parent is not None and not hasattr(parent, "reload_current"):
            parent = parent.parent()
        if parent is not None:
            parent.reload_current()  # type: ignore[attr-defined]

    def _finalize(self) -> None:
        recon = self.recon
        if recon is None:
            return
        case_id, campaign_id = recon.case_id, recon.campaign_id
        self.ctx.worker.call(lambda s: s.campaigns.finalize(case_id, campaign_id), self._finished)

    def _confirm(self) -> None:
        recon = self.recon
        if recon is None:
            return
        case_id, campaign_id = recon.case_id, recon.campaign_id
        self.ctx.worker.call(lambda s: s.campaigns.confirm_agreement(case_id, campaign_id), self._finished)


class AgreementView(QWidget):
    """Percent agreement, Cohen's kappa, score differences; the least consistent items first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("agreementSummary")
        self.lowest = make_table(
            [tr("Item"), tr("Compared"), tr("Agreement"), tr("Kappa"), tr("Disagreements")], self, stretch=0
        )
        self.pairs = make_table(
            [tr("First reviewer"), tr("Re-checker"), tr("Cases"), tr("Agreement"), tr("Kappa"),
             tr("Mean score difference"), tr("Max score difference")],
            self,
        )  # fmt: skip
        kappa_tip = tr("Agreement corrected for chance (Cohen's kappa): 1 = always the same answer, "
                       "0 = no better than answering at random.")
        for table, column in ((self.lowest, 3), (self.pairs, 4)):
            header_item = table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(kappa_tip)
        hint = QLabel(
            tr(
                "Items with low agreement usually point to vague wording in the standard or to reviewers "
                "applying it differently: discuss them, and consider revising the standard."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(tr("Items with the lowest agreement"), self))
        layout.addWidget(self.lowest, 3)
        layout.addWidget(hint)
        layout.addWidget(QLabel(tr("By reviewer pair"), self))
        layout.addWidget(self.pairs, 2)

    def load(self, campaign_id: int) -> None:
        self.ctx.worker.call(lambda s: s.campaigns.agreement(campaign_id), self._show, label="agreement")

    def _show(self, report: AgreementReport) -> None:
        from casereview.services.types import format_kappa, kappa_reading, outcome_label

        st = report.stats
        o = st.overall
        if not st.cases:
            self.summary.setText(tr("No case has both its first review and re-check submitted yet."))
        else:
            self.summary.setText(
                fmt(
                    tr("%1 cases scored twice, %2 item comparisons: agreement %3, Cohen's kappa %4 (%5). "
                       "Total score difference: mean %6, max %7 points. Reconciled %8 cases; %9 with "
                       "disagreements still open."),
                    st.cases, o.n, pct(o.percent), format_kappa(o.kappa), kappa_reading(o.kappa),
                    num(st.score.mean_abs), num(st.score.max_abs), report.reconciled_cases, report.open_disagreements,
                )
            )  # fmt: skip
        fill(
            self.lowest,
            [
                [report.item_labels.get(i.item_code, i.item_code), i.stats.n, pct(i.stats.percent),
                 format_kappa(i.stats.kappa), join_clauses(f"{outcome_label(k)} ×{v}" for k, v in i.outcomes.items())]
                for i in st.lowest
            ],
        )  # fmt: skip
        names = report.reviewer_names
        fill(
            self.pairs,
            [
                [names.get(p.reviewers[0] or 0, ""), names.get(p.reviewers[1] or 0, ""), p.cases,
                 pct(p.stats.percent), format_kappa(p.stats.kappa), num(p.score.mean_abs), num(p.score.max_abs)]
                for p in st.per_pair
            ],
        )  # fmt: skip
