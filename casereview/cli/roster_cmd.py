"""casereview roster list|add|edit: the reviewer roster (评查人员名册)."""

from __future__ import annotations

import argparse

from casereview.campaigns.labels import ROLES
from casereview.cli.common import add_command, help_handler, print_json, print_table, services_of

ROLE_HELP = "角色：" + "、".join(f"{k}（{v}）" for k, v in ROLES.items())


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1", "是", "在用"):
        return True
    if value in ("no", "n", "false", "0", "否", "停用"):
        return False
    raise argparse.ArgumentTypeError(f"“{text}”无效，请写 yes（在用）或 no（停用）")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("roster", help="评查人员名册：查看、添加、修改")
    rsub = p.add_subparsers(dest="roster_command", metavar="子命令")

    q = add_command(rsub, "list", run_list, "列出名册")
    q.add_argument("--active", action="store_true", help="只列在用人员")
    q.add_argument("--role", help=ROLE_HELP)

    q = add_command(rsub, "add", run_add, "添加评查人员")
    q.add_argument("name", help="姓名")
    q.add_argument("--unit", help="所在单位（全称、简称或编号）")
    q.add_argument("--role", default="reviewer", help=ROLE_HELP + "（默认 reviewer）")
    q.add_argument("--inactive", action="store_true", help="添加为停用")

    q = add_command(rsub, "edit", run_edit, "修改评查人员")
    q.add_argument("person", help="编号或姓名")
    q.add_argument("--name", help="新姓名")
    q.add_argument("--unit", help="新单位（写 none 清除）")
    q.add_argument("--role", help=ROLE_HELP)
    q.add_argument("--active", type=_yes_no, help="yes 在用 / no 停用")
    p.set_defaults(handler=help_handler(p))


def _print(people: list, as_json: bool) -> None:  # type: ignore[type-arg]
    if as_json:
        print_json(people)
        return
    print_table(
        ["编号", "姓名", "单位", "角色", "状态"],
        [[p.id, p.name, p.unit_name, p.role_label, "在用" if p.active else "停用"] for p in people],
    )


def run_list(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        _print(services.roster.list(include_inactive=not args.active, role=args.role), args.json)
    return 0


def run_add(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        person = services.roster.add(args.name, unit=args.unit, role=args.role, active=not args.inactive)
        if args.json:
            print_json(person)
        else:
            print(f"已添加：{person.display}，编号 {person.id}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        clear = args.unit is not None and args.unit.strip().lower() in ("none", "无")
        person = services.roster.edit(
            args.person,
            name=args.name,
            unit=None if clear else args.unit,
            clear_unit=clear,
            role=args.role,
            active=args.active,
        )
        if args.json:
            print_json(person)
        else:
            print(f"已修改：{person.display}（{'在用' if person.active else '停用'}）")
    return 0
