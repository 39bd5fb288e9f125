"""Screens follow what other PCs change (team server) — without ever blocking the UI thread.

When a database is opened, a ``ChangeWatcher`` of the core starts on a thread of its own
(LISTEN/NOTIFY on PostgreSQL, a data_version poll on SQLite; see casereview/storage/
changes.py). Its reports cross to the UI thread as queued Qt signals and, gathered for
half a second so a burst of saves refreshes once, become the app bus's usual announcements:
``case_changed`` per case (few cases) or ``cases_changed`` (many, or unknown), plus
``remote_change`` for the review workspace and ``server_online`` for the status bar.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from ui.context import AppContext
from ui.i18n import translator

if TYPE_CHECKING:
    from casereview.services.types import Change

tr = translator("ChangeFeed")
log = logging.getLogger(__name__)
MAX_CASES = 20  # more changed cases than this: reload the list once instead
# Changes of these reload the case list; changed reviews refresh only their cases' rows.
LIST_TABLES = frozenset({"cases", "case_officers", "documents", "units", "campaigns", "campaign_cases",
                         "assignments", "standards", "standard_versions"})


class ChangeFeed(QObject):
    _changed = Signal(object)  # emitted on the watcher's thread, delivered on the UI thread
    _online = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watcher: Any = None
        self.generation = 0
        self.pending: list[Change] = []
        self.online: bool | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._flush)
        self._changed.connect(self._queue)
        self._online.connect(self._status)
        ctx.bus.database_opened.connect(self.restart)

    def restart(self, _db: object = None) -> None:
        self.stop()
        self.generation += 1
        generation = self.generation

        def start(services: Any) -> Any:
            return services.watch_changes(
                lambda change: self._changed.emit((generation, change)),
                lambda online: self._online.emit(online) if generation == self.generation else None,
            )

        def started(watcher: Any) -> None:
            if generation != self.generation:  # another database was opened meanwhile
                threading.Thread(target=watcher.stop, daemon=True).start()
            else:
                self.watcher = watcher

        self.ctx.worker.call(start, started, lambda exc: log.info("change feed not started: %s", exc),
                             label="watch changes")

    def stop(self) -> None:
        watcher, self.watcher = self.watcher, None
        if watcher is not None:  # joining takes up to a second: never on the UI thread
            threading.Thread(target=watcher.stop, daemon=True).start()

    def _queue(self, item: tuple[int, Change]) -> None:
        generation, change = item
        if generation != self.generation:
            return
        self.pending.append(change)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        changes, self.pending = self.pending, []
        if not changes:
            return
        bus = self.ctx.bus
        cases = {c for change in changes for c in change.case_ids}
        if any(c.everything or c.tables & LIST_TABLES for c in changes) or len(cases) > MAX_CASES:
            bus.cases_changed.emit()
        else:  # reviews only (tables like page texts or sign-ins change nothing the list shows)
            for case_id in sorted(cases):
                bus.case_changed.emit(case_id)
        for change in changes:
            bus.remote_change.emit(change)

    def _status(self, online: bool) -> None:
        if online == self.online:
            return
        was, self.online = self.online, online
        self.ctx.bus.server_online.emit(online)
        if not online:
            self.ctx.bus.status_message.emit(tr("The database server cannot be reached. Answers you make now "
                                                "are kept on this PC and saved when it is back."))
        elif was is False:
            self.ctx.bus.status_message.emit(tr("The database server is reachable again."))


def install_change_feed(window: QMainWindow, ctx: AppContext) -> ChangeFeed:
    """The feed plus a status-bar mark while the server cannot be reached."""
    feed = ChangeFeed(ctx, window)
    mark = QLabel(window)
    mark.setObjectName("offlineMark")
    mark.setStyleSheet("QLabel#offlineMark { color: #b91c1c; font-weight: bold; }")
    mark.setVisible(False)
    window.statusBar().addPermanentWidget(mark)

    def show(online: bool) -> None:
        mark.setText("" if online else tr("● Server unreachable"))
        mark.setVisible(not online)

    ctx.bus.server_online.connect(show)
    return feed
