"""Translations and layering of the UI: every string translated, placeholders kept, no SQL in ui/."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from ui.i18n_build import UI_DIR, placeholders, read_tsv_files, scan_sources

# Modules of the workspace area (other areas check theirs with ``python -m ui.i18n_build --check``).
OWN = ("app.py", "main_window.py", "dialogs.py", "shortcuts.py", "models", "review", "screens/cases.py",
       "screens/standards.py", "screens/__init__.py")


def test_every_ui_string_has_a_chinese_translation() -> None:
    entries = read_tsv_files()
    own = [p for p in UI_DIR.rglob("*.py") if any(str(p.relative_to(UI_DIR)).startswith(o) for o in OWN)]
    missing = sorted(scan_sources(files=own) - set(entries))
    assert not missing, f"strings without translation: {missing[:10]}"
    bad = [key for key, target in entries.items() if placeholders(key[1]) != placeholders(target)]
    assert not bad


def test_ui_never_imports_the_database_layer() -> None:
    offenders = []
    for path in UI_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("sqlalchemy", "sqlite3") or name.startswith("casereview.storage"):
                    offenders.append(f"{path.name}: {name}")
    assert not offenders


@pytest.mark.gui
def test_compiled_translation_loads(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.i18n_build import build

    assert build(out_dir=tmp_path) == 0  # the repository's files are left alone
    translator = QTranslator()
    assert translator.load(str(tmp_path / "casereview_zh_CN.qm"))
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Navigation", "Case review") == "案卷评查"
        assert QCoreApplication.translate("ScoreBar", "Saved %1") == "已保存 %1"
    finally:
        qapp.removeTranslator(translator)
