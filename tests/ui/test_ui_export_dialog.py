"""After an export: the message names the file and offers 打开文件 / 打开所在文件夹, without blocking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui


def test_exported_offers_to_open_the_file_and_its_folder(qapp: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from ui.dialogs import DialogService
    from ui.i18n import install_translators

    install_translators(qapp, "zh_CN")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    target = tmp_path / "评查统计.xlsx"
    target.write_bytes(b"x")
    dialogs = DialogService()
    dialogs.exported(target, f"已导出到 {target}。")  # returns at once: the box is window-modal, not exec()
    box = dialogs.last_exported
    assert isinstance(box, QMessageBox) and box.isVisible()
    names = [b.text() for b in box.buttons()]
    assert {"打开文件", "打开所在文件夹", "关闭"} <= set(names), names
    folder = next(b for b in box.buttons() if b.text() == "打开所在文件夹")
    folder.click()
    qapp.processEvents()
    assert opened == [str(tmp_path)]


def test_exported_folder_offers_to_open_the_folder(qapp: Any, tmp_path: Path) -> None:
    from ui.dialogs import DialogService
    from ui.i18n import install_translators

    install_translators(qapp, "zh_CN")
    dialogs = DialogService()
    dialogs.exported(tmp_path, "done")
    box: Any = dialogs.last_exported
    try:
        assert sorted(b.text() for b in box.buttons()) == sorted(["打开文件夹", "关闭"])
    finally:
        box.close()
