"""File-menu entries of the main window: 导入案件登记表… / 导入案卷文书…"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ui.i18n import translator

if TYPE_CHECKING:
    from ui.main_window import MainWindow

tr = translator("MainWindow")


def add_import_actions(window: MainWindow, menu: QMenu) -> None:
    registry = QAction(tr("Import case registry…"), window)
    registry.setObjectName("importRegistryAction")
    registry.triggered.connect(lambda: _open_wizard(window))
    documents = QAction(tr("Import case documents…"), window)
    documents.setObjectName("importDocumentsAction")
    documents.triggered.connect(lambda: _open_documents(window))
    menu.addAction(registry)
    menu.addAction(documents)


def _open_wizard(window: MainWindow) -> None:
    from ui.intake.wizard import open_import_wizard

    open_import_wizard(window.ctx, window)


def _open_documents(window: MainWindow) -> None:
    from ui.intake.documents import open_document_import

    open_document_import(window.ctx, window)
