"""Notice numbers (发文字号) from a configurable pattern, e.g. 云交法〔2026〕12号.

GB/T 9704: 机关代字 + year in hexagonal brackets 〔〕 + sequence number, no leading
zeros and no "第". Placeholders: {code} (the issuing office's 机关代字, a setting),
{year}, {seq} (sequence within the year, from 1; {seq:03d} style formats are accepted
for offices that insist), {unit} (the addressee's short name, optional).
"""

from __future__ import annotations

import string

from casereview.errors import ValidationError

DEFAULT_PATTERN = "{code}〔{year}〕{seq}号"
DEFAULT_CODE = "评查整改"  # until the office sets its own 机关代字
_ALLOWED = {"year", "seq", "unit", "code"}


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
            "可用 {{code}}、{{year}}、{{seq}}、{{unit}}。",
            pattern=pattern,
        )
    if "seq" not in fields:
        raise ValidationError(f"通知书文号格式“{pattern}”必须包含序号占位符 {{seq}}。", pattern=pattern)
    try:
        format_number(pattern, 2025, 1, "示例单位", "示例")
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"通知书文号格式“{pattern}”无效：{exc}", pattern=pattern) from exc
    return pattern


def format_number(pattern: str, year: int, seq: int, unit: str = "", code: str = DEFAULT_CODE) -> str:
    return pattern.format(year=year, seq=seq, unit=unit, code=code)
