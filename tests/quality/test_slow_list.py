"""tests/slow_tests.txt names test functions that exist (a renamed test must not drop silently
back into the fast loop's list of unknowns)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import slow_tests

ROOT = Path(__file__).resolve().parents[2]


def test_every_listed_slow_test_exists() -> None:
    missing = []
    for entry in sorted(slow_tests()):
        path, _, function = entry.partition("::")
        source = ROOT / path
        if not source.is_file() or not re.search(rf"^def {re.escape(function)}\(", source.read_text(encoding="utf-8"), re.M):
            missing.append(entry)
    assert not missing, f"tests/slow_tests.txt names tests that do not exist: {missing}"
