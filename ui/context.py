"""``AppContext``: what every screen gets — the DB worker, the dialog service, settings and
one app-wide signal bus (a mutation announces what changed; views refresh only what they show)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from ui.dialogs import DialogService
from ui.worker import DbWorker


class AppBus(QObject):
    database_opened = Signal(object)  # db path / URL
    case_changed = Signal(int)  # a case's review columns changed (case id)
    cases_changed = Signal()  # cases were added or removed (import, demo)
    standards_changed = Signal()
    status_message = Signal(str)
    remote_change = Signal(object)  # another PC committed a change (casereview.services.types.Change)
    server_online = Signal(bool)  # the database (team server) became reachable / unreachable


@dataclass
class AppContext:
    worker: DbWorker
    dialogs: DialogService
    bus: AppBus = field(default_factory=AppBus)
    db_path: Path | None = None
    unsaved: Any = None  # ui.review.unsaved.UnsavedChanges, made by the first screen that needs it
    settings_org: str = "CaseReview"
    settings_app: str = "CaseReview"
    # Screens the signed-in account may not open (ui/signin.py): they do not reload when a
    # database opens or the account changes, since the core would refuse and show an error.
    hidden_screens: set[str] = field(default_factory=set)

    def may_load(self, screen_key: str) -> bool:
        return screen_key not in self.hidden_screens

    def settings(self) -> QSettings:
        return QSettings(self.settings_org, self.settings_app)
