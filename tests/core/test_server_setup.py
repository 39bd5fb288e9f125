"""Team server set-up: version check, schema through Alembic, an application role with
only the grants it needs (insert-only on the audit log and document content), connection
settings saved per OS user without the password in clear text, TLS options."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from casereview.cli.main import main as cli
from casereview.errors import StorageError, ValidationError
from casereview.services.app import Services
from casereview.storage import audit_chain
from casereview.storage.db import resolve_url
from casereview.storage.server import with_tls


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEREVIEW_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CASEREVIEW_DB", raising=False)
    return tmp_path / "config"


def test_setup_creates_schema_role_and_saves_settings(
    pg_url: str, config_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    role = f"cr_app_{uuid.uuid4().hex[:8]}"
    password = "Sekret-" + uuid.uuid4().hex[:8]
    monkeypatch.setenv("CASEREVIEW_APP_PASSWORD", password)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        assert cli(["server", "setup", "--url", pg_url, "--role", role]) == 0
        out = capsys.readouterr().out
        assert "PostgreSQL" in out and "pg_dump" in out and "pg_restore" in out
        assert "audit_log" in out and password not in out
        saved = (config_dir / "server.json").read_text(encoding="utf-8")
        assert password not in saved and json.loads(saved)["url"].startswith("postgresql")
        # With no --db, this OS user now opens the team server as the application role.
        url = resolve_url(None)
        assert make_url(url).username == role and make_url(url).password == password
        services = Services.open(None, actor="张三", as_system=True)
        try:
            services.standards.sync_shipped()  # ordinary work is allowed
            with services.ctx.db.session() as session:
                audit_chain.record(session, actor=None, entity="test", action="insert")  # the app role may insert
            for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "DELETE FROM blob_contents"):
                with pytest.raises(StorageError) as err, services.ctx.db.session() as session:
                    session.execute(text(sql))
                assert err.value.code == "permission_denied"
            with pytest.raises(StorageError) as ddl, services.ctx.db.session() as session:
                session.execute(text("DROP TABLE cases"))
            assert "cases" in ddl.value.message or ddl.value.code in ("permission_denied", "db_error")
        finally:
            services.close()
        # Running setup again (after an upgrade) is safe and re-grants.
        assert cli(["server", "setup", "--url", pg_url, "--role", role, "--no-save"]) == 0
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


def test_connect_refuses_a_server_not_set_up_and_tls_options(pg_url: str, config_dir: Path, tmp_path: Path) -> None:
    assert cli(["server", "connect", "--url", pg_url]) == 1
    assert not (config_dir / "server.json").exists()
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    url = with_tls("postgresql+psycopg://app:pw@db.example/casereview", "verify-full", str(ca))
    query = make_url(url).query
    assert query["sslmode"] == "verify-full" and query["sslrootcert"] == str(ca.resolve())
    with pytest.raises(ValidationError, match="CA"):
        with_tls("postgresql+psycopg://app@db/casereview", "verify-full", str(tmp_path / "missing.pem"))
    with pytest.raises(ValidationError, match="sslmode"):
        with_tls("postgresql+psycopg://app@db/casereview", "prefer-maybe", None)


def test_damaged_settings_give_one_message(config_dir: Path) -> None:
    config_dir.mkdir(parents=True)
    (config_dir / "server.json").write_text('{"url": "postgresql+psycopg://a@b/c", "password": {"data": "xx"}}')
    with pytest.raises(StorageError, match="无法读取已保存的服务器连接设置"):
        resolve_url(None)


def test_a_restored_backup_is_verified_and_tampering_is_reported(
    pg_url: str, config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: restore with pg_restore, then run ``server setup`` on it — which recomputes the
    audit chains and every review's digest and says in Chinese what was changed."""
    import shutil
    import subprocess

    from casereview.demo.build import build_dataset
    from casereview.demo.generator import DatasetSpec

    services = Services.open(pg_url, actor="张三", as_system=True)
    try:
        services.standards.sync_shipped()
        build_dataset(services, DatasetSpec(cases=2, seed=3), documents=False)
        state = services.reviews.open_review(services.cases.query_ids()[0])
        for code in state.definition.item_codes()[:3]:
            services.reviews.save_answer(state.review.id, code, "pass")
    finally:
        services.close()
    base, _, source = pg_url.rpartition("/")
    restored = f"{source}_restored"
    admin = create_engine(pg_url.rpartition("/")[0] + "/postgres", isolation_level="AUTOCOMMIT")
    role = f"cr_app_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("CASEREVIEW_APP_PASSWORD", "Sekret-" + uuid.uuid4().hex[:8])
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{restored}"'))
        dsn = make_url(pg_url)
        if shutil.which("pg_dump") and shutil.which("pg_restore"):  # the README's own commands
            common = ["-h", dsn.host or "localhost", "-p", str(dsn.port or 5432), "-U", dsn.username or "postgres"]
            dump = tmp_path / "casereview.dump"
            subprocess.run(["pg_dump", "-Fc", *common, "-f", str(dump), source], check=True)
            subprocess.run(["pg_restore", *common, "-d", restored, str(dump)], check=True)
        else:  # a byte-for-byte copy is what a restore gives
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{restored}"'))
                conn.execute(text(f'CREATE DATABASE "{restored}" TEMPLATE "{source}"'))
        url = f"{base}/{restored}"
        assert cli(["server", "setup", "--url", url, "--role", role, "--no-save"]) == 0
        assert "操作日志校验通过" in capsys.readouterr().out
        # someone with the owner's password edits the restored data behind the program
        owner = create_engine(url)
        with owner.begin() as conn:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            conn.execute(text("UPDATE audit_log SET actor = '别人' WHERE id = 3"))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
            conn.execute(text(f"UPDATE item_results SET answer = 'deduct', deduction = 2 WHERE id = "
                              f"(SELECT min(id) FROM item_results WHERE review_id = {state.review.id})"))
        owner.dispose()
        assert cli(["server", "setup", "--url", url, "--role", role, "--no-save"]) == 1
        captured = capsys.readouterr()
        assert "未通过操作日志校验" in captured.out and "第 3 条" in captured.out
        assert f"评查 {state.review.id} 的现有内容" in captured.out and "未通过操作日志校验" in captured.err
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)'))
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
                conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
