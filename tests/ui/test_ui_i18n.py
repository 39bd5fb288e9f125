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


# Console programs, not the interface: casereview-gui's command line (argparse help, display
# problems) and its self-test report are printed before any Qt translation can exist, in the
# product's language; i18n_build is a developer tool.
CONSOLE_MODULES = {"app.py", "selftest.py", "i18n_build.py"}
TRANSLATING_CALLS = {"tr", "N_", "QT_TRANSLATE_NOOP", "translate", "translator"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical"}
DATA_MARK = "zh-data"  # a line comment: the Chinese here is data or a glyph, not interface text


def chinese_literals(path: Path) -> list[str]:
    """String literals with Chinese (or full-width punctuation) that the English interface would
    show untranslated: not inside a translation call, a log call or a docstring, and not on a
    line marked ``# zh-data``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines = source.splitlines()
    exempt: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            logging_call = (isinstance(func, ast.Attribute) and name in LOG_METHODS
                            and isinstance(func.value, ast.Name) and func.value.id in ("log", "logger", "logging"))
            if name in TRANSLATING_CALLS or name.endswith("_tr") or logging_call:
                exempt.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in exempt
                and CHINESE_OR_WIDE.search(node.value) and DATA_MARK not in lines[node.lineno - 1]):
            found.append(f"{path.relative_to(UI_DIR.parent)}:{node.lineno}: {node.value[:40]!r}")
    return found


CHINESE_OR_WIDE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def test_no_untranslated_chinese_literal_in_the_interface() -> None:
    """Every Chinese text the interface shows goes through Qt translation (English interface
    complete); punctuation that joins data goes through ui.i18n join_list / with_note ..."""
    offenders = [hit for path in sorted(UI_DIR.rglob("*.py")) if path.name not in CONSOLE_MODULES
                 for hit in chinese_literals(path)]
    assert not offenders, "untranslated Chinese in ui/ (wrap in tr(), or mark data with # zh-data):\n" + "\n".join(
        offenders)


def test_the_literal_scan_finds_chinese(tmp_path: Path) -> None:
    sample = UI_DIR / "_scan_sample_for_test.py"
    sample.write_text('"""文档"""\ntr = None\nA = "评查"\nB = tr("Review")\nC = "符合"  # zh-data\nD = "、".join([])\n',
                      encoding="utf-8")
    try:
        assert [hit.split(":")[1] for hit in chinese_literals(sample)] == ["3", "6"]
    finally:
        sample.unlink()
