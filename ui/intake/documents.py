"""The document import dialog: a folder of scanned files → documents of the known cases,
with a progress bar, cancel, and the list of skipped files with their reasons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.intake.relay import ImportRelay

if TYPE_CHECKING:
    from casereview.services.documents_import import DocumentImportResult

tr = translator("DocumentImportDialog")


class DocumentImportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("documentImportDialog")
        self.setWindowTitle(tr("Import case documents"))
        self.resize(820, 560)
        self.folder_edit = QLineEdit(self)
        self.folder_edit.setObjectName("documentFolder")
        self.folder_edit.setPlaceholderText(tr("Folder with one sub-folder per case, or files named with the case number"))
        self.folder_edit.textChanged.connect(self._update_buttons)
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self.choose_folder)
        self.mapping_edit = QLineEdit(self)
        self.mapping_edit.setPlaceholderText(tr("Optional: CSV with lines “file path, case number”"))
        mapping_browse = QPushButton(tr("Browse…"), self)
        mapping_browse.clicked.connect(self.choose_mapping)
        self.max_size = QDoubleSpinBox(self)
        self.max_size.setRange(0.1, 4096)
        self.max_size.setValue(200)
        self.max_size.setSuffix(" MB")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("documentProgress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(tr("Files are copied into the document store; the originals are never changed."), self)
        self.status.setObjectName("documentStatus")
        self.status.setWordWrap(True)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("documentReport")
        self.report.setReadOnly(True)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("startDocumentImport")
        self.cancel_button = self.buttons.addButton(tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton(tr("Close"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        zip_browse = QPushButton(tr("Zip file…"), self)
        zip_browse.setToolTip(tr("A case folder sent as a .zip: unpacked safely, the files inside imported"))
        zip_browse.clicked.connect(self.choose_zip)
        folder_row.addWidget(zip_browse)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.mapping_edit, 1)
        mapping_row.addWidget(mapping_browse)
        form = QFormLayout()
        form.addRow(tr("Folder:"), folder_row)
        form.addRow(tr("Mapping file:"), mapping_row)
        form.addRow(tr("Largest file:"), self.max_size)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self.relay = ImportRelay(self)
        self.relay.progressed.connect(self.progressed)
        self.running = False
        self.outcome: DocumentImportResult | None = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        text = self.folder_edit.text().strip()
        chosen = Path(text)
        usable = chosen.is_dir() or (chosen.is_file() and chosen.suffix.lower() == ".zip")
        self.start_button.setEnabled(not self.running and bool(text) and usable)
        self.cancel_button.setEnabled(self.running)
        self.close_button.setEnabled(not self.running)

    def choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, tr("Folder of case documents"))
        if path:
            self.folder_edit.setText(path)

    def choose_zip(self) -> None:
        path = self.ctx.dialogs.open_file(tr("Zip file of case documents"), tr("Zip (*.zip);;All files (*)"))
        if path is not None:
            self.folder_edit.setText(str(path))

    def choose_mapping(self) -> None:
        path = self.ctx.dialogs.open_file(tr("Mapping file"), tr("CSV (*.csv *.txt);;All files (*)"))
        if path is not None:
            self.mapping_edit.setText(str(path))

    def start(self) -> None:
        folder = Path(self.folder_edit.text().strip())
        mapping = self.mapping_edit.text().strip() or None
        max_bytes = int(self.max_size.value() * 1024 * 1024)
        self.relay.reset()
        self.running = True
        self.outcome = None
        self.report.clear()
        self.progress.setRange(0, 0)  # busy until the scan knows how many files there are
        self.status.setText(tr("Scanning the folder…"))
        self._update_buttons()
        relay = self.relay
        self.ctx.worker.call(
            lambda s: s.documents_import.import_folder(folder, mapping_file=mapping, max_bytes=max_bytes,
                                                       progress=relay.report, cancel=relay.cancelled),
            self.on_finished, self.on_failed, label="document import",
        )

    def progressed(self, done: int, total: int, item: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.status.setText(fmt(tr("Copying %1 of %2: %3"), done, total, item))
        else:
            self.status.setText(fmt(tr("Checking file %1: %2"), done, item))

    def cancel(self) -> None:
        if self.running:
            self.relay.request_cancel()
            self.status.setText(tr("Cancelling…"))

    def on_finished(self, result: DocumentImportResult) -> None:
        self.running = False
        self.outcome = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(result.summary())
        lines = [result.report()]
        if result.imported:
            lines += ["", tr("Imported:")]
            lines += [f"  {d.case_no}  {d.relative}  →  {d.doc_type}" for d in result.imported]
        self.report.setPlainText("\n".join(lines))
        self._update_buttons()
        if result.imported:
            self.ctx.bus.cases_changed.emit()
            self.ctx.bus.status_message.emit(result.summary())

    def on_failed(self, exc: BaseException) -> None:
        from casereview.services.types import CaseReviewError

        self.running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(str(exc) if isinstance(exc, CaseReviewError) else tr("The import failed."))
        if not isinstance(exc, CaseReviewError):
            self.ctx.dialogs.error(exc)
        self._update_buttons()

    def reject(self) -> None:
        if self.running:
            self.cancel()
            return
        super().reject()


def open_document_import(ctx: AppContext, parent: QWidget | None = None) -> DocumentImportDialog:
    dialog = DocumentImportDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog
