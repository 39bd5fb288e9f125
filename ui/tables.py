"""Read-only QTableWidget helpers and the campaign words (stages, statuses, roles) shared by the campaign, statistics and training screens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

WARN = QColor("#fde7e7")
DONE = QColor("#e6f4ea")


def make_table(headers: Sequence[str], parent: QWidget, *, stretch: int | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return table


def fill(
    table: QTableWidget,
    rows: Sequence[Sequence[Any]],
    data: Sequence[Any] | None = None,
    colors: Sequence[QColor | None] | None = None,
) -> None:
    """Replace the rows; ``data`` goes to column 0's UserRole, ``colors`` tints whole rows."""
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, int | float) and not isinstance(value, bool):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c == 0 and data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data[r])
            if colors is not None and colors[r] is not None:
                item.setBackground(colors[r])
            table.setItem(r, c, item)


def selected_data(table: QTableWidget) -> Any:
    row = table.currentRow()
    if row < 0:
        return None
    item = table.item(row, 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def select_data(table: QTableWidget, value: Any) -> None:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == value:
            table.selectRow(row)
            return
    if table.rowCount():
        table.selectRow(0)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


# -- campaign words the core gives in Chinese (codes or labels), shown in the interface language --

FINALISED, UNASSIGNED = "已定稿", "待分配"  # zh-data: the core's stage labels, compared
# The core's stage of a campaign case (casereview.campaigns.progress.stage_label, Chinese) →
# English source (context CampaignLabels), translated back to Chinese in the Chinese interface.
STAGE_NAMES = {
    "待分配": QT_TRANSLATE_NOOP("CampaignLabels", "Not assigned"),  # zh-data
    "待初评": QT_TRANSLATE_NOOP("CampaignLabels", "Awaiting first review"),  # zh-data
    "初评中": QT_TRANSLATE_NOOP("CampaignLabels", "First review in progress"),  # zh-data
    "待复核": QT_TRANSLATE_NOOP("CampaignLabels", "Awaiting re-check"),  # zh-data
    "复核中": QT_TRANSLATE_NOOP("CampaignLabels", "Re-check in progress"),  # zh-data
    "待合议": QT_TRANSLATE_NOOP("CampaignLabels", "Awaiting reconciliation"),  # zh-data
    "合议中": QT_TRANSLATE_NOOP("CampaignLabels", "Reconciliation in progress"),  # zh-data
    "已定稿": QT_TRANSLATE_NOOP("CampaignLabels", "Finalised"),  # zh-data
}
CAMPAIGN_STATUS_NAMES = {
    "preparing": QT_TRANSLATE_NOOP("CampaignLabels", "Preparing"),
    "reviewing": QT_TRANSLATE_NOOP("CampaignLabels", "Reviewing"),
    "rechecking": QT_TRANSLATE_NOOP("CampaignLabels", "Re-checking"),
    "done": QT_TRANSLATE_NOOP("CampaignLabels", "Done"),
}
ROLE_NAMES = {
    "reviewer": QT_TRANSLATE_NOOP("CampaignLabels", "Reviewer"),
    "rechecker": QT_TRANSLATE_NOOP("CampaignLabels", "Re-checker"),
    "lead": QT_TRANSLATE_NOOP("CampaignLabels", "Team lead"),
    "trainer": QT_TRANSLATE_NOOP("CampaignLabels", "Trainer"),
    "trainee": QT_TRANSLATE_NOOP("CampaignLabels", "Trainee"),
}


def _label(names: dict[str, str], key: str) -> str:
    return QCoreApplication.translate("CampaignLabels", names[key]) if key in names else key


def stage_text(stage_label: str) -> str:
    return _label(STAGE_NAMES, stage_label)


def campaign_status_text(code: str) -> str:
    return _label(CAMPAIGN_STATUS_NAMES, code)


def role_text(code: str) -> str:
    """A roster role in plain words (评查人 / Reviewer), never the stored code."""
    return _label(ROLE_NAMES, code)


def case_type_text(code: str) -> str:
    from casereview.services.types import CaseType

    return CaseType(code).label if code in set(CaseType) else code


def answer_text(code: str) -> str:
    from casereview.services.types import Answer

    return Answer(code).label if code in set(Answer) else code
