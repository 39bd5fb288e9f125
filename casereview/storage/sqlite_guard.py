"""Looking at a SQLite file before the program writes a single byte into it.

The engine switches every connection to WAL and the schema code may create tables, so
anything that is not a healthy CaseReview database must be refused *before* the engine
connects: a file that is not SQLite at all, another program's SQLite database (refused
without switching its journal mode or touching it), or a CaseReview file whose pages are
damaged (``PRAGMA quick_check`` finds it; nothing is written and the user is pointed to
the newest backup beside the file).

All looks go through a read-only connection (``mode=ro``), so a refused file keeps its
bytes, its journal mode and its modification time.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from casereview.errors import StorageError, os_reason

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every CaseReview schema since 0001 has: a file without them is not ours.
OWN_TABLES = frozenset({"alembic_version", "cases", "standards", "reviews"})
# How many problems quick_check reports at most (it can list thousands on a bad file).
_MAX_PROBLEMS = 5
# Files this process already found healthy, unchanged since (device, inode, size, mtime):
# the UI opens the same database from several threads (the list, the page reader) and each
# quick check costs about 0.17 s of CPU per 30 MB.
_HEALTHY: set[tuple[int, int, int, int]] = set()


def newest_backup(path: Path) -> Path | None:
    """The most recent ``<name>.bak-*`` copy made before an upgrade, if any."""
    try:
        copies = [p for p in path.parent.glob(f"{path.name}.bak-*") if p.is_file()]
    except OSError:
        return None
    return max(copies, key=lambda p: p.stat().st_mtime, default=None)


def backup_hint(path: Path) -> str:
    backup = newest_backup(path)
    if backup is not None:
        return f"最近的备份是 {backup}：关闭程序后可用它替换损坏的文件（先把损坏的文件另存一份）。"
    return "文件旁没有找到本程序的备份（*.bak-*）；请从单位的备份中恢复，或联系信息管理员。"


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def check_file(path: Path, *, full: bool = False) -> None:
    """Refuse, with one clear message and without changing the file, anything that is not
    a healthy CaseReview database. A missing or empty file passes (it will be created).

    ``full`` runs ``PRAGMA integrity_check`` (also compares indexes with their tables;
    slower) instead of ``quick_check``."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{os_reason(exc)}。", code="db_open") from exc
    if head != SQLITE_MAGIC:
        raise StorageError(f"{path} 不是 SQLite 数据库文件（可能是其他类型的文件或已严重损坏），"
                           f"本程序没有打开也没有修改它。{backup_hint(path)}", code="db_not_sqlite")
    try:
        conn = _read_only(path)
    except sqlite3.Error as exc:
        raise StorageError(f"无法打开数据库文件 {path}：{exc}。文件未被修改。", code="db_open") from exc
    try:
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise _corrupt(path, [str(exc)]) from exc
        if tables and not OWN_TABLES.issubset(tables):
            shown = "、".join(sorted(tables)[:5]) + ("……" if len(tables) > 5 else "")
            raise StorageError(
                f"{path} 是其他程序的 SQLite 数据库（含数据表 {shown}），不是 CaseReview 数据库。"
                "本程序没有打开也没有修改它；请选择 CaseReview 的数据库文件，或指定一个新文件名新建数据库。",
                code="db_foreign")
        if not tables:
            return
        stat = path.stat()
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if identity in _HEALTHY and not full:
            return
        pragma = "integrity_check" if full else "quick_check"
        try:
            rows = conn.execute(f"PRAGMA {pragma}({_MAX_PROBLEMS})").fetchall()
        except sqlite3.DatabaseError as exc:
            raise _corrupt(path, [str(exc)]) from exc
        problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
        if problems:
            raise _corrupt(path, problems)
        _HEALTHY.add(identity)
    finally:
        conn.close()


def _corrupt(path: Path, problems: list[str]) -> StorageError:
    detail = "；".join(problems[:_MAX_PROBLEMS])
    return StorageError(
        f"数据库文件 {path} 已损坏（SQLite 完整性检查发现问题：{detail}）。为免损坏扩大，本程序不会向其中写入任何数据。"
        f"{backup_hint(path)}", code="db_corrupt", problems=problems[:_MAX_PROBLEMS])
