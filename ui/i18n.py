"""Qt translations: English source strings, zh_CN shipped and installed by default.

Convention (checked by ``python -m ui.i18n_build --check``): every module that shows text does
``tr = translator("Context")`` once and wraps each literal as ``tr("English text")``; the
Chinese lives in resources/i18n/src/<area>.tsv as ``Context<TAB>English<TAB>中文``.
Placeholders are %1, %2 ... filled with ``fmt``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import translation_file

_installed: list[QTranslator] = []


def translator(context: str) -> Callable[[str], str]:
    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return tr


def fmt(template: str, *args: object) -> str:
    """Fill %1, %2 ... (Qt style, so translators can reorder them)."""
    out = template
    for index in range(len(args), 0, -1):  # %10 before %1
        out = out.replace(f"%{index}", str(args[index - 1]))
    return out


# Chinese punctuation used to put data together (A、B; A；B; A（B）): translated like any text,
# so the English interface shows "A, B", "A; B" and "A (B)".
_common = translator("Common")


def join_list(parts: Iterable[object]) -> str:
    """Items of one list: 甲、乙 / A, B."""
    return _common(", ").join(str(p) for p in parts)


def join_clauses(parts: Iterable[object]) -> str:
    """Separate statements: 甲；乙 / A; B."""
    return _common("; ").join(str(p) for p in parts)


def with_note(text: object, note: object) -> str:
    """A value and a remark on it: 甲（乙） / A (B)."""
    return fmt(_common("%1 (%2)"), text, note)


def gap() -> str:
    """The wide space between fields of one line (全角空格 in Chinese)."""
    return _common("  ")


def install_translators(app: QCoreApplication, lang: str = "zh_CN") -> bool:
    """Install the app's and Qt's own (standard buttons) translations; False when missing."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    from casereview.services.runtime import set_label_language

    set_label_language(lang)  # the core's display names (符合 / Pass …) in the same language
    if lang.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return True
    QLocale.setDefault(QLocale(lang))
    ok = False
    ours = QTranslator(app)
    if ours.load(str(translation_file(lang))):
        app.installTranslator(ours)
        _installed.append(ours)
        ok = True
    # Qt's own texts (file dialog "查找范围", standard buttons): from Qt's translations folder,
    # or from the folders a frozen build (PyInstaller) puts them in next to the PySide6 package.
    qt_own = QTranslator(app)
    if any(qt_own.load(f"qtbase_{lang}", folder) for folder in qt_translation_dirs()):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return ok


def qt_translation_dirs() -> list[str]:
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    candidates = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(package / "Qt" / "translations"),
        str(package / "translations"),
    ]
    return [c for c in dict.fromkeys(candidates) if c and Path(c).is_dir()]
