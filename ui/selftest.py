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


def _qt_dialog() -> str:
    """A real Qt dialog: it opens, and Qt's own texts are Chinese (qtbase_zh_CN.qm is loaded)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Information, "CaseReview", "自检：Qt 对话框", buttons)
    box.show()
    QApplication.processEvents()
    try:
        shown = box.isVisible()
        cancel = box.button(QMessageBox.StandardButton.Cancel).text().replace("&", "")
    finally:
        box.close()
        box.deleteLater()
    if not shown:
        raise RuntimeError("Qt 对话框没有显示出来")
    chinese = QLocale().language() == QLocale.Language.Chinese
    if chinese and "取消" not in cancel:
        raise RuntimeError(f"Qt 自带的对话框文字没有翻译（“取消”按钮显示为“{cancel}”）：缺少 qtbase_zh_CN.qm")
    return f"对话框已显示，按钮“{cancel}”"


def display_step(real_display: bool) -> str:
    """Platform plugin, style, palette and screen; with a real display the platform's own plugin
    (qwindows.dll on Windows, xcb/wayland on Linux) must be the one in use."""
    from PySide6.QtGui import QGuiApplication

    from ui.style import STYLE_NAME, applied

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("没有 QApplication")
    platform = QGuiApplication.platformName()
    if real_display and platform in ("offscreen", "minimal", ""):
        raise RuntimeError(f"没有使用真实显示器（显示插件 {platform}，是否设置了 QT_QPA_PLATFORM？）")
    style = applied.get("style", "")
    if style.lower() != STYLE_NAME.lower():
        raise RuntimeError(f"界面样式是 {style}，应为 {STYLE_NAME}")
    if app.palette().window().color().lightness() < 200:
        raise RuntimeError("窗口底色是深色：调色板与浅色样式表混用")
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        raise RuntimeError("找不到显示器")
    size = screen.size()
    return (
        f"显示插件 {platform}，样式 {style}，屏幕 {size.width()}×{size.height()}，"
        f"缩放 {screen.devicePixelRatio():g}，{screen.logicalDotsPerInch():.0f} DPI，"
        f"系统配色 {applied.get('system_scheme', 'unknown')}（程序固定浅色）"
    )


def _database() -> str:
    from casereview.services.app import Services

    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(Path(tmp) / "selftest.sqlite3", as_system=True)
        try:
            services.standards.sync_shipped()
            return f"{len(services.standards.list_versions())} 个内置标准"
        finally:
            services.close()


SELF_TEST_CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("字体", _font),
    ("界面翻译", _translation),
    ("PDF 组件", _pdf),
    ("Qt 对话框翻译", _qt_dialog),
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
