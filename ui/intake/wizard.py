"""The registry import wizard: file → sheet and header row (with a preview) → mapping →
validation report and dry run → import with a progress bar (cancel rolls back).

Every service call runs on the DB worker; progress comes back through ``ImportRelay``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from casereview.services.types import FIELDS, FieldSpec
from ui.context import AppContext
from ui.i18n import fmt, join_list, translator
from ui.intake.relay import ImportRelay

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.intake import (
        ProfileInfo,
        RegistryImportOptions,
        RegistryImportResult,
        RegistryPreview,
    )

tr = translator("ImportWizard")
SUPPORTED = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".tsv", ".ods", ".xlsb")
AUTO = ""  # combo data: no saved profile


def _table(parent: QWidget) -> QTableWidget:
    table = QTableWidget(parent)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class FilePage(QWizardPage):
    def __init__(self, wizard: RegistryImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(tr("Choose the registry file"))
        self.setSubTitle(tr("An Excel (.xlsx, .xls) or CSV case list exported from the enforcement platform."))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("registryPath")
        self.path_edit.setPlaceholderText(tr("Path of the registry file"))
        self.path_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self.browse)
        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("profileCombo")
        self.profile_combo.addItem(tr("(recognise the headers automatically)"), AUTO)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(tr("File:"), row)
        form.addRow(tr("Saved mapping:"), self.profile_combo)
        hint = QLabel(tr("Title rows above the header, merged header cells, GBK-encoded CSV files and Excel "
                         "date numbers are recognised."), self)
        hint.setWordWrap(True)
        form.addRow(hint)

    def initializePage(self) -> None:
        self.wiz.ctx.worker.call(lambda s: s.intake.profiles(), self.set_profiles, label="import profiles")

    def set_profiles(self, profiles: list[ProfileInfo]) -> None:
        while self.profile_combo.count() > 1:
            self.profile_combo.removeItem(1)
        for profile in profiles:
            self.profile_combo.addItem(profile.name, profile.name)

    def browse(self) -> None:
        path = self.wiz.ctx.dialogs.open_file(
            tr("Choose the registry file"), tr("Registry (*.xlsx *.xls *.csv);;All files (*)")
        )
        if path is not None:
            self.path_edit.setText(str(path))

    def isComplete(self) -> bool:
        path = Path(self.path_edit.text().strip())
        return path.suffix.lower() in SUPPORTED and path.is_file()

    def validatePage(self) -> bool:
        self.wiz.path = Path(self.path_edit.text().strip())
        self.wiz.profile = self.profile_combo.currentData() or None
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: RegistryImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(tr("Sheet and header row"))
        self.setSubTitle(tr("Check that the header row was found; the first rows of data are shown below."))
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setObjectName("sheetCombo")
        self.header_spin = QSpinBox(self)
        self.header_spin.setObjectName("headerRow")
        self.header_spin.setRange(1, 200)
        self.two_rows = QComboBox(self)
        self.two_rows.addItem(tr("one row"), 1)
        self.two_rows.addItem(tr("two rows (group headers)"), 2)
        reload_button = QPushButton(tr("Show again"), self)
        reload_button.clicked.connect(lambda: self.load(manual=True))
        self.sheet_combo.activated.connect(lambda _i: self.load(manual=False, sheet_changed=True))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setObjectName("previewStatus")
        self.table = _table(self)
        self.table.setObjectName("previewTable")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Sheet:"), self))
        top.addWidget(self.sheet_combo, 1)
        top.addWidget(QLabel(tr("Header row:"), self))
        top.addWidget(self.header_spin)
        top.addWidget(self.two_rows)
        top.addWidget(reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.loaded = False

    def initializePage(self) -> None:
        self.sheet_combo.clear()
        self.load(manual=False)

    def load(self, *, manual: bool, sheet_changed: bool = False) -> None:
        self.loaded = False
        self.completeChanged.emit()
        self.status.setText(tr("Reading the file…"))
        path, profile = self.wiz.path, self.wiz.profile
        assert path is not None
        sheet = self.sheet_combo.currentText() or None
        header_row = self.header_spin.value() if manual else None
        header_rows = int(self.two_rows.currentData()) if manual else None
        if sheet_changed:
            header_row = header_rows = None

        def job(services: Services) -> RegistryPreview:
            return services.intake.preview(path, sheet=sheet, header_row=header_row, header_rows=header_rows,
                                           profile=profile, n=20, isolated=True)

        self.wiz.ctx.worker.call(job, self.show_preview, self.failed, label="registry preview")

    def show_preview(self, preview: RegistryPreview) -> None:
        self.wiz.preview = preview
        self.sheet_combo.blockSignals(True)
        if self.sheet_combo.count() != len(preview.sheets):
            self.sheet_combo.clear()
            self.sheet_combo.addItems(list(preview.sheets))
        self.sheet_combo.setCurrentText(preview.sheet)
        self.sheet_combo.blockSignals(False)
        self.header_spin.setValue(preview.header_row)
        self.two_rows.setCurrentIndex(preview.header_rows - 1)
        headers = list(preview.headers)
        self.table.clear()
        self.table.setColumnCount(len(headers) + 1)
        self.table.setHorizontalHeaderLabels([tr("Row"), *headers])
        self.table.setRowCount(len(preview.rows))
        for r, (number, cells) in enumerate(preview.rows):
            self.table.setItem(r, 0, QTableWidgetItem(str(number)))
            for c, value in enumerate(cells):
                self.table.setItem(r, c + 1, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        text = fmt(tr("Header found in row %1; about %2 data rows."), preview.header_row, preview.data_rows_hint)
        if preview.encoding:
            text += " " + fmt(tr("Text encoding: %1."), preview.encoding)
        if preview.missing_required:
            text += " " + fmt(tr("No column for: %1 — choose it on the next page or correct the header row."),
                              join_list(preview.missing_required))
        self.status.setText(text)
        self.loaded = True
        self.completeChanged.emit()

    def failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))
        self.table.clear()
        self.table.setRowCount(0)
        self.loaded = False
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.loaded


class MappingPage(QWizardPage):
    def __init__(self, wizard: RegistryImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(tr("Confirm the columns"))
        self.setSubTitle(tr("Each column of the file and the case field it fills. Choose “(not imported)” to "
                            "ignore a column."))
        self.table = _table(self)
        self.table.setObjectName("mappingTable")
        self.table.setColumnCount(5)
        self.table.setHorizontalHeaderLabels([tr("Column"), tr("Header"), tr("First value"), tr("Case field"),
                                              tr("Confidence")])
        self.status = QLabel(self)
        self.status.setObjectName("mappingStatus")
        self.profile_name = QLineEdit(self)
        self.profile_name.setObjectName("profileName")
        self.profile_name.setPlaceholderText(tr("Name of this mapping, e.g. the platform's name"))
        save = QPushButton(tr("Save mapping"), self)
        save.setObjectName("saveProfile")
        save.clicked.connect(self.save_profile)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Save as:"), self))
        row.addWidget(self.profile_name, 1)
        row.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:
        preview = self.wiz.preview
        if preview is None:
            return
        fields = self.wiz.fields
        self.table.setRowCount(len(preview.columns))
        self.combos = []
        for r, column in enumerate(preview.columns):
            first = next((cells[column.index] for _n, cells in preview.rows
                          if column.index < len(cells) and cells[column.index]), "")
            self.table.setItem(r, 0, QTableWidgetItem(column.letter))
            header_item = QTableWidgetItem(column.header)
            if column.warning:
                # Looks like a known field but is not imported: highlighted, the reason in the tooltip.
                header_item.setBackground(QColor("#fff3cd"))
                header_item.setToolTip(column.warning)
            self.table.setItem(r, 1, header_item)
            self.table.setItem(r, 2, QTableWidgetItem(first))
            combo = QComboBox(self.table)
            combo.addItem(tr("(not imported)"), "")
            for spec in fields:
                combo.addItem(spec.label + (" *" if spec.required else ""), spec.name)
            if column.field:
                combo.setCurrentIndex(max(combo.findData(column.field), 0))
            combo.currentIndexChanged.connect(lambda _i: self._changed())
            self.table.setCellWidget(r, 3, combo)
            self.combos.append(combo)
            confidence = f"{column.confidence:.0%}" if column.field else ""
            self.table.setItem(r, 4, QTableWidgetItem(confidence))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if preview.profile:
            self.profile_name.setText(preview.profile)
        self._changed()

    def mapping(self) -> dict[str, str]:
        preview = self.wiz.preview
        if preview is None:
            return {}
        out: dict[str, str] = {}
        for column, combo in zip(preview.columns, self.combos, strict=False):
            name = str(combo.currentData() or "")
            if name and column.header:
                out[column.header] = name
        return out

    def _changed(self) -> None:
        chosen = list(self.mapping().values())
        required = [f for f in self.wiz.fields if f.required and f.name not in chosen]
        single = {f.name for f in self.wiz.fields if f.name not in ("party_id_no", "officers", "officer_certs",
                                                                       "officer_cert_validity", "officer_cert_valid_from")}
        twice = sorted({self.wiz.label(n) for n in chosen if n in single and chosen.count(n) > 1})
        if required:
            self.status.setText(fmt(tr("Required field without a column: %1"), join_list(f.label for f in required)))
        elif twice:
            self.status.setText(fmt(tr("Several columns fill: %1 (only the first is used)"), join_list(twice)))
        else:
            self.status.setText(fmt(tr("%1 columns will be imported."), len(chosen)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        chosen = set(self.mapping().values())
        return all(f.name in chosen for f in self.wiz.fields if f.required)

    def save_profile(self) -> None:
        name = self.profile_name.text().strip()
        preview = self.wiz.preview
        if not name or preview is None:
            self.status.setText(tr("Type a name for the mapping first."))
            return
        mapping = self.mapping()
        sheet = preview.sheet if preview.sheet not in ("CSV", "HTML") else None
        self.wiz.ctx.worker.call(
            lambda s: s.intake.save_profile(name, mapping, sheet=sheet, header_row=preview.header_row,
                                            header_rows=preview.header_rows),
            lambda info: self.status.setText(fmt(tr("Mapping “%1” saved."), info.name)),
            lambda exc: self.status.setText(str(exc)),
            label="save import profile",
        )

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        return True


class CheckPage(QWizardPage):
    def __init__(self, wizard: RegistryImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(tr("Validation report"))
        self.setSubTitle(tr("What the import would do, row by row. Nothing has been saved yet."))
        self.all_or_nothing = QRadioButton(tr("Import only if every row is valid (all or nothing)"), self)
        self.all_or_nothing.setObjectName("allOrNothing")
        self.partial = QRadioButton(tr("Import the valid rows; write the others to a workbook with the reasons"), self)
        self.partial.setObjectName("partialImport")
        self.all_or_nothing.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.all_or_nothing)
        mode.addButton(self.partial)
        self.rejects_edit = QLineEdit(self)
        self.rejects_edit.setObjectName("rejectsPath")
        self.rejects_edit.setPlaceholderText(tr("Workbook for the rows not imported (.xlsx)"))
        rejects_browse = QPushButton(tr("Browse…"), self)
        rejects_browse.clicked.connect(self.choose_rejects)
        self.skip = QRadioButton(tr("Skip cases already stored"), self)
        self.update_existing = QRadioButton(tr("Update cases already stored (changes listed)"), self)
        self.update_existing.setObjectName("updateExisting")
        self.skip.setChecked(True)
        existing = QButtonGroup(self)
        existing.addButton(self.skip)
        existing.addButton(self.update_existing)
        recheck = QPushButton(tr("Check again"), self)
        recheck.clicked.connect(self.run_check)
        for button in (self.all_or_nothing, self.partial, self.skip, self.update_existing):
            button.toggled.connect(self._option_toggled)
        self.summary = QLabel(self)
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("checkReport")
        self.report.setReadOnly(True)
        rejects_row = QHBoxLayout()
        rejects_row.addWidget(self.rejects_edit, 1)
        rejects_row.addWidget(rejects_browse)
        options = QFormLayout()
        options.addRow(tr("Invalid rows:"), self.all_or_nothing)
        options.addRow("", self.partial)
        options.addRow("", rejects_row)
        options.addRow(tr("Existing cases:"), self.skip)
        options.addRow("", self.update_existing)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(recheck)
        layout.addLayout(top)
        layout.addWidget(self.report, 1)
        self.result: RegistryImportResult | None = None
        self.running = False

    def _option_toggled(self, on: bool) -> None:
        if on:
            self.run_check()

    def initializePage(self) -> None:
        if self.wiz.path is not None and not self.rejects_edit.text():
            self.rejects_edit.setText(str(self.wiz.path.with_name(self.wiz.path.stem + tr("_not imported") + ".xlsx")))
        self.run_check()

    def choose_rejects(self) -> None:
        path = self.wiz.ctx.dialogs.save_file(tr("Workbook for the rows not imported"), tr("Excel (*.xlsx)"),
                                              self.rejects_edit.text())
        if path is not None:
            self.rejects_edit.setText(str(path))

    def options(self, *, dry_run: bool) -> RegistryImportOptions:
        from casereview.services.intake import RegistryImportOptions

        preview = self.wiz.preview
        rejects = self.rejects_edit.text().strip()
        return RegistryImportOptions(
            sheet=preview.sheet if preview and preview.sheet not in ("CSV", "HTML") else None,
            header_row=preview.header_row if preview else None,
            header_rows=preview.header_rows if preview else None,
            mapping=dict(self.wiz.mapping),
            update_existing=self.update_existing.isChecked(),
            partial=self.partial.isChecked(),
            rejects_path=Path(rejects) if rejects and self.partial.isChecked() else None,
            dry_run=dry_run,
        )

    def run_check(self) -> None:
        if self.wiz.path is None or self.running:
            return
        self.running = True
        self.result = None
        self.completeChanged.emit()
        self.summary.setText(tr("Checking every row…"))
        path, options = self.wiz.path, self.options(dry_run=True)
        self.wiz.ctx.worker.call(lambda s: s.intake.run(path, options, isolated=True), self.checked, self.failed,
                                 label="registry dry run")

    def checked(self, result: RegistryImportResult) -> None:
        self.running = False
        self.result = result
        text = fmt(tr("%1 rows read: %2 new, %3 updated, %4 unchanged, %5 existing skipped, %6 with problems."),
                   result.rows_read, result.created, result.updated, result.unchanged, result.skipped_existing,
                   result.rejected)
        if result.rejected and not self.partial.isChecked():
            text += " " + tr("Fix the rows below, or choose to import only the valid rows.")
        self.summary.setText(text)
        self.report.setPlainText(result.report)
        self.completeChanged.emit()

    def failed(self, exc: BaseException) -> None:
        self.running = False
        self.summary.setText(str(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        result = self.result
        if result is None:
            return False
        if result.rejected and not self.partial.isChecked():
            return False
        if self.partial.isChecked() and result.rejected and not self.rejects_edit.text().strip():
            return False
        return bool(result.created or result.updated)


class RunPage(QWizardPage):
    def __init__(self, wizard: RegistryImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(tr("Import"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.status = QLabel(self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(tr("Cancel import"), self)
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        self.relay = ImportRelay(self)
        self.relay.progressed.connect(self.progressed)
        self.running = False
        self.done = False
        self.result: RegistryImportResult | None = None

    def initializePage(self) -> None:
        self.done = False
        self.result = None
        self.relay.reset()
        options = replace(self.wiz.check_page.options(dry_run=False))
        path = self.wiz.path
        assert path is not None
        self.progress.setRange(0, max(self.wiz.preview.data_rows_hint if self.wiz.preview else 0, 1))
        self.progress.setValue(0)
        self.status.setText(tr("Importing…"))
        self.cancel_button.setEnabled(True)
        self.running = True
        relay = self.relay
        self.wiz.ctx.worker.call(
            lambda s: s.intake.run(path, options, progress=lambda d, t: relay.report(d, t), cancel=relay.cancelled,
                                   isolated=True),
            self.finished, self.failed, label="registry import",
        )

    def progressed(self, done: int, total: int, _item: str) -> None:
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.status.setText(fmt(tr("%1 rows processed…"), done))

    def cancel(self) -> None:
        if self.running:
            self.relay.request_cancel()
            self.status.setText(tr("Cancelling… nothing will be saved."))
            self.cancel_button.setEnabled(False)

    def finished(self, result: RegistryImportResult) -> None:
        self.running = False
        self.done = True
        self.result = result
        self.cancel_button.setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(result.summary())
        self.report.setPlainText(result.report)
        if result.saved:
            self.wiz.ctx.bus.cases_changed.emit()
            self.wiz.ctx.bus.status_message.emit(result.summary())
        self.completeChanged.emit()

    def failed(self, exc: BaseException) -> None:
        from casereview.services.types import CaseReviewError

        self.running = False
        self.done = True
        self.cancel_button.setEnabled(False)
        self.status.setText(str(exc) if isinstance(exc, CaseReviewError) else tr("The import failed; nothing was saved."))
        if not isinstance(exc, CaseReviewError):
            self.wiz.ctx.dialogs.error(exc)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.done


class RegistryImportWizard(QWizard):
    """The import wizard; ``finished_import`` holds the result after a successful run."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 fields: tuple[FieldSpec, ...] = FIELDS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("registryImportWizard")
        self.setWindowTitle(tr("Import case registry"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(980, 680)
        self.path: Path | None = None
        self.profile: str | None = None
        self.preview: RegistryPreview | None = None
        self.mapping: dict[str, str] = {}
        self.fields = fields
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.check_page, self.run_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("Import"))
        self.check_page.setCommitPage(True)

    def label(self, name: str) -> str:
        return next((f.label for f in self.fields if f.name == name), name)

    def reject(self) -> None:
        # Closing while the import runs cancels it (rolled back) instead of leaving it running.
        if self.run_page.running:
            self.run_page.cancel()
            return
        super().reject()


def open_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> RegistryImportWizard:
    wizard = RegistryImportWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    wizard.show()
    return wizard
