"""One resolver for the files the UI ships (fonts, icons, translations), frozen or from source."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from casereview.services.runtime import resources_dir


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_file() -> Path:
    return resource_path("fonts", "wqy-microhei.ttc")


def translation_file(lang: str) -> Path:
    return resource_path("i18n", f"casereview_{lang}.qm")


def icon(name: str) -> QIcon:
    """Icons by id (``resources/icons/<id>.svg`` or ``.png``); an empty icon when missing."""
    for ext in (".svg", ".png"):
        path = resource_path("icons", f"{name}{ext}")
        if path.exists():
            return QIcon(str(path))
    return QIcon()
