"""casereview selftest: check that this installed copy works (temp database, demo case, exports)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "selftest",
        help="自检：在临时目录中建库、加载内置标准、评查演示案卷并导出 PDF/XLSX（不影响已有数据）",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from casereview.selftest import run_self_test

    return run_self_test()
