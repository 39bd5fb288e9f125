"""The hashed lock files (requirements/*.txt, made by installer/lock.py) match pyproject.toml.

Catches the usual slip: a dependency added to pyproject.toml without regenerating the lock, or
a lock that names something a fresh machine cannot download from PyPI.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ROOT / "requirements"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, set[str]]:
    pins: dict[str, set[str]] = {}
    for name, version in PIN.findall((LOCKS / lock).read_text(encoding="utf-8")):
        pins.setdefault(_norm(name), set()).add(version)
    return pins


def _requirement_names(specs: list[str]) -> set[str]:
    return {_norm(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0]) for spec in specs}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(
    ("lock", "extras"), [("runtime.txt", ["postgres"]), ("dev.txt", ["postgres", "dev", "build"])]
)
def test_lock_covers_pyproject(lock: str, extras: list[str]) -> None:
    project = _project()
    wanted = _requirement_names(project["dependencies"])
    for extra in extras:
        wanted |= _requirement_names(project["optional-dependencies"][extra])
    missing = wanted - set(_pins(lock))
    assert not missing, f"requirements/{lock} lacks {sorted(missing)}: run installer/lock.py"


@pytest.mark.parametrize("lock", ["runtime.txt", "dev.txt"])
def test_lock_is_hashed_and_pypi_only(lock: str) -> None:
    text = (LOCKS / lock).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links)\b", text, re.MULTILINE)
    assert "file:" not in text and "+cpu" not in text
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[-1])
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, f"{block.splitlines()[0]} has no hash"


def test_runtime_lock_agrees_with_dev_lock() -> None:
    runtime, dev = _pins("runtime.txt"), _pins("dev.txt")
    differ = {name: (v, dev.get(name)) for name, v in runtime.items() if dev.get(name) != v}
    assert not differ, f"the two locks pin different versions: {differ}"


def test_quality_tools_are_exact_and_installed() -> None:
    """ruff and mypy decide the quality gates: pinned exactly, and this venv has those versions."""
    dev_specs = {
        _norm(re.split(r"[\s<>=!~]", s, maxsplit=1)[0]): s for s in _project()["optional-dependencies"]["dev"]
    }
    pins = _pins("dev.txt")
    for tool in ("ruff", "mypy"):
        assert "==" in dev_specs[tool], f"{tool} must be pinned exactly in pyproject.toml"
        assert pins[tool] == {dev_specs[tool].split("==")[1]}
        assert metadata.version(tool) in pins[tool], f"installed {tool} differs from the lock"
