"""Rows to and from the JSON of an exchange package, checked column by column.

Every value read from a package is converted by its column's type (integer, text of at
most N characters, date, decimal within its digits…) and rows with unknown or missing
columns are refused: a package never puts into the database what the program itself
could not have written.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric, String, Table, Text

from casereview.exchange.container import PackageError
from casereview.storage.dberrors import check_value, table_label

__all__ = ["dump_row", "load_rows"]

_MAX_TEXT = 1_000_000


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def dump_row(row: Any) -> dict[str, Any]:
    """A Core row mapping as JSON-able values."""
    return {key: _json_value(value) for key, value in dict(row).items()}


def _convert(table: Table, column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
    elif isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(kind, DateTime):
        if isinstance(value, str):
            return datetime.fromisoformat(value)
    elif isinstance(kind, Date):
        if isinstance(value, str):
            return date.fromisoformat(value)
    elif isinstance(kind, Float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif isinstance(kind, Numeric):
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return Decimal(str(value))
    elif isinstance(kind, String | Text):
        if isinstance(value, str) and len(value) <= _MAX_TEXT:
            return value
    elif isinstance(kind, JSON):
        return value
    raise ValueError(f"类型不符：{type(value).__name__}")


def load_rows(table: Table, raw: Any, *, required: tuple[str, ...] = ("id",)) -> list[dict[str, Any]]:
    """Validated rows for ``table`` from the package's list of objects."""
    where = table_label(table.name)
    if not isinstance(raw, list):
        raise PackageError(f"交换包中的{where}数据格式不正确。", code="package_record_invalid")
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise PackageError(f"交换包中{where}第 {index} 条记录格式不正确。", code="package_record_invalid")
        unknown = set(item) - set(table.c.keys())
        if unknown:
            raise PackageError(f"交换包中{where}第 {index} 条记录含有未知字段 {sorted(unknown)[0][:40]}。",
                               code="package_record_invalid")
        row: dict[str, Any] = {}
        for key, value in item.items():
            column = table.c[key]
            try:
                converted = _convert(table, column, value)
            except (ValueError, TypeError, InvalidOperation) as exc:
                raise PackageError(f"交换包中{where}第 {index} 条记录的字段“{key}”无效：{exc}。",
                                   code="package_record_invalid") from exc
            if converted is None and not column.nullable and column.default is None and column.server_default is None:
                raise PackageError(f"交换包中{where}第 {index} 条记录缺少必填字段“{key}”。", code="package_record_invalid")
            problem = check_value(table.name, column, converted)
            if problem:
                raise PackageError(f"交换包中{where}第 {index} 条记录：{problem}。", code="package_record_invalid")
            row[key] = converted
        missing = [k for k in required if row.get(k) is None]
        if missing:
            raise PackageError(f"交换包中{where}第 {index} 条记录缺少字段“{missing[0]}”。", code="package_record_invalid")
        rows.append(row)
    return rows
