"""casereview db check [--full]: SQLite's integrity check on the database file, read-only."""

from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.common import add_command, help_handler, print_json
from casereview.errors import StorageError
from casereview.storage.db import resolve_url
from casereview.storage.sqlite_guard import check_file


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("db", help="数据库文件：完整性检查（只读，不修改文件）")
    inner = group.add_subparsers(dest="db_command", metavar="操作")
    group.set_defaults(handler=help_handler(group))
    check = add_command(inner, "check", run_check, "检查数据库文件是否损坏（默认快速检查；--full 完整检查，较慢）")
    check.add_argument("--full", action="store_true", help="完整检查（同时核对索引与数据表，较慢）")


def run_check(args: argparse.Namespace) -> int:
    url = resolve_url(args.db)
    if not url.startswith("sqlite:///"):
        raise StorageError("团队服务器（PostgreSQL）的数据由服务器自身校验，本命令只检查本机数据库文件。",
                           code="db_check_server")
    path = Path(url.removeprefix("sqlite:///"))
    if not path.is_file():
        raise StorageError(f"数据库文件 {path} 不存在。", code="db_open")
    check_file(path, full=args.full)
    kind = "完整检查" if args.full else "快速检查"
    if args.json:
        print_json({"database": str(path), "check": "integrity_check" if args.full else "quick_check", "ok": True})
    else:
        print(f"数据库 {path}：{kind}（{'integrity_check' if args.full else 'quick_check'}）完整性检查通过，未发现损坏。")
    return 0
