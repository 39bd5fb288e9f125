"""Fusion style with our light palette, the display self-test step, the running-program mutex."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def test_app_uses_fusion_and_a_light_palette(qapp: Any) -> None:
    from PySide6.QtGui import QPalette

    from ui.app import create_app
    from ui.style import applied

    app = create_app()
    assert applied["style"].lower() == "fusion"
    palette = app.palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() > 200
    assert palette.color(QPalette.ColorRole.Text).lightness() < 60  # dark text on light fields
    assert palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name() == "#9ca3af"


def test_dark_system_scheme_does_not_darken_the_app(qapp: Any, monkeypatch: Any) -> None:
    """Windows dark mode: Qt would hand Fusion a dark palette under our light style sheet."""
    from ui import style

    monkeypatch.setattr(style, "applied", {})
    monkeypatch.setattr(style, "system_scheme", lambda: "dark")
    assert style.apply_style(qapp) == "dark"
    # (the pinned colour scheme itself only shows where the platform theme supports it: Windows)
    assert qapp.palette().window().color().lightness() > 200


def test_qt_dialog_is_translated(qapp: Any) -> None:
    from ui.i18n import install_translators
    from ui.selftest import _qt_dialog

    install_translators(qapp, "zh_CN")
    assert "取消" in _qt_dialog()


def test_display_step_refuses_offscreen_for_real_display(qapp: Any) -> None:
    from ui.app import create_app
    from ui.selftest import display_step

    create_app()
    assert "显示插件 offscreen" in display_step(real_display=False)
    with pytest.raises(RuntimeError, match="没有使用真实显示器"):
        display_step(real_display=True)


def test_real_display_needs_self_test(capsys: Any) -> None:
    from ui.app import main

    assert main(["--real-display"]) == 2
    assert "--self-test" in capsys.readouterr().err


def test_running_mutex_is_a_no_op_off_windows() -> None:
    from ui import app

    app.hold_running_mutex()
    assert app._mutex_handles == [] or sys.platform == "win32"


@pytest.mark.skipif(not os.environ.get("DISPLAY") and not __import__("shutil").which("xvfb-run"),
                    reason="needs an X display or xvfb-run")
@pytest.mark.skipif(sys.platform != "linux", reason="Linux X11 check")
def test_self_test_on_the_real_display_under_xvfb(tmp_path: Path) -> None:
    """`casereview-gui --self-test --real-display` as IT runs it: X11 plugin, dialog, exit code."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    cmd = [sys.executable, "-m", "ui.app", "--self-test", "--real-display"]
    if not env.get("DISPLAY"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", *cmd]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ 显示平台与样式（显示插件 xcb" in result.stdout
    assert "✓ 界面：Qt 对话框翻译" in result.stdout and "✗" not in result.stdout


def test_dropdown_highlight_is_visible(qapp: Any) -> None:
    """The entry under the mouse in an open dropdown is drawn on the highlight colour (it was
    white on white: the style sheet styles QComboBox, whose popup then used no selection colour)."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

    from ui.style import apply_style

    apply_style(qapp)
    window = QWidget()
    window.resize(300, 300)
    combo = QComboBox(window)
    combo.addItems(["全部单位", "某市交通运输局", "某县交通运输局"])
    QVBoxLayout(window).addWidget(combo)
    window.show()
    combo.showPopup()
    try:
        view = combo.view()
        index = combo.model().index(1, 0)
        view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        qapp.processEvents()
        popup = view.window()
        image = popup.grab().toImage()
        y = view.mapTo(popup, view.visualRect(index).center()).y()
        assert image.pixelColor(4, y).name() == "#dbeafe"
    finally:
        combo.hidePopup()
        window.close()
