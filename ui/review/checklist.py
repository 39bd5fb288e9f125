"""The scoring checklist: categories and items of the pinned standard with the saved answers.

One flat table model: a category header row followed by its items (headers span the row).
The model only displays what the core returned — answers (``ItemResultInfo``) and the
engine's per-item deductions (``ScoreResult.item_deductions``); it computes no score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from casereview.services.types import Answer
from ui.core import fmt_points
from ui.i18n import fmt, translator
from ui.models.rows_model import Index, RowsTableModel

if TYPE_CHECKING:
    from casereview.services.reviews import ItemResultInfo
    from casereview.services.types import Category, Item, ScoreResult, StandardDef

tr = translator("ChecklistModel")
_flags: dict[str, QPixmap] = {}


def check_flag(mark: str) -> QPixmap:
    """A small flag: amber for an open proposed deduction, grey once decided."""
    if mark not in _flags:
        pixmap = QPixmap(10, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor("#d97706" if mark == "open" else "#9ca3af")
        painter.setPen(colour)
        painter.drawLine(1, 1, 1, 13)
        painter.setBrush(colour)
        painter.drawPolygon([QPoint(2, 1), QPoint(9, 4), QPoint(2, 7)])
        painter.end()
        _flags[mark] = pixmap
    return _flags[mark]

ANSWER_COLOURS = {
    Answer.PASS.value: "#1b7f3b",
    Answer.DEDUCT.value: "#b36b00",
    Answer.NOT_APPLICABLE.value: "#6b7280",
    Answer.VETO.value: "#c0392b",
}
HEADERS = (
    QT_TRANSLATE_NOOP("ChecklistModel", "Code"),
    QT_TRANSLATE_NOOP("ChecklistModel", "Item"),
    QT_TRANSLATE_NOOP("ChecklistModel", "Points"),
    QT_TRANSLATE_NOOP("ChecklistModel", "Answer"),
)


@dataclass(frozen=True)
class Row:
    category: Category
    item: Item | None  # None for the category header row


class ChecklistModel(RowsTableModel[Row]):
    """Rows, header titles and counts come from ``RowsTableModel``; ``data`` is its own
    (category rows span the table and show the category's score)."""

    COL_CODE, COL_TEXT, COL_POINTS, COL_ANSWER = range(4)
    HEADERS = HEADERS
    header_tr = staticmethod(tr)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.standard: StandardDef | None = None
        self.results: dict[str, ItemResultInfo] = {}
        self.score: ScoreResult | None = None
        self._row_of: dict[str, int] = {}
        # Automatic-check markers per item (set by ui/review/checks_panel.py):
        # "open" = a proposed deduction awaits the reviewer, "decided" = accepted or dismissed.
        self.check_marks: dict[str, str] = {}
        self.check_tips: dict[str, str] = {}
        # Items with a change the server has not confirmed (kept in the local journal).
        self.unsaved: set[str] = set()

    def set_unsaved(self, codes: set[str]) -> None:
        changed = codes ^ self.unsaved
        self.unsaved = set(codes)
        for code in changed:
            row = self._row_of.get(code)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_check_marks(self, marks: dict[str, str], tips: dict[str, str]) -> None:
        changed = set(marks) | set(self.check_marks)
        self.check_marks, self.check_tips = dict(marks), dict(tips)
        for code in changed:
            row = self._row_of.get(code)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_review(self, standard: StandardDef, results: dict[str, ItemResultInfo], score: ScoreResult) -> None:
        self.beginResetModel()
        self.standard = standard
        self.rows = []
        for category in standard.categories:
            self.rows.append(Row(category, None))
            for item in category.items:
                self.rows.append(Row(category, item))
        self._row_of = {r.item.code: i for i, r in enumerate(self.rows) if r.item is not None}
        self.results = dict(results)
        self.score = score
        self.endResetModel()

    def update_item(self, item_code: str, result: ItemResultInfo | None, score: ScoreResult | None) -> None:
        if result is None:
            self.results.pop(item_code, None)
        else:
            self.results[item_code] = result
        if score is not None:
            self.score = score
        row = self._row_of.get(item_code)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        if score is not None:
            # Category subtotals (header rows) change with every answer: repaint them together
            # with the item, so they never lag behind the header of the workspace.
            for header_row, entry in enumerate(self.rows):
                if entry.item is None:
                    self.dataChanged.emit(self.index(header_row, 0), self.index(header_row, self.columnCount() - 1))

    # -- lookups --------------------------------------------------------------------

    def item_at(self, row: int) -> Item | None:
        return self.rows[row].item if 0 <= row < len(self.rows) else None

    def row_of(self, item_code: str) -> int | None:
        return self._row_of.get(item_code)

    def item_rows(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.item is not None]

    def answer_text(self, item_code: str) -> str:
        result = self.results.get(item_code)
        if result is None:
            return ""
        answer = Answer(result.answer)
        if answer is Answer.DEDUCT:
            deducted = self.score.item_deductions.get(item_code) if self.score else None
            if deducted is not None:
                return fmt(tr("-%1"), fmt_points(deducted))
        return answer.label

    # -- Qt API ---------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()].item is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if row.item is None:
            return self._header_data(row.category, column, role)
        item = row.item
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_CODE:
                return item.code
            if column == self.COL_TEXT:
                return item.text
            if column == self.COL_POINTS:
                return fmt_points(item.max_points) if item.max_points > 0 else tr("veto")
            text = self.answer_text(item.code)
            if item.code in self.unsaved:
                return fmt(tr("%1 ✱"), text) if text else "✱"  # kept on this PC, not yet on the server
            if not text and self.check_marks.get(item.code) == "open":
                return "⚑"  # unanswered, with a proposed deduction from an automatic check
            return text
        mark = self.check_marks.get(item.code)
        if item.code in self.unsaved:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor("#fde2e2")
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("Not saved yet: the server could not be reached. This change is kept on this PC "
                          "and saved when the server is back.")
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TEXT:
            tip = item.text + (f"\n\n{item.guidance}" if item.guidance else "")
            return tip + (f"\n\n{self.check_tips[item.code]}" if item.code in self.check_tips else "")
        if role == Qt.ItemDataRole.ToolTipRole and mark:
            return self.check_tips.get(item.code)
        if role == Qt.ItemDataRole.BackgroundRole and mark == "open":
            return QColor("#fff4dc")
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_CODE and mark:
            return check_flag(mark)
        if (role == Qt.ItemDataRole.ForegroundRole and column == self.COL_ANSWER and mark == "open"
                and item.code not in self.results):
            return QColor("#b36b00")
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_ANSWER:
            result = self.results.get(item.code)
            return QColor(ANSWER_COLOURS.get(result.answer, "#333333")) if result else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_POINTS, self.COL_ANSWER):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.COL_ANSWER:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _header_data(self, category: Category, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            score = next((c for c in (self.score.category_scores if self.score else []) if c.code == category.code), None)
            if category.veto_tier:
                return fmt(tr("%1  (veto items)"), category.name)
            if score is not None:
                return fmt(tr("%1  %2 / %3"), category.name, fmt_points(score.score), fmt_points(score.max_points))
            return category.name
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#eef2f7")
        return None
