"""Notice numbers (文号) from a configurable pattern, e.g. 〔2025〕评查整改第7号.

Placeholders: {year}, {seq} (sequence within the year, from 1), {seq:03d} style formats
are allowed for seq; {unit} is the addressee's short name (optional).
"""

from __future__ import annotations

import string

from casereview.errors import ValidationError

DEFAULT_PATTERN = "〔{year}〕评查整改第{seq}号"
_ALLOWED = {"year", "seq", "unit"}


def validate_pattern(pattern: str) -> str:
    pattern = pattern.strip()
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
    except ValueError as exc:
        raise ValidationError(f"通知书文号格式“{pattern}”无效：{exc}", pattern=pattern) from exc
    unknown = set(fields) - _ALLOWED
    if unknown:
        raise ValidationError(
            f"通知书文号格式“{pattern}”含未知占位符 {'、'.join(sorted(unknown))}；"
            "可用 {{year}}、{{seq}}、{{unit}}。",
            pattern=pattern,
        )
    if "seq" not in fields:
        raise ValidationError(f"通知书文号格式“{pattern}”必须包含序号占位符 {{seq}}。", pattern=pattern)
    try:
        format_number(pattern, 2025, 1, "示例单位")
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"通知书文号格式“{pattern}”无效：{exc}", pattern=pattern) from exc
    return pattern


def format_number(pattern: str, year: int, seq: int, unit: str = "") -> str:
    return pattern.format(year=year, seq=seq, unit=unit)
