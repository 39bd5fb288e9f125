"""评查标准: the stored standard versions (read-only) and their items; import and export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import CaseType, Procedure
from ui.context import AppContext
from ui.core import allowed_deduction, fmt_points
from ui.empty_state import empty_state
from ui.export_job import run_export
from ui.i18n import fmt, join_list, translator
from ui.models.rows_model import RowsTableModel
from ui.screens import ScreenSpec, register_screen

if TYPE_CHECKING:
    from casereview.services.standards import ImportedStandard, StandardVersionInfo
    from casereview.services.types import StandardDef

tr = translator("StandardsScreen")


def N_(text: str) -> str:
    return QT_TRANSLATE_NOOP("StandardsScreen", text)


def _label(enum_cls: Any, value: str) -> str:
    try:
        return str(enum_cls(value).label)
    except ValueError:
        return value


class VersionModel(RowsTableModel["StandardVersionInfo"]):
    HEADERS = (N_("Standard"), N_("Version"), N_("Case type"), N_("Procedure"), N_("Province"), N_("Items"),
               N_("Content hash"), N_("Latest"))
    header_tr = staticmethod(tr)

    def display(self, v: StandardVersionInfo, column: int) -> Any:
        return (
            v.name,
            v.version,
            _label(CaseType, v.case_type),
            _label(Procedure, v.procedure),
            v.province or "",
            str(v.item_count),
            v.content_hash[:12],
            "✓" if v.is_latest else "",
        )[column]

    def role_data(self, v: StandardVersionInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{v.name}\n{v.code} · {v.content_hash}\n{v.source or ''}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 7):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ItemRow(NamedTuple):
    cells: tuple[str, ...]
    is_category: bool  # a category header row (bold, shaded)


class ItemsModel(RowsTableModel[ItemRow]):
    HEADERS = (N_("Code"), N_("Item"), N_("Points"), N_("Deduction rule"), N_("Veto effect"), N_("Documents"))
    header_tr = staticmethod(tr)

    def set_standard(self, std: StandardDef | None) -> None:
        rows: list[ItemRow] = []
        for category in std.categories if std else []:
            cap = fmt(tr(" (cap %1)"), fmt_points(category.max_points)) if category.max_points is not None else ""
            rows.append(ItemRow(
                (category.code, f"{category.name}{cap}", fmt_points(category.contribution), "", "", ""), True
            ))
            for item in category.items:
                rows.append(ItemRow((
                    item.code,
                    item.text,
                    fmt_points(item.max_points),
                    allowed_deduction(item),
                    item.veto.label if item.veto else "",
                    join_list(item.doc_types),
                ), False))
        self.set_rows(rows)

    def display(self, row: ItemRow, column: int) -> Any:
        return row.cells[column]

    def role_data(self, row: ItemRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.cells[column]
        if row.is_category and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if row.is_category and role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#eef2f7")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class StandardsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.versions = VersionModel(self)
        self.items = ItemsModel(self)
        self._build()
        ctx.bus.database_opened.connect(lambda _db: self.reload())

    def _table(self, model: QAbstractTableModel) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        return table

    def _show_calendar(self) -> None:
        from ui.dialogs_calendar import show_calendar_dialog

        show_calendar_dialog(self.ctx, self)

    def _build(self) -> None:
        title = QLabel(tr("Scoring standards"), self)
        title.setObjectName("screenTitle")
        note = QLabel(tr("Standards are versioned: a review keeps the exact version it was started with. "
                         "Import a new file to create a new version."), self)
        note.setObjectName("hint")
        self.import_button = QPushButton(tr("Import standard…"), self)
        self.import_button.clicked.connect(self.import_standard)
        self.export_button = QPushButton(tr("Export to Excel…"), self)
        self.export_button.clicked.connect(self.export_standard)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.import_button)
        head.addWidget(self.export_button)
        self.calendar_button = QPushButton(tr("Working-day calendar…"), self)
        self.calendar_button.setToolTip(tr("Holiday arrangements used by the automatic checks; add a year"))
        self.calendar_button.clicked.connect(self._show_calendar)
        head.addWidget(self.calendar_button)

        self.version_table = self._table(self.versions)
        header = self.version_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 80), (2, 90), (3, 90), (4, 70), (5, 70), (6, 120), (7, 60)):
            self.version_table.setColumnWidth(column, width)
        self.version_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_version(cur.row()))
        self.item_table = self._table(self.items)
        header = self.item_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 64), (2, 56), (3, 230), (4, 110), (5, 180)):
            self.item_table.setColumnWidth(column, width)
        self.empty = empty_state(self.version_table, lambda: tr(
            "No scoring standard is stored in this database. Click “Import standard…” and choose a standard "
            "file (YAML, TOML, JSON or an Excel sheet exported here); reviews can start once one is stored."))
        self.summary = QLabel(self)
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(self.item_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.version_table)
        split.addWidget(lower)
        split.setSizes([130, 600])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(note)
        layout.addWidget(split, 1)

    def on_activated(self) -> None:
        if not self.versions.rows:
            self.reload()

    def reload(self) -> None:
        self.ctx.worker.call(lambda s: s.standards.list_versions(), self._got_versions)

    def _got_versions(self, versions: list[StandardVersionInfo]) -> None:
        self.versions.set_rows(versions)
        self.empty.arm()
        if versions:
            self.version_table.selectRow(len(versions) - 1 if self.version_table.currentIndex().row() < 0 else
                                         min(self.version_table.currentIndex().row(), len(versions) - 1))
        else:
            self.items.set_standard(None)
            self.summary.setText(tr("No standards stored yet. Import one to start reviewing."))
        self.export_button.setEnabled(bool(versions))

    def _show_version(self, row: int) -> None:
        if not 0 <= row < len(self.versions.rows):
            return
        version_id = self.versions.rows[row].version_id
        self.ctx.worker.call(lambda s: s.standards.definition(version_id), self._got_definition)

    def _got_definition(self, std: StandardDef) -> None:
        self.items.set_standard(std)
        bands = join_list(f"{b.name} ≥{fmt_points(b.min_score)}" for b in std.grade_bands)
        issuer = f"{std.issuer} · " if std.issuer else ""
        self.summary.setText(
            fmt(tr("%1%2 · total %3 points · grades: %4 · N/A policy: %5"), issuer, std.name,
                fmt_points(std.total_points), bands, std.na_policy.label)
        )

    def selected_version(self) -> StandardVersionInfo | None:
        row = self.version_table.currentIndex().row()
        return self.versions.rows[row] if 0 <= row < len(self.versions.rows) else None

    def import_standard(self) -> None:
        path = self.ctx.dialogs.open_file(
            tr("Import a scoring standard"), tr("Standard files (*.yaml *.yml *.toml *.json *.xlsx)")
        )
        if path is None:
            return
        self.ctx.worker.call(lambda s: s.standards.import_file(path), self._imported)

    def _imported(self, result: ImportedStandard) -> None:
        info = result.info
        if result.created:
            text = fmt(tr("Imported “%1” version %2 (%3 items)."), info.name, info.version, info.item_count)
        else:
            text = fmt(tr("“%1” version %2 is already stored with identical content."), info.name, info.version)
        self.ctx.dialogs.info(text)
        self.ctx.bus.standards_changed.emit()
        self.reload()

    def export_standard(self) -> None:
        version = self.selected_version()
        if version is None:
            return
        suggested = f"{version.code}-{version.version}.xlsx"
        path = self.ctx.dialogs.save_file(tr("Export the standard to Excel"), tr("Excel workbook (*.xlsx)"), suggested)
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")

        target = path
        run_export(self.ctx, self, target, tr("Exporting the standard…"), lambda _r: fmt(tr("Exported to %1."), target),
                   to_stream=lambda services, stream: services.standards.export_xlsx(version.version_id, stream))

    def prepare_screenshot(self) -> None:
        self.reload()
        self.ctx.worker.flush()
        self.ctx.worker.flush()


register_screen(ScreenSpec(key="standards", title=QT_TRANSLATE_NOOP("Navigation", "Standards"), factory=StandardsScreen))
