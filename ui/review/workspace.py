"""The review workspace: case facts | document viewer | scoring checklist, keyboard-first.

Every answer is sent to the core the moment it is made (one transaction each, in the DB
worker); the score shown is the one the core returns with the saved answer. Undo/redo go
through a QUndoStack whose commands are themselves saves.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import Answer, CaseReviewError, ValidationError, default_deduction
from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.review.checklist import ChecklistModel
from ui.review.commands import AnswerCommand, AnswerSpec
from ui.review.extensions import review_panels
from ui.review.facts import CaseFactsPane
from ui.review.item_editor import ItemEditor
from ui.review.score_bar import ScoreBar
from ui.review.viewer import DocumentViewer
from ui.shortcuts import show_shortcut_sheet

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.cases import CaseDetail
    from casereview.services.documents import DocumentFile
    from casereview.services.reviews import ItemResultInfo, ReviewState, SaveResult
    from casereview.services.types import Item

tr = translator("ReviewWorkspace")
log = logging.getLogger(__name__)

ANSWER_BY_KEY = {
    Qt.Key.Key_1: Answer.PASS,
    Qt.Key.Key_2: Answer.DEDUCT,
    Qt.Key.Key_3: Answer.NOT_APPLICABLE,
    Qt.Key.Key_4: Answer.VETO,
}


@dataclass(frozen=True)
class LoadedCase:
    detail: CaseDetail
    state: ReviewState


class ReviewWorkspace(QWidget):
    back_requested = Signal()
    next_case_requested = Signal(int)  # +1 next, -1 previous
    case_changed = Signal(int)  # the case's review columns changed (case id)
    review_loaded = Signal(object, object)  # ReviewState, CaseDetail
    document_shown = Signal(int, int)  # document id, page
    practice_submitted = Signal(int)  # review id of a submitted practice review (training screen compares)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CaseDetail | None = None
        self.state: ReviewState | None = None
        self.pending_saves = 0
        self.last_saved: datetime | None = None
        self.undo_stack = QUndoStack(self)
        self._loading_case: int | None = None
        # Practice mode (training): the anonymised case view and redacted documents are shown.
        self.practice_case_id: int | None = None
        self._build()
        self._build_actions()
        self._restore_layout()

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.score_bar = ScoreBar(self)
        self.back_button = QPushButton(tr("← Case list"), self)
        self.back_button.setToolTip(tr("Back to the case list (Alt+←)"))
        self.back_button.clicked.connect(self.back_requested.emit)
        self.submit_button = QPushButton(tr("Submit (Ctrl+S)"), self)
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button = QPushButton(tr("Reopen…"), self)
        self.reopen_button.clicked.connect(self.reopen)
        self.help_button = QPushButton(tr("Shortcuts (F1)"), self)
        self.help_button.clicked.connect(lambda: show_shortcut_sheet(self))
        for button in (self.back_button, self.submit_button, self.reopen_button, self.help_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.back_button)
        top.addWidget(self.score_bar, 1)
        top.addWidget(self.help_button)
        top.addWidget(self.reopen_button)
        top.addWidget(self.submit_button)

        self.facts = CaseFactsPane(self)
        self.facts.document_activated.connect(lambda doc_id: self.show_document(doc_id))
        from ui.intake.doc_actions import install_document_actions

        install_document_actions(self)  # 更正文书类型 / 按页码拆分 (context menu)
        self.viewer = DocumentViewer(self)
        self.viewer.page_changed.connect(self.document_shown.emit)

        self.checklist = ChecklistModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("checklist")
        self.table.setModel(self.checklist)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ChecklistModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ChecklistModel.COL_CODE, 54), (ChecklistModel.COL_POINTS, 44), (ChecklistModel.COL_ANSWER, 58)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.table.installEventFilter(self)

        self.editor = ItemEditor(self)
        self.editor.answer_chosen.connect(self.answer)
        self.editor.amount_committed.connect(self._commit_amount)
        self.editor.note_committed.connect(self.save_note)
        self.editor.note_cancelled.connect(self.focus_checklist)
        self.editor.link_page_requested.connect(self.link_current_page)
        self.editor.evidence_activated.connect(lambda doc, page: self.show_document(doc, page))
        self.editor.evidence_remove_requested.connect(self._remove_evidence)

        # Slot for panels of other areas (automatic checks' proposed deductions).
        self.checks_area = QWidget(self)
        self.checks_area.setObjectName("checksArea")
        self.checks_layout = QVBoxLayout(self.checks_area)
        self.checks_layout.setContentsMargins(0, 0, 0, 0)
        for factory in review_panels():
            try:
                self.checks_layout.addWidget(factory(self))
            except Exception:
                log.exception("review panel %r failed", factory)
        self.checks_area.setVisible(self.checks_layout.count() > 0)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("rightSplitter")
        right.addWidget(self.checks_area)
        right.addWidget(self.table)
        right.addWidget(self.editor)
        right.setStretchFactor(1, 1)
        right.setCollapsible(1, False)
        self.right_splitter = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.addWidget(self.facts)
        self.splitter.addWidget(self.viewer)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 600, 450])
        self.viewer.pdf_view.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        self.practice_banner = QLabel(
            tr("PRACTICE MODE — this review is training only and never counts in real results; "
               "names and identifiers are hidden."), self)
        self.practice_banner.setObjectName("practiceBanner")
        self.practice_banner.setStyleSheet(
            "QLabel#practiceBanner { background: #FFF4CE; color: #7A4F01; border: 1px solid #E0B64A;"
            " padding: 4px 8px; font-weight: bold; }")
        self.practice_banner.setVisible(False)
        layout.addWidget(self.practice_banner)
        layout.addWidget(self.splitter, 1)

    def _action(self, text: str, keys: list[str] | str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, str) else keys)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self._action(tr("Next page"), "PgDown", self.viewer.next_page)
        self._action(tr("Previous page"), "PgUp", self.viewer.previous_page)
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
        self._action(tr("Search the case files"), "Ctrl+Shift+F", self.search_documents)
        self.undo_action = self.undo_stack.createUndoAction(self, tr("Undo answer"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, tr("Redo answer"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def _restore_layout(self) -> None:
        settings = self.ctx.settings()
        for name, splitter in (("workspace/splitter", self.splitter), ("workspace/right", self.right_splitter)):
            value = settings.value(name)
            if isinstance(value, QByteArray | bytes):
                splitter.restoreState(QByteArray(value))

    def save_layout(self) -> None:
        settings = self.ctx.settings()
        settings.setValue("workspace/splitter", self.splitter.saveState())
        settings.setValue("workspace/right", self.right_splitter.saveState())

    # -- loading a case -------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        return self.detail.id if self.detail else None

    @property
    def locked(self) -> bool:
        return self.state is None or self.state.review.locked

    def open_case(self, case_id: int) -> None:
        self._loading_case = case_id
        self.practice_case_id = None
        self.practice_banner.setVisible(False)

        def load(services: Services) -> LoadedCase:
            detail = services.cases.detail(case_id)
            state = services.reviews.open_review(case_id)
            return LoadedCase(detail, state)

        self.ctx.worker.call(load, lambda loaded: self._loaded(case_id, loaded), label="open case")
        from ui.review.ocr_runner import for_context

        for_context(self.ctx).open_case(case_id)  # read its scanned pages in the background, first

    def open_campaign_case(self, case_id: int, campaign_id: int) -> None:
        """Open a campaign case at the current user's stage (first / re-check / 合议), as decided
        by ``CampaignService.open_for`` (blind re-check: only the user's own review is loaded)."""
        self._loading_case = case_id
        self.practice_case_id = None
        self.practice_banner.setVisible(False)

        def load(services: Services) -> LoadedCase:
            from casereview.services.types import ConflictError

            access, state = services.campaigns.open_for(case_id, campaign_id, services.ctx.actor_id)
            if state is None:
                raise ConflictError(access.message)
            return LoadedCase(services.cases.detail(case_id), state)

        self.ctx.worker.call(load, lambda loaded: self._loaded(case_id, loaded), label="open campaign case")

    def open_practice(self, practice_case_id: int, reviewer_id: int | None) -> None:
        """Open a practice case (training): anonymised facts and documents, stage 'practice'."""
        self.practice_case_id = practice_case_id
        self.practice_banner.setVisible(True)
        self.viewer.clear()

        def load(services: Services) -> LoadedCase:
            detail = services.training.practice_case_view(practice_case_id)
            state = services.training.start_practice(practice_case_id, reviewer_id)
            return LoadedCase(detail, state)

        def loaded(result: LoadedCase) -> None:
            self._loading_case = result.detail.id
            self._loaded(result.detail.id, result)

        self.ctx.worker.call(load, loaded, label="open practice")

    def _loaded(self, case_id: int, loaded: LoadedCase) -> None:
        if self._loading_case != case_id:
            return  # the user already moved to another case
        self.detail = loaded.detail
        self.undo_stack.clear()
        self.last_saved = None
        self.facts.set_case(loaded.detail)
        self._apply_state(loaded.state, reset=True)
        documents = loaded.detail.documents
        if documents:
            first = next((d for d in documents if d.kind == "pdf"), documents[0])
            self.show_document(first.id)
        else:
            self.viewer.clear()
        self.review_loaded.emit(loaded.state, loaded.detail)
        self.focus_checklist()

    def _apply_state(self, state: ReviewState, reset: bool = False) -> None:
        current = self.current_item()
        self.state = state
        assert self.detail is not None
        party = str(self.detail.fields.get("party_name") or "")
        self.score_bar.set_case(self.detail.case_no, party, state.review.stage, state.review.status)
        self.score_bar.set_score(state.score)
        self.score_bar.set_saving(self.pending_saves, self.last_saved)
        self.checklist.set_review(state.definition, state.results, state.score)
        self.table.clearSpans()
        for row, entry in enumerate(self.checklist.rows):
            if entry.item is None:  # category header rows span the whole width
                self.table.setSpan(row, 0, 1, self.checklist.columnCount())
        locked = state.review.locked
        self.submit_button.setVisible(not locked)
        self.reopen_button.setVisible(locked)
        if locked:
            self.undo_stack.clear()
        target = None if reset or current is None else current.code
        if target is None:
            unanswered = state.score.unanswered
            target = unanswered[0] if unanswered else (state.definition.item_codes() or [None])[0]
        if target:
            self.select_item(target)

    # -- documents ------------------------------------------------------------------

    def search_documents(self) -> None:
        """全文检索 over the read pages (this case or all); a hit opens its page here."""
        from ui.review.doc_search import DocSearchDialog

        dialog = DocSearchDialog(self.ctx, self.case_id, self.show_document, self)
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

    def step_document(self, delta: int) -> None:
        if self.detail is None or not self.detail.documents:
            return
        ids = [d.id for d in self.detail.documents]
        current = ids.index(self.viewer.document_id) if self.viewer.document_id in ids else -1
        target = max(0, min(len(ids) - 1, current + delta))
        if target != current:
            self.show_document(ids[target])

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

    def _current_changed(self) -> None:
        item = self.current_item()
        result = self.checklist.results.get(item.code) if item else None
        self.editor.show_item(item, result, self.locked)

    def focus_checklist(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- answering ------------------------------------------------------------------

    def check_editable(self) -> bool:
        if self.state is None:
            return False
        if self.state.review.locked:
            self.ctx.bus.status_message.emit(tr("This review is submitted and locked; reopen it to change answers."))
            return False
        return True

    def answer(self, value: str) -> None:
        """Answer the current item (1 符合 / 2 扣分 / 3 不适用 / 4 否决) and save at once."""
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        answer = Answer(value)
        if answer is Answer.VETO and item.veto is None:
            self.ctx.bus.status_message.emit(fmt(tr("Item %1 is not a veto item."), item.code))
            return
        if answer is Answer.DEDUCT and item.max_points <= 0:
            self.ctx.bus.status_message.emit(fmt(tr("Item %1 carries no points to deduct."), item.code))
            return
        before = self.checklist.results.get(item.code)
        deduction: float | None = None
        occurrences: int | None = None
        if answer is Answer.DEDUCT:
            if before is not None and before.answer == Answer.DEDUCT.value:
                deduction, occurrences = before.deduction, before.occurrences
            else:
                default = default_deduction(item)  # the same rule as an accepted check proposal
                deduction, occurrences = default.deduction, default.occurrences
        spec = AnswerSpec(answer.value, deduction, occurrences)
        if before is None or AnswerSpec.of(before) != spec:
            self.undo_stack.push(AnswerCommand(self, item.code, before, spec))
        if answer is Answer.DEDUCT and self.editor.needs_amount():
            self.editor.focus_amount()
        elif answer is not Answer.DEDUCT:
            self.move(1)

    def _commit_amount(self) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        deduction, occurrences = self.editor.amount_values()
        before = self.checklist.results.get(item.code)
        spec = AnswerSpec(Answer.DEDUCT.value, deduction, occurrences)
        if before is None or AnswerSpec.of(before) != spec:
            self.undo_stack.push(AnswerCommand(self, item.code, before, spec))
        self.focus_checklist()

    def send_answer(self, item_code: str, spec: AnswerSpec, note: str | None = None, keep_note: bool = True) -> None:
        assert self.state is not None
        review_id = self.state.review.id

        def save(services: Services) -> SaveResult:
            return services.reviews.save_answer(
                review_id, item_code, spec.answer, deduction=spec.deduction, occurrences=spec.occurrences,
                note=note, keep_note=keep_note,
            )

        self.start_save()
        self.ctx.worker.call(save, lambda r: self.apply_saved(item_code, r), self.save_failed, label="save answer")

    def send_clear(self, item_code: str) -> None:
        assert self.state is not None
        review_id = self.state.review.id
        self.start_save()
        self.ctx.worker.call(
            lambda s: s.reviews.clear_answer(review_id, item_code),
            lambda r: self.apply_saved(item_code, r),
            self.save_failed,
            label="clear answer",
        )

    def save_note(self, text: str) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        if item.code not in self.checklist.results:
            self.ctx.dialogs.error(ValidationError(fmt(tr("Answer item %1 before writing a note."), item.code)))
            return
        review_id = self.state.review.id if self.state else 0
        code = item.code
        self.start_save()
        self.ctx.worker.call(
            lambda s: s.reviews.set_note(review_id, code, text or None),
            lambda r: self.apply_saved(code, r),
            self.save_failed,
            label="save note",
        )
        self.focus_checklist()

    def link_current_page(self) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        document_id, page = self.viewer.document_id, self.viewer.page
        if document_id is None or page < 1:
            self.ctx.bus.status_message.emit(tr("Open a document page first."))
            return
        if item.code not in self.checklist.results:
            self.ctx.dialogs.error(ValidationError(fmt(tr("Answer item %1 before linking a page."), item.code)))
            return
        review_id = self.state.review.id if self.state else 0
        code = item.code
        self.start_save()
        self.ctx.worker.call(
            lambda s: s.reviews.add_evidence(review_id, code, document_id, page),
            lambda info: self._evidence_saved(info),
            self.save_failed,
            label="link page",
        )

    def _remove_evidence(self, evidence_id: int) -> None:
        if not self.check_editable():
            return
        review_id = self.state.review.id if self.state else 0
        self.start_save()
        self.ctx.worker.call(
            lambda s: s.reviews.remove_evidence(review_id, evidence_id),
            self._evidence_saved,
            self.save_failed,
        )

    def start_save(self) -> None:
        self.pending_saves += 1
        self.score_bar.set_saving(self.pending_saves, self.last_saved)

    def _finish_save(self, saved_at: datetime | None) -> None:
        self.pending_saves = max(0, self.pending_saves - 1)
        if saved_at is not None:
            self.last_saved = saved_at
        self.score_bar.set_saving(self.pending_saves, self.last_saved)

    def apply_saved(self, item_code: str, result: SaveResult) -> None:
        self._finish_save(result.saved_at)
        self.checklist.update_item(item_code, result.item, result.score)
        self.score_bar.set_score(result.score)
        if self.state is not None:
            results = dict(self.checklist.results)
            self.state = dataclasses.replace(self.state, results=results, score=result.score)
        current = self.current_item()
        if current is not None and current.code == item_code:
            typing = self.focusWidget() in (self.editor.occurrences, self.editor.amount)
            # While the reviewer types an amount, do not overwrite the spin box with the saved value.
            self.editor.show_item(current, result.item, self.locked, keep_amount=typing)
        if self.detail is not None:
            self.case_changed.emit(self.detail.id)

    def _evidence_saved(self, info: ItemResultInfo) -> None:
        self._finish_save(datetime.utcnow())
        self.checklist.update_item(info.item_code, info, None)
        current = self.current_item()
        if current is not None and current.code == info.item_code:
            self.editor.show_item(current, info, self.locked)

    def save_failed(self, exc: BaseException) -> None:
        self._finish_save(None)
        self.ctx.dialogs.error(exc)
        self.reload_state()

    def reload_state(self) -> None:
        """Show what is really saved (after an error the screen must not pretend otherwise)."""
        if self.state is None:
            return
        review_id = self.state.review.id
        self.ctx.worker.call(lambda s: s.reviews.state(review_id), lambda st: self._apply_state(st))

    # -- submission -----------------------------------------------------------------

    def submit(self) -> None:
        if not self.check_editable() or self.state is None:
            return
        if not self.ctx.dialogs.confirm(tr("Submit this review? It will be locked; changing it later needs a reason.")):
            return
        review_id = self.state.review.id
        self.ctx.worker.call(lambda s: s.reviews.submit(review_id), self._submitted, self._submit_failed)

    def _submitted(self, state: ReviewState) -> None:
        self._apply_state(state)
        if state.review.practice_case_id is not None:
            self.practice_submitted.emit(state.review.id)
        self.ctx.bus.status_message.emit(tr("Review submitted and locked."))
        if self.detail is not None:
            self.case_changed.emit(self.detail.id)

    def _submit_failed(self, exc: BaseException) -> None:
        self.ctx.dialogs.error(exc)
        unanswered = exc.params.get("unanswered") if isinstance(exc, CaseReviewError) else None
        if unanswered:
            self.select_item(unanswered[0])
            self.focus_checklist()

    def reopen(self) -> None:
        if self.state is None or not self.state.review.locked:
            return
        reason = self.ctx.dialogs.ask_text(tr("Reopen review"), tr("Reason for reopening (kept in the audit log):"))
        if reason is None:
            return
        review_id = self.state.review.id
        self.ctx.worker.call(lambda s: s.reviews.reopen(review_id, reason), self._reopened)

    def _reopened(self, state: ReviewState) -> None:
        self._apply_state(state)
        self.ctx.bus.status_message.emit(tr("Review reopened."))
        if self.detail is not None:
            self.case_changed.emit(self.detail.id)

    # -- keyboard -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            navigation = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            # In the PDF view the arrow keys keep scrolling the page.
            if (watched is self.table or event.key() not in navigation) and self._handle_key(event):
                return True
        return super().eventFilter(watched, event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        if event.text() == "?":
            show_shortcut_sheet(self)
            return True
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        if key in (Qt.Key.Key_J, Qt.Key.Key_Down):
            self.move(1)
        elif key in (Qt.Key.Key_K, Qt.Key.Key_Up):
            self.move(-1)
        elif key in ANSWER_BY_KEY:
            self.answer(ANSWER_BY_KEY[Qt.Key(key)].value)
        elif key in (Qt.Key.Key_N, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editor.focus_note()
        elif key == Qt.Key.Key_L:
            self.link_current_page()
        elif key == Qt.Key.Key_A and self.editor.needs_amount():
            self.editor.focus_amount()
        else:
            return False
        return True
