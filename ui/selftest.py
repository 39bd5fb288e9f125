"""``casereview-gui --self-test``: quick checks that an installed copy can run.

The installer adds its own checks by appending ``(name, function)`` to ``SELF_TEST_CHECKS``;
a check returns a short detail string or raises.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.context import AppContext
from ui.resources import font_file, translation_file


def _font() -> str:
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(font_file())))
    if not families:
        raise RuntimeError(f"无法加载字体 {font_file()}")
    return families[0]


def _translation() -> str:
    path = translation_file("zh_CN")
    if not path.exists():
        raise RuntimeError(f"缺少翻译文件 {path}")
    return path.name


def _pdf() -> str:
    from PySide6.QtPdf import QPdfDocument

    QPdfDocument()
    return "QtPdf"


def _database() -> str:
    from casereview.services.app import Services

    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(Path(tmp) / "selftest.sqlite3")
        try:
            services.standards.sync_shipped()
            return f"{len(services.standards.list_versions())} 个内置标准"
        finally:
            services.close()


SELF_TEST_CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("字体", _font),
    ("界面翻译", _translation),
    ("PDF 组件", _pdf),
    ("数据库", _database),
]


def run_self_test(app: QApplication, ctx: AppContext, args: argparse.Namespace) -> int:
    failures = 0
    for name, check in SELF_TEST_CHECKS:
        try:
            detail = check()
            print(f"[通过] {name}：{detail}")
        except Exception as exc:
            failures += 1
            print(f"[失败] {name}：{exc}")
    ctx.worker.shutdown()
    return 1 if failures else 0
