"""casereview init [--demo]: create or upgrade a database (backup first) and load standards."""

from __future__ import annotations

import argparse

from casereview.accounts.roles import system_actor
from casereview.cli.common import add_command, print_json
from casereview.services.app import Services
from casereview.services.context import ServiceContext
from casereview.storage.db import Database, resolve_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "init", run, "创建或升级数据库（升级前自动备份），载入内置评查标准")
    p.add_argument(
        "--demo", action="store_true", help="生成演示数据（单位、人员、200 余件案件、文书、评查记录）"
    )
    p.add_argument("--cases", type=int, default=240, help="演示案件数（默认 240）")
    p.add_argument("--seed", type=int, default=2026, help="演示数据随机种子")


def run(args: argparse.Namespace) -> int:
    database = Database(resolve_url(args.db))
    before = database.schema_state()
    backup = database.ensure_current(upgrade=True)
    # Setting up is the program itself acting (system); nothing here runs as a user.
    services = Services(ServiceContext(database, actor=args.actor, account=system_actor("初始化")))
    loaded = services.standards.sync_shipped()
    summary: dict[str, object] = {
        "database": str(database.path or database.url),
        "schema": "created" if before == "empty" else "upgraded" if before == "old" else "current",
        "backup": str(backup) if backup else None,
        "standards_added": [s.info.code for s in loaded if s.created],
    }
    if args.demo:
        from casereview.demo.build import build_demo_into

        summary["demo"] = build_demo_into(services, cases=args.cases, seed=args.seed)
    if args.json:
        print_json(summary)
        return 0
    state_text = {"created": "已创建", "upgraded": "已升级", "current": "已是最新版本"}[
        str(summary["schema"])
    ]
    print(f"数据库：{summary['database']}（{state_text}）")
    if backup:
        print(f"升级前已备份到：{backup}")
    print(f"内置评查标准：{len(loaded)} 个（新载入 {len(summary['standards_added'])} 个）")  # type: ignore[arg-type]
    if args.demo:
        demo = summary["demo"]
        assert isinstance(demo, dict)
        print(
            f"演示数据：{demo['units']} 个单位、{demo['officers']} 名执法人员、{demo['cases']} 件案件、"
            f"{demo['documents']} 份文书、{demo['reviews']} 份评查记录"
        )
        from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD

        print(f"演示账号：管理员 {DEMO_ADMIN}、组长 陈组长 等，密码均为 {DEMO_PASSWORD}（见 README“演示账号”）。")
    elif services.accounts.needs_admin():
        print("这是一个还没有管理员的数据库：请运行 casereview accounts init-admin 账号 创建第一个管理员。")
    return 0
