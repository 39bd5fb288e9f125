"""Generated demo and benchmark data."""

from __future__ import annotations

from pathlib import Path


def build_demo(db_path: str | Path) -> Path:
    from casereview.demo.build import build_demo as _build

    return _build(db_path)
