"""The SQLite bulk writer (storage.bulk_sqlite, driven by services.intake.writer) stores
exactly the rows the portable SQLAlchemy path stores: the same import run through the fast
path on SQLite, through the portable path on SQLite, and on PostgreSQL (portable only)
leaves identical units, officers, cases and investigator links."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, select

from casereview.intake.synthetic import write_registry_xlsx
from casereview.services.app import Services
from casereview.services.intake import run as run_module
from casereview.services.intake.writer import CaseWriter
from casereview.storage.models import Case, CaseOfficer, Officer, Unit, table_of
from tests.platform_export import write_xlsx as write_platform_xlsx

Rows = dict[str, list[tuple[Any, ...]]]


def _stored(services: Services) -> Rows:
    """Every row of the tables the writer fills, in id order. Timestamps of the import
    itself differ between runs: kept only as "set" / "not set"."""
    out: Rows = {}
    with services.ctx.db.session() as session:
        for model in (Unit, Officer, Case, CaseOfficer):
            table = table_of(model)
            stamps = {c.key for c in table.columns if isinstance(c.type, DateTime)}
            keys = [c.key for c in table.columns]
            out[table.name] = [
                tuple(("<set>" if isinstance(v, datetime) else v) if k in stamps else v for k, v in zip(keys, row, strict=True))
                for row in session.execute(select(table).order_by(table.c.id))
            ]
    return out


def _import(url: str, files: list[Path], *, portable: bool, monkeypatch: pytest.MonkeyPatch) -> Rows:
    with monkeypatch.context() as patch:
        patch.setattr(run_module, "BATCH_ROWS", 40)  # several writer batches from a small file
        if portable:
            patch.setattr(run_module, "CaseWriter", functools.partial(CaseWriter, portable=True))
        services = Services.open(url, as_system=True)
        try:
            if not portable and services.ctx.db.engine.dialect.name == "sqlite":
                with services.ctx.db.session() as session:
                    assert CaseWriter(session, "check").bulk is not None  # the fast path really runs
            for path in files:
                result = services.intake.run(path)
                assert result.saved and result.created, result.report
            return _stored(services)
        finally:
            services.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bulk")
    registry = folder / "registry.xlsx"
    write_registry_xlsx(registry, 150, seed=3)
    return [registry, write_platform_xlsx(folder / "platform.xlsx")]


def test_fast_and_portable_writers_store_identical_rows(
    any_db: str, files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _import(f"sqlite:///{tmp_path / 'fast.sqlite3'}", files, portable=False, monkeypatch=monkeypatch)
    other = _import(any_db, files, portable=True, monkeypatch=monkeypatch)
    assert len(fast["cases"]) > 150 and fast["case_officers"] and fast["officers"]
    for table in fast:
        assert len(other[table]) == len(fast[table]), table
        for mine, theirs in zip(fast[table], other[table], strict=True):
            assert mine == theirs, table
