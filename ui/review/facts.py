"""Left pane of the review workspace: case facts, timeline of key dates, document list."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QLabel, QListView, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from casereview.services.types import PartyType, Procedure
from ui.i18n import fmt, gap, join_list, translator, with_note

if TYPE_CHECKING:
    from casereview.services.cases import CaseDetail, DocumentInfo

tr = translator("CaseFacts")
Index = QModelIndex | QPersistentModelIndex

ROLE_LABELS = {  # officers' roles in the case (English source, translated when shown)
    "investigator": QT_TRANSLATE_NOOP("CaseFacts", "case handler"),
    "handler": QT_TRANSLATE_NOOP("CaseFacts", "case handler"),
    "reviewer": QT_TRANSLATE_NOOP("CaseFacts", "reviewing officer"),
    "legal_reviewer": QT_TRANSLATE_NOOP("CaseFacts", "legal review"),
    "approver": QT_TRANSLATE_NOOP("CaseFacts", "approver"),
    "hearing_host": QT_TRANSLATE_NOOP("CaseFacts", "hearing host"),
}
KIND_LABELS = {"pdf": "PDF", "image": QT_TRANSLATE_NOOP("CaseFacts", "image"), "docx": "Word"}


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.documents: list[DocumentInfo] = []

    def set_documents(self, documents: Sequence[DocumentInfo]) -> None:
        self.beginResetModel()
        self.documents = list(documents)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.documents)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self.documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            pages = fmt(tr("%1 p."), doc.page_count) if doc.kind == "pdf" else tr(KIND_LABELS.get(doc.kind, doc.kind))
            parts = [doc.doc_type, doc.title] if doc.title != doc.doc_type else [doc.title]
            return gap().join([*parts, f"({pages})"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.title}\n{doc.original_name or ''}"
        return None


def _money(value: Any) -> str:
    return fmt(tr("%1 yuan"), f"{value:,.2f}") if value is not None else ""


def facts_html(detail: CaseDetail) -> str:
    f = detail.fields
    party_type = PartyType(f.get("party_type") or "unknown").label
    try:
        procedure = Procedure(detail.procedure).label
    except ValueError:
        procedure = detail.procedure
    rows: list[tuple[str, str]] = [
        (tr("Case no."), detail.case_no),
        (tr("Unit"), detail.unit_name),
        (tr("Type"), f"{detail.case_type_label} · {procedure}"),
        (tr("Party"), with_note(f.get("party_name") or "", party_type)),
        (tr("Cause"), f.get("cause") or ""),
        (tr("Legal basis"), f.get("legal_basis") or ""),
        (tr("Penalty"), join_list(p for p in [f.get("penalty_types") or "", _money(f.get("fine_amount"))] if p)),
        (tr("Decision no."), f.get("decision_no") or ""),
    ]
    officers = "<br>".join(
        html.escape(with_note(o.name, join_list([tr(ROLE_LABELS.get(o.role, o.role)),
                                                  *([fmt(tr("certificate no. %1"), o.cert_no)] if o.cert_no else []),
                                                  *([fmt(tr("valid %1 to %2"),
                                                         o.cert_valid_from.isoformat() if o.cert_valid_from else "?",
                                                         o.cert_valid_to.isoformat() if o.cert_valid_to else "?")]
                                                    if o.cert_valid_from or o.cert_valid_to else [])])))
        for o in detail.officers
    )
    edit = f" <a href='officers:edit'>{html.escape(tr('Edit…'))}</a>"
    rows.append((tr("Officers"), (officers or "—") + edit))
    body = "".join(
        f"<tr><td class='k'>{html.escape(k)}</td><td>{v if k == tr('Officers') else html.escape(v) or '—'}</td></tr>"
        for k, v in rows
    )
    timeline = "".join(
        f"<tr><td class='k'>{d.isoformat()}</td><td>{html.escape(label)}</td></tr>" for label, d in detail.timeline
    )
    return (
        "<style>td{padding:2px 6px 2px 0; vertical-align:top} td.k{color:#6b7280; white-space:nowrap}"
        "h4{margin:8px 0 4px 0; color:#1f2937}</style>"
        f"<h4>{html.escape(tr('Case facts'))}</h4><table>{body}</table>"
        f"<h4>{html.escape(tr('Timeline'))}</h4><table>{timeline or '<tr><td>—</td></tr>'}</table>"
    )


class CaseFactsPane(QWidget):
    document_activated = Signal(int)  # document id
    officers_edit_requested = Signal()  # the 编辑… link beside the officers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = QTextBrowser(self)
        self.facts.setObjectName("caseFacts")
        self.facts.setOpenLinks(False)
        self.facts.anchorClicked.connect(
            lambda url: self.officers_edit_requested.emit() if url.toString() == "officers:edit" else None)
        self.documents = DocumentListModel(self)
        self.doc_view = QListView(self)
        self.doc_view.setModel(self.documents)
        self.doc_view.setObjectName("documentList")
        self.doc_view.setUniformItemSizes(True)
        self.doc_view.activated.connect(self._activated)
        self.doc_view.clicked.connect(self._activated)
        doc_box = QWidget(self)
        doc_layout = QVBoxLayout(doc_box)
        doc_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(tr("Documents"), doc_box)
        heading.setObjectName("paneHeading")
        doc_layout.addWidget(heading)
        doc_layout.addWidget(self.doc_view)
        # The registry's facts and, beside them, other areas' tabs (facts read from the documents)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("caseFactsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(self.facts, tr("Registry"))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.tabs)
        split.addWidget(doc_box)
        split.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)

    def set_case(self, detail: CaseDetail) -> None:
        self.facts.setHtml(facts_html(detail))
        self.documents.set_documents(detail.documents)

    def select_document(self, document_id: int) -> None:
        for row, doc in enumerate(self.documents.documents):
            if doc.id == document_id:
                self.doc_view.setCurrentIndex(self.documents.index(row))
                return

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.document_activated.emit(self.documents.documents[index.row()].id)
