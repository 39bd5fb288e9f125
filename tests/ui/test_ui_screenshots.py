"""``casereview-gui --screenshot`` renders every registered screen to non-blank PNGs and exits 0."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path))
    step_x, step_y = max(image.width() // 60, 1), max(image.height() // 40, 1)
    return len({image.pixel(x, y) for x in range(0, image.width(), step_x) for y in range(0, image.height(), step_y)})


def test_screenshot_mode(qapp: Any, demo_db_path: Path, tmp_path: Path, capsys: Any) -> None:
    from ui.app import main
    from ui.screens import NAV_ORDER, load_screens

    out = tmp_path / "shots"
    def fingerprint() -> str:  # the file and its write-ahead log: a write shows in one of them
        wal = demo_db_path.with_name(demo_db_path.name + "-wal")
        return hashlib.sha256(demo_db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()

    before = fingerprint()
    assert main(["--db", str(demo_db_path), "--screenshot", str(out)]) == 0
    # the workspace shot scores a few items, but on a scratch copy: the user's file is untouched
    assert fingerprint() == before
    files = sorted(out.glob("*.png"))
    registered = [key for key, _title, spec in load_screens() if spec is not None]
    names = {f.stem.split("-", 1)[1] for f in files}
    assert set(registered) <= names and "review-workspace" in names
    assert "cases" in NAV_ORDER
    for path in files:
        assert _distinct_colours(path) > 20, f"{path.name} looks blank"
