"""The two table models of the 问题整改 screen (findings, notices) and their sortable views.

The findings list can hold tens of thousands of rows (every deduction of every submitted review):
``DeficiencyModel`` keeps only their ids in display order and loads the rows the view shows, page
by page, from the database worker (as the case list does); sorting re-queries the ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ui.i18n import fmt, translator
from ui.models.paged import PagedIdsModel
from ui.models.rows_model import RowsTableModel

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.deficiencies import (
        DeficiencyInfo,
    )
    from casereview.services.notices import NoticeInfo

Index = QModelIndex | QPersistentModelIndex


tr = translator("RectificationScreen")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_BG = QColor("#fde2e1")
SOON_BG = QColor("#fff4cc")
CLOSED_FG = QColor("#6b7280")

# Status codes and their names (English source, translated where shown), in workflow order.
STATUSES = (
    ("pending", QT_TRANSLATE_NOOP("RectificationScreen", "Not issued")),
    ("issued", QT_TRANSLATE_NOOP("RectificationScreen", "Notice issued")),
    ("responded", QT_TRANSLATE_NOOP("RectificationScreen", "Responded")),
    ("rejected", QT_TRANSLATE_NOOP("RectificationScreen", "Sent back")),
    ("verified", QT_TRANSLATE_NOOP("RectificationScreen", "Verified")),
    ("closed", QT_TRANSLATE_NOOP("RectificationScreen", "Closed")),
)


def N_(text: str) -> str:
    return QT_TRANSLATE_NOOP("RectificationScreen", text)


# The register's sort key of each column (casereview.services.deficiencies.REGISTER_SORTS).
DEFICIENCY_SORTS = ("id", "unit", "case_no", "item", "points", "points_lost", "wording", "category", "status",
                    "notice", "deadline", "due")


class DeficiencyModel(PagedIdsModel["DeficiencyInfo"]):
    """The findings of the register: ids in display order, rows loaded a page at a time."""

    HEADERS = (N_("No."), N_("Unit"), N_("Case no."), N_("Item"), N_("Points"), N_("Points lost"), N_("Finding"),
               N_("Category"), N_("Status"), N_("Notice"), N_("Deadline"), N_("Time left"))
    MAX_PAGES = 40  # cached pages (8,000 rows); older ones are dropped and loaded again when shown

    def load_rows(self, services: Services, ids: list[int]) -> list[DeficiencyInfo]:
        return services.deficiencies.fetch(ids)

    def column_total(self) -> int:
        return len(self.HEADERS)

    @property
    def rows(self) -> list[DeficiencyInfo]:
        """The rows loaded so far, in display order (the first page once the list has loaded)."""
        return [r for r in (self.loaded(i) for i in range(len(self._ids))) if r is not None]

    def sort_key(self) -> str:
        return DEFICIENCY_SORTS[self.sort_column]

    # -- Qt model API -------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(DEFICIENCY_SORTS):
            return
        self.sort_column, self.sort_order = column, order
        self.sort_requested.emit(DEFICIENCY_SORTS[column], order == Qt.SortOrder.DescendingOrder)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter) if column in (0, 4, 5) else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return None
        d = self.row_at(index.row())
        if d is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("Loading…") if column == 6 else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return CLOSED_FG
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self._values(d)[column])
        return self.role_data(d, column, role)

    def _values(self, d: DeficiencyInfo) -> tuple[Any, ...]:
        return (d.id, d.unit_name, d.case_no, d.item_code, d.points_text, d.points_lost_text, d.wording, d.category,
                d.status_label, d.notice_number, d.due_date.isoformat() if d.due_date else "",
                d.due.text if d.due else "")

    def role_data(self, d: DeficiencyInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 5 and d.capped:
                return fmt(tr("The category's cap limited the loss: the item deducts %1 points, the file lost %2."),
                           f"{d.points:g}", f"{d.points_lost:g}")
            return f"{d.case_no} · {d.item_code} {d.item_text}\n{d.wording}\n{d.evidence_text}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if d.overdue:
                return OVERDUE_BG
            if d.due_soon:
                return SOON_BG
        if role == Qt.ItemDataRole.ForegroundRole and d.status == "closed":
            return CLOSED_FG
        if role == Qt.ItemDataRole.FontRole and d.overdue and column == 11:
            font = QFont()
            font.setBold(True)
            return font
        return None


class NoticeModel(RowsTableModel["NoticeInfo"]):
    HEADERS = (N_("Number"), N_("Unit"), N_("Issued"), N_("Deadline"), N_("Findings"), N_("Open"), N_("Status"),
               N_("Time left"))
    header_tr = staticmethod(tr)

    def _values(self, n: NoticeInfo) -> tuple[Any, ...]:
        return (n.number, n.unit_name, n.issue_date.isoformat(), n.deadline.isoformat(), n.finding_count,
                n.open_count, n.status_label, n.due.text if n.due else "")

    def display(self, n: NoticeInfo, column: int) -> Any:
        return str(self._values(n)[column])

    def role_data(self, n: NoticeInfo, column: int, role: int) -> Any:
        if role == SORT_ROLE:
            if column == 0:
                return (n.year, n.seq)
            if column in (4, 5):
                return self._values(n)[column]
            if column == 7:
                return n.due.workdays_left if n.due else 10_000
            return str(self._values(n)[column])
        if role == Qt.ItemDataRole.ToolTipRole and n.void_reason:
            return fmt(tr("Voided: %1"), n.void_reason)
        if role == Qt.ItemDataRole.BackgroundRole:
            if n.overdue:
                return OVERDUE_BG
            if n.due_soon:
                return SOON_BG
        if role == Qt.ItemDataRole.ForegroundRole and n.status in ("void", "closed"):
            return CLOSED_FG
        if role == Qt.ItemDataRole.FontRole and n.status == "void":
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


def sortable(model: QAbstractTableModel, parent: QWidget) -> tuple[QSortFilterProxyModel, QTableView]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView(parent)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    return proxy, table


