"""Dialogs of the 问题整改 screen: notice editor with preview, feedback, verification,
re-categorisation, and the start-up list of overdue notices.

Every service call goes through the DB worker; dialogs only collect input and show results.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, join_list, translator
from ui.widgets import date_edit, ok_cancel_buttons

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.deficiencies import DeficiencyInfo, RectificationSettings, TimelineEntry
    from casereview.services.notices import DueSummary, NoticeDetail, NoticeInfo
    from casereview.services.types import NoticeDocument, Taxonomy

tr = translator("RectificationDialogs")


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def local_time(at: dt.datetime) -> str:
    """Stored instants are naive UTC; show local time."""
    from casereview.services.types import local_text

    return str(local_text(at))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fill_timeline(tree: QTreeWidget, entries: list[TimelineEntry]) -> None:
    tree.clear()
    for e in entries:
        status = f"{e.from_label} → {e.to_label}" if e.to_status and e.from_status else e.to_label
        item = QTreeWidgetItem([local_time(e.at), e.actor, e.action, status, e.comment])
        item.setToolTip(4, e.comment)
        tree.addTopLevelItem(item)


def timeline_tree(parent: QWidget) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setRootIsDecorated(False)
    tree.setHeaderLabels([tr("Time"), tr("By"), tr("Action"), tr("Status"), tr("Comment")])
    for column, width in ((0, 120), (1, 70), (2, 110), (3, 120)):
        tree.setColumnWidth(column, width)
    tree.setObjectName("timeline")
    return tree


def render_first_page(pdf: bytes, width: int) -> QPixmap | None:
    """The first page of a PDF as a pixmap (QtPdf); None when QtPdf is unavailable."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.pageCount() < 1:
        return None
    size = document.pagePointSize(0)
    height = int(width * size.height() / max(size.width(), 1.0))
    image = document.render(0, QSize(width, height))
    document.close()
    return QPixmap.fromImage(image)


# --------------------------------------------------------------------------- notice editor


def _issue_fields(parent: QWidget, settings: RectificationSettings) -> tuple[QDateEdit, QSpinBox]:
    """Issue date (today) and time limit in working days (the settings' default) of a notice."""
    issue_date = date_edit(to_qdate(dt.date.today()), parent)
    days = QSpinBox(parent)
    days.setRange(1, 365)
    days.setValue(settings.deadline_days)
    days.setSuffix(tr(" working days"))
    return issue_date, days


