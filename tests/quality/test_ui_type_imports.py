"""Every name the UI imports from ``casereview.services.types`` must resolve.

That module re-exports lazily (PEP 562), so a missing entry only fails when the importing
code path runs — for an error class, only when the error happens. Check them all statically."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imported_names() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "casereview.services.types":
                found.update((str(path.relative_to(ROOT)), alias.name) for alias in node.names)
    return found


def test_every_ui_import_from_services_types_resolves() -> None:
    types = importlib.import_module("casereview.services.types")
    names = _imported_names()
    assert names, "the UI imports value types from casereview.services.types"
    missing = sorted(f"{where}: {name}" for where, name in names if not hasattr(types, name))
    assert not missing, "not re-exported by casereview.services.types:\n" + "\n".join(missing)
