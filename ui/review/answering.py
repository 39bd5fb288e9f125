"""Answering in the review workspace: each edit of an item (answer, amount, note, linked page) is one
undoable step (``ui.review.commands.ItemCommand``) whose do / undo are saves (``ui.review.saving``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereview.services.types import Answer, ValidationError, default_deduction
from casereview.services.unsaved import ReviewChange
from ui.i18n import fmt, translator
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

if TYPE_CHECKING:
    from casereview.services.reviews import ItemResultInfo

tr = translator("ReviewWorkspace")


class WorkspaceAnswering:
    """Part of ``ReviewWorkspace``: the reviewer's edits of the current item, as undoable steps."""

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
