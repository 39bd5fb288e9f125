"""The 本页文字 tab of the case facts pane: the text of the page the viewer shows, as read
(text layer or OCR), to select and copy, from scanned pages too. It follows the viewer;
the reading is fetched in the database worker when the tab is visible."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.docintel import PageView
    from ui.context import AppContext
    from ui.review.workspace import ReviewWorkspace

tr = translator("PageText")


class PageTextPane(QTextBrowser):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("pageText")
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.wanted: tuple[int, int] | None = None
        self.shown: tuple[int, int] | None = None
        self.hidden_reason = ""
        self.setPlainText(tr("Open a page to see its text here."))

    def follow(self, document_id: int, page: int) -> None:
        self.wanted = (document_id, page)
        if self.isVisible():
            self.load()

    def load(self) -> None:
        if self.hidden_reason:
            self.setPlainText(self.hidden_reason)
            return
        wanted = self.wanted
        if wanted is None or wanted == self.shown:
            return
        document_id, page = wanted

        def fetch(services: Services) -> PageView:
            return services.docintel.page(document_id, page)

        def show(view: PageView) -> None:
            if self.wanted != wanted:
                return
            self.shown = wanted
            if view.source is None:
                self.setPlainText(tr("This page is not read yet (it is read in the background)."))
                return
            how = tr("OCR") if view.source == "ocr" else tr("text layer")
            confidence = f"{tr(', ')}{tr('confidence')} {view.confidence:.2f}" if view.confidence is not None else ""
            head = fmt(tr("Page %1 (%2%3)"), page, how, confidence)
            body = "<br>".join(html.escape(line.text) for line in view.lines) or "—"
            self.setHtml(f"<p style='color:#6b7280'>{html.escape(head)}</p><div style='line-height:150%'>{body}</div>")

        self.ctx.worker.call(fetch, show, lambda exc: self.setPlainText(getattr(exc, "message", str(exc))),
                             label="page text")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.load()


def install_page_text(workspace: ReviewWorkspace) -> PageTextPane:
    pane = PageTextPane(workspace.ctx, workspace.facts)
    workspace.facts.add_tab(pane, tr("Page text"))

    def loaded(*_: object) -> None:
        practice = workspace.practice_case_id is not None
        pane.hidden_reason = tr("Page text is not shown for practice cases.") if practice else ""
        pane.shown = None
        if practice:
            pane.setPlainText(pane.hidden_reason)

    workspace.review_loaded.connect(loaded)
    workspace.document_shown.connect(pane.follow)
    return pane
