"""Dated threshold tables (较大数额, simple-procedure limits, on-the-spot collection ...).

Each table is a YAML file in resources/thresholds/ with ``kind: threshold_table`` (see
the comments in those files). Extra files (a user's corrections) are loaded after the
bundled ones and win on equal specificity. An entry whose ``value`` is empty is kept:
a lookup returns it with ``value is None`` so a check can say exactly which entry is
missing instead of silently skipping.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from casereview.domain.enums import PartyType
from casereview.errors import ValidationError
from casereview.paths import resources_dir
from casereview.safe_yaml import load_yaml

ANY = "*"
GENERAL = "general"
_COMPARISONS = (">=", ">", "<=", "<")

DOMAIN_LABELS = {
    "transport": "交通运输",
    "maritime": "海事",
    "fishery": "渔业",
    "housing": "住房城乡建设",
    "general": "通用",
    "transport_ministry_direct": "交通部直属机构",
    ANY: "全部领域",
}


@dataclass(frozen=True, slots=True)
class ThresholdValue:
    table: str
    table_title: str
    province: str
    domain: str
    party_type: str
    value: Decimal | None
    comparison: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    source: str
    file: str
    unit: str = "元"

    @property
    def is_empty(self) -> bool:
        return self.value is None

    def describe_key(self) -> str:
        """E.g. "广东/交通运输/自然人"."""
        province = "全国" if self.province == ANY else self.province
        domain = DOMAIN_LABELS.get(self.domain, self.domain)
        party = "不区分当事人" if self.party_type == ANY else _party_label(self.party_type)
        return f"{province}/{domain}/{party}"

    def where(self) -> str:
        """Names the table entry for "insufficient data" messages."""
        return f"阈值表《{self.table_title}》（{os.path.basename(self.file)}）中 {self.describe_key()} 的条目"

    def satisfied_by(self, amount: Decimal) -> bool:
        if self.value is None:
            raise ValueError("empty threshold")
        return {">=": amount >= self.value, ">": amount > self.value,
                "<=": amount <= self.value, "<": amount < self.value}[self.comparison]

    def text(self) -> str:
        value = "（未填写）" if self.value is None else f"{_fmt(self.value)} {self.unit}"
        return f"{self.comparison} {value}"


def _fmt(amount: Decimal) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".") if amount % 1 else f"{int(amount):,}"


def format_amount(amount: Decimal) -> str:
    return _fmt(amount)


def _party_label(value: str) -> str:
    try:
        return PartyType(value).label
    except ValueError:
        return value


class ThresholdTables:
    def __init__(self, entries: dict[str, list[ThresholdValue]], titles: dict[str, str]) -> None:
        self._entries = entries
        self._titles = titles
        # (table, province, domain, party) → entries, user extras first
        self._index: dict[tuple[str, str, str, str], list[ThresholdValue]] = {}
        for table, values in entries.items():
            for entry in reversed(values):
                key = (table, entry.province, entry.domain, entry.party_type)
                self._index.setdefault(key, []).append(entry)

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> ThresholdTables:
        bundled = sorted((resources_dir() / "thresholds").glob("*.yaml"))
        files = [*bundled, *(Path(p) for p in extra_paths)]
        key = tuple((str(p), p.stat().st_mtime if p.exists() else -1.0) for p in files)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        entries: dict[str, list[ThresholdValue]] = {}
        titles: dict[str, str] = {}
        for path in files:
            if not path.exists():
                continue
            parsed = parse_threshold_file(path)
            if parsed is None:
                continue  # another kind of data file (e.g. required_documents.yaml)
            table, title, values = parsed
            titles.setdefault(table, title)
            entries.setdefault(table, []).extend(values)
        tables = cls(entries, titles)
        _CACHE.clear()
        _CACHE[key] = tables
        return tables

    def tables(self) -> list[str]:
        return sorted(self._entries)

    def title(self, table: str) -> str:
        return self._titles.get(table, table)

    def entries(self, table: str) -> list[ThresholdValue]:
        return list(self._entries.get(table, ()))

    def lookup(self, table: str, province: str, domain: str, party_type: PartyType | str,
               on_date: dt.date) -> ThresholdValue | None:
        """The most specific entry in force on ``on_date``; None when no entry matches.

        Order: (province, domain) → (province, general) → (*, domain) → (*, general) →
        (*, *); party type exact before "*"; later files (user extras) first within a level.
        """
        party = party_type.value if isinstance(party_type, PartyType) else party_type
        index = self._index
        for prov in (province, ANY):
            for dom in (domain, GENERAL, ANY):
                for pty in (party, ANY):
                    for entry in index.get((table, prov, dom, pty), ()):
                        if (entry.effective_from is None or entry.effective_from <= on_date) and (
                                entry.effective_to is None or on_date <= entry.effective_to):
                            return entry
        return None


_CACHE: dict[tuple[tuple[str, float], ...], ThresholdTables] = {}


def _date(value: Any, path: Path, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"阈值表 {path.name} {where}：日期“{value}”无效，应为 YYYY-MM-DD",
                              code="threshold_file", file=str(path)) from None


def parse_threshold_file(path: Path) -> tuple[str, str, list[ThresholdValue]] | None:
    """Parse one file; None if it is not a threshold table. Raises ValidationError."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # PyYAML raises it for impossible dates such as 2024-13-01
        raise ValidationError(f"阈值表 {path.name} 含无效日期（{exc}），日期应为有效的 YYYY-MM-DD",
                              code="threshold_file", file=str(path)) from exc
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(f"无法读取阈值表 {path.name}：{exc}", code="threshold_file", file=str(path)) from exc
    if not isinstance(data, dict) or data.get("kind") != "threshold_table":
        return None
    table = str(data.get("table") or "").strip()
    if not table:
        raise ValidationError(f"阈值表 {path.name} 缺少 table 名称", code="threshold_file", file=str(path))
    title = str(data.get("title") or table)
    default_unit = str(data.get("unit") or "元")
    raw = data.get("entries") or []
    if not isinstance(raw, list):
        raise ValidationError(f"阈值表 {path.name} 的 entries 应为列表", code="threshold_file", file=str(path))
    values: list[ThresholdValue] = []
    for index, item in enumerate(raw, start=1):
        where = f"第 {index} 个条目"
        if not isinstance(item, dict):
            raise ValidationError(f"阈值表 {path.name} {where} 格式错误", code="threshold_file",
                                  file=str(path), entry=index)
        comparison = str(item.get("comparison", ">="))
        if comparison not in _COMPARISONS:
            raise ValidationError(f"阈值表 {path.name} {where}：comparison 应为 {' / '.join(_COMPARISONS)}",
                                  code="threshold_file", file=str(path), entry=index)
        raw_value = item.get("value")
        value: Decimal | None = None
        if raw_value not in (None, ""):
            try:
                value = Decimal(str(raw_value))
            except InvalidOperation:
                raise ValidationError(f"阈值表 {path.name} {where}：数值“{raw_value}”无效", code="threshold_file",
                                      file=str(path), entry=index) from None
        party = str(item.get("party_type", ANY))
        if party != ANY and party not in {p.value for p in PartyType}:
            raise ValidationError(f"阈值表 {path.name} {where}：当事人类型“{party}”无效（individual / "
                                  "organisation / *）", code="threshold_file", file=str(path), entry=index)
        values.append(ThresholdValue(
            table=table,
            table_title=title,
            province=str(item.get("province", ANY)),
            domain=str(item.get("domain", ANY)),
            party_type=party,
            value=value,
            comparison=comparison,
            effective_from=_date(item.get("effective_from"), path, where),
            effective_to=_date(item.get("effective_to"), path, where),
            source=str(item.get("source") or ""),
            file=str(path),
            unit=str(item.get("unit") or default_unit),
        ))
    return table, title, values
