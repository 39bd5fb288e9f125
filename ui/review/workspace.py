"""The review workspace: case facts | document viewer | scoring checklist, keyboard-first.

Every answer is sent to the core the moment it is made (one transaction each, in the DB
worker); the score shown is the one the core returns with the saved answer. Undo/redo go
through a QUndoStack whose commands are themselves saves.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import (
    Answer,
    CaseReviewError,
    StaleEditError,
    ValidationError,
    default_deduction,
)
from casereview.services.unsaved import ReviewChange, apply_change, is_offline
from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.review import officers_dialog, standard_switch
from ui.review.checklist import ChecklistModel
from ui.review.commands import (
    AnswerSpec,
    ItemCommand,
    answer_text,
    answered,
    note_text,
    page_text,
    snapshot_of,
    with_note,
    with_page,
    without_page,
)
from ui.review.conflicts import VersionTracker, conflict_choices, conflict_text, state_changes
from ui.review.extensions import review_panels
from ui.review.facts import CaseFactsPane
from ui.review.item_editor import ItemEditor
from ui.review.panes import FocusMarker, PaneFrame
from ui.review.score_bar import ScoreBar
from ui.review.unsaved import UnsavedChanges, show_unsaved
from ui.review.viewer import DocumentViewer
from ui.shortcuts import show_shortcut_sheet

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.cases import CaseDetail
    from casereview.services.documents import DocumentFile
    from casereview.services.reviews import ItemResultInfo, ItemSnapshot, ReviewState, SaveResult
    from casereview.services.types import Change, Item

tr = translator("ReviewWorkspace")
log = logging.getLogger(__name__)

ANSWER_BY_KEY = {
    Qt.Key.Key_1: Answer.PASS,
    Qt.Key.Key_2: Answer.DEDUCT,
    Qt.Key.Key_3: Answer.NOT_APPLICABLE,
    Qt.Key.Key_4: Answer.VETO,
}
# Shift+1..4 as the keyboard reports them (US and Chinese layouts): changes an existing answer.
CHANGE_BY_KEY = {
    Qt.Key.Key_Exclam: Answer.PASS,
    Qt.Key.Key_At: Answer.DEDUCT,
    Qt.Key.Key_NumberSign: Answer.NOT_APPLICABLE,
    Qt.Key.Key_Dollar: Answer.VETO,
}
ROW_HEIGHT = 26
MIN_ROWS = 8  # the checklist always shows at least this many rows (issue: 1366×768 screens)


def is_text_input(widget: QWidget | None) -> bool:
    """Widgets where a typed '1' or 'J' is text, not a command."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return False


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
        # The review version this screen saw; every change sends it (see ui/review/conflicts.py).
        self.versions = VersionTracker()
        self._loading_case: int | None = None
        self._starting = False
        # Key handlers of other areas, asked first (the checks' A / D); True = handled.
        self.key_handlers: list[Callable[[QKeyEvent], bool]] = []
        # Practice mode (training): the anonymised case view and redacted documents are shown.
        self.practice_case_id: int | None = None
        self._build()
        self._build_actions()
        self._restore_layout()
        ctx.bus.remote_change.connect(self.remote_change)
        # Changes the server could not take (unreachable) wait in a local journal.
        self.unsaved = UnsavedChanges.of(ctx)
        self.unsaved.changed.connect(self._unsaved_changed)
        self._build_unsaved_banner()

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.score_bar = ScoreBar(self)
        standard_switch.install(self)
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
        officers_dialog.install(self)
        from ui.intake.doc_actions import install_document_actions

        install_document_actions(self)  # 更正文书类型 / 按页码拆分 (context menu)
        from ui.review.doc_facts import install_doc_facts
        self.viewer = DocumentViewer(self)
        self.viewer.page_changed.connect(self.document_shown.emit)
        self.doc_facts = install_doc_facts(self)  # 文书所载: facts read from the pages, with their place

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
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ChecklistModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ChecklistModel.COL_CODE, 54), (ChecklistModel.COL_POINTS, 44), (ChecklistModel.COL_ANSWER, 58)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())

        self.editor = ItemEditor(self)
        # A click on an answer button is deliberate: it may change an existing answer.
        self.editor.answer_chosen.connect(lambda value: self.answer(value, change=True))
        self.editor.amount_committed.connect(self._commit_amount)
        self.editor.range_refused.connect(self.ctx.bus.status_message.emit)
        self.editor.note_committed.connect(self.save_note)
        self.editor.note_cancelled.connect(self.focus_checklist)
        self.editor.link_page_requested.connect(self.link_current_page)
        self.editor.evidence_activated.connect(lambda doc, page: self.show_document(doc, page))
        self.editor.evidence_remove_requested.connect(self._remove_evidence)

        # Slot for panels of other areas (automatic checks' proposed deductions). They live in
        # a tab next to the item details, never above the checklist: the checklist keeps its rows.
        self.checks_area = QWidget(self)
        self.checks_area.setObjectName("checksArea")
        self.checks_layout = QVBoxLayout(self.checks_area)
        self.checks_layout.setContentsMargins(0, 0, 0, 0)
        for factory in review_panels():
            try:
                self.checks_layout.addWidget(factory(self))
            except Exception:
                log.exception("review panel %r failed", factory)

        # The item editor scrolls inside its tab, so a long rule text or a proposal box never
        # pushes the window taller than the screen.
        editor_scroll = QScrollArea(self)
        editor_scroll.setObjectName("editorScroll")
        editor_scroll.setWidget(self.editor)
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        editor_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        editor_scroll.setMinimumHeight(60)
        self.details = QTabWidget(self)
        self.details.setObjectName("detailsTabs")
        self.details.setDocumentMode(True)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.details.addTab(editor_scroll, tr("Item"))
        if self.checks_layout.count() > 0:
            self.details.addTab(self.checks_area, tr("Automatic checks"))
        else:
            self.checks_area.setVisible(False)

        # The checklist never shrinks below MIN_ROWS rows; the details give way (and can be
        # collapsed completely by dragging the handle or with Ctrl+Shift+D).
        self.table.setMinimumHeight(self.checklist_min_height())
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setObjectName("rightSplitter")
        right.addWidget(self.table)
        right.addWidget(self.details)
        right.setStretchFactor(0, 1)
        right.setCollapsible(0, False)
        right.setCollapsible(1, True)
        right.setSizes([320, 300])
        self.right_splitter = right

        self.facts_pane = PaneFrame(self.facts, self)
        self.viewer_pane = PaneFrame(self.viewer, self)
        self.scoring_pane = PaneFrame(right, self)
        self.focus_marker = FocusMarker([self.facts_pane, self.viewer_pane, self.scoring_pane], self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.addWidget(self.facts_pane)
        self.splitter.addWidget(self.viewer_pane)
        self.splitter.addWidget(self.scoring_pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(2, False)
        self.splitter.setSizes([230, 560, 440])

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

    def checklist_min_height(self) -> int:
        """Header plus MIN_ROWS rows plus the frame."""
        header = max(self.table.horizontalHeader().sizeHint().height(), 20)
        return header + MIN_ROWS * ROW_HEIGHT + 2 * self.table.frameWidth() + 2

    def visible_checklist_rows(self) -> int:
        return self.table.viewport().height() // ROW_HEIGHT

    def set_checks_visible(self, visible: bool) -> None:
        """The automatic checks' tab (hidden in practice reviews)."""
        index = self.details.indexOf(self.checks_area)
        if index >= 0:
            self.details.setTabVisible(index, visible)

    def toggle_facts(self) -> None:
        self._toggle_pane(self.splitter, 0, 230)

    def toggle_details(self) -> None:
        self._toggle_pane(self.right_splitter, 1, 280)

    @staticmethod
    def _toggle_pane(splitter: QSplitter, index: int, size: int) -> None:
        sizes = splitter.sizes()
        if sizes[index] > 0:
            sizes[index] = 0
        else:
            neighbour = 1 if index != 1 else 0
            give = min(size, max(sizes[neighbour] - 100, 0))
            sizes[index], sizes[neighbour] = give, sizes[neighbour] - give
        splitter.setSizes(sizes)

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

    def review_ref(self) -> Callable[[Services], int]:
        """For a worker job: the review's id; a case only looked at so far (``id == 0``) gets
        its review created there, by the first save (``open_review`` returns it afterwards)."""
        assert self.state is not None
        review = self.state.review
        if review.id:
            review_id = review.id
            return lambda _services: review_id
        case_id, stage, campaign_id = review.case_id, review.stage, review.campaign_id
        return lambda services: services.reviews.open_review(case_id, stage=stage, campaign_id=campaign_id).review.id

    def check_started(self) -> None:
        """After the first save of a new review: learn its id (checks, history, undo use it)."""
        if self.state is None or self.state.review.id or self._starting:
            return
        self._starting = True
        review = self.state.review
        case_id, stage, campaign_id = review.case_id, review.stage, review.campaign_id

        def started(state: ReviewState) -> None:
            self._starting = False
            if self.state is None or self.state.review.case_id != state.review.case_id or not state.review.id:
                return
            self.state = dataclasses.replace(self.state, review=state.review)
            self.versions.show(state.review.id, state.review.version)
            if self.detail is not None:
                self.review_loaded.emit(self.state, self.detail)

        self.ctx.worker.call(
            lambda s: s.reviews.open_review(case_id, stage=stage, campaign_id=campaign_id, create=False),
            started, label="review started",
        )

    @property
    def locked(self) -> bool:
        return self.state is None or self.state.review.locked

    def open_case(self, case_id: int) -> None:
        self._loading_case = case_id
        self.practice_case_id = None
        self.practice_banner.setVisible(False)

        def load(services: Services) -> LoadedCase:
            detail = services.cases.detail(case_id)
            # Looking at a case writes nothing: the review starts with the first answer.
            state = services.reviews.open_review(case_id, create=False)
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
        self.versions.show(state.review.id, state.review.version)
        assert self.detail is not None
        party = str(self.detail.fields.get("party_name") or "")
        self.score_bar.set_case(self.detail.case_no, party, state.review.stage, state.review.status)
        self.score_bar.set_score(state.score)
        self.score_bar.set_standard(state.standard, standard_switch.changeable(state))
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

    # -- answering ------------------------------------------------------------------

    def check_editable(self) -> bool:
        if self.state is None:
            return False
        if self.state.review.locked:
            self.ctx.bus.status_message.emit(tr("This review is submitted and locked; reopen it to change answers."))
            return False
        return True

    def answer(self, value: str, change: bool = False) -> None:
        """Answer the current item (1 符合 / 2 扣分 / 3 不适用 / 4 否决) and save at once.

        A different answer on an already answered item needs ``change`` (Shift+key or a click
        on the answer button), so a run of "1" can never overwrite a veto or a deduction.
        """
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
        if before is not None and before.answer != answer.value and not change:
            key = next(k for k, a in ((1, Answer.PASS), (2, Answer.DEDUCT), (3, Answer.NOT_APPLICABLE),
                                      (4, Answer.VETO)) if a is answer)
            self.ctx.bus.status_message.emit(
                fmt(tr("Item %1 is already answered “%2”: press Shift+%3 to change it to “%4”."),
                    item.code, Answer(before.answer).label, key, answer.label))
            return
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
            self.push_answer(item.code, before, spec)
        if answer is Answer.DEDUCT and self.editor.needs_amount():
            self.editor.focus_amount()
        elif answer is not Answer.DEDUCT:
            self.move_unanswered(1, just_answered=item.code)

    def _commit_amount(self) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        deduction, occurrences = self.editor.amount_values()
        before = self.checklist.results.get(item.code)
        spec = AnswerSpec(Answer.DEDUCT.value, deduction, occurrences)
        if before is None or AnswerSpec.of(before) != spec:
            self.push_answer(item.code, before, spec)
        self.focus_checklist()

    def push_answer(self, item_code: str, before: ItemResultInfo | None, spec: AnswerSpec) -> None:
        """Answer an item as one undoable step (the note and evidence stay with it)."""
        old = snapshot_of(before)
        self.undo_stack.push(ItemCommand(
            self, item_code, old, answered(old, spec), answer_text(item_code, spec),
            lambda: self.send_answer(item_code, spec),
        ))

    def send_answer(self, item_code: str, spec: AnswerSpec, note: str | None = None, keep_note: bool = True) -> None:
        params = {"answer": spec.answer, "deduction": spec.deduction, "occurrences": spec.occurrences,
                  "note": note, "keep_note": keep_note}
        self.send_change(ReviewChange("answer", item_code, params, answer_text(item_code, spec)))

    def send_restore(self, item_code: str, snapshot: ItemSnapshot | None, action: str) -> None:
        """Undo / redo: put the whole item back (answer, amount, note, evidence) in one save."""
        raw = None if snapshot is None else dataclasses.asdict(snapshot)
        text = fmt(tr("Undo on %1") if action == "undo" else tr("Redo on %1"), item_code)
        self.send_change(ReviewChange("restore", item_code, {"snapshot": raw, "action": action}, text))

    def send_change(self, change: ReviewChange) -> None:
        """Save one change with the review version this screen saw (see ui/review/conflicts.py)."""
        if self.unsaved.active:  # earlier changes still wait for the server: queue behind them
            self._keep_unsaved(change)
            self.unsaved.replay_now()
            return
        ref, versions = self.review_ref(), self.versions

        def job(services: Services) -> Any:
            return versions.run(services, ref(services),
                                lambda review_id, expected: apply_change(services, review_id, change, expected))

        def saved(result: Any) -> None:
            if change.kind in ("link", "unlink"):
                self._evidence_saved(result)
            else:
                self.apply_saved(change.item_code, result, refresh_note=change.kind == "restore")

        self.start_save()
        self.ctx.worker.call(job, saved, lambda exc: self.save_failed(exc, change), label=f"save {change.kind}")

    def save_note(self, text: str) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        result = self.checklist.results.get(item.code)
        if result is None:
            self.ctx.dialogs.error(ValidationError(fmt(tr("Answer item %1 before writing a note."), item.code)))
            return
        note = text or None
        old = snapshot_of(result)
        assert old is not None
        if old.note != note:
            self.undo_stack.push(ItemCommand(
                self, item.code, old, with_note(old, note), note_text(item.code),
                lambda: self._send_note(item.code, note),
            ))
        self.focus_checklist()

    def _send_note(self, code: str, note: str | None) -> None:
        self.send_change(ReviewChange("note", code, {"note": note}, note_text(code)))

    def link_current_page(self) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        document_id, page = self.viewer.document_id, self.viewer.page
        if document_id is None or page < 1:
            self.ctx.bus.status_message.emit(tr("Open a document page first."))
            return
        result = self.checklist.results.get(item.code)
        if result is None:
            self.ctx.dialogs.error(ValidationError(fmt(tr("Answer item %1 before linking a page."), item.code)))
            return
        old = snapshot_of(result)
        assert old is not None
        if (document_id, page) in old.evidence:
            self.ctx.bus.status_message.emit(fmt(tr("Page %1 is already linked to item %2."), page, item.code))
            return
        code = item.code

        def link() -> None:
            self.send_change(ReviewChange("link", code, {"document_id": document_id, "page": page},
                                          page_text(code, page, True)))

        self.undo_stack.push(ItemCommand(
            self, code, old, with_page(old, document_id, page), page_text(code, page, True), link))

    def _remove_evidence(self, evidence_id: int) -> None:
        item = self.current_item()
        if item is None or not self.check_editable():
            return
        result = self.checklist.results.get(item.code)
        link = next((e for e in result.evidence if e.id == evidence_id), None) if result else None
        old = snapshot_of(result)
        if link is None or old is None:
            return
        code = item.code

        def unlink() -> None:
            self.send_change(ReviewChange("unlink", code, {"evidence_id": evidence_id},
                                          page_text(code, link.page, False)))

        self.undo_stack.push(ItemCommand(
            self, item.code, old, without_page(old, link.document_id, link.page),
            page_text(item.code, link.page, False), unlink))

    def start_save(self) -> None:
        self.pending_saves += 1
        self.score_bar.set_saving(self.pending_saves, self.last_saved)

    def _finish_save(self, saved_at: datetime | None) -> None:
        self.pending_saves = max(0, self.pending_saves - 1)
        if saved_at is not None:
            self.last_saved = saved_at
        self.score_bar.set_saving(self.pending_saves, self.last_saved)

    def apply_saved(self, item_code: str, result: SaveResult, refresh_note: bool = False) -> None:
        self._finish_save(result.saved_at)
        self.check_started()
        self.checklist.update_item(item_code, result.item, result.score)
        self.score_bar.set_score(result.score)
        if self.state is not None:
            results = dict(self.checklist.results)
            self.state = dataclasses.replace(self.state, results=results, score=result.score)
        current = self.current_item()
        if current is not None and current.code == item_code:
            typing = self.focusWidget() in (self.editor.occurrences, self.editor.amount)
            # While the reviewer types an amount, do not overwrite the spin box with the saved value.
            if refresh_note and self.editor.note.hasFocus():
                self.focus_checklist()  # undo / redo restored the note: show it, not the draft
            self.editor.show_item(current, result.item, self.locked, keep_amount=typing)
        if self.detail is not None:
            self.case_changed.emit(self.detail.id)

    def _evidence_saved(self, info: ItemResultInfo) -> None:
        self._finish_save(datetime.utcnow())
        self.check_started()
        self.checklist.update_item(info.item_code, info, None)
        current = self.current_item()
        if current is not None and current.code == info.item_code:
            self.editor.show_item(current, info, self.locked)

    def save_failed(self, exc: BaseException, change: ReviewChange | None = None) -> None:
        self._finish_save(None)
        if isinstance(exc, StaleEditError) and self.state is not None:
            self._conflict(exc, change)
            return
        if is_offline(exc) and change is not None and self.state is not None:
            self._keep_unsaved(change)  # never lost: kept on this PC, saved when the server is back
            return
        self.ctx.dialogs.error(exc)
        self.reload_state()

    def _conflict(self, exc: StaleEditError, change: ReviewChange | None) -> None:
        """Someone else saved this review first: load it as it is now, tell the reviewer what
        they changed and what was not saved, and let them load theirs or keep their own."""
        assert self.state is not None
        shown, review_id = self.state, int(exc.params.get("id") or self.state.review.id)

        def decide(fresh: ReviewState) -> None:
            if self.state is None or self.state.review.id != fresh.review.id:
                return  # the reviewer moved on to another case meanwhile
            changes, status = state_changes(shown, fresh)
            keep_possible = change is not None and not fresh.review.locked
            text = conflict_text(exc.params, changes, change.text if change else "", status)
            choices = conflict_choices() if keep_possible else conflict_choices()[:1]
            choice = self.ctx.dialogs.choose(tr("Changed by someone else"), text, choices)
            self.undo_stack.clear()  # its snapshots predate the other person's change
            self._apply_state(fresh)
            if change is not None and self.detail is not None:
                self.case_changed.emit(self.detail.id)
            if keep_possible and choice == 1 and change is not None:
                self.send_change(change)  # on top of their version, which the screen now shows
            else:
                self.ctx.bus.status_message.emit(tr("Their version is loaded; your change was not saved."))

        self.ctx.worker.call(lambda s: s.reviews.state(review_id), decide, label="reload after conflict")

    # -- unsaved changes (server unreachable) -----------------------------------------------------

    def _build_unsaved_banner(self) -> None:
        self.unsaved_banner = QFrame(self)
        self.unsaved_banner.setObjectName("unsavedBanner")
        self.unsaved_banner.setStyleSheet(
            "QFrame#unsavedBanner { background: #fde2e2; border: 1px solid #e0a0a0; }"
            " QFrame#unsavedBanner QLabel { color: #8a1c1c; font-weight: bold; }")
        row = QHBoxLayout(self.unsaved_banner)
        row.setContentsMargins(8, 4, 8, 4)
        self.unsaved_label = QLabel(self.unsaved_banner)
        self.unsaved_label.setWordWrap(True)
        retry = QPushButton(tr("Try again now"), self.unsaved_banner)
        retry.clicked.connect(self.unsaved.replay_now)
        copy = QPushButton(tr("Copy unsaved changes"), self.unsaved_banner)
        copy.clicked.connect(self.unsaved.copy_to_clipboard)
        for button in (retry, copy):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.unsaved_label, 1)
        row.addWidget(retry)
        row.addWidget(copy)
        self.unsaved_banner.setVisible(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.unsaved_banner)

    def _keep_unsaved(self, change: ReviewChange) -> None:
        assert self.state is not None
        review = self.state.review
        self.unsaved.keep(
            case_id=review.case_id, case_no=self.detail.case_no if self.detail else review.case_no,
            stage=review.stage.value, campaign_id=review.campaign_id, review_id=review.id,
            base_version=self.versions.expected(review.id) if review.id else None, change=change,
        )
        self._show_provisional(change)

    def _show_provisional(self, change: ReviewChange) -> None:
        """Show the reviewer's change on the checklist (marked unsaved) as if it were saved."""
        from casereview.services.dto import ItemResultInfo

        code, p = change.item_code, change.params
        before = self.checklist.results.get(code)
        info: ItemResultInfo | None = before
        if change.kind == "answer":
            note = (before.note if before else None) if p.get("keep_note", True) else p.get("note")
            info = ItemResultInfo(code, Answer(p["answer"]), p.get("deduction"), p.get("occurrences"), note,
                                  None, before.evidence if before else ())
        elif change.kind == "note" and before is not None:
            info = dataclasses.replace(before, note=p.get("note"))
        elif change.kind == "restore":
            raw = p.get("snapshot")
            info = None if raw is None else ItemResultInfo(
                code, Answer(raw["answer"]), raw.get("deduction"), raw.get("occurrences"), raw.get("note"), None,
                before.evidence if before else ())
        if info is not before:
            self.checklist.update_item(code, info, None)
            current = self.current_item()
            if current is not None and current.code == code:
                self.editor.show_item(current, info, self.locked)

    def _unsaved_changed(self) -> None:
        entries = self.unsaved.entries()
        codes = show_unsaved(self, entries)
        had = set(self.checklist.unsaved)
        self.checklist.set_unsaved(codes)
        self.unsaved_banner.setVisible(bool(entries))
        if entries:
            self.unsaved_label.setText(fmt(
                tr("%1 changes are not saved on the server yet (it cannot be reached). They are kept on this PC "
                   "(%2) and saved automatically when the server is back."), len(entries), self.unsaved.journal.path))
        if had and not codes:
            self.reload_state()  # saved (or dropped after a conflict): show what the server holds

    def remote_change(self, change: Change) -> None:
        """Another PC changed something: show this review as it is now if it was this one.
        Not while a change of ours is on its way (it meets the version check instead)."""
        state = self.state
        if state is None or not state.review.id or not change.touches_review(state.review.id):
            return
        if self.pending_saves:
            return
        self.reload_state()
        if change.by:
            self.ctx.bus.status_message.emit(fmt(tr("Updated with the changes %1 just saved."), change.by))

    def reload_state(self) -> None:
        """Show what is really saved (after an error the screen must not pretend otherwise)."""
        if self.state is None:
            return
        review = self.state.review
        if not review.id:  # not started: still nothing saved
            case_id, stage = review.case_id, review.stage
            self.ctx.worker.call(lambda s: s.reviews.open_review(case_id, stage=stage, create=False),
                                 lambda st: self._apply_state(st))
            return
        review_id = review.id
        self.ctx.worker.call(lambda s: s.reviews.state(review_id), lambda st: self._apply_state(st))

    # -- submission -----------------------------------------------------------------

    def submit(self) -> None:
        """Submit: gaps first (jump to the first one, no question asked), then confirm."""
        if not self.check_editable() or self.state is None:
            return
        gaps = self.unanswered_codes()
        if gaps:
            self.select_item(gaps[0])
            self.focus_checklist()
            self.ctx.bus.status_message.emit(
                fmt(tr("%1 items are still unanswered; this is the first one (U jumps to the next)."), len(gaps)))
            return
        if not self.ctx.dialogs.confirm(tr("Submit this review? It will be locked; changing it later needs a reason.")):
            return
        review_id, versions = self.state.review.id, self.versions
        self.ctx.worker.call(
            lambda s: versions.run(s, review_id, lambda rid, expected: s.reviews.submit(rid, expected_version=expected)),
            self._submitted, self._submit_failed)

    def _submitted(self, state: ReviewState) -> None:
        self._apply_state(state)
        if state.review.practice_case_id is not None:
            self.practice_submitted.emit(state.review.id)
        self.ctx.bus.status_message.emit(tr("Review submitted and locked."))
        if self.detail is not None:
            self.case_changed.emit(self.detail.id)

    def _submit_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StaleEditError):
            self._conflict(exc, None)  # look at their change first; submitting again is one key
            return
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
        review_id, versions = self.state.review.id, self.versions
        self.ctx.worker.call(
            lambda s: versions.run(s, review_id,
                                   lambda rid, expected: s.reviews.reopen(rid, reason, expected_version=expected)),
            self._reopened, self._reopen_failed)

    def _reopen_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StaleEditError):
            self._conflict(exc, None)
        else:
            self.ctx.dialogs.error(exc)

    def _reopened(self, state: ReviewState) -> None:
        self._apply_state(state)
        self.ctx.bus.status_message.emit(tr("Review reopened."))
        if self.detail is not None:
            self.case_changed.emit(self.detail.id)

    # -- keyboard -------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        # Scoring keys work wherever the focus is inside the workspace: one application-level
        # filter while the workspace is shown, instead of one filter per child widget.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        super().showEvent(event)

    def hideEvent(self, event: Any) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and self._receives_keys(watched)
            and not is_text_input(watched)
            and self._handle_key(watched, event)
        ):
            return True
        return super().eventFilter(watched, event)

    def _receives_keys(self, watched: QWidget) -> bool:
        """The focus widget when it is inside the workspace; otherwise (focus outside, e.g. a
        key sent straight to the checklist) the widget inside the workspace that got the key."""
        if not self.isAncestorOf(watched):
            return False
        focus = QApplication.focusWidget()
        return watched is focus or focus is None or not self.isAncestorOf(focus)

    def _handle_key(self, watched: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, shift):
            return False
        if event.text() == "?":
            show_shortcut_sheet(self)
            return True
        if any(handler(event) for handler in self.key_handlers):
            return True
        if key in CHANGE_BY_KEY or (mods == shift and key in ANSWER_BY_KEY):
            answer = CHANGE_BY_KEY.get(Qt.Key(key)) or ANSWER_BY_KEY[Qt.Key(key)]
            self.answer(answer.value, change=True)
            return True
        if key == Qt.Key.Key_U:
            self.move_unanswered(-1 if mods == shift else 1)
            return True
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        in_table = watched is self.table
        if key == Qt.Key.Key_Escape:
            self.focus_checklist()
        elif key == Qt.Key.Key_J or (in_table and key == Qt.Key.Key_Down):
            self.move(1)
        elif key == Qt.Key.Key_K or (in_table and key == Qt.Key.Key_Up):
            self.move(-1)
        elif key in ANSWER_BY_KEY:
            self.answer(ANSWER_BY_KEY[Qt.Key(key)].value)
        elif key == Qt.Key.Key_N or (in_table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.editor.focus_note()
        elif key == Qt.Key.Key_L:
            self.link_current_page()
        elif key == Qt.Key.Key_A and self.editor.needs_amount():
            self.editor.focus_amount()
        else:
            return False
        return True
