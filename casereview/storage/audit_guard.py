"""The triggers that make ``audit_log`` append-only, and keeping them there.

Migration 0005 created them. A later migration that rebuilds ``audit_log`` on SQLite
(Alembic's ``batch_alter_table`` copies the table to a new one and drops the old one)
silently drops every trigger of the table with it: the chain would still catch an edit,
but the database would no longer refuse one. So:

- a migration that alters ``audit_log`` uses ``batch_alter_audit_log(op)`` instead of
  ``op.batch_alter_table("audit_log")``: it recreates the triggers after the rebuild;
- the migration environment calls ``ensure`` after every upgrade, so a migration that
  forgot does not ship a database without them (tests/core/test_audit_guard.py checks
  both, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, inspect, text

log = logging.getLogger(__name__)

TABLE = "audit_log"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION casereview_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = 'audit_log is append-only: ' || TG_OP || ' refused';
END;
$$ LANGUAGE plpgsql
"""

# trigger name -> the statement creating it, per dialect
_TRIGGERS: dict[str, dict[str, str]] = {
    "sqlite": {
        "audit_log_no_update": "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END",
        "audit_log_no_delete": "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END",
    },
    "postgresql": {
        "audit_log_append_only": "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION casereview_audit_append_only()",
        "audit_log_no_truncate": "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION casereview_audit_append_only()",
    },
}


def expected(conn: Connection) -> tuple[str, ...]:
    return tuple(_TRIGGERS.get(conn.dialect.name, {}))


def present(conn: Connection) -> set[str]:
    """Names of the triggers on ``audit_log`` now."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                            {"t": TABLE})
    elif conn.dialect.name == "postgresql":
        rows = conn.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(:t) AND NOT tgisinternal"),
                            {"t": TABLE})
    else:
        return set()
    return {str(r[0]) for r in rows}


def missing(conn: Connection) -> list[str]:
    have = present(conn)
    return [name for name in expected(conn) if name not in have]


def _chained(conn: Connection) -> bool:
    """The table exists and has the chain columns (migration 0005 or later applied)."""
    inspector = inspect(conn)
    if not inspector.has_table(TABLE):
        return False
    return "entry_hash" in {c["name"] for c in inspector.get_columns(TABLE)}


def install(conn: Connection) -> list[str]:
    """Create whichever append-only triggers are missing; returns their names."""
    gone = missing(conn)
    if not gone:
        return []
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_PG_FUNCTION)
    for name in gone:
        conn.exec_driver_sql(_TRIGGERS[conn.dialect.name][name])
    return gone


def ensure(conn: Connection) -> list[str]:
    """After an upgrade: put back triggers a migration dropped (logged as a warning)."""
    if not _chained(conn):
        return []
    restored = install(conn)
    if restored:
        log.warning("audit_log append-only triggers were missing after the upgrade and were recreated: %s",
                    ", ".join(restored))
    return restored


@contextmanager
def batch_alter_audit_log(op: Any, **kwargs: Any) -> Iterator[Any]:
    """``op.batch_alter_table("audit_log")`` for migrations, with the triggers recreated
    after SQLite's copy-and-rename dropped them."""
    with op.batch_alter_table(TABLE, **kwargs) as batch:
        yield batch
    install(op.get_bind())
