"""The ``casereview`` command: every core job is scriptable, output in Chinese.

Each command group lives in its own module ``casereview.cli.<name>_cmd`` with a
``register(subparsers)`` function; handlers return an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from casereview import __version__
from casereview.errors import CaseReviewError

COMMAND_MODULES = (
    "init",
    "standards",
    "score",
    "check",
    "calendar",
    "deficiencies",
    "notices",
    "campaigns",
    "roster",
    "training",
    "bench",
    "selftest",
    "export",
    "cases",
    "docs",
    "server",
    "package",
    "accounts",
    "login",
    "audit",
    "db",
    "thresholds",
)
# commands living in a module of another name
ALIASES = {"logout": "login", "whoami": "login", "verify-code": "audit"}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; ``only`` registers just that command group, so running one
    command does not import every other command's dependencies (start-up time)."""
    parser = argparse.ArgumentParser(prog="casereview", description="CaseReview 案卷评查 命令行工具")
    parser.add_argument("--version", action="version", version=f"CaseReview {__version__}")
    parser.add_argument("--actor", help="（已由账号取代）未登录时记入操作日志的姓名")
    parser.add_argument(
        "--user", metavar="账号", help="以此账号执行（密码取自环境变量 CASEREVIEW_PASSWORD 或提示输入）"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试信息")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(f"casereview.cli.{name}_cmd").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Windows consoles default to a legacy code page; Chinese output must not crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    words = list(sys.argv[1:] if argv is None else argv)
    first = next((w for w in words if w in COMMAND_MODULES or w in ALIASES), None)
    parser = build_parser(ALIASES.get(first, first) if first else None)
    args = parser.parse_args(words)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CaseReviewError as exc:
        from casereview.intake.values import readable_name

        print(f"错误：{readable_name(exc.message)}", file=sys.stderr)  # a file name may be in any encoding
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into `head` and the reader closed early: not an error
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
