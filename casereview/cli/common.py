"""Shared pieces of the ``casereview`` command: opening services, printing, JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from casereview.services.app import Services


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="数据库文件路径或 PostgreSQL 地址（默认：用户数据目录；也可设环境变量 CASEREVIEW_DB）",
    )


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 YYYY-MM-DD") from exc


def add_fixed_date_argument(parser: argparse.ArgumentParser) -> None:
    """``--fixed-date``: every export that has it is byte-identical across runs with it."""
    parser.add_argument("--fixed-date", type=iso_day, metavar="YYYY-MM-DD",
                        help="固定生成日期，输出逐字节可复现（用于存档比对）")


def add_json_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出，供脚本读取")


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help_text: str,
    *,
    db: bool = True,
    json: bool = True,
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """A sub-command running ``handler``, with the usual ``--db`` and ``--json`` options first."""
    parser = sub.add_parser(name, help=help_text, **kwargs)
    if db:
        add_db_argument(parser)
    if json:
        add_json_argument(parser)
    parser.set_defaults(handler=handler)
    return parser


def help_handler(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    """Handler for a command group called without a sub-command: show its help."""

    def show(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return show


def open_services(args: argparse.Namespace) -> Services:
    """The services of one command, acting as the account named by ``--user`` (password
    from CASEREVIEW_PASSWORD or a prompt) or by the token ``casereview login`` saved;
    without either the command runs unauthenticated (read-only at most)."""
    services = Services.open(getattr(args, "db", None), actor=getattr(args, "actor", None))
    try:
        authenticate(services, args)
    except BaseException:
        services.close()
        raise
    return services


def authenticate(services: Services, args: argparse.Namespace) -> None:
    from casereview.services import login_store

    user = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if user:
        services.sign_in(user, read_password(f"账号 {user} 的密码："))
        return
    token = login_store.load(services.ctx.db.url)
    if token is not None:
        services.accounts.sign_in_token(token)


USER_ENV = "CASEREVIEW_USER"
PASSWORD_ENV = "CASEREVIEW_PASSWORD"
NEW_PASSWORD_ENV = "CASEREVIEW_NEW_PASSWORD"


def read_password(prompt: str, *, env: str = PASSWORD_ENV, confirm: bool = False) -> str:
    """A password from ``env`` or typed at the terminal (never echoed, never logged)."""
    from casereview.errors import AuthError

    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise AuthError(f"需要密码：请在终端中运行以输入密码，或设置环境变量 {env}。", code="password_needed")
    import getpass

    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != value:
        raise AuthError("两次输入的密码不一致，未作修改。", code="password_mismatch")
    return value


@contextmanager
def services_of(args: argparse.Namespace) -> Iterator[Services]:
    """The services for one command, closed when the block ends (also on errors)."""
    services = open_services(args)
    try:
        yield services
    finally:
        services.close()


def to_jsonable(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "model_dump"):
        return to_jsonable(value.model_dump())
    return value


def json_with(value: Any, *properties: str) -> dict[str, Any]:
    """A dataclass as JSON data plus the named properties (which ``asdict`` leaves out)."""
    data = to_jsonable(value)
    assert isinstance(data, dict)
    for name in properties:
        data[name] = getattr(value, name)
    return data


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table; widths count CJK characters as two columns."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (widths[i] - width(v)) for i, v in enumerate(values)).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print(line(row))
