"""Quality gates: the core stays Qt-free, the code stays ruff- and mypy-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

IMPORT_ALL = """
import importlib, pkgutil, sys
import casereview
for info in pkgutil.walk_packages(casereview.__path__, "casereview."):
    importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6."))
print("QT:" + ",".join(loaded))
"""


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_core_never_imports_pyside6() -> None:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "QT:", f"casereview imported Qt: {out.stdout}"


def _tool(name: str) -> list[str]:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return [str(exe)]
    if shutil.which(name):
        return [name]
    pytest.skip(f"{name} not installed")


@pytest.mark.slow
def test_ruff_clean() -> None:
    out = subprocess.run(
        [*_tool("ruff"), "check", "casereview", "ui", "tests", "installer"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-4000:]


@pytest.mark.slow
def test_mypy_clean_on_core() -> None:
    out = subprocess.run([*_tool("mypy"), "casereview"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-4000:]


def test_import_contracts() -> None:
    """The layer contracts in pyproject.toml ([tool.importlinter]): the UI reaches the core only
    through casereview.services, the CLI never touches sessions or ORM models, the core never
    imports the UI or Qt."""
    out = subprocess.run([*_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:]
