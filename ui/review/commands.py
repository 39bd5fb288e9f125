"""Undoable changes of one checklist item. Each redo/undo is itself a save through the core
(audited there).

Undo and redo work on the item as one unit — conclusion, amount, note and evidence pages —
so undoing a note or a linked page never loses the rest, and redo puts back exactly what was
there. The first ``redo`` (when the command is pushed) runs the original operation (save the
answer, save the note, link the page); later undo/redo restore whole snapshots through
``ReviewService.restore_item``, which the review's history records as 撤销 / 重做.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

from casereview.services.types import Answer
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.reviews import ItemResultInfo, ItemSnapshot

tr = translator("AnswerCommand")


@dataclass(frozen=True)
class AnswerSpec:
    answer: str
    deduction: float | None = None
    occurrences: int | None = None

    @classmethod
    def of(cls, result: ItemResultInfo) -> AnswerSpec:
        return cls(result.answer, result.deduction, result.occurrences)


class ItemSink(Protocol):
    def send_restore(self, item_code: str, snapshot: ItemSnapshot | None, action: str) -> None: ...

    def select_item(self, item_code: str) -> None: ...


def snapshot_of(result: ItemResultInfo | None) -> ItemSnapshot | None:
    from casereview.services.reviews import ItemSnapshot

    return ItemSnapshot.of(result)


def answered(before: ItemSnapshot | None, spec: AnswerSpec) -> ItemSnapshot:
    """The item after answering ``spec``: the note and evidence stay (``keep_note``)."""
    from casereview.services.reviews import ItemSnapshot

    deduct = spec.answer == Answer.DEDUCT.value
    return ItemSnapshot(
        spec.answer,
        spec.deduction if deduct else None,
        spec.occurrences if deduct else None,
        before.note if before else None,
        before.evidence if before else (),
    )


def with_note(before: ItemSnapshot, note: str | None) -> ItemSnapshot:
    return replace(before, note=note)


def with_page(before: ItemSnapshot, document_id: int, page: int) -> ItemSnapshot:
    pages = before.evidence if (document_id, page) in before.evidence else (*before.evidence, (document_id, page))
    return replace(before, evidence=pages)


def without_page(before: ItemSnapshot, document_id: int, page: int) -> ItemSnapshot:
    return replace(before, evidence=tuple(p for p in before.evidence if p != (document_id, page)))


class ItemCommand(QUndoCommand):
    def __init__(
        self,
        sink: ItemSink,
        item_code: str,
        before: ItemSnapshot | None,
        after: ItemSnapshot | None,
        text: str,
        first: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self.sink = sink
        self.item_code = item_code
        self.before = before
        self.after = after
        self._first: Callable[[], None] | None = first

    def redo(self) -> None:
        self.sink.select_item(self.item_code)
        first, self._first = self._first, None
        if first is not None:
            first()
        else:
            self.sink.send_restore(self.item_code, self.after, "redo")

    def undo(self) -> None:
        self.sink.select_item(self.item_code)
        self.sink.send_restore(self.item_code, self.before, "undo")


def answer_text(item_code: str, spec: AnswerSpec) -> str:
    return fmt(tr("Answer %1: %2"), item_code, Answer(spec.answer).label)


def note_text(item_code: str) -> str:
    return fmt(tr("Note on %1"), item_code)


def page_text(item_code: str, page: int, linked: bool) -> str:
    return fmt(tr("Link page %2 to %1") if linked else tr("Unlink page %2 from %1"), item_code, page)
