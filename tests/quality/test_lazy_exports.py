"""The packages that re-export lazily (PEP 562) keep ``__all__`` and their sources in step:
every listed name resolves, and resolves to the object its defining module holds."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["casereview.services.campaigns", "casereview.services.intake", "casereview.services.training"]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_lazy_export_resolves(package: str) -> None:
    module = importlib.import_module(package)
    sources: dict[str, str] = module._SOURCES
    assert sorted(module.__all__) == sorted(sources)
    for name, source in sources.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name), name
