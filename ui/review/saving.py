"""Saving in the review workspace: every change goes to the core at once, in the DB worker, with the
review version this screen saw; the saved result (and score) comes back and is shown. Conflicts
with another person's save, a review created by its first save, and changes made on another PC."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from casereview.services.types import StaleEditError
from casereview.services.unsaved import ReviewChange, apply_change, is_offline
from ui.i18n import fmt, translator
from ui.review.commands import AnswerSpec, answer_text
from ui.review.conflicts import conflict_choices, conflict_text, state_changes

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.reviews import ItemResultInfo, ItemSnapshot, ReviewState, SaveResult
    from casereview.services.types import Change

tr = translator("ReviewWorkspace")


class WorkspaceSaving:
    """Part of ``ReviewWorkspace``: sends changes, shows what was saved, handles failures."""

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
