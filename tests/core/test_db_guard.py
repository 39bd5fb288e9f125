"""Databases that are not what they seem: a damaged CaseReview file, another program's SQLite
database, a file that is not SQLite, a full disk. Each gets one Chinese message, and the file
is left byte for byte as it was (no WAL switch, no import committed into it)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casereview.errors import StorageError
from casereview.services.app import Services
from casereview.storage.db import Database
from casereview.storage.sqlite_guard import check_file


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_foreign_sqlite_file_is_refused_without_being_touched(tmp_path: Path) -> None:
    # What another program leaves behind: a rollback-journal database with its own tables.
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);"
                       "INSERT INTO customers(name) VALUES ('甲'), ('乙');"
                       "CREATE TABLE alembic_version(version_num TEXT);"
                       "INSERT INTO alembic_version VALUES ('3f2a9c1b7d');")
    conn.commit()
    conn.close()
    before, mtime, listing = _digest(path), path.stat().st_mtime_ns, _siblings(path)
    with pytest.raises(StorageError) as err:
        Services.open(path, as_system=True)
    assert err.value.code == "db_foreign"
    assert "其他程序" in err.value.message and "customers" in err.value.message and "没有打开也没有修改" in err.value.message
    assert _digest(path) == before and path.stat().st_mtime_ns == mtime
    assert _siblings(path) == listing  # no -wal / -shm left beside it
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.db"
    path.write_bytes("PK\x03\x04 这是一个压缩包".encode() * 100)
    before = _digest(path)
    with pytest.raises(StorageError) as err:
        Database.open(path)
    assert err.value.code == "db_not_sqlite" and "不是 SQLite 数据库文件" in err.value.message
    assert _digest(path) == before


def _damage(path: Path, *, seed: int) -> None:
    """4 KB of random bytes written over the middle of the file (a bad sector, a torn copy)."""
    size = path.stat().st_size
    page = 4096
    middle = (size // 2) // page * page
    with path.open("r+b") as fh:
        fh.seek(middle)
        fh.write(random.Random(seed).randbytes(page))


def test_damaged_database_is_refused_on_open_naming_the_backup(tmp_path: Path, demo_db_path: Path) -> None:
    path = tmp_path / "work.sqlite3"
    shutil.copy2(demo_db_path, path)
    backup = tmp_path / f"{path.name}.bak-0004-20260101-120000"
    shutil.copy2(path, backup)
    _damage(path, seed=18)
    before = _digest(path)
    with pytest.raises(StorageError) as err:
        Services.open(path, as_system=True)
    assert err.value.code == "db_corrupt"
    assert "已损坏" in err.value.message and str(backup) in err.value.message
    assert "不会向其中写入" in err.value.message and err.value.params["problems"]
    assert _digest(path) == before
    # The full check (CLI ``casereview db check --full``) finds it too.
    with pytest.raises(StorageError, match="已损坏"):
        check_file(path, full=True)
    check_file(backup, full=True)  # the backup is healthy


@pytest.mark.parametrize("seed", range(6))
def test_random_damage_never_lets_an_import_commit(tmp_path: Path, demo_db_path: Path, seed: int) -> None:
    """Wherever the 4 KB land, either the open refuses or the database still checks clean
    (the bytes hit free space); never a half-damaged file taking new writes."""
    path = tmp_path / "work.sqlite3"
    shutil.copy2(demo_db_path, path)
    size = path.stat().st_size
    offset = random.Random(seed).randrange(1, size // 4096) * 4096
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(random.Random(seed + 100).randbytes(4096))
    try:
        services = Services.open(path, as_system=True)
    except StorageError as exc:
        assert exc.code in ("db_corrupt", "db_not_sqlite")
        return
    services.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.real_schema  # the failure being tested happens while the schema is created
def test_disk_full_on_a_new_database_says_disk_full(tmp_path: Path) -> None:
    """A new database on a nearly full disk: SQLite's page limit plays the full disk (the same
    SQLITE_FULL error); the message says disk full, not a foreign-key failure."""
    path = tmp_path / "new.sqlite3"
    database = Database(f"sqlite:///{path}")

    from sqlalchemy import event

    @event.listens_for(database.engine, "connect")
    def _tiny(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute("PRAGMA max_page_count=20")

    with pytest.raises(StorageError) as err:
        database.ensure_current()
    database.dispose()
    assert err.value.code == "db_disk_full"
    assert "磁盘空间不足" in err.value.message and "FOREIGN KEY" not in err.value.message


def test_disk_full_during_a_write_keeps_what_was_saved(
    tmp_path: Path, demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casereview.storage import db as db_module
    from casereview.storage.models import Case

    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    plain = db_module._on_sqlite_connect

    def full_disk(dbapi_conn, record):  # type: ignore[no-untyped-def]
        plain(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")  # the disk fills up after 2 pages

    monkeypatch.setattr(db_module, "_on_sqlite_connect", full_disk)
    services = Services.open(demo_db_path, as_system=True)
    try:
        with services.ctx.db.session() as session:
            count = session.query(Case).count()
        with pytest.raises(StorageError) as err, services.ctx.db.session() as session:
            for n in range(200):
                session.add(Case(case_no=f"粤交执罚〔2030〕{n}号", case_type="penalty", party_address="路" * 190))
        assert err.value.code == "db_disk_full" and "本次操作未保存" in err.value.message
        assert "FOREIGN KEY" not in err.value.message
        with services.ctx.db.session() as session:
            assert session.query(Case).count() == count
    finally:
        services.close()
    with sqlite3.connect(demo_db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="mounting a tmpfs needs root on Linux")
@pytest.mark.real_schema
def test_real_full_disk_on_a_tiny_tmpfs(tmp_path: Path) -> None:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("tmpfs mount not permitted here")
    try:
        with pytest.raises(StorageError) as err:
            Database.open(mount / "new.sqlite3")
        assert err.value.code == "db_disk_full", err.value.message
        assert "磁盘空间不足" in err.value.message
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_cli_db_check(tmp_path: Path, demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casereview.cli.main import main

    assert main(["db", "check", "--db", str(demo_db_path), "--full"]) == 0
    assert "完整性检查通过" in capsys.readouterr().out
    _damage(demo_db_path, seed=18)
    assert main(["db", "check", "--db", str(demo_db_path)]) != 0
    assert "已损坏" in capsys.readouterr().err
