"""SqliteBulkWriter: fast multi-row INSERTs into SQLite on a background thread, inside the
caller's transaction.

Why it exists: a registry import writes tens of thousands of rows. Through SQLAlchemy's
executemany every row pays the ORM/Core parameter processing and sqlite3 hands the GIL
back and forth per row. Here rows go straight to the driver connection of the caller's
transaction as multi-row ``VALUES`` statements on one worker thread: sqlite3 releases the
GIL while a statement steps, so SQLite's B-tree work runs on the other core while the
caller validates the next batch.

Contract:
- ``queue`` rows (tuples in ``keys`` order, values already in the form sqlite3 stores:
  ISO text for dates, codes for enums, float for amounts), then ``submit`` them as one job;
- the caller must not touch the connection while a job runs: ``sync`` waits (and raises
  the job's error as a ``StorageError``); ``close`` before the transaction ends;
- constants equal in every row (timestamps, column defaults) can be passed as SQL literals
  (``sql_literal``) and are written once per statement instead of bound per row.

The portable path (SQLAlchemy ``insert`` with executemany / RETURNING) is the reference:
``tests/core/test_bulk_writer.py`` checks that both store identical rows.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from itertools import chain
from typing import Any

from sqlalchemy import Connection

from casereview.storage.db import explain_db_error

MAX_SQL_VARIABLES = 32_000  # per multi-row INSERT statement (below SQLite's own limit)


def sql_literal(value: object) -> str | None:
    """``value`` as an SQLite literal, stored exactly as the bound value would be
    (None when it has no safe literal form: it is then bound)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, datetime):  # as sqlite3's default adapter writes them
        value = value.isoformat(" ")
    elif isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


class SqliteBulkWriter:
    """Queued rows of one transaction, written by one background thread."""

    def __init__(self, conn: Connection) -> None:
        if conn.dialect.name != "sqlite":
            raise ValueError("SqliteBulkWriter writes through the sqlite3 driver only")
        self.conn = conn
        self._pool: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None
        self._queued: list[tuple[str, list[str], list[tuple[Any, ...]], tuple[str, ...]]] = []

    def take_write_lock(self, table: str) -> None:
        """Hold SQLite's write lock from now on, so ids read afterwards (``max(id) + 1``)
        stay ours until commit. ``table`` is a trusted table name."""
        self.conn.exec_driver_sql(f"UPDATE {table} SET id = id WHERE 0")

    def queue(
        self, table: str, keys: Sequence[str], rows: list[tuple[Any, ...]], *, consts: tuple[str, ...] = ()
    ) -> None:
        """Rows for ``keys`` of ``table`` (trusted names, never from a file); ``consts`` are
        SQL literals for the last ``len(consts)`` keys, the same in every row."""
        self._queued.append((table, list(keys), rows, consts))

    def submit(self) -> None:
        """Insert the queued rows on the writer thread while the caller goes on.

        One statement per few hundred rows (``MAX_SQL_VARIABLES`` bound values) rather than
        executemany, which would hand the GIL back and forth on every row. With constants,
        ``INSERT … SELECT column1, …, <literals> FROM (VALUES …)`` writes them once per
        statement (a quarter less writer work for a case row, 13 of whose 34 columns are
        the same in every new case)."""
        self._wait()
        queued, self._queued = self._queued, []
        if not queued:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="casereview-bulk")
        raw = self.conn.connection.dbapi_connection
        assert raw is not None
        limit = min(MAX_SQL_VARIABLES, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))

        def job() -> None:
            cursor = raw.cursor()
            try:
                for table, keys, rows, consts in queued:
                    bound = len(keys) - len(consts)
                    per = max(1, limit // bound)
                    row_marks = "(" + ",".join("?" * bound) + ")"
                    head = f"INSERT INTO {table} ({','.join(keys)}) "
                    if consts:
                        picked = [f"column{i}" for i in range(1, bound + 1)]
                        head += f"SELECT {','.join([*picked, *consts])} FROM (VALUES "
                        end = ")"
                    else:
                        head += "VALUES "
                        end = ""
                    for start in range(0, len(rows), per):
                        chunk = rows[start:start + per]
                        cursor.execute(head + ",".join([row_marks] * len(chunk)) + end,
                                       list(chain.from_iterable(chunk)))
            finally:
                cursor.close()

        self._pending = self._pool.submit(job)

    def sync(self) -> None:
        """Write everything queued and wait for it: the connection is then free."""
        if self._queued:
            self.submit()
        self._wait()

    def _wait(self) -> None:
        """Wait for the background insert; its error (if any) is raised here."""
        pending, self._pending = self._pending, None
        if pending is not None:
            try:
                pending.result()
            except sqlite3.Error as exc:
                raise explain_db_error(exc, str(self.conn.engine.url)) from exc

    def close(self) -> None:
        """Finish (or, after an error, at least wait for) the background work."""
        try:
            self.sync()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None
