"""Submitting (gaps first, then a confirmation; the review locks) and reopening (with a reason for
the audit log) in the review workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereview.services.types import CaseReviewError, StaleEditError
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.reviews import ReviewState

tr = translator("ReviewWorkspace")


class WorkspaceSubmission:
    """Part of ``ReviewWorkspace``: submit and reopen."""

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
