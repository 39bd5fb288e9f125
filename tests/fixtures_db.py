"""Database fixtures shared by the storage and service tests: every test that takes
``any_db`` runs once on SQLite and once on PostgreSQL (when CASEREVIEW_TEST_PG_URL is set;
CI sets it and CASEREVIEW_REQUIRE_PG=1, which turns a missing server into a failure)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("CASEREVIEW_TEST_PG_URL")
REQUIRE_PG = os.environ.get("CASEREVIEW_REQUIRE_PG") == "1"


def _pg_database() -> Iterator[str]:
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("CASEREVIEW_REQUIRE_PG=1 but CASEREVIEW_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL not configured (set CASEREVIEW_TEST_PG_URL)")
    name = f"cr_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\''))
    base, _, _ = PG_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        yield from _pg_database()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of an empty PostgreSQL database (team-server tests)."""
    yield from _pg_database()
