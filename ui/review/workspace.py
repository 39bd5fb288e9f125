"""The review workspace: case facts | document viewer | scoring checklist, keyboard-first.

Every answer is sent to the core the moment it is made (one transaction each, in the DB
worker); the score shown is the one the core returns with the saved answer. Undo/redo go
through a QUndoStack whose commands are themselves saves.

The workspace is one widget put together from focused parts, each in its own module:
``header`` (top row, practice banner), ``layout`` (panes and splitters), ``navigation``
(documents, pages, items, shortcut actions), ``keyboard`` (scoring keys), ``answering`` (edits
as undoable steps), ``saving`` (sending changes, saved results, conflicts), ``offline``
(changes the server could not take) and ``submission`` (submit, reopen). This module loads a
case and applies a review state to all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.context import AppContext
from ui.review import standard_switch
from ui.review.answering import WorkspaceAnswering
from ui.review.conflicts import VersionTracker
from ui.review.header import WorkspaceHeader, practice_banner
from ui.review.keyboard import ANSWER_BY_KEY, CHANGE_BY_KEY, WorkspaceKeys, is_text_input
from ui.review.layout import MIN_ROWS, ROW_HEIGHT, WorkspaceLayout
from ui.review.navigation import WorkspaceNavigation
from ui.review.offline import WorkspaceOffline
from ui.review.saving import WorkspaceSaving
from ui.review.submission import WorkspaceSubmission
from ui.review.unsaved import UnsavedChanges
from ui.shortcuts import show_shortcut_sheet

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.cases import CaseDetail
    from casereview.services.reviews import ReviewState

__all__ = ["ANSWER_BY_KEY", "CHANGE_BY_KEY", "MIN_ROWS", "ROW_HEIGHT", "LoadedCase", "ReviewWorkspace",
           "is_text_input"]


@dataclass(frozen=True)
class LoadedCase:
    detail: CaseDetail
    state: ReviewState


class ReviewWorkspace(
    WorkspaceLayout, WorkspaceNavigation, WorkspaceKeys, WorkspaceAnswering, WorkspaceSaving, WorkspaceOffline,
    WorkspaceSubmission, QWidget,
):
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
        self.header = WorkspaceHeader(self)
        self.score_bar = self.header.score_bar
        standard_switch.install(self)
        self.back_button = self.header.back_button
        self.back_button.clicked.connect(self.back_requested.emit)
        self.submit_button = self.header.submit_button
        self.submit_button.clicked.connect(self.submit)
        self.reopen_button = self.header.reopen_button
        self.reopen_button.clicked.connect(self.reopen)
        self.help_button = self.header.help_button
        self.help_button.clicked.connect(lambda: show_shortcut_sheet(self))

        self._build_panes()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        self.practice_banner = practice_banner(self)
        layout.addWidget(self.practice_banner)
        layout.addWidget(self.splitter, 1)

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
