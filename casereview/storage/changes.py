"""Telling other PCs that something changed, so their screens refresh.

Writing side (``install``): every committed transaction that changed rows sends, on
PostgreSQL, one ``NOTIFY casereview_changes`` with a small JSON payload — which tables,
which cases and reviews, by whom, and the sending ``Database``'s ``origin`` so a client can
ignore its own echoes. NOTIFY is transactional: it is delivered only if the transaction
commits, and never for a rolled-back one.

Reading side (``ChangeWatcher``): a background thread of its own (never the UI thread, never
the DB worker) with its own connection.

- PostgreSQL: ``LISTEN`` on a dedicated autocommit psycopg connection, waiting at most a
  second at a time so ``stop`` is prompt. A lost connection is reported
  (``on_status(False)``) and retried every few seconds; when it is back, one "something
  changed" is reported, since notifications sent meanwhile were missed.
- SQLite: ``PRAGMA data_version`` on a connection of its own, polled once a second. It
  changes whenever another connection commits. The payload-free signal cannot say what
  changed; commits of this program's own ``Database`` are counted (``local_commits``) and a
  poll that saw only those is not reported.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from casereview.storage.db import Database

log = logging.getLogger(__name__)

CHANNEL = "casereview_changes"
_CHANGED = "changes_seen"  # session.info: {"t": set of tables, "c": case ids, "r": review ids}
MAX_IDS = 50  # more ids than this: "many" (the client refreshes its whole list)


@dataclass(frozen=True)
class Change:
    """What another client changed. Empty ``case_ids``/``review_ids`` with ``everything``:
    unknown, refresh all that is shown."""

    tables: frozenset[str] = frozenset()
    case_ids: frozenset[int] = frozenset()
    review_ids: frozenset[int] = frozenset()
    by: str | None = None
    everything: bool = False

    def touches_review(self, review_id: int) -> bool:
        return self.everything or review_id in self.review_ids


@dataclass
class _Seen:
    tables: set[str] = field(default_factory=set)
    cases: set[int] = field(default_factory=set)
    reviews: set[int] = field(default_factory=set)


def _collect(session: Session, _flush_context: Any) -> None:
    seen: _Seen = session.info.setdefault(_CHANGED, _Seen())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is None:
            continue
        seen.tables.add(table)
        if table == "reviews":
            seen.reviews.add(getattr(obj, "id", 0) or 0)
            seen.cases.add(getattr(obj, "case_id", 0) or 0)
        elif table == "cases":
            seen.cases.add(getattr(obj, "id", 0) or 0)
        elif table == "item_results":
            seen.reviews.add(getattr(obj, "review_id", 0) or 0)


def payload(seen: _Seen, origin: str, by: str | None) -> str:
    def ids(values: set[int]) -> list[int] | None:
        values = {v for v in values if v}
        return sorted(values) if len(values) <= MAX_IDS else None

    return json.dumps({"o": origin, "t": sorted(seen.tables), "c": ids(seen.cases), "r": ids(seen.reviews),
                       "by": (by or "")[:60]}, ensure_ascii=False)


def parse(raw: str) -> tuple[str, Change]:
    """(origin, change) of a notification; a payload of another version means "everything"."""
    try:
        data = json.loads(raw)
        cases, reviews = data.get("c"), data.get("r")
        return str(data.get("o", "")), Change(
            frozenset(map(str, data.get("t") or ())), frozenset(cases or ()), frozenset(reviews or ()),
            data.get("by") or None, everything=cases is None or reviews is None,
        )
    except (ValueError, TypeError, AttributeError):
        return "", Change(everything=True)


def install(factory: sessionmaker[Session], database: Database) -> None:
    """Hook the notification into the sessions of ``database`` (before the audit chain's
    hook: the NOTIFY is queued before the team-wide chain lock is taken; audit rows are not
    news to a screen)."""
    event.listen(factory, "after_flush", _collect)

    def before_commit(session: Session) -> None:
        session.flush()
        seen: _Seen | None = session.info.pop(_CHANGED, None)
        if seen is None or not seen.tables or database.path is not None:
            return
        identity = database.identity() if database.identity is not None else (None, None)
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": payload(seen, database.origin, identity[1])})

    def after_commit(session: Session) -> None:
        database.local_commits += 1

    event.listen(factory, "before_commit", before_commit)
    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", lambda s: s.info.pop(_CHANGED, None))


class ChangeWatcher:
    """Reports other clients' commits to ``on_change`` and the server's reachability to
    ``on_status`` — both called on the watcher's own thread."""

    def __init__(
        self,
        database: Database,
        on_change: Callable[[Change], None],
        on_status: Callable[[bool], None] | None = None,
        *,
        interval: float = 1.0,
        retry: float = 3.0,
    ) -> None:
        self.database = database
        self.on_change = on_change
        self.on_status = on_status or (lambda _ok: None)
        self.interval = interval
        self.retry = retry
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.online: bool | None = None

    def start(self) -> ChangeWatcher:
        self._thread = threading.Thread(target=self._run, name="casereview-changes", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _status(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.on_status(online)

    def _run(self) -> None:
        reconnected = False
        while not self._stopped():
            try:
                if self.database.path is not None:
                    self._poll_sqlite()
                else:
                    self._listen_pg(reconnected)
            except Exception as exc:  # lost server, file gone: report and try again
                log.info("change watcher: %s", exc)
                if self.database.path is None:  # a local file is never "the server"
                    self._status(False)
                reconnected = True
                self._stop.wait(self.retry)

    def _stopped(self) -> bool:
        """Stopped, or its database was closed (the program opened another or quit)."""
        return self._stop.is_set() or self.database.closed

    def _listen_pg(self, reconnected: bool) -> None:
        import psycopg

        url = self.database.engine.url
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self._status(True)
            if reconnected:  # whatever happened while we were away was not heard
                self.on_change(Change(everything=True))
            while not self._stopped():
                for note in conn.notifies(timeout=self.interval):
                    origin, change = parse(note.payload)
                    if origin != self.database.origin:
                        self.on_change(change)
                if not self._stopped():
                    conn.execute("SELECT 1")  # notices a server that went away while all was quiet

    def _poll_sqlite(self) -> None:
        assert self.database.path is not None
        conn = sqlite3.connect(self.database.path, timeout=5)  # only reads
        try:
            last = conn.execute("PRAGMA data_version").fetchone()[0]
            local = self.database.local_commits
            self._status(True)
            while not self._stop.wait(self.interval) and not self.database.closed:
                version = conn.execute("PRAGMA data_version").fetchone()[0]
                ours, local = self.database.local_commits - local, self.database.local_commits
                if version != last:
                    last = version
                    if not ours:  # only another program's commits are news
                        self.on_change(Change(everything=True))
        finally:
            conn.close()

