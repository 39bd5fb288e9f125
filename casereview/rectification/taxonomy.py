"""Problem-category taxonomies (问题分类) as data: resources/taxonomies/*.yaml.

Each file: ``key``, ``name``, ``verified`` (false for unverified sources), ``source``
and ``categories`` (``name`` + optional ``description``). The default taxonomy
(立卷 / 实体 / 程序) matches the standards' ``problem_category``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casereview.errors import NotFoundError, ValidationError
from casereview.paths import resources_dir
from casereview.safe_yaml import load_yaml

DEFAULT_TAXONOMY = "default"


@dataclass(frozen=True)
class TaxCategory:
    name: str
    description: str = ""


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    categories: tuple[TaxCategory, ...]
    verified: bool = True
    source: str = ""

    @property
    def category_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)

    @property
    def display_name(self) -> str:
        return self.name if self.verified or "未核实" in self.name else f"{self.name}（未核实）"

    def require(self, category: str) -> str:
        category = category.strip()
        if category not in self.category_names:
            raise ValidationError(
                f"分类“{category}”不属于问题分类体系“{self.name}”；可选：{'、'.join(self.category_names)}。",
                category=category,
                taxonomy=self.key,
            )
        return category


def taxonomy_dir() -> Path:
    return resources_dir() / "taxonomies"


def parse_taxonomy(path: Path) -> Taxonomy:
    try:
        data: Any = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(f"无法读取问题分类文件 {path.name}：{exc}", file=str(path)) from exc
    if not isinstance(data, dict) or not data.get("key") or not isinstance(data.get("categories"), list):
        raise ValidationError(f"问题分类文件 {path.name} 缺少 key 或 categories。", file=str(path))
    cats: list[TaxCategory] = []
    for i, raw in enumerate(data["categories"], start=1):
        if isinstance(raw, str):
            raw = {"name": raw}
        if not isinstance(raw, dict) or not str(raw.get("name") or "").strip():
            raise ValidationError(f"问题分类文件 {path.name} 第 {i} 个分类缺少名称。", file=str(path), index=i)
        cats.append(TaxCategory(str(raw["name"]).strip(), str(raw.get("description") or "").strip()))
    if len({c.name for c in cats}) != len(cats):
        raise ValidationError(f"问题分类文件 {path.name} 中有重复的分类名称。", file=str(path))
    return Taxonomy(
        key=str(data["key"]),
        name=str(data.get("name") or data["key"]),
        categories=tuple(cats),
        verified=bool(data.get("verified", True)),
        source=str(data.get("source") or ""),
    )


@functools.cache
def _load(folder: str) -> dict[str, Taxonomy]:
    out: dict[str, Taxonomy] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        tax = parse_taxonomy(path)
        out[tax.key] = tax
    return out


def taxonomies() -> list[Taxonomy]:
    """All shipped taxonomies, the default first."""
    found = _load(str(taxonomy_dir()))
    return sorted(found.values(), key=lambda t: (t.key != DEFAULT_TAXONOMY, t.key))


def taxonomy(key: str | None) -> Taxonomy:
    key = (key or DEFAULT_TAXONOMY).strip()
    for tax in taxonomies():
        if key in (tax.key, tax.name):
            return tax
    known = "、".join(t.key for t in taxonomies())
    raise NotFoundError(f"找不到问题分类体系“{key}”；可用：{known}。", taxonomy=key)
