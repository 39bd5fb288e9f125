"""Search the read pages of the case files (全文检索): hits by case, document and page with
the line, the page's text with the words highlighted (selectable, so a reviewer can copy
from a scanned page), and "open" shows the page in the workspace's viewer."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.docintel import PageView
    from casereview.services.types import SearchHit
    from ui.context import AppContext

tr = translator("DocSearch")


def highlighted_html(lines: Sequence[str], term: str) -> str:
    """The page's lines as HTML with every occurrence of ``term`` marked (the term is
    matched as the index matches it: spaces and punctuation inside a line are skipped)."""
    from casereview.services.types import char_map, normalise

    key = normalise(term)
    out = []
    for text in lines:
        norm, where = char_map(text)
        marked = [False] * len(text)
        start = norm.find(key) if key else -1
        while start >= 0:
            for i in where[start : start + len(key)]:
                marked[i] = True
            start = norm.find(key, start + len(key))
        parts = []
        for ch, on in zip(text, marked, strict=True):
            piece = html.escape(ch)
            parts.append(f"<span style='background:#FFE066'>{piece}</span>" if on else piece)
        out.append("".join(parts))
    return "<div style='line-height:150%'>" + "<br>".join(out) + "</div>"


class DocSearchDialog(QDialog):
    def __init__(self, ctx: AppContext, case_id: int | None, open_page: Callable[[int, int], None],
                 parent: QWidget | None = None,
                 mark: Callable[[int, int, Sequence[tuple[float, float, float, float]]], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.open_page = open_page
        self.mark = mark  # marks the words on the page image (the viewer's highlighter)
        self.hits: list[SearchHit] = []
        self.setWindowTitle(tr("Search the case files"))
        self.resize(1000, 620)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(tr("Words to find (two characters or more), e.g. 送达"))
        self.query.returnPressed.connect(self.search)
        self.only_case = QCheckBox(tr("Only this case"), self)
        self.only_case.setChecked(case_id is not None)
        self.only_case.setEnabled(case_id is not None)
        go = QPushButton(tr("Search"), self)
        go.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.only_case)
        top.addWidget(go)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([tr("Case no."), tr("Document"), tr("Page"), tr("Line")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._preview)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_current())
        self.page_text = QTextBrowser(self)
        self.page_text.setOpenLinks(False)
        self.page_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.page_text)
        split.setSizes([560, 440])
        self.status = QLabel(tr("Only pages already read (text layer or OCR) are searched."), self)
        self.open_button = QPushButton(tr("Open page"), self)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def search(self) -> None:
        term = self.query.text().strip()
        scope = self.case_id if self.only_case.isChecked() else None
        self.status.setText(tr("Searching…"))

        def run(services: Services) -> list[SearchHit]:
            return services.docintel.search(term, case_id=scope)

        def failed(exc: BaseException) -> None:
            self.status.setText(getattr(exc, "message", str(exc)))

        self.ctx.worker.call(run, self.show_hits, failed, label="search documents")

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.table.setRowCount(len(hits))
        for row, hit in enumerate(hits):
            for col, value in enumerate((hit.case_no, hit.doc_title, str(hit.page), hit.line)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.status.setText(fmt(tr("%1 pages found."), len(hits)) if hits else tr("Nothing found."))
        self.open_button.setEnabled(bool(hits))
        if hits:
            self.table.selectRow(0)

    def current(self) -> SearchHit | None:
        row = self.table.currentRow()
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def _preview(self) -> None:
        hit = self.current()
        if hit is None:
            return
        term = self.query.text().strip()

        def load(services: Services) -> PageView:
            return services.docintel.page(hit.document_id, hit.page)

        def shown(view: PageView) -> None:
            source = tr("OCR") if view.source == "ocr" else tr("text layer")
            header = fmt(tr("%1, page %2 (%3)"), hit.doc_title, hit.page, source)
            self.page_text.setHtml(f"<p><b>{html.escape(header)}</b></p>"
                                   + highlighted_html([line.text for line in view.lines], term))

        self.ctx.worker.call(load, shown, label="page text")

    def open_current(self) -> None:
        hit = self.current()
        if hit is not None:
            if self.mark is not None:
                self.mark(hit.document_id, hit.page, hit.boxes)
            self.open_page(hit.document_id, hit.page)
