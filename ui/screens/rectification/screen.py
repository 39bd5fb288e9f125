"""The 问题整改 screen: a header with the due summary over two tabs, the deficiency
register (``register``) and the rectification notices (``notices``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.i18n import translator
from ui.screens import ScreenSpec, register_screen
from ui.screens.rectification.notices import NoticesTab
from ui.screens.rectification.office import edit_office_settings
from ui.screens.rectification.register import RegisterTab

if TYPE_CHECKING:
    from casereview.services.app import Services

tr = translator("RectificationScreen")


class RectificationScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        title = QLabel(tr("Rectification"), self)
        title.setObjectName("screenTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("countLabel")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.summary, 1)
        self.office_button = QPushButton(tr("Issuing office…"), self)
        self.office_button.setToolTip(tr("The office, document number pattern, contact, copies and seal printed on "
                                         "notices and reports"))
        self.office_button.clicked.connect(self.edit_office)
        head.addWidget(self.office_button)

        self.register_tab = RegisterTab(ctx, self)
        self.notices_tab = NoticesTab(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.register_tab, tr("Deficiency register"))
        self.tabs.addTab(self.notices_tab, tr("Notices"))
        self.register_tab.notices_issued.connect(self._show_notices)
        self.notices_tab.changed.connect(self.refresh_all)
        self.notices_tab.summary_changed.connect(self.summary.setText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        ctx.bus.database_opened.connect(lambda _db: self.reload() if ctx.may_load("rectification") else None)

    def on_activated(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        """The register first (its ids, then the rows on screen), then the filters' choices and
        settings, then the notices: the worker runs them in this order, so the first rows show
        before the rest has loaded."""

        def load(services: Services) -> tuple[Any, ...]:
            d = services.deficiencies
            return d.campaigns(), d.units(), d.taxonomies(), d.settings()

        self.register_tab.reload_register()
        self.ctx.worker.call(load, self._got_filters, label="rectification filters")

    def _got_filters(self, loaded: tuple[Any, ...]) -> None:
        self._loaded = True
        self.register_tab.set_filters(*loaded)
        self.notices_tab.reload_notices()

    def refresh_all(self) -> None:
        self.reload()

    def edit_office(self) -> None:
        def saved(_settings: Any) -> None:
            self.ctx.dialogs.info(tr("The issuing office settings are saved; new notices and reports use them."))
            self.refresh_all()

        edit_office_settings(self.ctx, self, saved)

    def _show_notices(self) -> None:
        self.refresh_all()
        self.tabs.setCurrentWidget(self.notices_tab)

    def prepare_screenshot(self) -> None:
        self.reload()
        self.ctx.worker.flush()
        self.ctx.worker.flush()
        if self.register_tab.deficiencies.rows:
            self.register_tab.def_table.selectRow(0)
            self.ctx.worker.flush()


register_screen(
    ScreenSpec(key="rectification", title=QT_TRANSLATE_NOOP("Navigation", "Rectification"),
               factory=RectificationScreen)
)
