"""casereview thresholds list|set|delete: the dated threshold tables the checks use (较大数额 ...)."""

from __future__ import annotations

import argparse

from casereview.checks.thresholds import DOMAIN_LABELS, ThresholdTables
from casereview.cli.common import add_command, help_handler, open_services, print_json, print_table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("thresholds", help="阈值表：查看、设置听证“较大数额”等标准（设置保存在用户文件夹）")
    gsub = group.add_subparsers(dest="thresholds_command", metavar="操作")
    group.set_defaults(handler=help_handler(group))
    p = add_command(gsub, "list", run_list, "列出阈值表及其条目（含用户设置的条目）", db=False)
    p.add_argument("table", nargs="?", help="只看此表，如 hearing_large_amount")
    p = add_command(gsub, "set", run_set, "设置（或更正）一个条目，如本省交通运输领域的听证“较大数额”（管理员，记入审计日志）")
    p.add_argument("table", help="阈值表名称，如 hearing_large_amount")
    p.add_argument("--province", required=True, help="省份简称，如 广东；* 表示全国")
    p.add_argument("--domain", required=True, help=f"执法领域：{'、'.join(f'{k}（{v}）' for k, v in DOMAIN_LABELS.items())}")
    p.add_argument("--party", required=True, help="当事人类型：individual（自然人）、organisation（单位）、*（不区分）")
    p.add_argument("--value", required=True, help="数额（元）")
    p.add_argument("--from", dest="effective_from", required=True, help="生效日期 YYYY-MM-DD")
    p.add_argument("--to", dest="effective_to", help="失效日期 YYYY-MM-DD（可省略）")
    p.add_argument("--comparison", default=">=", choices=(">=", ">"), help="“达到”(>=) 或“超过”(>) 即属较大数额")
    p.add_argument("--source", required=True, help="依据：文件名称和文号")
    p = add_command(gsub, "delete", run_delete, "删除一个用户设置的条目（程序自带的条目不能删除；管理员，记入审计日志）")
    p.add_argument("table", help="阈值表名称，如 hearing_large_amount")
    p.add_argument("--province", required=True, help="省份简称，如 广东；* 表示全国")
    p.add_argument("--domain", required=True, help="执法领域，如 transport")
    p.add_argument("--party", required=True, help="当事人类型：individual、organisation 或 *")
    p.add_argument("--from", dest="effective_from", required=True, help="该条目的生效日期 YYYY-MM-DD")


def run_list(args: argparse.Namespace) -> int:
    from casereview.checks.user_thresholds import user_files

    tables = ThresholdTables.load(user_files())
    names = [args.table] if args.table else tables.tables()
    rows = [[t, e.describe_key(), e.text() if e.value is not None else "（未填写）",
             f"{e.effective_from or ''}–{e.effective_to or ''}", "用户设置" if "thresholds_user_" in e.file else "程序自带",
             e.source] for t in names for e in tables.entries(t)]
    if args.json:
        print_json([dict(zip(("table", "key", "value", "period", "origin", "source"), r, strict=True)) for r in rows])
    else:
        print_table(["阈值表", "适用范围", "标准", "生效期间", "来源", "依据"], rows)
    return 0


def run_set(args: argparse.Namespace) -> int:
    """Through the maintenance service, as the app's 工具 → 阈值表与数据库检查: the acting
    account needs the right to maintain standards, and the change is audited."""
    services = open_services(args)
    try:
        path = services.maintenance.set_threshold(
            args.table, province=args.province, domain=args.domain, party_type=args.party, value=args.value,
            effective_from=args.effective_from, effective_to=args.effective_to, comparison=args.comparison,
            source=args.source)
    finally:
        services.close()
    if args.json:
        print_json({"file": path})
    else:
        print(f"已保存到 {path}；之后的自动检查按此标准判断。")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        path = services.maintenance.delete_threshold(args.table, province=args.province, domain=args.domain,
                                                     party_type=args.party, effective_from=args.effective_from)
    finally:
        services.close()
    if args.json:
        print_json({"file": path})
    else:
        print(f"已删除该条目（{path}）；之后的自动检查按其余条目判断。")
    return 0
