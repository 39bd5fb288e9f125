"""Undoable answer changes. Each redo/undo is itself a save through the core (audited there):
undo of a first answer clears it, undo of a changed answer saves the previous one back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoCommand

from casereview.services.types import Answer
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.reviews import ItemResultInfo

tr = translator("AnswerCommand")


@dataclass(frozen=True)
class AnswerSpec:
    answer: str
    deduction: float | None = None
    occurrences: int | None = None

    @classmethod
    def of(cls, result: ItemResultInfo) -> AnswerSpec:
        return cls(result.answer, result.deduction, result.occurrences)


class AnswerSink(Protocol):
    def send_answer(self, item_code: str, spec: AnswerSpec, note: str | None = None, keep_note: bool = True) -> None: ...

    def send_clear(self, item_code: str) -> None: ...

    def select_item(self, item_code: str) -> None: ...


class AnswerCommand(QUndoCommand):
    def __init__(self, sink: AnswerSink, item_code: str, before: ItemResultInfo | None, after: AnswerSpec) -> None:
        super().__init__(fmt(tr("Answer %1: %2"), item_code, Answer(after.answer).label))
        self.sink = sink
        self.item_code = item_code
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.sink.select_item(self.item_code)
        self.sink.send_answer(self.item_code, self.after)

    def undo(self) -> None:
        self.sink.select_item(self.item_code)
        if self.before is None:
            self.sink.send_clear(self.item_code)
        else:
            self.sink.send_answer(self.item_code, AnswerSpec.of(self.before), note=self.before.note, keep_note=False)