class NoticeEditorDialog(QDialog):
    """Issue a notice to one unit: choose findings, dates, requirements; preview the PDF."""

    def __init__(
        self,
        ctx: AppContext,
        unit_id: int,
        unit_name: str,
        findings: list[DeficiencyInfo],
        settings: RectificationSettings,
        campaign_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.unit_id = unit_id
        self.campaign_id = campaign_id
        self.findings = findings
        self.issued: NoticeInfo | None = None
        self._generation = 0
        self.setWindowTitle(fmt(tr("Rectification notice to %1"), unit_name))
        self.resize(1180, 780)

        self.number = QLabel(self)
        self.number.setObjectName("caseTitle")
        self.issue_date, self.days = _issue_fields(self, settings)
        self.deadline = date_edit(None, self)
        self.deadline_note = QLabel(self)
        self.deadline_note.setObjectName("hint")
        self.issuer = QLineEdit(settings.issuer, self)
        self.requirements = QPlainTextEdit(settings.requirements, self)
        self.requirements.setMinimumHeight(120)
        self.list = QListWidget(self)
        for d in findings:
            item = QListWidgetItem(f"{d.case_no}  {d.item_code}  {d.wording}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setToolTip(f"{d.item_text}\n{d.evidence_text}")
            self.list.addItem(item)

        form = QFormLayout()
        form.addRow(tr("Number"), self.number)
        form.addRow(tr("Issue date"), self.issue_date)
        form.addRow(tr("Time limit"), self.days)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline)
        deadline_row.addWidget(self.deadline_note, 1)
        form.addRow(tr("Deadline"), deadline_row)
        form.addRow(tr("Issued by"), self.issuer)
        form.addRow(tr("Requirements"), self.requirements)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        heading = QLabel(fmt(tr("Findings listed (%1)"), len(findings)), self)
        heading.setObjectName("paneHeading")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.list, 1)

        self.preview = QLabel(tr("Preparing the preview…"), self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setObjectName("noticePreview")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        preview_heading = QLabel(tr("Preview (first page)"), self)
        preview_heading.setObjectName("paneHeading")
        right_layout.addWidget(preview_heading)
        right_layout.addWidget(scroll, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 600])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.issue_button = QPushButton(tr("Issue notice"), self)
        self.issue_button.setObjectName("primary")
        buttons.addButton(self.issue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.issue_button.clicked.connect(self.issue)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh_preview)
        self._manual_deadline = False
        self.issue_date.dateChanged.connect(self._dates_changed)
        self.days.valueChanged.connect(self._dates_changed)
        self.deadline.dateChanged.connect(self._deadline_edited)
        self.issuer.textChanged.connect(self._timer.start)
        self.requirements.textChanged.connect(self._timer.start)
        self.list.itemChanged.connect(self._timer.start)
        self._dates_changed()

    def done(self, result: int) -> None:
        self._timer.stop()  # no preview job may be queued once the dialog is gone
        self._generation += 1
        super().done(result)

    def selected_ids(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _dates_changed(self) -> None:
        self._manual_deadline = False
        self._timer.start()

    def _deadline_edited(self) -> None:
        if not self.deadline.signalsBlocked():
            self._manual_deadline = True
            self._timer.start()

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "campaign_id": self.campaign_id,
            "issue_date": from_qdate(self.issue_date.date()),
            "requirements": self.requirements.toPlainText(),
            "issuer": self.issuer.text(),
        }
        if self._manual_deadline:
            options["deadline"] = from_qdate(self.deadline.date())
        else:
            options["deadline_days"] = self.days.value()
        return options

    def refresh_preview(self) -> None:
        ids = self.selected_ids()
        self.issue_button.setEnabled(bool(ids))
        if not ids:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(tr("Tick at least one finding."))
            return
        self._generation += 1
        generation = self._generation
        unit_id, options = self.unit_id, self._options()
        width = 560

        def build(services: Services) -> tuple[NoticeDocument, bytes]:
            return services.notices.draft_pdf(unit_id, ids, **options)

        self.ctx.worker.call(build, lambda r: self._show_preview(generation, width, *r), self._preview_failed)

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview.setPixmap(QPixmap())
        self.preview.setText(str(exc))

    def _show_preview(self, generation: int, width: int, doc: NoticeDocument, pdf: bytes) -> None:
        if generation != self._generation:
            return
        self.number.setText(doc.number)
        self.deadline.blockSignals(True)
        self.deadline.setDate(to_qdate(doc.deadline))
        self.deadline.blockSignals(False)
        self.deadline_note.setText(fmt(tr("%1 working days after the issue date"), doc.deadline_days or "?"))
        self.preview_document = doc
        pixmap = render_first_page(pdf, width)
        if pixmap is None:
            # zh-data: the notice's own (official Chinese) text, as it will be printed
            self.preview.setText(f"{doc.number}\n{doc.unit_name}：\n{doc.intro}\n{doc.deadline_sentence}")  # zh-data
        else:
            self.preview.setPixmap(pixmap)

    def issue(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        unit_id, options = self.unit_id, self._options()
        self.issue_button.setEnabled(False)

        def done(info: NoticeInfo) -> None:
            self.issued = info
            self.accept()

        def failed(exc: BaseException) -> None:
            self.issue_button.setEnabled(True)
            self.ctx.dialogs.error(exc)

        self.ctx.worker.call(lambda s: s.notices.issue(unit_id, ids, **options), done, failed)


class IssueAllDialog(QDialog):
    """One notice per unit with pending findings (optionally within one campaign)."""

    def __init__(self, units: list[tuple[str, int]], settings: RectificationSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Issue notices to every unit"))
        text = "\n".join(fmt(tr("%1: %2 findings"), name, count) for name, count in units)
        summary = QLabel(fmt(tr("One notice will be issued to each of these units:\n%1"), text), self)
        summary.setWordWrap(True)
        self.issue_date, self.days = _issue_fields(self, settings)
        form = QFormLayout()
        form.addRow(tr("Issue date"), self.issue_date)
        form.addRow(tr("Time limit"), self.days)
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(buttons)


# --------------------------------------------------------------------------- feedback and verification


def _finding_list(parent: QWidget, findings: list[DeficiencyInfo]) -> QListWidget:
    widget = QListWidget(parent)
    for d in findings:
        item = QListWidgetItem(f"#{d.id}  {d.case_no}  {d.item_code}  {d.wording}")
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setData(Qt.ItemDataRole.UserRole, d.id)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list[int]:
    return [
        int(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class FeedbackDialog(QDialog):
    """The unit's rectification report: measures, received date, supporting files."""

    def __init__(self, ctx: AppContext, notice: NoticeInfo, waiting: list[DeficiencyInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(fmt(tr("Feedback on %1"), notice.number))
        self.resize(760, 560)
        self.measures = QPlainTextEdit(self)
        self.measures.setPlaceholderText(tr("Measures taken by the unit, item by item"))
        self.received = date_edit(to_qdate(dt.date.today()), self)
        self.files = QListWidget(self)
        self.files.setMaximumHeight(90)
        add = QPushButton(tr("Add file…"), self)
        add.clicked.connect(self.add_file)
        remove = QPushButton(tr("Remove"), self)
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(add)
        file_buttons.addWidget(remove)
        file_buttons.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.files, 1)
        file_row.addLayout(file_buttons)
        self.findings = _finding_list(self, waiting)
        form = QFormLayout()
        form.addRow(tr("Received on"), self.received)
        form.addRow(tr("Measures"), self.measures)
        form.addRow(tr("Attachments"), file_row)
        form.addRow(tr("Findings answered"), self.findings)
        buttons = ok_cancel_buttons(self, self._ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(buttons)

    def add_file(self) -> None:
        path = self.ctx.dialogs.open_file(tr("Add a supporting file"), tr("All files (*)"))
        if path is not None:
            self.files.addItem(str(path))

    def _ok(self) -> None:
        if not self.measures.toPlainText().strip():
            self.ctx.dialogs.info(tr("Please describe the measures taken."))
            return
        if not _checked(self.findings):
            self.ctx.dialogs.info(tr("Tick at least one finding."))
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "measures": self.measures.toPlainText(),
            "received_date": from_qdate(self.received.date()),
            "attachments": [Path(self.files.item(i).text()) for i in range(self.files.count())],
            "deficiency_ids": _checked(self.findings),
        }


class VerifyDialog(QDialog):
    """Check the feedback against each original finding and its evidence pages."""

    def __init__(self, detail: NoticeDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        notice = detail.notice
        self.setWindowTitle(fmt(tr("Verify the rectification of %1"), notice.number))
        self.resize(900, 620)
        self.responded = [d for d in detail.deficiencies if d.status == "responded"]
        self.findings = _finding_list(self, self.responded)
        self.findings.currentRowChanged.connect(self._show)
        self.view = QTextBrowser(self)
        self.accept_radio = QRadioButton(tr("Accept: rectified"), self)
        self.reject_radio = QRadioButton(tr("Reject: send back for rectification"), self)
        self.accept_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.accept_radio)
        group.addButton(self.reject_radio)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(tr("Verification opinion (required when rejecting)"))
        self.comment.setMaximumHeight(90)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.findings)
        split.addWidget(self.view)
        split.setSizes([360, 520])
        decision = QHBoxLayout()
        decision.addWidget(self.accept_radio)
        decision.addWidget(self.reject_radio)
        decision.addStretch(1)
        self.buttons = ok_cancel_buttons(self, self._ok)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("Tick the findings this decision applies to."), self)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        layout.addWidget(split, 1)
        layout.addLayout(decision)
        layout.addWidget(self.comment)
        layout.addWidget(self.buttons)
        if self.responded:
            self.findings.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.responded):
            return
        d = self.responded[row]
        feedback = self.detail.feedback[-1] if self.detail.feedback else None
        parts = [
            f"<h3>{_esc(d.case_no)} · {_esc(d.item_code)}</h3>",
            f"<p><b>{tr('Standard item')}:</b> {_esc(d.item_text)}</p>",
            f"<p><b>{tr('Original finding')}:</b> {_esc(d.wording)}</p>",
            f"<p><b>{tr('Evidence pages')}:</b> {_esc(d.evidence_text or '—')}</p>",
            f"<p><b>{tr('Officers')}:</b> {_esc(d.officers or '—')}</p>",
        ]
        if feedback is not None:
            files = join_list(a.name for a in feedback.attachments) or "—"
            parts += [
                f"<hr><p><b>{tr('Latest feedback')}</b> ({feedback.received_date}):</p>",
                f"<p>{_esc(feedback.measures)}</p>",
                f"<p><b>{tr('Attachments')}:</b> {_esc(files)}</p>",
            ]
        self.view.setHtml("".join(parts))

    def _ok(self) -> None:
        if self.reject_radio.isChecked() and not self.comment.toPlainText().strip():
            self.comment.setFocus()
            self.comment.setPlaceholderText(tr("A reason is required to send the rectification back."))
            return
        if not _checked(self.findings):
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "accept": self.accept_radio.isChecked(),
            "comment": self.comment.toPlainText().strip(),
            "deficiency_ids": _checked(self.findings),
        }


class RecategoriseDialog(QDialog):
    def __init__(self, taxonomies: list[Taxonomy], count: int, current: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fmt(tr("Re-categorise %1 findings"), count))
        self.taxonomies = taxonomies
        self.taxonomy = QComboBox(self)
        for t in taxonomies:
            self.taxonomy.addItem(t.display_name, t.key)
        self.category = QComboBox(self)
        self.description = QLabel(self)
        self.description.setObjectName("hint")
        self.description.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.taxonomy.currentIndexChanged.connect(self._fill)
        self.category.currentIndexChanged.connect(self._describe)
        if current:
            index = self.taxonomy.findData(current)
            if index >= 0:
                self.taxonomy.setCurrentIndex(index)
        self._fill()
        form = QFormLayout()
        form.addRow(tr("Taxonomy"), self.taxonomy)
        form.addRow(tr("Category"), self.category)
        form.addRow("", self.description)
        form.addRow(tr("Reason"), self.reason)
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, 220)

    def _current(self) -> Taxonomy:
        return self.taxonomies[max(0, self.taxonomy.currentIndex())]

    def _fill(self) -> None:
        self.category.clear()
        for c in self._current().categories:
            self.category.addItem(c.name, c.description)
        self._describe()

    def _describe(self) -> None:
        self.description.setText(str(self.category.currentData() or ""))

    def values(self) -> tuple[str, str, str | None]:
        return self._current().key, self.category.currentText(), self.reason.text().strip() or None


class DueReminderDialog(QDialog):
    """Shown once a day at start-up when notices are overdue or due soon."""

    def __init__(self, summary: DueSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Rectification deadlines"))
        self.resize(720, 420)
        text = QLabel(
            fmt(tr("%1 notices are overdue (%2 findings); %3 are due within a few working days (%4 findings)."),
                len(summary.overdue_notices), summary.overdue_deficiencies, len(summary.due_soon_notices),
                summary.due_soon_deficiencies),
            self,
        )
        text.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([tr("Notice"), tr("Unit"), tr("Deadline"), tr("Status")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for entry in (*summary.overdue_notices, *summary.due_soon_notices):
            row = QTreeWidgetItem([entry.label, entry.unit_name, entry.deadline.isoformat(), entry.due.text])
            if entry.due.state == "overdue":
                for column in range(4):
                    row.setForeground(column, Qt.GlobalColor.darkRed)
            self.tree.addTopLevelItem(row)
        self.tree.setColumnWidth(0, 190)
        self.tree.setColumnWidth(1, 250)
        self.tree.setColumnWidth(2, 100)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(tr("Open rectification"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
