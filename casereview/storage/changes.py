"""Telling other PCs that something changed, so their screens refresh.

Writing side (``install``, ``Notifier``): every committed transaction that changed rows
sends, on PostgreSQL, one ``NOTIFY casereview_changes`` with a small JSON payload — which
tables, which cases and reviews, by whom, and the sending ``Database``'s ``origin`` so a
client can ignore its own echoes. It is sent right after the commit from a thread of its
own (see ``Notifier`` for why not inside the transaction), and never for a rolled-back one.

Reading side (``ChangeWatcher``): a background thread of its own (never the UI thread, never
the DB worker) with its own connection.

- PostgreSQL: ``LISTEN`` on a dedicated autocommit psycopg connection, waiting at most a
  second at a time so ``stop`` is prompt. A lost connection is reported
  (``on_status(False)``) and retried every few seconds; when it is back, one "something
  changed" is reported, since notifications sent meanwhile were missed.
- SQLite: ``PRAGMA data_version`` on a connection of its own, polled once a second. It
  changes whenever another connection commits, but by one however many commits there were,
  so it cannot tell our commit from another program's in the same second. Every change
  CaseReview commits appends to the audit log, so a poll that saw a change also reads the
  ids of the audit entries appended since: one that this program's ``Database`` did not
  write (``local_audit_ids``) is another program's commit and is reported, even next to
  ours. A change without new entries is reported unless this program committed meanwhile
  (``local_commits``).
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
    """Hook the notification into the sessions of ``database``: what a commit changed is
    collected at flush and handed, once committed, to the database's ``Notifier``."""
    event.listen(factory, "after_flush", _collect)

    def before_commit(session: Session) -> None:
        session.flush()

    def after_commit(session: Session) -> None:
        database.local_commits += 1
        seen: _Seen | None = session.info.pop(_CHANGED, None)
        if seen is not None and seen.tables and database.path is None and not database.closed:
            database.notifier().send(seen)

    event.listen(factory, "before_commit", before_commit)
    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_rollback", lambda s: s.info.pop(_CHANGED, None))


class Notifier:
    """Sends the ``NOTIFY`` of committed changes from a thread of its own, after the commit.

    Not inside the writer's transaction: PostgreSQL serialises the commits of every
    transaction that notified (a cluster-wide lock held from before the commit until its
    disk flush is done, so that notifications arrive in commit order), which made every
    save of the team wait for every other PC's commit. Here each change is sent in a
    transaction of its own that writes nothing else and does not wait for the disk
    (``synchronous_commit = off``: a notification lost in a server crash is harmless, the
    listeners refresh everything when they reconnect). Changes committed while a send is
    under way are merged into the next one. A rolled-back transaction sends nothing."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._pending: _Seen | None = None
        self._cond = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None
        self._busy = False
        self.sent = 0

    def send(self, seen: _Seen) -> None:
        with self._cond:
            if self._pending is None:
                self._pending = _Seen()
            self._pending.tables |= seen.tables
            self._pending.cases |= seen.cases
            self._pending.reviews |= seen.reviews
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="casereview-notify", daemon=True)
                self._thread.start()
            self._cond.notify()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything handed over has been sent (tests, closing)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def stop(self) -> None:
        self.flush()
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._stopped)
                if self._pending is None:
                    return
                seen, self._pending, self._busy = self._pending, None, True
            try:
                identity = self.database.identity() if self.database.identity is not None else (None, None)
                with self.database.engine.connect() as conn:
                    conn.execute(text("SELECT set_config('synchronous_commit', 'off', true), "
                                      "pg_notify(:channel, :payload)"),
                                 {"channel": CHANNEL, "payload": payload(seen, self.database.origin, identity[1])})
                    conn.commit()
                self.sent += 1
            except Exception as exc:  # server gone: the listeners refresh everything when it is back
                log.info("change notification not sent: %s", exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def install_own_entries(factory: sessionmaker[Session], database: Database) -> None:
    """Remember the ids of the audit entries this ``database`` appends (after the audit
    chain's hook has written them, before the commit makes them visible to a watcher)."""
    from casereview.storage.audit_chain import WRITTEN_IDS

    if database.path is None:
        return

    def before_commit(session: Session) -> None:
        database.local_audit_ids.update(session.info.get(WRITTEN_IDS, ()))

    def after_rollback(session: Session) -> None:
        database.local_audit_ids.difference_update(session.info.get(WRITTEN_IDS, ()))

    event.listen(factory, "before_commit", before_commit)
    event.listen(factory, "after_rollback", after_rollback)


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
            seen = _last_audit_id(conn)
            self._status(True)
            while not self._stop.wait(self.interval) and not self.database.closed:
                version = conn.execute("PRAGMA data_version").fetchone()[0]
                ours, local = self.database.local_commits - local, self.database.local_commits
                if version == last:
                    continue
                last = version
                new_ids = _audit_ids_after(conn, seen)
                own = self.database.local_audit_ids
                foreign = any(i not in own for i in new_ids)
                if new_ids:
                    seen = new_ids[-1]
                    own.difference_update([i for i in list(own) if i <= seen])
                # only another program's commits are news: its audit entries, or a change
                # while this program committed nothing
                if foreign or (not new_ids and not ours):
                    self.on_change(Change(everything=True))
        finally:
            conn.close()


def _last_audit_id(conn: sqlite3.Connection) -> int | None:
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
    except sqlite3.Error:  # not (yet) a CaseReview database
        return None


def _audit_ids_after(conn: sqlite3.Connection, after: int | None) -> list[int]:
    if after is None:
        return []
    try:
        return [int(r[0]) for r in conn.execute("SELECT id FROM audit_log WHERE id > ? ORDER BY id", (after,))]
    except sqlite3.Error:
        return []

