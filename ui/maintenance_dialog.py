"""工具 → 阈值表与数据库检查…: the threshold tables the checks use (听证“较大数额” …), with a
form to set or correct one entry, and SQLite's integrity check of the open database. Both go
through MaintenanceService (administrator, audited) on the DB worker; a refusal is shown as
the core's Chinese message by the worker's error handling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.maintenance import DbCheckResult, ThresholdRow

tr = translator("MaintenanceDialog")

PARTIES = (("individual", "Individual"), ("organisation", "Organisation"), ("*", "Any party"))


class MaintenanceDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(tr("Thresholds and database check"))
        self.resize(980, 620)
        tabs = QTabWidget(self)
        tabs.addTab(self._thresholds_tab(), tr("Thresholds"))
        tabs.addTab(self._db_tab(), tr("Database check"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.reload()

    # -- thresholds -------------------------------------------------------------------

    def _thresholds_tab(self) -> QWidget:
        page = QWidget(self)
        self.table = QTableWidget(0, 6, page)
        self.table.setHorizontalHeaderLabels([tr("Table"), tr("Applies to"), tr("Standard"), tr("Period"),
                                              tr("Origin"), tr("Basis")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.rows: list[ThresholdRow] = []
        self.delete_button = QPushButton(tr("Delete selected entry"), page)
        self.delete_button.setToolTip(tr("Only entries set by users can be deleted; the program's own entries stay."))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_threshold)
        self.table_name = QComboBox(page)
        self.province = QLineEdit(page)
        self.province.setPlaceholderText(tr("Province short name, * for the whole country"))
        self.domain = QComboBox(page)
        self.party = QComboBox(page)
        for code, label in PARTIES:
            self.party.addItem(tr(label), code)
        self.value = QLineEdit(page)
        self.value.setPlaceholderText(tr("Amount in yuan"))
        self.comparison = QComboBox(page)
        self.comparison.addItem(tr("reaching (>=)"), ">=")
        self.comparison.addItem(tr("exceeding (>)"), ">")
        self.start = QDateEdit(QDate.currentDate(), page)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.source = QLineEdit(page)
        self.source.setPlaceholderText(tr("Document name and number, so others can verify"))
        self.save_button = QPushButton(tr("Save entry"), page)
        self.save_button.clicked.connect(self.save_threshold)
        form = QFormLayout()
        form.addRow(tr("Table"), self.table_name)
        form.addRow(tr("Province"), self.province)
        form.addRow(tr("Domain"), self.domain)
        form.addRow(tr("Party type"), self.party)
        amount = QHBoxLayout()
        amount.addWidget(self.value, 1)
        amount.addWidget(self.comparison)
        form.addRow(tr("Amount"), amount)
        form.addRow(tr("Effective from"), self.start)
        form.addRow(tr("Basis"), self.source)
        form.addRow("", self.save_button)
        self.threshold_status = QLabel(page)
        self.threshold_status.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.table, 1)
        row_buttons = QHBoxLayout()
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.delete_button)
        layout.addLayout(row_buttons)
        layout.addLayout(form)
        layout.addWidget(self.threshold_status)
        return page

    def reload(self) -> None:
        def load(services: Services) -> tuple[list[tuple[str, str]], dict[str, str], list[ThresholdRow]]:
            m = services.maintenance
            return m.threshold_tables(), m.domains(), m.thresholds()

        self.ctx.worker.call(load, self._show, label="thresholds")

    def _show(self, loaded: tuple[list[tuple[str, str]], dict[str, str], list[ThresholdRow]]) -> None:
        tables, domains, rows = loaded
        if self.table_name.count() == 0:
            for name, title in tables:
                self.table_name.addItem(f"{title}（{name}）", name)  # zh-data: the table's own title
            for code, label in domains.items():
                self.domain.addItem(f"{label}（{code}）", code)  # zh-data: the domain's own label
        self.rows = list(rows)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate((row.title, row.key, row.value, row.period, row.origin, row.source)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected_row(self) -> ThresholdRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes or indexes[0].row() >= len(self.rows):
            return None
        return self.rows[indexes[0].row()]

    def _selection_changed(self) -> None:
        row = self.selected_row()
        self.delete_button.setEnabled(row is not None and row.user_set)

    def confirm_delete(self, row: ThresholdRow) -> bool:
        answer = QMessageBox.question(self, tr("Delete threshold entry"),
                                      fmt(tr("Delete the entry %1 (%2, from %3) of %4? The checks then use the "
                                             "program's own entry, if there is one."),
                                          row.key, row.value, row.effective_from, row.title))
        return answer == QMessageBox.StandardButton.Yes

    def delete_threshold(self) -> None:
        row = self.selected_row()
        if row is None or not row.user_set or not self.confirm_delete(row):
            return
        self.delete_button.setEnabled(False)

        def run(services: Services) -> str:
            return services.maintenance.delete_threshold(row.table, province=row.province, domain=row.domain,
                                                         party_type=row.party_type, effective_from=row.effective_from)

        def done(path: str) -> None:
            self.threshold_status.setText(fmt(tr("Deleted %1 from %2; the automatic checks no longer use it."),
                                              row.key, path))
            self.reload()

        def failed(exc: BaseException) -> None:
            message = getattr(exc, "message", None) or str(exc)
            self.threshold_status.setText(fmt(tr("Not deleted: %1"), message))
            self._selection_changed()

        self.ctx.worker.call(run, done, failed, label="delete threshold")

    def save_threshold(self) -> None:
        table = str(self.table_name.currentData())
        province, domain, party = self.province.text().strip(), str(self.domain.currentData()), \
            str(self.party.currentData())
        value, comparison = self.value.text(), str(self.comparison.currentData())
        start, source = self.start.date().toString("yyyy-MM-dd"), self.source.text()

        def run(services: Services) -> str:
            return services.maintenance.set_threshold(table, province=province, domain=domain, party_type=party,
                                                      value=value, effective_from=start, comparison=comparison,
                                                      source=source)

        def done(path: str) -> None:
            self.threshold_status.setText(fmt(tr("Saved to %1; the automatic checks use it from now on."), path))
            self.reload()

        self.ctx.worker.call(run, done, self._failed, label="set threshold")

    def _failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", None) or str(exc)
        self.threshold_status.setText(fmt(tr("Not saved: %1"), message))
        self.db_status.setText("")

    # -- database check -----------------------------------------------------------------

    def _db_tab(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(tr("Checks the open database file for damage without changing it. The quick check takes "
                          "seconds; the full check also compares every index with its table and is slower."), page)
        intro.setWordWrap(True)
        self.quick_button = QPushButton(tr("Quick check"), page)
        self.full_button = QPushButton(tr("Full check"), page)
        self.quick_button.clicked.connect(lambda: self.check_db(False))
        self.full_button.clicked.connect(lambda: self.check_db(True))
        self.db_status = QLabel(page)
        self.db_status.setWordWrap(True)
        self.db_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.quick_button)
        buttons.addWidget(self.full_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.db_status)
        layout.addStretch(1)
        return page

    def check_db(self, full: bool) -> None:
        self.db_status.setText(tr("Checking…"))
        for button in (self.quick_button, self.full_button):
            button.setEnabled(False)

        def done(result: DbCheckResult) -> None:
            self._db_finished(result.message)

        def failed(exc: BaseException) -> None:
            self._db_finished(fmt(tr("Check failed: %1"), getattr(exc, "message", None) or str(exc)))

        self.ctx.worker.call(lambda s: s.maintenance.db_check(full), done, failed, label="db check")

    def _db_finished(self, text: str) -> None:
        self.db_status.setText(text)
        for button in (self.quick_button, self.full_button):
            button.setEnabled(True)


def show_maintenance_dialog(ctx: AppContext, parent: QWidget | None = None) -> MaintenanceDialog:
    dialog = MaintenanceDialog(ctx, parent)
    dialog.show()
    return dialog
