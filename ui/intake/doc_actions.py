"""Document-list actions of the review workspace: correct a document's type, split a PDF
into documents by page ranges. ``install_document_actions(workspace)`` adds the context menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import DOC_TYPES, check_page_ranges, parse_page_ranges, uncovered_pages
from ui.i18n import fmt, join_clauses, join_list, translator
from ui.widgets import ok_cancel_buttons

if TYPE_CHECKING:
    from casereview.services.cases import DocumentInfo
    from ui.review.workspace import ReviewWorkspace

tr = translator("DocumentActions")


class DocTypeDialog(QDialog):
    def __init__(self, document: DocumentInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Correct document type"))
        self.combo = QComboBox(self)
        self.combo.setObjectName("docTypeCombo")
        for doc_type in DOC_TYPES:
            self.combo.addItem(doc_type.name, doc_type.code)
        index = self.combo.findText(document.doc_type)
        self.combo.setCurrentIndex(max(index, 0))
        buttons = ok_cancel_buttons(self)
        form = QFormLayout(self)
        form.addRow(tr("Document:"), QLabel(document.title, self))
        form.addRow(tr("Type:"), self.combo)
        form.addRow(buttons)

    def chosen(self) -> str:
        return self.combo.currentText()


class SplitDialog(QDialog):
    """Page ranges for a PDF, checked as the user types (overlaps, pages beyond the end)."""

    def __init__(self, document: DocumentInfo, parent: QWidget | None = None, proposed: str = "",
                 unread: int = 0) -> None:
        super().__init__(parent)
        self.page_count = max(document.page_count, 1)
        self.setWindowTitle(tr("Split by page ranges"))
        self.resize(560, 220)
        intro = QLabel(fmt(tr("“%1” has %2 pages. Name each part, e.g. “1-2 立案登记表; 3-6 询问笔录; 7 "
                              "违法行为通知书”. The PDF itself is not changed."), document.title, self.page_count), self)
        intro.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("pageRanges")
        self.edit.textChanged.connect(self.check)
        self.status = QLabel(self)
        self.status.setObjectName("splitStatus")
        self.status.setWordWrap(True)
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if proposed:  # the ranges the pages' titles suggest: the reviewer checks and confirms
            note = tr("Proposed from the titles read on the pages; check and correct before confirming "
                      "(corrected pages teach the classifier).")
            if unread:
                note += fmt(tr(" %1 pages are not read yet."), unread)
            hint = QLabel(note, self)
            hint.setObjectName("splitProposal")
            hint.setWordWrap(True)
            layout.addWidget(hint)
            self.edit.setText(proposed)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.check()

    def check(self) -> bool:
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        text = self.edit.text().strip()
        if not text:
            self.status.setText(tr("Type the page ranges."))
            ok_button.setEnabled(False)
            return False
        try:
            ranges = parse_page_ranges(text)
        except ValueError as exc:
            self.status.setText(str(exc))
            ok_button.setEnabled(False)
            return False
        problems = check_page_ranges(ranges, self.page_count)
        if problems:
            self.status.setText(join_clauses(problems))
            ok_button.setEnabled(False)
            return False
        parts = join_clauses(f"{r.start}–{r.end} {r.doc_type.name}" for r in ranges)
        rest = uncovered_pages(ranges, self.page_count)
        if rest:
            parts = join_clauses([parts, fmt(tr("pages not named (kept as 其他): %1"),
                                             join_list(f"{a}–{b}" for a, b in rest))])
        self.status.setText(parts)
        ok_button.setEnabled(True)
        return True

    def ranges_text(self) -> str:
        return self.edit.text().strip()


def _document_at(workspace: ReviewWorkspace, pos: QPoint) -> DocumentInfo | None:
    view = workspace.facts.doc_view
    index = view.indexAt(pos)
    if not index.isValid():
        return None
    return workspace.facts.documents.documents[index.row()]


def install_document_actions(workspace: ReviewWorkspace) -> None:
    view = workspace.facts.doc_view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(lambda pos: _menu(workspace, pos))


def _menu(workspace: ReviewWorkspace, pos: QPoint) -> None:
    document = _document_at(workspace, pos)
    if document is None or workspace.practice_case_id is not None:
        return
    menu = QMenu(workspace.facts.doc_view)
    menu.addAction(tr("Correct document type…"), lambda: correct_type(workspace, document))
    split = menu.addAction(tr("Split by page ranges…"), lambda: split_document(workspace, document))
    split.setEnabled(document.kind == "pdf" and document.page_count > 1)
    menu.exec(workspace.facts.doc_view.viewport().mapToGlobal(pos))


def _done(workspace: ReviewWorkspace, message: str) -> None:
    workspace.ctx.bus.status_message.emit(message)
    case_id = workspace.case_id
    if case_id is not None:
        workspace.open_case(case_id)


def correct_type(workspace: ReviewWorkspace, document: DocumentInfo) -> None:
    dialog = DocTypeDialog(document, workspace)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    chosen = dialog.chosen()
    workspace.ctx.worker.call(
        lambda s: s.documents_import.set_type(document.id, chosen),
        lambda name: _done(workspace, fmt(tr("Document type set to %1."), name)),
        label="set document type",
    )


def split_document(workspace: ReviewWorkspace, document: DocumentInfo) -> None:
    """Ask the pages' titles for a proposal first (in the worker); without read pages the
    dialog opens empty."""
    workspace.ctx.worker.call(
        lambda s: s.docintel.propose_split(document.id),
        lambda proposal: _split(workspace, document, proposal.ranges, proposal.unread),
        lambda _exc: _split(workspace, document, "", 0),
        label="propose split",
    )


def _split(workspace: ReviewWorkspace, document: DocumentInfo, proposed: str, unread: int) -> None:
    dialog = SplitDialog(document, workspace, proposed, unread)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    text = dialog.ranges_text()
    workspace.ctx.worker.call(
        lambda s: s.documents_import.split(document.id, text),
        lambda result: _done(workspace, fmt(tr("Divided into %1 documents."), len(result.parts))),
        label="split document",
    )
