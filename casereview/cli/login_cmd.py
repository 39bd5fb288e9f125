"""casereview login / logout / whoami: a revocable, expiring sign-in kept for this OS user."""

from __future__ import annotations

import argparse

from casereview.cli.common import add_command, print_json, read_password, services_of
from casereview.services import login_store
from casereview.services.app import Services


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(sub, "login", login, "登录：之后的命令以此账号执行（凭据保存在用户文件夹，可撤销、会过期）")
    p.add_argument("name", metavar="账号")
    p.add_argument("--days", type=int, default=30, help="凭据有效天数（默认 30）")
    add_command(sub, "logout", logout, "退出登录并撤销保存的凭据")
    add_command(sub, "whoami", whoami, "显示当前以哪个账号执行")


def login(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        info = services.sign_in(args.name, read_password(f"账号 {args.name} 的密码："))
        if not 1 <= args.days <= 365:
            from casereview.errors import ValidationError

            raise ValidationError("凭据有效天数须在 1 到 365 之间。")
        token = services.accounts.issue_token(days=args.days)
        path = login_store.save(services.ctx.db.url, info.name, token)
    finally:
        services.close()
    if args.json:
        print_json({"account": info.name, "roles": list(info.roles), "days": args.days, "file": str(path)})
    else:
        print(f"已登录：{info.display_name}（{info.name}，{info.role_labels}），{args.days} 天内有效。")
        if info.must_change_password:
            print("提示：这是管理员设置的初始密码，请用 casereview accounts passwd 修改。")
    return 0


def logout(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        token = login_store.forget(services.ctx.db.url)
        revoked = services.accounts.revoke_token(token) if token else False
    finally:
        services.close()
    print("已退出登录" + ("，凭据已撤销。" if revoked else "。"))
    return 0


def whoami(args: argparse.Namespace) -> int:
    with services_of(args) as services:
        info = services.accounts.current()
    if args.json:
        print_json(info)
    elif info is None:
        print("未登录（只能查看；请用 casereview login 账号 登录）。")
    else:
        print(f"{info.display_name}（{info.name}，{info.role_labels}）")
    return 0
