"""Database errors reach the user in Chinese naming the record and column, on both engines:
too-long text and too-large numbers are refused on SQLite exactly as on the server; a
duplicate names the column and value; a lost connection and a missing permission say so."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from casereview.errors import StorageError, ValidationError
from casereview.services.app import Services
from casereview.storage.models import Case


def _open(url: str) -> Services:
    return Services.open(url, actor="测试员", as_system=True)


def test_too_long_and_too_large_values_are_refused_on_both_engines(any_db: str) -> None:
    services = _open(any_db)
    try:
        with pytest.raises(ValidationError) as err, services.ctx.db.session() as session:
            session.add(Case(case_no="粤交执罚〔2024〕1号", case_type="penalty", party_name="张" * 201))
        assert "案件“粤交执罚〔2024〕1号”" in err.value.message and "当事人" in err.value.message
        assert "201" in err.value.message and "200" in err.value.message
        assert err.value.params["column"] == "party_name"
        with pytest.raises(ValidationError, match=r"罚款金额.*数值过大") as err2, services.ctx.db.session() as session:
            session.add(Case(case_no="粤交执罚〔2024〕2号", case_type="penalty", fine_amount=Decimal("1e13")))
        assert err2.value.params["table"] == "cases"
        with services.ctx.db.session() as session:  # nothing was written
            assert session.query(Case).count() == 0
    finally:
        services.close()


def test_duplicate_names_the_column(any_db: str) -> None:
    services = _open(any_db)
    try:
        with services.ctx.db.session() as session:
            session.add(Case(case_no="粤交执罚〔2024〕1号", case_type="penalty"))
        with pytest.raises(ValidationError) as err, services.ctx.db.session() as session:
            session.add(Case(case_no="粤交执罚〔2024〕1号", case_type="penalty"))
        assert err.value.code == "duplicate" and "案号" in err.value.message and "不能重复" in err.value.message
        assert "duplicate key" not in err.value.message and "UNIQUE" not in err.value.message
    finally:
        services.close()


def test_permission_denied_and_lost_connection_on_the_server(pg_url: str) -> None:
    services = _open(pg_url)
    role = f"cr_ro_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE ROLE {role} LOGIN"))
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
        base, _, dbname = pg_url.rpartition("/")
        scheme, _, hostpart = base.partition("://")
        ro_url = f"{scheme}://{role}@{hostpart.split('@')[-1]}/{dbname}"
        reader = _open(ro_url)
        try:
            with pytest.raises(StorageError) as err, reader.ctx.db.session() as session:
                session.add(Case(case_no="粤交执罚〔2024〕9号", case_type="penalty"))
            assert err.value.code == "permission_denied" and "案件" in err.value.message
        finally:
            reader.close()
        with pytest.raises(StorageError) as lost, services.ctx.db.session() as session:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            session.execute(text("SELECT 1"))
        assert lost.value.code in ("db_connection_lost", "db_unreachable") and "未保存" in lost.value.message
    finally:
        services.close()
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
