"""YAML without aliases: the one way the app parses YAML it did not write itself.

A standard, threshold table or calendar file may come from anywhere. YAML anchors and
aliases (``&a`` / ``*a``) let a 12 KB file expand to gigabytes ("billion laughs"), and
none of our formats needs them, so a file using an alias is refused before it is
built. Files are capped at ``MAX_YAML_BYTES``. Errors are ``yaml.YAMLError`` subclasses
carrying the line, so the callers' existing messages name the place.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_YAML_BYTES", "YamlRefused", "load_yaml", "refuse_aliases"]

MAX_YAML_BYTES = 5_000_000  # the largest shipped YAML (the calendar) is under 100 KB

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlRefused(yaml.MarkedYAMLError):
    """A YAML file refused for its shape (alias, size), not its syntax."""


def load_yaml(text: str) -> Any:
    """Parse ``text`` like ``yaml.safe_load``, refusing aliases and oversized input."""
    refuse_aliases(text)
    return yaml.load(text, Loader=_Loader)


def refuse_aliases(text: str) -> None:
    """Raise ``YamlRefused`` for oversized text or any alias (for callers that compose nodes)."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlRefused(problem=f"文件超过 {MAX_YAML_BYTES // 1_000_000} MB，不是本程序使用的配置文件")
    # Events first (cheap, nothing is built): an alias is refused with its line.
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(problem="不允许使用 YAML 别名（*引用），请把内容直接写出", problem_mark=event.start_mark)  # type: ignore[arg-type]
