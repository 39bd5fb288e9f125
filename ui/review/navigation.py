"""Moving around the review workspace: documents and pages, checklist items (next, previous,
next unanswered), and the workspace's shortcut actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence

from casereview.services.types import CaseReviewError
from ui.i18n import translator
from ui.shortcuts import show_shortcut_sheet

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.documents import DocumentFile
    from casereview.services.types import Item

tr = translator("ReviewWorkspace")


class WorkspaceNavigation:
    """Part of ``ReviewWorkspace``: where the reviewer is (document, page, item) and how to move."""

    def _action(self, text: str, keys: list[str] | str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self._action(tr("Next page"), "PgDown", self.page_down)
        self._action(tr("Previous page"), "PgUp", self.page_up)
        self._action(tr("Show or hide the case facts"), "Ctrl+Shift+F", self.toggle_facts)
        self._action(tr("Show or hide the item details"), "Ctrl+Shift+D", self.toggle_details)
        self._action(tr("Next document"), "Ctrl+PgDown", lambda: self.step_document(1))
        self._action(tr("Previous document"), "Ctrl+PgUp", lambda: self.step_document(-1))
        self._action(tr("Next case"), ["Ctrl+Right", "Alt+N"], lambda: self.next_case_requested.emit(1))
        self._action(tr("Previous case"), ["Ctrl+Left", "Alt+P"], lambda: self.next_case_requested.emit(-1))
        self._action(tr("Back to list"), "Alt+Left", self.back_requested.emit)
        self._action(tr("Submit"), "Ctrl+S", self.submit)
        self._action(tr("Shortcut sheet"), "F1", lambda: show_shortcut_sheet(self))
        self._action(tr("Zoom in"), ["Ctrl++", "Ctrl+="], self.viewer.zoom_in)
        self._action(tr("Zoom out"), "Ctrl+-", self.viewer.zoom_out)
        self._action(tr("Fit width"), "Ctrl+0", self.viewer.fit_width)
        self._action(tr("Search the case files"), "Ctrl+Alt+F", self.search_documents)
        self.undo_action = self.undo_stack.createUndoAction(self, tr("Undo answer"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, tr("Redo answer"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)


    def search_documents(self) -> None:
        """全文检索 over the read pages (this case or all); a hit opens its page here."""
        from ui.review.doc_search import DocSearchDialog

        dialog = DocSearchDialog(self.ctx, self.case_id, self.show_document, self, self.viewer.highlighter.set)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_document(self, document_id: int, page: int = 1) -> None:
        if self.viewer.document_id == document_id:
            self.viewer.goto_page(page)
            return

        practice = self.practice_case_id

        def load(services: Services) -> tuple[DocumentFile, list[str] | None]:
            if practice is not None:  # training: redacted pages and masked text only
                info = services.training.practice_document(practice, document_id)
                paragraphs = (
                    services.training.practice_docx_paragraphs(practice, document_id) if info.kind == "docx" else None
                )
                return info, paragraphs
            info = services.documents.open_info(document_id)
            paragraphs = services.documents.docx_paragraphs(document_id) if info.kind == "docx" else None
            return info, paragraphs

        def shown(result: tuple[DocumentFile, list[str] | None]) -> None:
            info, paragraphs = result
            self.viewer.open_document(info, page, paragraphs)
            self.facts.select_document(document_id)
            self.document_shown.emit(document_id, page)

        def failed(exc: BaseException) -> None:
            self.viewer.show_message(exc.message if isinstance(exc, CaseReviewError) else str(exc))

        self.ctx.worker.call(load, shown, failed, label="open document")

    def step_document(self, delta: int, at_end: bool = False) -> bool:
        """Open the next (+1) or previous (-1) document; ``at_end`` opens it at its last page."""
        if self.detail is None or not self.detail.documents:
            return False
        documents = list(self.detail.documents)
        ids = [d.id for d in documents]
        current = ids.index(self.viewer.document_id) if self.viewer.document_id in ids else -1
        target = max(0, min(len(ids) - 1, current + delta))
        if target == current:
            return False
        self.show_document(ids[target], max(documents[target].page_count, 1) if at_end else 1)
        return True

    def page_down(self) -> None:
        """Next page; after the last page of a document, the first page of the next one."""
        if self.viewer.info is None or self.viewer.page >= self.viewer.page_count:
            if not self.step_document(1):
                self.ctx.bus.status_message.emit(tr("This is the last page of the last document."))
            return
        self.viewer.next_page()

    def page_up(self) -> None:
        if self.viewer.info is None or self.viewer.page <= 1:
            self.step_document(-1, at_end=True)
            return
        self.viewer.previous_page()

    # -- items ----------------------------------------------------------------------

    def current_item(self) -> Item | None:
        index = self.table.currentIndex()
        return self.checklist.item_at(index.row()) if index.isValid() else None

    def select_item(self, item_code: str) -> None:
        row = self.checklist.row_of(item_code)
        if row is None:
            return
        index = self.checklist.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def move(self, delta: int) -> None:
        rows = self.checklist.item_rows()
        if not rows:
            return
        current = self.table.currentIndex().row()
        if delta > 0:
            target = next((r for r in rows if r > current), rows[-1])
        else:
            target = next((r for r in reversed(rows) if r < current), rows[0])
        item = self.checklist.item_at(target)
        if item is not None:
            self.select_item(item.code)

    def unanswered_codes(self, also_answered: str | None = None) -> list[str]:
        """Unanswered items in checklist order (``also_answered``: an answer still being saved)."""
        done = set(self.checklist.results)
        if also_answered:
            done.add(also_answered)
        codes = [self.checklist.rows[r].item.code for r in self.checklist.item_rows()]  # type: ignore[union-attr]
        return [c for c in codes if c not in done]

    def move_unanswered(self, delta: int, just_answered: str | None = None) -> bool:
        """Select the next (+1) / previous (-1) unanswered item, wrapping around; False if none."""
        open_codes = self.unanswered_codes(just_answered)
        if not open_codes:
            self.ctx.bus.status_message.emit(tr("Every item is answered."))
            return False
        current = self.table.currentIndex().row()
        rows = [(self.checklist.row_of(c) or 0, c) for c in open_codes]
        if delta > 0:
            target = next((c for r, c in rows if r > current), rows[0][1])
        else:
            target = next((c for r, c in reversed(rows) if r < current), rows[-1][1])
        self.select_item(target)
        return True

    def _current_changed(self) -> None:
        item = self.current_item()
        result = self.checklist.results.get(item.code) if item else None
        self.editor.show_item(item, result, self.locked)

    def focus_checklist(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
