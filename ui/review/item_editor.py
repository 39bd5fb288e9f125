"""The editor of the selected checklist item: answer, amount, note, phrases, evidence links.

It is a view: it shows an item and its saved result and emits what the reviewer asked for;
the workspace sends the request to the core and feeds the saved result back.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import Answer, DeductionMode
from ui.core import allowed_deduction, fmt_points
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.reviews import ItemResultInfo
    from casereview.services.types import Item

tr = translator("ItemEditor")

ANSWER_KEYS: tuple[tuple[Answer, str], ...] = (
    (Answer.PASS, "1"),
    (Answer.DEDUCT, "2"),
    (Answer.NOT_APPLICABLE, "3"),
    (Answer.VETO, "4"),
)


class ItemEditor(QFrame):
    answer_chosen = Signal(str)  # Answer value
    amount_committed = Signal()  # the amount / occurrences spin box was confirmed (Enter)
    range_refused = Signal(str)  # the typed amount is outside the item's range (message)
    note_committed = Signal(str)
    note_cancelled = Signal()
    link_page_requested = Signal()
    evidence_activated = Signal(int, int)  # document id, page
    evidence_remove_requested = Signal(int)  # evidence id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemEditor")
        self.item: Item | None = None
        self.result: ItemResultInfo | None = None
        self.allowed_range: tuple[float, float] = (0.0, 0.0)
        self.locked = False
        self._build()
        self.show_item(None, None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self.title = QLabel(self)
        self.title.setObjectName("itemTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule = QLabel(self)
        self.rule.setObjectName("itemRule")
        self.rule.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.rule)
        # Other areas add boxes here (the automatic checks' proposed deductions).
        self.extra_slot = QVBoxLayout()
        self.extra_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.extra_slot)

        row = QHBoxLayout()
        row.setSpacing(4)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self.answer_buttons: dict[str, QPushButton] = {}
        for answer, key in ANSWER_KEYS:
            button = QPushButton(f"{key} {answer.label}", self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"answer_{answer.value}")
            button.setToolTip(fmt(tr("Answer “%1” (key %2)"), answer.label, key))
            button.clicked.connect(lambda _checked=False, a=answer.value: self.answer_chosen.emit(a))
            self.buttons.addButton(button)
            self.answer_buttons[answer.value] = button
            row.addWidget(button)
        layout.addLayout(row)

        amount_row = QHBoxLayout()
        self.amount_label = QLabel(self)
        self.occurrences = QSpinBox(self)
        self.amount = QDoubleSpinBox(self)
        self.amount.setDecimals(1)
        self.amount.setSingleStep(0.5)
        for spin in (self.occurrences, self.amount):
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
            spin.setMinimumWidth(90)
            spin.installEventFilter(self)
        self.amount_hint = QLabel(self)
        self.amount_hint.setObjectName("hint")
        self.amount_hint.setWordWrap(True)
        amount_row.addWidget(self.amount_label)
        amount_row.addWidget(self.occurrences)
        amount_row.addWidget(self.amount)
        amount_row.addWidget(self.amount_hint, 1)
        self.amount_box = QWidget(self)
        self.amount_box.setLayout(amount_row)
        amount_row.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.amount_box)

        note_head = QHBoxLayout()
        note_head.addWidget(QLabel(tr("Note (N to write, Ctrl+Enter to save)"), self), 1)
        self.phrases = QComboBox(self)
        self.phrases.setMinimumContentsLength(10)
        self.phrases.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.phrases.setToolTip(tr("Insert a standard finding phrase into the note (Ctrl+P in the note)"))
        self.phrases.activated.connect(self._insert_phrase)
        note_head.addWidget(self.phrases)
        layout.addLayout(note_head)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("noteEdit")
        self.note.setPlaceholderText(tr("Describe the problem found, e.g. which document and what is missing."))
        self.note.setMaximumHeight(90)
        self.note.installEventFilter(self)
        layout.addWidget(self.note)

        evidence_head = QHBoxLayout()
        evidence_head.addWidget(QLabel(tr("Evidence"), self), 1)
        self.link_button = QPushButton(tr("Link current page (L)"), self)
        self.link_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.link_button.clicked.connect(self.link_page_requested.emit)
        self.unlink_button = QPushButton(tr("Remove link"), self)
        self.unlink_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.unlink_button.clicked.connect(self._remove_evidence)
        evidence_head.addWidget(self.link_button)
        evidence_head.addWidget(self.unlink_button)
        layout.addLayout(evidence_head)
        self.evidence = QListWidget(self)
        self.evidence.setMaximumHeight(72)
        self.evidence.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.evidence.itemClicked.connect(self._evidence_clicked)
        layout.addWidget(self.evidence)

    # -- showing --------------------------------------------------------------------

    def show_item(
        self, item: Item | None, result: ItemResultInfo | None, locked: bool = False, keep_amount: bool = False
    ) -> None:
        same_item = self.item is not None and item is not None and self.item.code == item.code
        self.item, self.result, self.locked = item, result, locked
        enabled = item is not None and not locked
        if item is None:
            self.title.setText(tr("Select an item in the checklist."))
            self.rule.clear()
        else:
            self.title.setText(f"<b>{item.code}</b>&nbsp;&nbsp;{item.text}")
            parts = [fmt(tr("Max %1 points · %2"), fmt_points(item.max_points), allowed_deduction(item))]
            if item.veto is not None and item.max_points > 0:  # a 0-point veto item already says so
                parts.append(fmt(tr("Veto: %1"), item.veto.label))
            if item.guidance:
                parts.append(item.guidance)
            self.rule.setText("\n".join(parts))
        for value, button in self.answer_buttons.items():
            allowed = enabled
            if item is not None and value == Answer.VETO.value:
                allowed = allowed and item.veto is not None
            if item is not None and value == Answer.DEDUCT.value:
                allowed = allowed and item.max_points > 0
            button.setEnabled(allowed)
        self.buttons.setExclusive(False)
        for value, button in self.answer_buttons.items():
            button.setChecked(result is not None and result.answer == value)
        self.buttons.setExclusive(True)
        if not keep_amount:
            self._show_amount(item, result)
        if not (same_item and self.note.hasFocus()):  # never overwrite a note being written
            self.note.setPlainText(result.note or "" if result else "")
        self.note.setReadOnly(not enabled)
        self.phrases.clear()
        self.phrases.addItem(tr("Insert phrase…"))
        for phrase in item.phrases if item else []:
            self.phrases.addItem(phrase)
        self.phrases.setEnabled(enabled and item is not None and bool(item.phrases))
        self.evidence.clear()
        for ev in result.evidence if result else ():
            entry = QListWidgetItem(fmt(tr("%1 — page %2"), ev.document_title or ev.document_id, ev.page))
            entry.setData(Qt.ItemDataRole.UserRole, (ev.id, ev.document_id, ev.page))
            self.evidence.addItem(entry)
        self.link_button.setEnabled(enabled and result is not None)
        self.unlink_button.setEnabled(enabled and bool(result and result.evidence))

    def _show_amount(self, item: Item | None, result: ItemResultInfo | None) -> None:
        mode = item.deduction.mode if item is not None and item.max_points > 0 else None
        per_occurrence = mode is DeductionMode.PER_OCCURRENCE
        ranged = mode is DeductionMode.RANGE
        self.amount_box.setVisible(per_occurrence or ranged)
        self.occurrences.setVisible(per_occurrence)
        self.amount.setVisible(ranged)
        self._set_hint_error(False)
        if item is None:
            return
        rule = item.deduction
        for spin in (self.occurrences, self.amount):
            spin.blockSignals(True)
        if per_occurrence:
            self.amount_label.setText(tr("Occurrences"))
            per = float(rule.amount or 1)
            most = max(1, math.ceil(item.cap / per - 1e-9)) if per > 0 else 99
            self.allowed_range = (1.0, float(most))
            self.occurrences.setRange(0, max(most * 10, 99))  # wider: see out_of_range
            self.occurrences.setValue(result.occurrences or 1 if result else 1)
            self.amount_hint.setText(allowed_deduction(item))
        elif ranged:
            self.amount_label.setText(tr("Deduction"))
            self.allowed_range = (float(rule.min or 0), float(rule.max or 0))
            self.amount.setRange(0.0, max(float(rule.max or 0) * 10, 99.0))  # wider: see out_of_range
            self.amount.setValue(result.deduction if result and result.deduction is not None else float(rule.min or 0))
            self.amount_hint.setText(allowed_deduction(item))
        for spin in (self.occurrences, self.amount):
            spin.blockSignals(False)
        enabled = not self.locked and result is not None and result.answer == Answer.DEDUCT.value
        self.occurrences.setEnabled(enabled)
        self.amount.setEnabled(enabled)

    # -- the amount and the note -------------------------------------------------------

    def amount_values(self) -> tuple[float | None, int | None]:
        """(deduction, occurrences) to save for a 扣分 answer of the current item."""
        if self.item is None:
            return None, None
        mode = self.item.deduction.mode
        if mode is DeductionMode.PER_OCCURRENCE:
            return None, self.occurrences.value()
        if mode is DeductionMode.RANGE:
            return round(self.amount.value(), 2), None
        return None, None

    def _set_hint_error(self, error: bool) -> None:
        self.amount_hint.setProperty("error", error)
        self.amount_hint.style().unpolish(self.amount_hint)
        self.amount_hint.style().polish(self.amount_hint)

    def out_of_range(self, spin: QSpinBox | QDoubleSpinBox) -> str | None:
        """A message when the typed text is not a number within the item's range.

        The spin boxes accept a wider range than the rule allows, so that a typed 2.5 on a
        1–2 item reaches this check instead of being clamped or swallowed by the spin box.
        """
        text = spin.cleanText().strip()
        low, high = self.allowed_range
        shown = f"{fmt_points(low)}–{fmt_points(high)}"
        value, ok = spin.locale().toDouble(text)
        if not ok:
            try:
                value, ok = float(text), True
            except ValueError:
                ok = False
        what = tr("Occurrences") if spin is self.occurrences else tr("Deduction")
        if not ok or not (low - 1e-9 <= value <= high + 1e-9):
            return fmt(tr("%1 must be between %2; “%3” was not saved."), what, shown, text)
        return None

    def needs_amount(self) -> bool:
        return self.item is not None and self.item.deduction.mode in (DeductionMode.PER_OCCURRENCE, DeductionMode.RANGE)

    def focus_amount(self) -> None:
        spin: QAbstractSpinBox = self.occurrences if self.occurrences.isVisible() else self.amount
        spin.setEnabled(True)
        spin.setFocus(Qt.FocusReason.ShortcutFocusReason)
        spin.selectAll()

    def focus_note(self) -> None:
        if self.note.isReadOnly():
            return
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.moveCursor(self.note.textCursor().MoveOperation.End)

    def _insert_phrase(self, index: int) -> None:
        if index <= 0:
            return
        text = self.phrases.itemText(index)
        self.phrases.setCurrentIndex(0)
        cursor = self.note.textCursor()
        # zh-data: the note is Chinese text for the official review form, whatever the interface language
        if self.note.toPlainText() and not self.note.toPlainText().endswith(("。", "；", "\n", " ")):  # zh-data
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertText("；")  # zh-data
        cursor.insertText(text)
        self.note.setTextCursor(cursor)
        self.focus_note()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, mods = event.key(), event.modifiers()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.note:
                if enter and mods & Qt.KeyboardModifier.ControlModifier:
                    self.note_committed.emit(self.note.toPlainText().strip())
                    return True
                if key == Qt.Key.Key_Escape:
                    self.note.setPlainText(self.result.note or "" if self.result else "")
                    self.note_cancelled.emit()
                    return True
                if key == Qt.Key.Key_P and mods & Qt.KeyboardModifier.ControlModifier and self.phrases.isEnabled():
                    self.phrases.showPopup()
                    return True
            elif watched in (self.occurrences, self.amount) and (enter or key == Qt.Key.Key_Escape):
                if enter:
                    assert isinstance(watched, QSpinBox | QDoubleSpinBox)
                    problem = self.out_of_range(watched)
                    if problem:  # refused, never silently clamped (2.5 typed into 1–2)
                        self.amount_hint.setText(problem)
                        self._set_hint_error(True)
                        self.range_refused.emit(problem)
                        watched.selectAll()
                        return True
                    self.amount_committed.emit()
                else:
                    self.note_cancelled.emit()
                return True
        return super().eventFilter(watched, event)

    # -- evidence -------------------------------------------------------------------

    def _evidence_clicked(self, entry: QListWidgetItem) -> None:
        _id, document_id, page = entry.data(Qt.ItemDataRole.UserRole)
        self.evidence_activated.emit(document_id, page)

    def _remove_evidence(self) -> None:
        entry = self.evidence.currentItem() or self.evidence.item(self.evidence.count() - 1)
        if entry is not None:
            evidence_id, _doc, _page = entry.data(Qt.ItemDataRole.UserRole)
            self.evidence_remove_requested.emit(evidence_id)
