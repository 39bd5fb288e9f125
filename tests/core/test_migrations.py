"""Upgrading real old databases: every fixture in tests/fixtures/migrations (one database made
by each released schema revision, see make_fixture.py there) is upgraded to this program's head
on SQLite and on PostgreSQL, and must keep every row and pass the integrity checks.

New revisions are picked up automatically: the upgrade always goes to the current head, and a
fixture added for a new release joins the parametrisation by its file name.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fixtures_db import _pg_database
from sqlalchemy import Engine, MetaData, create_engine, func, select, text

from casereview.storage.db import HEAD_REVISION, Database, _alembic_config

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "migrations").glob("rev-*.sqlite3"))


def _revision(fixture: Path) -> str:
    return fixture.stem.removeprefix("rev-")


def _rows(engine: Engine) -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every table, by primary key (reflected, so it reads any revision's schema)."""
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, dict[Any, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for table in meta.tables.values():
            if table.name == "alembic_version":
                continue
            key = [c.name for c in table.primary_key.columns]
            out[table.name] = {
                tuple(row[k] for k in key): dict(row) for row in conn.execute(select(table)).mappings()
            }
    return out


def _orphans(engine: Engine) -> list[str]:
    """Foreign-key values that point at no row (engine-independent integrity check)."""
    meta = MetaData()
    meta.reflect(engine)
    found = []
    with engine.connect() as conn:
        for table in meta.tables.values():
            for fk in table.foreign_key_constraints:
                parent = fk.referred_table
                cols = list(fk.columns)
                pairs = [(c, fk.elements[i].column) for i, c in enumerate(cols)]
                missing = (
                    select(func.count())
                    .select_from(table)
                    .where(*(c.is_not(None) for c in cols))
                    .where(
                        ~select(1)
                        .select_from(parent)
                        .where(*(child == par for child, par in pairs))
                        .exists()
                    )
                )
                if conn.execute(missing).scalar():
                    found.append(f"{table.name}.{','.join(c.name for c in cols)} -> {parent.name}")
    return found


def _assert_kept(before: dict[str, dict[Any, dict[str, Any]]], after: dict[str, dict[Any, dict[str, Any]]]) -> None:
    for table, rows in before.items():
        assert table in after, f"table {table} disappeared in the upgrade"
        assert set(after[table]) >= set(rows), f"{table}: rows lost in the upgrade"
        for key, row in rows.items():
            upgraded = after[table][key]
            changed = {c: (v, upgraded.get(c)) for c, v in row.items() if c in upgraded and upgraded[c] != v}
            assert not changed, f"{table} {key}: values changed in the upgrade: {changed}"


def _sqlite_copy(fixture: Path, tmp_path: Path) -> Path:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    return path


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _pg_database()


def test_fixtures_exist_for_the_first_revision() -> None:
    assert any(_revision(f) == "0001" for f in FIXTURES), "tests/fixtures/migrations/rev-0001.sqlite3 is missing"


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_upgrade_keeps_every_row_on_sqlite(fixture: Path, tmp_path: Path) -> None:
    path = _sqlite_copy(fixture, tmp_path)
    engine = create_engine(f"sqlite:///{path}")
    before = _rows(engine)
    engine.dispose()
    assert sum(len(r) for r in before.values()) > 100, "the fixture should hold demo-like data"

    db = Database.open(path)  # upgrades to head (with a backup when the revision is older)
    try:
        assert db.current_revision() == HEAD_REVISION
        _assert_kept(before, _rows(db.engine))
        assert _orphans(db.engine) == []
    finally:
        db.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


@pytest.mark.postgres
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_upgrade_keeps_every_row_on_postgresql(fixture: Path, tmp_path: Path, pg_url: str) -> None:
    """The fixture is loaded into PostgreSQL at its own revision (schema by Alembic up to that
    revision, rows copied table by table in foreign-key order), then upgraded to head."""
    from alembic import command

    source = create_engine(f"sqlite:///{_sqlite_copy(fixture, tmp_path)}")
    before = _rows(source)
    target = create_engine(pg_url)
    try:
        with target.begin() as conn:
            cfg = _alembic_config(pg_url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, _revision(fixture))
        _copy_rows(source, target)

        db = Database.open(pg_url)
        try:
            assert db.current_revision() == HEAD_REVISION
            _assert_kept(before, _rows(db.engine))
            assert _orphans(db.engine) == []
        finally:
            db.dispose()
    finally:
        source.dispose()
        target.dispose()


def _copy_rows(source: Engine, target: Engine) -> None:
    """Copy every row (the 'dump') and move each id sequence past the copied ids."""
    src_meta, dst_meta = MetaData(), MetaData()
    src_meta.reflect(source)
    dst_meta.reflect(target)
    with source.connect() as src, target.begin() as dst:
        # Like pg_restore --disable-triggers: reviews and practice_cases refer to each other, so
        # no table order satisfies every foreign key during the copy; _orphans checks them after.
        dst.execute(text("SET session_replication_role = replica"))
        for table in dst_meta.tables.values():
            if table.name == "alembic_version" or table.name not in src_meta.tables:
                continue
            rows = [dict(r) for r in src.execute(select(src_meta.tables[table.name])).mappings()]
            if rows:
                dst.execute(table.insert(), rows)
            if "id" in table.c and rows:
                dst.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :n)"),
                    {"n": max(r["id"] for r in rows)},
                )


def test_0007_fills_points_lost_of_existing_findings(tmp_path: Path) -> None:
    """Findings stored before 0007 get the points they really cost after their category's cap
    (allocated as the statistics do); none is left empty or above its nominal points."""
    fixture = next(f for f in FIXTURES if _revision(f) == "0001")
    path = _sqlite_copy(fixture, tmp_path)
    db = Database.open(path)
    try:
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT points, points_lost, is_veto FROM deficiencies")).all()
    finally:
        db.dispose()
    assert rows, "the fixture should hold findings"
    assert all(lost is not None and 0 <= lost <= points + 1e-9 for points, lost, _veto in rows)
