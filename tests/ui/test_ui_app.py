"""The app entry point: self-test, crash handling, language switch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui


def test_self_test_passes(qapp: Any, capsys: Any) -> None:
    from ui.app import main

    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "✓ 界面：字体" in out and "✓ 打开主窗口" in out and "✗" not in out


def test_errors_become_one_message(qapp: Any, monkeypatch: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from casereview.errors import ValidationError
    from ui.dialogs import DialogService

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text: shown.append(text)))
    log_path = tmp_path / "casereview-gui.log"
    DialogService(None, log_path).error(RuntimeError("boom"))  # unexpected: crash dialog with the log path
    assert str(log_path) in shown[0]
    DialogService(None, log_path).error(ValidationError("评查项 A1：不能扣分"))  # core error: its message
    assert shown[1] == "评查项 A1：不能扣分"


def test_english_and_chinese(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translators

    try:
        assert install_translators(qapp, "en")
        assert QCoreApplication.translate("Navigation", "Case review") == "Case review"
        assert install_translators(qapp, "zh_CN")
        assert QCoreApplication.translate("Navigation", "Case review") == "案卷评查"
    finally:
        install_translators(qapp, "en")


def test_parse_args_defaults() -> None:
    from ui.app import parse_args

    args = parse_args(["--db", "x.sqlite3", "--demo"])
    # No --lang: the language saved in 视图 → 界面语言 is used (Chinese unless chosen otherwise).
    assert args.db == "x.sqlite3" and args.demo and args.lang is None and not args.screenshot
    assert parse_args(["--lang", "en"]).lang == "en"
    args = parse_args(["--screenshot", "d", "--screenshot-size", "1366x768", "--scale", "1.25"])
    assert args.screenshot_size == (1366, 768) and args.scale == 1.25
    assert sys.argv  # unchanged
