"""案卷评查: the case list (search, filters, lazy 100k-row table) and the review workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.empty_state import empty_state
from ui.i18n import fmt, translator
from ui.models.case_table import COLUMNS, CaseTableModel
from ui.screens import ScreenSpec, register_screen

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.cases import UnitInfo
    from ui.review.workspace import ReviewWorkspace

tr = translator("CaseListScreen")
SEARCH_DELAY_MS = 150


def grade_names(services: Services) -> list[str]:
    """Grade names of every stored standard, best first (for the grade filter)."""
    names: dict[str, float] = {}
    for info in services.standards.list_versions(latest_only=True):
        for band in services.standards.definition(info.version_id).grade_bands:
            names[band.name] = max(names.get(band.name, -1.0), band.min_score)
    return sorted(names, key=lambda n: -names[n])


class CaseListPage(QWidget):
    """Search box, filters and the table; emits nothing itself, the screen wires it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseTableModel(lambda fn, ok: ctx.worker.call(fn, ok, label="fetch rows"), self)
        self._query_generation = 0
        self.total_count = 0
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.model.sort_requested.connect(lambda *_: self.requery())

    def _combo(self, placeholder: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(placeholder, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(240)  # long unit names are elided, not allowed to push the bar
        combo.currentIndexChanged.connect(lambda _i: self.requery())
        return combo

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(tr("Search case no., party or cause  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.unit_filter = self._combo(tr("All units"))
        # Their choices are added with the database's (load_filters): the core's enums are not
        # imported before the window shows (start-up time); a closed list shows only its first entry.
        self.type_filter = self._combo(tr("All case types"))
        self.state_filter = self._combo(tr("All review states"))
        self.grade_filter = self._combo(tr("All grades"))
        self.clear_button = QPushButton(tr("Clear filters"), self)
        self.clear_button.clicked.connect(self.clear_filters)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")

        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.search, 2)
        for widget in (self.unit_filter, self.type_filter, self.state_filter, self.grade_filter, self.clear_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row size queries
        vertical.setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for index, column in enumerate(COLUMNS):
            self.table.setColumnWidth(index, column.width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # 案由 takes the spare width

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        self.empty = empty_state(self.table, self._empty_text)

    def _empty_text(self) -> str:
        if self.total_count == 0:
            return tr("No cases in this database yet. Import the case registry with File → Import case registry…, "
                      "then the case files with File → Import case documents….")
        return tr("No case matches the search and filters. Try other words, or press “Clear filters”.")

    # -- queries --------------------------------------------------------------------

    def filter_values(self) -> dict[str, Any]:
        """The search and filters as ``CaseFilter`` keyword arguments (built in the worker, so the
        UI thread never imports the database layer)."""
        unit = self.unit_filter.currentData()
        case_type = self.type_filter.currentData()
        state = self.state_filter.currentData()
        grade = self.grade_filter.currentData()
        return {
            "text": self.search.text().strip(),
            "unit_ids": (unit,) if unit is not None else (),
            "case_types": (case_type,) if case_type else (),
            "review_states": (state,) if state else (),
            "grades": (grade,) if grade else (),
        }

    def requery(self) -> None:
        """Re-run the id query in the worker; only the newest answer is shown."""
        self._search_timer.stop()
        self._query_generation += 1
        generation = self._query_generation
        values, sort, descending = self.filter_values(), self.model.sort_key, self.model.descending

        def query(services: Services) -> tuple[list[int], int] | None:
            if generation != self._query_generation:
                return None  # the user typed on: skip a query nobody will see
            from casereview.services.cases import CaseFilter

            flt = CaseFilter(**values)
            ids = services.cases.query_ids(flt, sort, descending)
            total = services.cases.count() if flt != CaseFilter() else len(ids)
            return ids, total

        self.ctx.worker.call(query, lambda r: r is not None and self._got_ids(generation, *r), label="query ids")

    def _got_ids(self, generation: int, ids: list[int], total: int) -> None:
        if generation != self._query_generation:
            return  # a newer search is on its way
        selected = self.model.id_at(self.table.currentIndex().row())
        self.total_count = total
        self.model.set_ids(ids)
        self.empty.arm()
        if len(ids) == total:
            self.count_label.setText(fmt(tr("%1 cases"), f"{total:,}"))
        else:
            self.count_label.setText(fmt(tr("%1 of %2 cases"), f"{len(ids):,}", f"{total:,}"))
        row = self.model.row_of(selected) if selected is not None else None
        if row is None and ids:
            row = 0
        if row is not None:
            self.table.selectRow(row)

    def _fill_fixed_filters(self) -> None:
        """Case types and review states: fixed lists from the core, added once."""
        if self.type_filter.count() > 1:
            return
        from casereview.services.types import CaseReviewState, CaseType

        for combo, members in ((self.type_filter, CaseType), (self.state_filter, CaseReviewState)):
            combo.blockSignals(True)
            for member in members:
                combo.addItem(member.label, member.value)
            combo.blockSignals(False)

    def load_filters(self) -> None:
        self._fill_fixed_filters()

        def load(services: Services) -> tuple[list[UnitInfo], list[str]]:
            return services.cases.units(), grade_names(services)

        self.ctx.worker.call(load, lambda r: self._got_filters(*r))

    def _got_filters(self, units: list[UnitInfo], grades: list[str]) -> None:
        for combo, entries in (
            (self.unit_filter, [(u.name, u.id) for u in units]),
            (self.grade_filter, [(g, g) for g in grades]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in entries:
                combo.addItem(text, data)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def clear_filters(self) -> None:
        for combo in (self.unit_filter, self.type_filter, self.state_filter, self.grade_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.requery()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()


class CaseReviewScreen(QWidget):
    """The 案卷评查 screen: the list, and the workspace of the opened case."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._workspace: ReviewWorkspace | None = None
        self.stack = QStackedWidget(self)
        # Built inside the stack: a widget tree moved to another parent is styled again, widget
        # by widget (the app's style sheet), which costs start-up time.
        self.list_page = CaseListPage(ctx, self.stack)
        self.stack.addWidget(self.list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.list_page.table.activated.connect(lambda index: self.open_case_at(index.row()))
        self.list_page.search.returnPressed.connect(self._open_from_search)
        ctx.bus.case_changed.connect(self.list_page.model.refresh_case)
        ctx.bus.database_opened.connect(lambda _db: self.reload())
        ctx.bus.cases_changed.connect(self.reload)
        ctx.bus.standards_changed.connect(self.list_page.load_filters)
        self._restore_header()

    @property
    def workspace(self) -> ReviewWorkspace:
        """The review workspace, built when the first case is opened (keeps start-up fast:
        it brings in QtPdf and the document viewer)."""
        if self._workspace is None:
            from ui.review.workspace import ReviewWorkspace as Workspace

            workspace = Workspace(self.ctx, self)
            workspace.back_requested.connect(self.show_list)
            workspace.next_case_requested.connect(self.step_case)
            workspace.case_changed.connect(self.ctx.bus.case_changed.emit)
            self.stack.addWidget(workspace)
            self._workspace = workspace
        return self._workspace

    def reload(self) -> None:
        self.show_list()
        self.list_page.load_filters()
        self.list_page.requery()

    def on_activated(self) -> None:
        if self.stack.currentWidget() is self.list_page:
            self.list_page.table.setFocus()

    def open_case_at(self, row: int) -> None:
        case_id = self.list_page.model.id_at(row)
        if case_id is not None:
            self.open_case(case_id)

    def open_case(self, case_id: int) -> None:
        row = self.list_page.model.row_of(case_id)
        if row is not None:
            self.list_page.table.selectRow(row)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.open_case(case_id)

    def _open_from_search(self) -> None:
        if self.list_page.model.rowCount() > 0:
            row = max(self.list_page.table.currentIndex().row(), 0)
            self.open_case_at(row)

    def step_case(self, delta: int) -> None:
        current = self._workspace.case_id if self._workspace is not None else None
        model = self.list_page.model
        row = model.row_of(current) if current is not None else None
        target = (row if row is not None else -1) + delta
        if 0 <= target < model.rowCount():
            self.open_case_at(target)
        else:
            self.ctx.bus.status_message.emit(tr("No more cases in the list."))

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()

    # -- settings / screenshot ------------------------------------------------------------

    def _restore_header(self) -> None:
        value = self.ctx.settings().value("cases/header")
        if isinstance(value, QByteArray | bytes):
            model = self.list_page.model
            model.blockSignals(True)  # restoring the sort indicator must not query before the DB is open
            self.list_page.table.horizontalHeader().restoreState(QByteArray(value))
            model.blockSignals(False)

    def save_state(self) -> None:
        self.ctx.settings().setValue("cases/header", self.list_page.table.horizontalHeader().saveState())
        if self._workspace is not None:
            self._workspace.save_layout()

    def prepare_screenshot(self) -> None:
        self.show_list()
        self.ctx.worker.flush()


def _factory(ctx: AppContext, parent: QWidget | None = None) -> Any:
    return CaseReviewScreen(ctx, parent)


register_screen(ScreenSpec(key="cases", title=QT_TRANSLATE_NOOP("Navigation", "Case review"), factory=_factory))
