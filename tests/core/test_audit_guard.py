"""The append-only triggers of audit_log survive migrations (a SQLite batch rebuild drops them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import text

from casereview.storage import audit_guard
from casereview.storage.db import MIGRATIONS_DIR, Database, _alembic_config


def _add_row(conn: sa.Connection) -> None:
    conn.execute(text("INSERT INTO audit_log (at, entity, action, prev_hash, entry_hash) "
                      "VALUES ('2026-01-01 00:00:00', 'x', 'y', '0', :h)"), {"h": str(id(conn))})


def _refuses_update(conn: sa.Connection) -> bool:
    """(A trigger fires per row: the table needs one.)"""
    try:
        with conn.begin_nested():
            conn.execute(text("UPDATE audit_log SET actor = 'x'"))
    except sa.exc.DBAPIError as exc:
        return "append-only" in str(exc)
    return False


def test_triggers_exist_after_upgrade_to_head(any_db: str) -> None:
    db = Database.open(any_db)
    try:
        with db.engine.connect() as conn:
            assert audit_guard.missing(conn) == []
            assert set(audit_guard.expected(conn)) <= audit_guard.present(conn)
    finally:
        db.dispose()


def test_a_batch_rebuild_drops_them_and_the_helper_recreates_them(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "a.sqlite3")
    try:
        with db.engine.begin() as conn:
            _add_row(conn)
            op = Operations(MigrationContext.configure(conn))
            # what a future migration would write: SQLite copies the table and drops the old one
            with op.batch_alter_table("audit_log", recreate="always") as batch:
                batch.add_column(sa.Column("extra", sa.String(10)))
            assert sorted(audit_guard.missing(conn)) == ["audit_log_no_delete", "audit_log_no_update"]
            assert not _refuses_update(conn)

            with audit_guard.batch_alter_audit_log(op, recreate="always") as batch:
                batch.drop_column("extra")
            assert audit_guard.missing(conn) == []
            assert _refuses_update(conn)
            assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 1
    finally:
        db.dispose()


_CARELESS_MIGRATION = '''"""a later migration that rebuilds audit_log without the helper"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        batch.add_column(sa.Column("extra", sa.String(10)))


def downgrade() -> None:
    pass
'''


def test_the_migration_environment_restores_triggers_a_careless_migration_dropped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from alembic import command

    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    db = Database.open(tmp_path / "b.sqlite3")
    (scripts / "versions" / "9999_careless.py").write_text(
        _CARELESS_MIGRATION.format(head=db.head_revision()), encoding="utf-8"
    )
    try:
        with db.engine.begin() as conn:
            cfg = _alembic_config(db.url)
            cfg.set_main_option("script_location", str(scripts))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with db.engine.connect() as conn:
            _add_row(conn)
            columns = {c["name"] for c in sa.inspect(conn).get_columns("audit_log")}
            assert "extra" in columns  # the careless migration did run
            assert audit_guard.missing(conn) == []
            assert _refuses_update(conn)
        assert "recreated" in caplog.text
    finally:
        db.dispose()
