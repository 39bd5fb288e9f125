"""Threshold entries set by the user (较大数额 of their province, a changed limit), kept in the
user data folder, one YAML file per table beside the calendar extras, and loaded after the
bundled tables so they win. Set with ``casereview thresholds set``; nobody edits a file in
resources/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from casereview.checks.thresholds import ANY, DOMAIN_LABELS, ThresholdTables, parse_threshold_file
from casereview.domain.enums import PartyType
from casereview.errors import ValidationError
from casereview.exports.output import write_atomic

PREFIX = "thresholds_user_"


def user_folder() -> Path:
    from casereview.paths import user_data_dir

    return user_data_dir()


def user_files(folder: Path | None = None) -> tuple[Path, ...]:
    return tuple(sorted((folder or user_folder()).glob(f"{PREFIX}*.yaml")))


def set_threshold(table: str, *, province: str, domain: str, party_type: str, value: Decimal,
                  effective_from: dt.date, effective_to: dt.date | None = None, comparison: str = ">=",
                  source: str, folder: Path | None = None) -> Path:
    """Add (or replace, same key and start date) one entry of ``table`` in the user's file.
    The table must be one the program knows; the file is replaced atomically."""
    bundled = ThresholdTables.load()
    if table not in bundled.tables():
        raise ValidationError(f"没有名为“{table}”的阈值表；可用的有：{'、'.join(bundled.tables())}",
                              code="threshold_unknown_table", table=table)
    if party_type != ANY and party_type not in {p.value for p in PartyType}:
        raise ValidationError("当事人类型应为 individual（自然人）、organisation（法人或其他组织）或 *（不区分）",
                              code="threshold_party")
    if domain not in DOMAIN_LABELS:
        raise ValidationError(f"执法领域“{domain}”无效，可用：{'、'.join(f'{k}（{v}）' for k, v in DOMAIN_LABELS.items())}",
                              code="threshold_domain")
    if value < 0:
        raise ValidationError("数额不能为负数", code="threshold_value")
    if not source.strip():
        raise ValidationError("请用 --source 写明依据（文件名称和文号），以便他人核对", code="threshold_source")
    path = (folder or user_folder()) / f"{PREFIX}{table}.yaml"
    entries: list[dict[str, object]] = []
    if path.exists():
        parse_threshold_file(path)  # refuses a damaged file instead of overwriting it
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = list(data.get("entries") or [])
    key = (province, domain, party_type, effective_from.isoformat())
    entries = [e for e in entries if (str(e.get("province")), str(e.get("domain")), str(e.get("party_type")),
                                      str(e.get("effective_from"))) != key]
    entries.append({"province": province, "domain": domain, "party_type": party_type, "value": str(value),
                    "comparison": comparison, "effective_from": effective_from.isoformat(),
                    "effective_to": effective_to.isoformat() if effective_to else None, "source": source.strip()})
    document = {"kind": "threshold_table", "table": table, "title": bundled.title(table), "entries": entries}
    text = "# 用户设置的阈值（casereview thresholds set 写入；优先于程序自带的表）\n" + yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    parse_threshold_file(path)
    return path


def delete_threshold(table: str, *, province: str, domain: str, party_type: str, effective_from: dt.date,
                     folder: Path | None = None) -> tuple[Path, dict[str, object]]:
    """Remove one entry the user set (same key and start date) from the user's file of
    ``table``; the shipped tables are not touched. The file is replaced atomically (removed
    when its last entry goes); returns the file and the entry removed. ``ValidationError`` naming the entry when it is not there."""
    path = (folder or user_folder()) / f"{PREFIX}{table}.yaml"
    key = (province, domain, party_type, effective_from.isoformat())
    entries: list[dict[str, object]] = []
    document: dict[str, Any] = {}
    if path.exists():
        parse_threshold_file(path)  # refuses a damaged file instead of rewriting it
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = list(document.get("entries") or [])
    kept = [e for e in entries if (str(e.get("province")), str(e.get("domain")), str(e.get("party_type")),
                                   str(e.get("effective_from"))) != key]
    if len(kept) == len(entries):
        raise ValidationError(f"阈值表“{table}”中没有用户设置的条目 {province}/{domain}/{party_type}（{effective_from} 起）；"
                              "程序自带的条目不能删除，可设置一个新条目取代它", code="threshold_not_found", table=table)
    removed = next(e for e in entries if e not in kept)
    if not kept:
        path.unlink()
        return path, removed
    document["entries"] = kept
    text = "# 用户设置的阈值（casereview thresholds set 写入；优先于程序自带的表）\n" + yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False)
    write_atomic(path, text.encode("utf-8"))
    parse_threshold_file(path)
    return path, removed
