"""The main window only assembles parts: navigation, screens, menus, status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from casereview.services.runtime import __version__ as core_version
from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.screens import ScreenSpec, load_screens

if TYPE_CHECKING:  # not imported at run time: QCloseEvent brings QEvent's enums (start-up time)
    from PySide6.QtGui import QCloseEvent

tr = translator("MainWindow")
nav_tr = translator("Navigation")
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.dialogs.parent = self
        ctx.dialogs.settings = ctx.settings()
        self.setWindowTitle(tr("CaseReview — case file review"))
        self.screens: dict[str, QWidget] = {}
        self.specs: dict[str, ScreenSpec] = {}
        self._build()
        self._build_menus()
        self._build_status()
        self._restore()
        ctx.worker.error.connect(ctx.dialogs.error)
        ctx.bus.status_message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        ctx.worker.busy_changed.connect(self._busy)
        ctx.worker.opened.connect(self._opened)
        from ui.screens.rectification.startup import install_due_reminder

        install_due_reminder(self, ctx)  # overdue rectification notices, once a day
        from ui.change_feed import install_change_feed

        self.change_feed = install_change_feed(self, ctx)  # other PCs' changes refresh the screens

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)  # the parent from the start (a moved widget is styled again)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(148)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget(central)
        self.stack.setObjectName("screens")
        for key, title, spec in load_screens():
            entry = QListWidgetItem(nav_tr(title))
            entry.setData(Qt.ItemDataRole.UserRole, key)
            entry.setSizeHint(QSize(140, 40))
            if spec is None:
                entry.setFlags(Qt.ItemFlag.NoItemFlags)
                entry.setToolTip(tr("This part of CaseReview is not installed in this build yet."))
            else:
                self.specs[key] = spec
            self.nav.addItem(entry)
        self.nav.currentItemChanged.connect(lambda cur, _prev: cur and self.show_screen(cur.data(Qt.ItemDataRole.UserRole)))
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        open_action = QAction(tr("&Open database…"), self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_database)
        file_menu.addAction(open_action)
        from ui.intake.menu import add_import_actions

        add_import_actions(self, file_menu)  # 导入案件登记表… / 导入案卷文书…
        file_menu.addSeparator()
        quit_action = QAction(tr("E&xit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.view_menu = bar.addMenu(tr("&View"))
        for number, key in enumerate(self.specs, start=1):
            action = QAction(nav_tr(self.specs[key].title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, k=key: self.show_screen(k))
            self.view_menu.addAction(action)

        language_menu = self.view_menu.addMenu(tr("Interface &language"))
        for code, name in (("zh_CN", "中文"), ("en", "English")):  # zh-data: each name in its own language
            action = QAction(name, self)  # each language in its own script, readable in either
            action.triggered.connect(lambda _c=False, c=code: self.choose_language(c))
            language_menu.addAction(action)

        tools_menu = bar.addMenu(tr("&Tools"))
        # Text from the calendar dialog's own translation context; the dialog module itself
        # is imported only when the action is used (start-up time).
        calendar = QAction(translator("CalendarDialog")("Working-day &calendar…"), self)
        calendar.triggered.connect(self.show_calendar)
        tools_menu.addAction(calendar)  # 工作日历…
        server = QAction(translator("ServerSetup")("Team &server set-up…"), self)
        server.triggered.connect(self.show_server_setup)
        tools_menu.addAction(server)  # 团队服务器设置… (IT administrator)
        maintenance = QAction(translator("MaintenanceDialog")("&Thresholds and database check…"), self)
        maintenance.triggered.connect(self.show_maintenance)
        maintenance.setObjectName("maintenanceAction")
        maintenance.setProperty("needsCap", "standards")  # hidden from accounts without it (ui/signin.py)
        tools_menu.addAction(maintenance)  # 阈值表与数据库检查… (administrator)

        help_menu = bar.addMenu(tr("&Help"))
        keys_action = QAction(tr("&Keyboard shortcuts"), self)
        keys_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys_action)
        about_action = QAction(tr("&About CaseReview"), self)
        about_action.triggered.connect(self.about)
        help_menu.addAction(about_action)

    def choose_language(self, code: str) -> None:
        """Saved for the next start (``casereview-gui --lang`` overrides it for one run)."""
        self.ctx.settings().setValue("ui/language", code)
        self.ctx.dialogs.info(tr("The interface language changes the next time CaseReview starts."))

    def show_calendar(self) -> None:
        from ui.dialogs_calendar import show_calendar_dialog

        show_calendar_dialog(self.ctx, self)

    def show_maintenance(self) -> None:
        from ui.maintenance_dialog import show_maintenance_dialog

        self.maintenance_dialog = show_maintenance_dialog(self.ctx, self)

    def show_server_setup(self) -> None:
        from ui.server_setup import show_server_setup

        self.server_dialog = show_server_setup(self.ctx, self)

    def _build_status(self) -> None:
        self.db_label = QLabel(self)
        self.db_label.setObjectName("dbLabel")
        self.busy_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.db_label)

    # -- screens --------------------------------------------------------------------

    def screen(self, key: str) -> QWidget | None:
        """The screen widget, created on first use (keeps start-up fast)."""
        widget = self.screens.get(key)
        if widget is None and key in self.specs:
            # Built inside the stack, not moved there: a moved widget tree is styled again.
            widget = self.specs[key].factory(self.ctx, self.stack)
            self.screens[key] = widget
            self.stack.addWidget(widget)
            if self.ctx.db_path is not None and hasattr(widget, "reload") and key != "cases" and self.ctx.may_load(key):
                widget.reload()
        return widget

    def show_screen(self, key: str) -> None:
        widget = self.screen(key)
        if widget is None:
            return
        self.stack.setCurrentWidget(widget)
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key and self.nav.currentRow() != row:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        activated = getattr(widget, "on_activated", None)
        if callable(activated):
            activated()

    # -- database -------------------------------------------------------------------

    def open_database(self, path: Path | str) -> None:
        self.ctx.worker.open_database(path)

    def _opened(self, db: object) -> None:
        # Changes kept while the server was gone are saved once a database opens, even before a
        # case opens. Created here, not before the window shows: its module brings in the
        # database layer (SQLAlchemy, ~1 s on the UI thread), which the worker has loaded by now.
        from ui.review.unsaved import UnsavedChanges

        UnsavedChanges.of(self.ctx)
        self.ctx.db_path = Path(str(db)) if db else None
        self.db_label.setText(fmt(tr("Database: %1"), db))
        if getattr(self, "screens_wait_for_sign_in", False):
            return  # ui/signin.py announces the database once an account has signed in
        self.ctx.bus.database_opened.emit(db)

    def choose_database(self) -> None:
        path = self.ctx.dialogs.open_file(
            tr("Open a CaseReview database"), tr("CaseReview database (*.sqlite3 *.sqlite *.db);;All files (*)")
        )
        if path is not None:
            self.open_database(path)

    def _busy(self, pending: int) -> None:
        self.busy_label.setText(tr("Working…") if pending else "")

    def show_shortcuts(self) -> None:
        from ui.shortcuts import show_shortcut_sheet

        show_shortcut_sheet(self)

    def about(self) -> None:
        self.ctx.dialogs.info(
            fmt(tr("CaseReview %1\nCase file review for administrative law enforcement.\n"
                   "Font: WenQuanYi Micro Hei (Apache-2.0)."), core_version),
            tr("About CaseReview"),
        )

    # -- window state ---------------------------------------------------------------

    def _restore(self) -> None:
        settings = self.ctx.settings()
        geometry = settings.value("main/geometry")
        if not (isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry))):
            self.resize(1440, 900)
        self.fit_to_screen()
        state = settings.value("main/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        first = str(settings.value("main/screen", "cases"))
        self.show_screen(first if first in self.specs else "cases")

    def fit_to_screen(self) -> None:
        """Never larger than the available screen (a remembered size may come from a bigger
        monitor; the default 1440×900 is larger than a 1366×768 laptop)."""
        screen = QWidget.screen(self) or QGuiApplication.primaryScreen()  # self.screen() is a screen of the app
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = 32  # the title bar, not part of the widget's own height
        width = min(self.width(), available.width())
        height = min(self.height(), available.height() - frame)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            self.move(available.x() + (available.width() - width) // 2, available.y())

    def save_settings(self) -> None:
        settings = self.ctx.settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        current = next((k for k, w in self.screens.items() if w is self.stack.currentWidget()), "cases")
        settings.setValue("main/screen", current)
        for widget in self.screens.values():
            save_state = getattr(widget, "save_state", None)
            if callable(save_state):
                save_state()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.ctx.worker.flush(timeout=10)  # let confirmed saves land before the window goes
        self.change_feed.stop()
        super().closeEvent(event)
