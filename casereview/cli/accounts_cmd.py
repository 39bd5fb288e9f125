"""casereview accounts ...: the first administrator, accounts, passwords."""

from __future__ import annotations

import argparse

from casereview.cli.common import (
    NEW_PASSWORD_ENV,
    add_command,
    help_handler,
    print_json,
    print_table,
    read_password,
    services_of,
)
from casereview.services.app import Services


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("accounts", help="账号：首个管理员、添加、停用、重置密码、修改本人密码")
    gsub = group.add_subparsers(dest="accounts_command", metavar="操作")
    group.set_defaults(handler=help_handler(group))

    p = add_command(gsub, "init-admin", init_admin, "新数据库：创建第一个管理员账号（密码取自提示或 CASEREVIEW_NEW_PASSWORD）")
    p.add_argument("name", metavar="账号")
    p.add_argument("--display-name", help="姓名（默认同账号）")

    add_command(gsub, "list", list_accounts, "列出账号（管理员）")

    p = add_command(gsub, "add", add, "添加账号（管理员）；评查类角色同时加入评查人员名册")
    p.add_argument("name", metavar="账号")
    p.add_argument("--display-name", help="姓名（默认同账号）")
    p.add_argument("--role", action="append", required=True,
                   help="角色，可重复：admin/管理员 lead/组长 reviewer/评查人 rechecker/复核人 trainer/培训 trainee/学员")
    p.add_argument("--unit", help="所属单位（名称或编号）")

    p = add_command(gsub, "edit", edit, "修改账号的姓名、角色、单位，停用或启用（管理员；账号从不删除）")
    p.add_argument("name", metavar="账号")
    p.add_argument("--display-name")
    p.add_argument("--role", action="append")
    p.add_argument("--unit")
    state = p.add_mutually_exclusive_group()
    state.add_argument("--deactivate", action="store_true", help="停用")
    state.add_argument("--activate", action="store_true", help="启用")

    p = add_command(gsub, "reset-password", reset_password, "为账号设置初始密码并解除锁定（管理员）")
    p.add_argument("name", metavar="账号")

    add_command(gsub, "passwd", passwd, "修改本人密码（原密码取自 CASEREVIEW_PASSWORD 或提示）")

    p = add_command(gsub, "revoke-tokens", revoke_tokens, "撤销账号保存在各电脑上的登录凭据（管理员）")
    p.add_argument("name", metavar="账号")


def init_admin(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        password = read_password("新管理员密码：", env=NEW_PASSWORD_ENV, confirm=True)
        info = services.accounts.init_admin(args.name, args.display_name or args.name, password)
    finally:
        services.close()
    print(f"已创建管理员账号：{info.name}。请用 casereview login {info.name} 登录。")
    return 0


def list_accounts(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        rows = services.accounts.list_accounts()
    if args.json:
        print_json(rows)
        return 0
    print_table(
        ["编号", "账号", "姓名", "单位", "角色", "状态", "密码"],
        [
            [a.id, a.name, a.display_name, a.unit or "", a.role_labels,
             "停用" if not a.active else ("锁定" if a.locked_until else "启用"),
             "未设置" if not a.has_password else ("待修改" if a.must_change_password else "已设置")]
            for a in rows
        ],
    )
    return 0


def add(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        password = read_password("初始密码：", env=NEW_PASSWORD_ENV, confirm=True)
        info = services.accounts.create(args.name, args.display_name or args.name, args.role, password,
                                        unit=args.unit)
    print_json(info) if args.json else print(f"已添加账号 {info.name}（{info.role_labels}），首次登录须修改密码。")
    return 0


def edit(args: argparse.Namespace) -> int:
    active = False if args.deactivate else True if args.activate else None
    with services_of(args) as services:
        info = services.accounts.update(args.name, display_name=args.display_name, roles=args.role,
                                        unit=args.unit, active=active)
    print_json(info) if args.json else print(
        f"已更新账号 {info.name}：{info.display_name}，{info.role_labels}，{'启用' if info.active else '停用'}。"
    )
    return 0


def reset_password(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        password = read_password(f"账号 {args.name} 的新初始密码：", env=NEW_PASSWORD_ENV, confirm=True)
        info = services.accounts.reset_password(args.name, password)
    print(f"已为 {info.name} 设置初始密码并解除锁定；其下次登录后须修改密码。")
    return 0


def passwd(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        old = read_password("原密码：")
        new = read_password("新密码：", env=NEW_PASSWORD_ENV, confirm=True)
        services.accounts.change_password(old, new)
    print("密码已修改。")
    return 0


def revoke_tokens(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        count = services.accounts.revoke_all_tokens(args.name)
    print(f"已撤销 {args.name} 的 {count} 个登录凭据。")
    return 0
