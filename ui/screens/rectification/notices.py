"""The 整改通知书 tab of the 问题整改 screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.empty_state import empty_state
from ui.export_job import run_export
from ui.i18n import fmt, join_list, translator
from ui.screens.rectification.dialogs import FeedbackDialog, VerifyDialog, fill_timeline, timeline_tree

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.deficiencies import (
        TimelineEntry,
    )
    from casereview.services.notices import NoticeDetail, NoticeInfo

from ui.screens.rectification.models import NoticeModel, sortable

tr = translator("RectificationScreen")  # one translation context for the whole screen


class NoticesTab(QWidget):
    """The rectification notices: list, detail and history, export (PDF / Word), feedback,
    verification, sign-off, deadline change and void."""

    changed = Signal()  # a notice action changed data: the screen reloads both tabs
    summary_changed = Signal(str)  # the due summary (shown in the screen's header)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notices = NoticeModel(self)
        self._build()

    def _build(self) -> None:
        self.notice_proxy, self.notice_table = sortable(self.notices, self)
        self.empty = empty_state(self.notice_table, lambda: tr(
            "No rectification notices yet. Select findings in the register and press “Issue notice for selected…”."))
        self.notice_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.notice_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 190), (2, 90), (3, 90), (4, 64), (5, 64), (6, 70), (7, 120)):
            self.notice_table.setColumnWidth(column, width)
        self.notice_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.notice_table.selectionModel().currentRowChanged.connect(lambda *_a: self._notice_changed())
        buttons: list[tuple[str, Any]] = [
            (tr("Export PDF…"), lambda: self.export_notice("pdf")),
            (tr("Export Word…"), lambda: self.export_notice("docx")),
            (tr("Record feedback…"), self.record_feedback),
            (tr("Verify…"), self.verify),
            (tr("Close (sign off)"), self.close_notice),
            (tr("Change deadline…"), self.change_deadline),
            (tr("Void…"), self.void_notice),
        ]
        row = QHBoxLayout()
        self.notice_buttons: dict[str, QPushButton] = {}
        for text, slot in buttons:
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.notice_buttons[text] = button
        row.addStretch(1)
        self.notice_detail = QTextBrowser(self)
        self.notice_timeline = timeline_tree(self)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.notice_detail)
        lower.addWidget(self.notice_timeline)
        lower.setSizes([700, 700])
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.notice_table)
        split.addWidget(lower)
        split.setSizes([380, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(row)
        layout.addWidget(split, 1)

    def reload_notices(self) -> None:
        def load(services: Services) -> tuple[list[NoticeInfo], Any]:
            return services.notices.list_notices(), services.notices.due_summary()

        self.ctx.worker.call(load, lambda r: self._got_notices(*r))

    def _got_notices(self, rows: list[NoticeInfo], summary: Any) -> None:
        current = self._current_notice()
        self.notices.set_rows(rows)
        self.empty.arm()
        self.summary_changed.emit(summary.text)
        if current is not None:
            for row, n in enumerate(rows):
                if n.id == current.id:
                    self.notice_table.selectRow(self.notice_proxy.mapFromSource(self.notices.index(row, 0)).row())
        self._notice_changed()

    def _current_notice(self) -> NoticeInfo | None:
        index = self.notice_table.currentIndex()
        if not index.isValid():
            return None
        row = self.notice_proxy.mapToSource(index).row()
        return self.notices.rows[row] if 0 <= row < len(self.notices.rows) else None

    def _notice_changed(self) -> None:
        n = self._current_notice()
        for button in self.notice_buttons.values():
            button.setEnabled(n is not None)
        if n is None:
            self.notice_detail.setHtml(tr("<p>Select a notice.</p>"))
            self.notice_timeline.clear()
            return
        live = n.status != "void"
        self.notice_buttons[tr("Record feedback…")].setEnabled(n.status in ("issued", "rejected"))
        self.notice_buttons[tr("Verify…")].setEnabled(n.status in ("responded", "rejected"))
        self.notice_buttons[tr("Close (sign off)")].setEnabled(n.status == "verified")
        self.notice_buttons[tr("Change deadline…")].setEnabled(live and n.status != "closed")
        self.notice_buttons[tr("Void…")].setEnabled(n.status in ("issued", "responded", "rejected"))
        notice_id = n.id

        def load(services: Services) -> tuple[NoticeDetail, list[TimelineEntry]]:
            return services.notices.detail(notice_id), services.notices.timeline(notice_id)

        self.ctx.worker.call(load, lambda r: self._got_notice(*r))

    def _got_notice(self, detail: NoticeDetail, timeline: list[TimelineEntry]) -> None:
        current = self._current_notice()
        if current is None or current.id != detail.notice.id:
            return

        def esc(text: str) -> str:
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

        n = detail.notice
        lines = [f"<p style='font-size:11pt'><b>{esc(n.number)}</b> · {esc(n.unit_name)} · {esc(n.status_label)}</p>",
                 f"<p>{esc(fmt(tr('Issued %1, deadline %2'), n.issue_date, n.deadline))}"
                 f"{(' · ' + esc(n.due.text)) if n.due else ''}</p>"]
        if n.void_reason:
            lines.append(f"<p style='color:#b91c1c'>{esc(fmt(tr('Voided: %1'), n.void_reason))}</p>")
        findings = detail.deficiencies or ()
        if findings:
            lines.append("<ol>" + "".join(
                f"<li>{esc(d.case_no)} · {esc(d.item_code)} · {esc(d.wording)} "
                f"<span style='color:#6b7280'>({esc(d.status_label)})</span></li>" for d in findings) + "</ol>")
        else:
            lines.append("<ol>" + "".join(
                f"<li>{esc(f.case_no)} · {esc(f.item_code)} · {esc(f.wording)}</li>" for f in detail.document.findings
            ) + "</ol>")
        for fb in detail.feedback:
            files = join_list(a.name for a in fb.attachments)
            lines.append(f"<p><b>{esc(fmt(tr('Feedback received %1'), fb.received_date))}</b>: {esc(fb.measures)}"
                         + (f"<br><span style='color:#6b7280'>{esc(files)}</span>" if files else "") + "</p>")
        self.notice_detail.setHtml("".join(lines))
        fill_timeline(self.notice_timeline, timeline)

    def _after_notice_action(self, _result: object = None) -> None:
        self.changed.emit()

    def export_notice(self, kind: str) -> None:
        n = self._current_notice()
        if n is None:
            return
        filters = tr("PDF document (*.pdf)") if kind == "pdf" else tr("Word document (*.docx)")
        safe = n.number.replace("〔", "").replace("〕", "-").replace("/", "-")  # zh-data: the number's brackets
        path = self.ctx.dialogs.save_file(tr("Export the notice"), filters,
                                          f"{tr('Rectification notice')}-{safe}-{n.unit_name}.{kind}")
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_suffix(f".{kind}")
        notice_id = n.id

        def export(services: Services, part: Path) -> Any:
            if kind == "pdf":
                return services.notices.export_pdf(notice_id, part)
            return services.notices.export_docx(notice_id, part)

        target = path
        run_export(self.ctx, self, target, tr("Writing the notice…"), lambda _r: fmt(tr("Exported to %1."), target),
                   to_path=export)

    def record_feedback(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        notice_id = n.id
        self.ctx.worker.call(lambda s: s.notices.detail(notice_id), lambda d: self._feedback_dialog(n, d))

    def _feedback_dialog(self, n: NoticeInfo, detail: NoticeDetail) -> None:
        waiting = [d for d in detail.deficiencies if d.status in ("issued", "rejected")]
        dialog = FeedbackDialog(self.ctx, n, waiting, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        self.ctx.worker.call(lambda s: s.notices.record_feedback(n.id, **values), self._after_notice_action)

    def verify(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        notice_id = n.id
        self.ctx.worker.call(lambda s: s.notices.detail(notice_id), self._verify_dialog)

    def _verify_dialog(self, detail: NoticeDetail) -> None:
        dialog = VerifyDialog(detail, self)
        if not dialog.responded:
            self.ctx.dialogs.info(tr("No findings of this notice are waiting for verification."))
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        notice_id = detail.notice.id
        self.ctx.worker.call(
            lambda s: s.notices.verify(notice_id, values["accept"], values["comment"],
                                       deficiency_ids=values["deficiency_ids"]),
            self._after_notice_action,
        )

    def close_notice(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        if not self.ctx.dialogs.confirm(fmt(tr("Sign off all findings of %1?"), n.number)):
            return
        self.ctx.worker.call(lambda s: s.notices.close(n.id), self._after_notice_action)

    def change_deadline(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        text = self.ctx.dialogs.ask_text(tr("Change the deadline"),
                                         fmt(tr("New deadline for %1 (YYYY-MM-DD), current %2:"), n.number, n.deadline))
        if not text:
            return
        try:
            new = dt.date.fromisoformat(text.strip())
        except ValueError:
            self.ctx.dialogs.info(tr("Please write the date as YYYY-MM-DD."))
            return
        reason = self.ctx.dialogs.ask_text(tr("Change the deadline"), tr("Reason for the change:"))
        if not reason:
            return
        self.ctx.worker.call(lambda s: s.notices.set_deadline(n.id, new, reason), self._after_notice_action)

    def void_notice(self) -> None:
        n = self._current_notice()
        if n is None:
            return
        reason = self.ctx.dialogs.ask_text(
            tr("Void the notice"),
            fmt(tr("Why is %1 voided? It stays on record; its findings return to pending."), n.number),
        )
        if not reason or not reason.strip():
            return
        self.ctx.worker.call(lambda s: s.notices.void(n.id, reason), self._after_notice_action)
