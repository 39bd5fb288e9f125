"""A failed export never destroys the file already at the target path: bad case number,
bad campaign id, a full disk, no permission — the old file stays byte-identical and the
user gets one Chinese message, never a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import copy_db

from casereview.cli.main import main
from casereview.errors import StorageError
from casereview.exports.output import atomic_output, write_atomic

OLD = b"old file that must survive \x00\x01 bytes"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> Path:
    """The session's demo database (built once, as ``init --demo`` builds it), copied."""
    return copy_db(demo_db_template, tmp_path_factory.mktemp("atomic") / "demo.sqlite3")


def _existing(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(OLD)
    return path


def _only_old(path: Path) -> None:
    assert path.read_bytes() == OLD
    # no temporary file left behind in the folder
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")) == []


@pytest.mark.parametrize(
    ("argv", "name", "words"),
    [
        (["export", "review", "不存在的案号", "--pdf"], "form.pdf", "不存在"),
        (["export", "stats", "--campaign", "9999", "--xlsx"], "stats.xlsx", "9999"),
        (["export", "report", "--campaign", "9999", "--pdf"], "report.pdf", "9999"),
        (["export", "report", "--campaign", "9999", "--docx"], "report.docx", "9999"),
        (["export", "reviews", "--campaign", "9999", "--pdf"], "all.pdf", "9999"),
    ],
)
def test_failed_cli_export_keeps_the_old_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], name: str, words: str
) -> None:
    target = _existing(tmp_path, name)
    capsys.readouterr()
    assert main([*argv, str(target), "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("错误：") and words in err
    assert err.count("\n") == 1
    _only_old(target)


def test_successful_export_replaces_the_file(demo_db: Path, tmp_path: Path) -> None:
    target = _existing(tmp_path, "stats.xlsx")
    assert main(["export", "stats", "--xlsx", str(target), "--db", str(demo_db)]) == 0
    assert target.read_bytes()[:2] == b"PK"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_disk_full_mid_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = _existing(tmp_path, "x.xlsx")
    with pytest.raises(StorageError) as caught, atomic_output(target) as fh:
        fh.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert "磁盘空间不足" in str(caught.value) and "原有文件未被改动" in str(caught.value)
    _only_old(target)


def test_permission_denied_on_replace_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _existing(tmp_path, "x.pdf")

    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError, match="没有写入权限"):
        write_atomic(target, b"new")
    _only_old(target)


def test_writer_error_keeps_the_old_file(tmp_path: Path) -> None:
    target = _existing(tmp_path, "x.docx")
    with pytest.raises(ValueError), atomic_output(target) as fh:
        fh.write(b"partial")
        raise ValueError("renderer failed")
    _only_old(target)


def test_target_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="文件夹"):
        write_atomic(tmp_path, b"x")
