"""Unsaved changes while the team server cannot be reached: kept, shown, saved later.

``UnsavedChanges`` (one per app, ``ctx.unsaved``) owns the core's ``UnsavedJournal``. The
workspace hands it every change the server did not take because it was not there
(``keep``); from then on, until the journal is empty, every new change of this database
goes to the journal too, so changes are replayed in the order they were made. Every few
seconds, and as soon as the change feed sees the server again, the journal is replayed in
the DB worker (``casereview.services.unsaved.replay``). A review someone else changed
meanwhile is a conflict: the reviewer sees what the server holds now and what they had
not saved, and keeps theirs (replayed on top) or drops it. ``as_text`` / the banner's copy
button put every unsaved change on the clipboard, so nothing can be lost even if the
server never comes back.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from casereview.services.unsaved import JournalEntry, ReplayResult, ReviewChange, UnsavedJournal, replay
from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.review.conflicts import conflict_choices, conflict_text, describe_result

if TYPE_CHECKING:
    from casereview.services.reviews import ReviewState
    from casereview.services.types import StaleEditError

tr = translator("UnsavedChanges")
log = logging.getLogger(__name__)
RETRY_MS = 5000


class UnsavedChanges(QObject):
    changed = Signal()  # entries were added, saved or dropped

    def __init__(self, ctx: AppContext, journal: UnsavedJournal | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.journal = journal or UnsavedJournal()
        self.database = ""
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.replay_now)
        ctx.bus.database_opened.connect(self._opened)
        self.offline = False  # the change feed says the server cannot be reached
        ctx.bus.server_online.connect(self._online)

    @classmethod
    def of(cls, ctx: AppContext) -> UnsavedChanges:
        if ctx.unsaved is None:
            ctx.unsaved = cls(ctx, parent=ctx.bus)
        return ctx.unsaved  # type: ignore[no-any-return]

    def _opened(self, _db: object) -> None:
        def opened(key: str) -> None:
            self.database = key
            self.changed.emit()
            if self.entries():
                self._timer.start()
                self.replay_now()  # left from an earlier session (the program was closed offline)

        self.ctx.worker.call(lambda s: s.database_key(), opened, lambda _exc: None, label="database key")

    def _online(self, online: bool) -> None:
        self.offline = not online
        if online:
            self.replay_now()

    # -- the journal ----------------------------------------------------------------------

    def entries(self) -> list[JournalEntry]:
        return self.journal.entries(self.database) if self.database else []

    @property
    def active(self) -> bool:
        """Changes wait in the journal (new ones queue behind them), or the server is known to
        be gone (a change goes to the journal at once instead of waiting for a time-out)."""
        return (self.offline and bool(self.database)) or bool(self.entries())

    def keep(
        self, *, case_id: int, case_no: str, stage: str, campaign_id: int | None, review_id: int,
        base_version: int | None, change: ReviewChange,
    ) -> JournalEntry:
        entry = self.journal.add(self.database, case_id=case_id, case_no=case_no, stage=stage, campaign_id=campaign_id,
                                 review_id=review_id, base_version=base_version, change=change)
        self._timer.start()
        self.changed.emit()
        return entry

    def as_text(self) -> str:
        return self.journal.as_text(self.database)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())
        self.ctx.bus.status_message.emit(tr("The unsaved changes were copied; paste them into a document or mail."))

    # -- replay -------------------------------------------------------------------------

    def replay_now(self) -> None:
        if self._replaying or not self.entries():
            if not self.entries():
                self._timer.stop()
            return
        self._replaying = True
        journal, database = self.journal, self.database
        self.ctx.worker.call(lambda s: replay(s, journal, database), self._replayed, self._failed, label="replay")

    def _failed(self, exc: BaseException) -> None:
        self._replaying = False
        log.warning("replaying unsaved changes failed: %s", exc)

    def _replayed(self, result: ReplayResult) -> None:
        self._replaying = False
        if result.saved:
            self.ctx.bus.status_message.emit(
                fmt(tr("The server is back: %1 changes kept on this PC were saved."), len(result.saved)))
            for case_id in sorted({e.case_id for e in result.saved}):
                self.ctx.bus.case_changed.emit(case_id)
        if result.refused:
            # Refused by the server for a reason of its own (the review was submitted meanwhile…):
            # they cannot be saved as they are, so they go to the clipboard, not silently away.
            lines = "\n".join("• " + fmt(tr("%1: %2"), e.describe(), why) for e, why in result.refused)
            QGuiApplication.clipboard().setText(lines)
            self.journal.remove(*(e.id for e, _why in result.refused))
            self.ctx.dialogs.info(fmt(tr("These changes kept on this PC could not be saved. They were copied to the "
                                         "clipboard so you can keep them:\n%1"), lines))
        if result.conflicts:
            entry, exc = result.conflicts[0]  # one at a time: the next comes with the next replay
            self._resolve(entry, exc)
        if not self.entries():
            self._timer.stop()
        self.changed.emit()

    def _resolve(self, entry: JournalEntry, exc: StaleEditError) -> None:
        review_id = int(exc.params.get("id") or entry.review_id)
        same = [e for e in self.entries() if e.case_id == entry.case_id and e.stage == entry.stage
                and e.review_id in (entry.review_id, 0, review_id)]

        def decide(fresh: ReviewState) -> None:
            codes = sorted({e.change.item_code for e in same})
            now = [fmt(tr("%1 is now: %2"), code, describe_result(fresh.results.get(code))) for code in codes]
            mine = "\n".join("  • " + e.describe() for e in same)
            text = fmt(tr("Case %1:"), entry.case_no) + "\n\n" + conflict_text(exc.params, now, "\n" + mine)
            keep = not fresh.review.locked
            choice = self.ctx.dialogs.choose(tr("Changed by someone else"), text,
                                             conflict_choices() if keep else conflict_choices()[:1])
            ids = [e.id for e in same]
            if keep and choice == 1:
                self.journal.rebase(ids, fresh.review.version)
                self.replay_now()
            else:
                self.journal.remove(*ids)
            self.ctx.bus.case_changed.emit(entry.case_id)
            self.changed.emit()

        self.ctx.worker.call(lambda s: s.reviews.state(review_id), decide, lambda _exc: None,
                             label="unsaved conflict")


def show_unsaved(ws: Any, entries: list[JournalEntry]) -> set[str]:
    """Item codes of the open review with a change kept on this PC."""
    state = ws.state
    if state is None:
        return set()
    return {e.change.item_code for e in entries
            if e.case_id == state.review.case_id and e.stage == state.review.stage}
