"""Translations and layering of the UI: every string translated, placeholders kept, no SQL in ui/."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from ui.i18n_build import UI_DIR, placeholders, read_tsv_files, scan_sources

CJK = re.compile("[\u4e00-\u9fff]")
# English source strings that name Chinese legal texts or document types on purpose (an English
# reader needs the Chinese name to find them in the file); every other source must be English.
CHINESE_NAMES_ON_PURPOSE = {
    ("CalendarDialog", "The start day is not counted; the end day is (民事诉讼法 第八十五条 counting)."),
    ("CalendarDialog", "Statutory periods in working days (送达、公示、许可 …) are counted with the State "
                       "Council's holiday arrangements, including make-up working days. A date in a year that "
                       "is not listed is counted Monday to Friday and the check is marked “to be verified”."),
    ("DocumentActions", "“%1” has %2 pages. Name each part, e.g. “1-2 立案登记表; 3-6 询问笔录; 7 违法行为通知书”. "
                        "The PDF itself is not changed."),
    ("DocumentActions", "pages not named (kept as 其他): %1"),
    ("DocSearch", "Words to find (two characters or more), e.g. 送达"),  # the documents are Chinese
}


def test_every_ui_string_has_a_chinese_translation() -> None:
    """Chinese: every string of every screen (``--check`` of the whole ui/ package)."""
    entries = read_tsv_files()
    missing = sorted(scan_sources() - set(entries))
    assert not missing, f"strings without translation: {missing[:10]}"
    bad = [key for key, target in entries.items() if placeholders(key[1]) != placeholders(target)]
    assert not bad


def test_every_ui_string_is_english_in_the_source() -> None:
    """English (``--lang en`` shows the sources): no Chinese left in a source string."""
    chinese = sorted(e for e in scan_sources() if CJK.search(e[1]) and e not in CHINESE_NAMES_ON_PURPOSE)
    assert not chinese, f"source strings in Chinese: {chinese[:10]}"


def test_core_display_names_exist_in_both_languages() -> None:
    """What the core returns for display (答案、阶段、状态 …) follows the interface language."""
    import threading

    from casereview.domain import enums

    members = [m for c in vars(enums).values() if isinstance(c, type) and issubclass(c, enums.LabelledEnum)
               and c is not enums.LabelledEnum for m in c]
    assert members
    try:
        enums.set_label_language("en")
        english = {m: m.label for m in members}
        other_thread: list[str] = []
        worker = threading.Thread(target=lambda: other_thread.append(enums.Answer.PASS.label))
        worker.start()
        worker.join()
    finally:
        enums.set_label_language("zh_CN")
    chinese = {m: m.label for m in members}
    assert all(english[m] != str(m.value) and not CJK.search(english[m]) for m in members), english
    assert all(CJK.search(chinese[m]) for m in members), chinese
    assert other_thread == ["符合"]  # the worker thread (exports) keeps the official Chinese names
    assert enums.Answer.from_label("Pass") is enums.Answer.PASS and enums.Answer.from_label("符合") is enums.Answer.PASS


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
