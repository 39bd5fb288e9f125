"""casereview server setup|connect|migrate-from: the team server (PostgreSQL) shared by several PCs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casereview.cli.common import add_command, help_handler, print_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("server", help="团队服务器（PostgreSQL）：建立、连接、迁移单机数据库")
    ssub = p.add_subparsers(dest="server_command", metavar="子命令")

    q = add_command(ssub, "setup", run_setup, "（信息管理员）检查服务器版本、建立数据表、创建应用账户并保存连接设置",
                    db=False)
    q.add_argument("--url", required=True, help="管理员连接地址，如 postgresql+psycopg://postgres@服务器:5432/casereview")
    q.add_argument("--role", default="casereview_app", help="应用账户名（默认 casereview_app）")
    _tls_arguments(q)
    q.add_argument("--no-save", action="store_true", help="不在本机保存连接设置")

    q = add_command(ssub, "connect", run_connect, "本机（当前系统用户）连接团队服务器：保存连接设置，密码加密保存",
                    db=False)
    q.add_argument("--url", required=True, help="应用账户连接地址，如 postgresql+psycopg://casereview_app:密码@服务器/casereview")
    _tls_arguments(q)

    q = add_command(ssub, "migrate-from", run_migrate_from,
                    "把单机数据库文件（连同文档库）整体迁移到空的团队服务器数据库，全部成功或不作修改")
    q.add_argument("file", type=Path, help="单机数据库文件（.sqlite3，文档库文件夹在其旁边）")
    p.set_defaults(handler=help_handler(p))


def _tls_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sslmode", choices=["disable", "require", "verify-ca", "verify-full"],
                        help="TLS 方式；建议 verify-full（校验证书和服务器名称）")
    parser.add_argument("--ca", metavar="FILE", help="服务器证书的 CA 文件（verify-full 时需要）")


def run_setup(args: argparse.Namespace) -> int:
    import os

    from casereview.storage.server import save_connection, setup_server, with_tls

    url = with_tls(args.url, args.sslmode, args.ca)
    report = setup_server(url, app_role=args.role, app_password=os.environ.get("CASEREVIEW_APP_PASSWORD") or None)
    saved = None
    if not args.no_save:
        from sqlalchemy.engine import make_url

        password = report.app_password or os.environ.get("CASEREVIEW_APP_PASSWORD")
        app = make_url(url).set(username=report.app_role, password=password)
        saved = save_connection(app.render_as_string(hide_password=False))
    failed = report.audit is not None and not report.audit.ok
    if args.json:
        from dataclasses import asdict

        audit = {**asdict(report.audit), "ok": report.audit.ok} if report.audit is not None else None
        print_json({**report.__dict__, "app_password": None, "settings_file": saved, "audit": audit})
        return 1 if failed else 0
    print(f"服务器版本：PostgreSQL {report.server_version}；数据库架构已更新到 {report.schema_revision}。")
    print(f"应用账户 {report.app_role} 的权限：")
    for table, grant in sorted(report.grants.items()):
        print(f"  {table:<22}{grant}")
    if saved:
        print(f"本机连接设置已保存到 {saved}（密码已加密，不以明文保存）。")
    print()
    print("\n".join(report.it_notes()))
    if failed:  # also where a script running the restore looks
        print("恢复或升级的数据库未通过操作日志校验，详见上文。", file=sys.stderr)
    return 1 if failed else 0


def run_connect(args: argparse.Namespace) -> int:
    from casereview.storage.db import Database
    from casereview.storage.server import save_connection, with_tls

    url = with_tls(args.url, args.sslmode, args.ca)
    database = Database(url)
    try:
        state = database.schema_state()  # proves the address, password and TLS work before saving
    finally:
        database.dispose()
    if state == "empty":
        from casereview.errors import ValidationError

        raise ValidationError("该服务器数据库尚未建立，请信息管理员先运行 casereview server setup。")
    path = save_connection(url)
    if args.json:
        print_json({"settings_file": path, "schema": state})
    else:
        print(f"已连接团队服务器；连接设置已保存到 {path}（密码已加密）。以后启动无需再输入地址。")
    return 0


def run_migrate_from(args: argparse.Namespace) -> int:
    from casereview.errors import ValidationError
    from casereview.storage.db import Database, resolve_url
    from casereview.storage.migrate import migrate_to_server

    if not args.db or "://" not in args.db:
        raise ValidationError("请用 --db 指定团队服务器地址，如 --db postgresql+psycopg://用户@服务器/casereview")
    target = Database(resolve_url(args.db))
    try:
        def progress(message: str) -> None:
            if not args.json and sys.stderr.isatty():
                print(f"\r{message}\033[K", end="", file=sys.stderr, flush=True)

        report = migrate_to_server(args.file, target, progress=progress)
        if not args.json and sys.stderr.isatty():
            print(file=sys.stderr)
    finally:
        target.dispose()
    if args.json:
        print_json(report)
    else:
        print("\n".join(report.lines()))
        print("迁移完成：行数前后一致。")
    return 0
