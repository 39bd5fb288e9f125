"""The case list model: holds only the ordered case ids and loads rows lazily, page by page.

With 100,000 cases the view asks ``data()`` only for the visible rows; a missing page is
requested from the DB worker (placeholder text meanwhile) and announced with ``dataChanged``
when it arrives. Sorting re-queries the ordered ids in the database (``sort_requested``), which
is much faster at this size than sorting rows in a proxy. Results of an older id list are
dropped (generation counter), so a fast typist never sees stale rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from ui.i18n import fmt, translator
from ui.models.paged import PagedIdsModel

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.cases import CaseRow

tr = translator("CaseTableModel")
# CaseReviewState.IN_PROGRESS.value (casereview.services.types): the enum module is not imported
# before the window shows (start-up time); tests/ui/test_ui_case_list.py checks they agree.
IN_PROGRESS = "in_progress"
Index = QModelIndex | QPersistentModelIndex


def N_(text: str) -> str:
    """Mark a column title for translation (translated later in headerData)."""
    return QT_TRANSLATE_NOOP("CaseTableModel", text)

# Keyed by the grade names the shipped standards define (data, matched, never shown from here).
GRADE_COLOURS = {
    "优秀": "#1b7f3b",  # zh-data
    "良好": "#2f7d6d",  # zh-data
    "合格": "#1f5fa8",  # zh-data
    "基本合格": "#b36b00",  # zh-data
    "不合格": "#c0392b",  # zh-data
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English source, translated in headerData
    sort_key: str
    width: int
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


COLUMNS: tuple[Column, ...] = (
    Column("case_no", N_("Case no."), "case_no", 190),
    Column("unit", N_("Enforcement unit"), "unit", 180),
    Column("case_type", N_("Case type"), "case_type", 72),
    Column("party", N_("Party"), "party_name", 150),
    Column("cause", N_("Cause"), "cause", 220),
    Column("dates", N_("Filing / decision date"), "decision_date", 172),
    Column("fine", N_("Fine (yuan)"), "fine_amount", 96, Qt.AlignmentFlag.AlignRight),
    Column("state", N_("Review status"), "review_state", 72),
    Column("score", N_("Score"), "score", 84, Qt.AlignmentFlag.AlignRight),
    Column("grade", N_("Grade"), "grade", 60),
)
# fetch(job, on_ok): runs ``job(services)`` in the DB worker and calls ``on_ok(rows)`` on the UI thread.


def format_cell(row: CaseRow, key: str) -> str:
    if key == "case_no":
        return row.case_no
    if key == "unit":
        return row.unit_name
    if key == "case_type":
        return row.case_type_label
    if key == "party":
        return row.party_name
    if key == "cause":
        return row.cause
    if key == "dates":
        first = row.filing_date.isoformat() if row.filing_date else "—"
        second = row.decision_date.isoformat() if row.decision_date else "—"
        return f"{first} / {second}"
    if key == "fine":
        return f"{row.fine_amount:,.2f}" if row.fine_amount is not None else ""
    if key == "state":
        return row.review_state_label
    provisional = row.review_state == IN_PROGRESS
    if key == "score":  # an unfinished review's score is provisional: labelled, and no grade
        if row.score is None:
            return ""
        return fmt(tr("prov. %1"), f"{row.score:.1f}") if provisional else f"{row.score:.1f}"
    if key == "grade":
        return "" if provisional else row.grade or ""
    return ""


class CaseTableModel(PagedIdsModel["CaseRow"]):
    MAX_PAGES = 60  # cached pages (12,000 rows); older ones are dropped and re-fetched when needed

    def load_rows(self, services: Services, ids: list[int]) -> list[CaseRow]:
        return services.cases.fetch_rows(ids)

    def column_total(self) -> int:
        return len(COLUMNS)

    def refresh_case(self, case_id: int) -> None:
        """Reload the page holding this case (its review columns changed)."""
        self.reload_row(case_id)

    # -- Qt model API -------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(COLUMNS[section].title)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(COLUMNS[section].align | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("Loading…") if index.column() == 0 else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#999999")
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.key == "score" and row.review_state == IN_PROGRESS:
                return QColor("#6b7280")
            if column.key == "grade" and row.grade:
                return QColor(GRADE_COLOURS.get(row.grade, "#333333"))
            return None
        text = format_cell(row, column.key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.key == "score" and text and row.review_state == IN_PROGRESS:
                return tr("Provisional score of the items answered so far; graded once the review is complete.")
            return text if column.key in ("cause", "party", "unit", "case_no") and text else None
        return text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        self.sort_requested.emit(COLUMNS[column].sort_key, order == Qt.SortOrder.DescendingOrder)

    @property
    def sort_key(self) -> str:
        return COLUMNS[self.sort_column].sort_key
