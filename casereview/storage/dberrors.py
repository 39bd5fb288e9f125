"""Database errors in Chinese, naming the record and column, for both engines.

Two halves:
- ``check_limits`` runs before every flush (registered on the session factory): each new or
  changed row is checked against its columns' limits (text length, number of digits,
  integer range), so a value the server would refuse is refused on SQLite too, with the
  table, the record and the column named. Data accepted on one PC is never refused later
  by the team server.
- ``translate`` turns what still comes back from a driver (a duplicate key, a value the
  server refuses, a lost connection, a missing permission) into one ``StorageError`` or
  ``ValidationError`` whose message names what and where, never the raw driver text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Integer, Numeric, String
from sqlalchemy.orm import Session

from casereview.errors import CaseReviewError, StorageError, ValidationError

__all__ = ["check_limits", "column_label", "table_label", "translate"]

INT32_MAX = 2**31 - 1

TABLE_LABELS = {
    "units": "执法单位", "officers": "执法人员", "reviewers": "评查人员", "cases": "案件",
    "case_officers": "案件执法人员", "blobs": "文档文件", "documents": "文书", "import_profiles": "导入方案",
    "import_batches": "导入记录", "standards": "评查标准", "standard_versions": "评查标准版本",
    "finding_phrases": "问题表述", "campaigns": "评查活动", "campaign_standards": "活动评查标准",
    "campaign_cases": "活动案件", "assignments": "评查分配", "reviews": "评查", "item_results": "评查项结论",
    "evidence_refs": "证据页面", "check_decisions": "自动检查处理", "audit_log": "操作日志",
    "deficiencies": "问题", "notices": "整改通知书", "feedback": "整改反馈", "transitions": "状态变更记录",
    "training_entries": "常见问题库条目", "practice_cases": "练习案件", "settings": "设置",
    "blob_chunks": "文档内容", "blob_contents": "文档内容",
}
COLUMN_LABELS = {
    "case_no": "案号", "decision_no": "决定书文号", "name": "名称", "short_name": "简称", "number": "文号",
    "username": "登录名", "code": "代码", "cause": "案由", "party_name": "当事人", "party_id_no": "证件号码",
    "party_address": "当事人地址", "party_phone": "联系电话", "vehicle_plate": "车牌号", "fine_amount": "罚款金额",
    "confiscation_value": "没收金额", "surcharge_amount": "加处罚款", "title": "标题", "original_name": "原文件名",
    "doc_number": "文书编号", "cert_no": "执法证号", "item_code": "评查项编号", "note": "说明", "key": "键",
    "version": "版本", "content_hash": "内容校验值", "penalty_types": "处罚种类", "violation_code": "违法行为代码",
    "legal_basis": "法律依据", "discretion_band": "裁量阶次", "case_source": "案件来源", "payment_method": "缴款方式",
    "wording": "问题表述", "officers": "执法人员", "category": "问题类别", "requirements": "整改要求",
    "issuer": "下发单位", "measures": "整改措施", "region": "地区", "domain": "领域", "deduction": "扣分",
    "points": "分值", "extension_days": "延长天数", "occurrences": "次数", "page": "页码", "source": "来源",
    "actor": "操作人", "reason": "理由", "organiser": "组织单位", "practice_set": "练习集",
}


def table_label(table: str) -> str:
    label = TABLE_LABELS.get(table)
    return f"{label}（{table}）" if label else table


def column_label(column: str) -> str:
    label = COLUMN_LABELS.get(column)
    return f"“{label}”（{column}）" if label else f"“{column}”"


def _record_label(obj: Any, table: str) -> str:
    """How a user recognises the row: its case number, name or number, else its id."""
    for attr in ("case_no", "number", "name", "username", "code", "title", "item_code"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            shown = value if len(value) <= 40 else value[:40] + "…"
            return f"{table_label(table).split('（')[0]}“{shown}”"
    ident = getattr(obj, "id", None)
    return f"{table_label(table).split('（')[0]} #{ident}" if ident is not None else f"新的{table_label(table).split('（')[0]}"


def _numeric_limit(precision: int, scale: int) -> Decimal:
    return Decimal(10) ** (precision - scale)


def check_value(table: str, column: Any, value: Any) -> str | None:
    """Why ``value`` does not fit ``column`` on PostgreSQL, or None."""
    if value is None:
        return None
    col_type = column.type
    if isinstance(col_type, String) and col_type.length and isinstance(value, str) and len(value) > col_type.length:
        return f"{column_label(column.name)}过长：{len(value)} 个字符，最多 {col_type.length} 个"
    if isinstance(col_type, Numeric) and not isinstance(col_type, Integer) and col_type.precision:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return f"{column_label(column.name)}不是数字：{value!r}"
        limit = _numeric_limit(col_type.precision, col_type.scale or 0)
        if number.is_finite() and abs(number) >= limit:
            return f"{column_label(column.name)}数值过大：{value}（须小于 {limit:,.0f}）"
    if isinstance(col_type, Integer) and not isinstance(value, bool) and isinstance(value, int):
        bits = 63 if col_type.__class__.__name__ == "BigInteger" else 31
        if abs(value) > 2**bits - 1:
            return f"{column_label(column.name)}数值超出范围：{value}"
    return None


def check_limits(session: Session, _context: Any, _instances: Any) -> None:
    """``before_flush`` hook: refuse, naming table, record and column, any new or changed
    value longer or larger than its column allows, on SQLite exactly as on PostgreSQL."""
    for obj in list(session.new) + list(session.dirty):
        table = getattr(obj, "__table__", None)
        if table is None:
            continue
        for column in table.columns:
            key = column.key
            if key not in obj.__dict__:
                continue
            problem = check_value(table.name, column, obj.__dict__[key])
            if problem:
                raise ValidationError(f"{_record_label(obj, table.name)}：{problem}。未保存。", code="value_out_of_range",
                                      table=table.name, column=column.name)


# -- driver errors ----------------------------------------------------------------------

_KEY_DETAIL = re.compile(r"Key \((?P<cols>[^)]*)\)=\((?P<vals>.*)\) already exists", re.S)
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<cols>[\w., ]+)")
_PERMISSION = re.compile(r"permission denied for (?:table|relation|sequence|schema) (?P<name>\w+)")


def _sqlstate(orig: BaseException | None) -> str:
    return str(getattr(orig, "sqlstate", "") or getattr(orig, "pgcode", "") or "")


def translate(exc: BaseException, where: str) -> CaseReviewError | None:
    """A clear error for a known kind of driver failure, or None (caller falls back)."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig)
    state = _sqlstate(orig)
    diag = getattr(orig, "diag", None)
    table = getattr(diag, "table_name", None) or ""
    if state == "23505" or "UNIQUE constraint failed" in text:
        match = _KEY_DETAIL.search(getattr(diag, "message_detail", None) or text)
        if match:
            cols = [c.strip() for c in match["cols"].split(",")]
            shown = "、".join(column_label(c) for c in cols)
            return ValidationError(f"{table_label(table)}中已有{shown}为“{match['vals']}”的记录，不能重复。未保存。",
                                   code="duplicate", table=table, columns=cols, value=match["vals"])
        lite = _SQLITE_UNIQUE.search(text)
        if lite:
            pairs = [c.strip().split(".", 1) for c in lite["cols"].split(",")]
            table = pairs[0][0]
            shown = "、".join(column_label(p[-1]) for p in pairs)
            return ValidationError(f"{table_label(table)}中已有相同{shown}的记录，不能重复。未保存。", code="duplicate",
                                   table=table, columns=[p[-1] for p in pairs])
        return ValidationError(f"{table_label(table) or '记录'}重复，不能保存。", code="duplicate", table=table)
    if state == "22001" or "value too long" in text:
        limit = re.search(r"varying\((\d+)\)", text)
        detail = f"（最多 {limit.group(1)} 个字符）" if limit else ""
        return ValidationError(f"{table_label(table) or '记录'}中有文字过长{detail}，服务器拒绝保存。未保存。",
                               code="value_too_long", table=table)
    if state == "22003" or "numeric field overflow" in text or "out of range" in text:
        return ValidationError(f"{table_label(table) or '记录'}中有数值超出范围，服务器拒绝保存。未保存。",
                               code="numeric_overflow", table=table)
    if state == "42501" or "permission denied" in text:
        match = _PERMISSION.search(text)
        name = match["name"] if match else table
        return StorageError(f"当前数据库账户没有权限修改{table_label(name) if name else '该数据'}，请联系信息管理员。"
                            "未作修改。", code="permission_denied", table=name)
    if state.startswith("23") and state != "23505":
        column = getattr(diag, "column_name", None) or ""
        return ValidationError(f"{table_label(table) or '记录'}{column_label(column) if column else ''}不符合数据约束"
                               "（缺少必填项或引用了不存在的记录）。未保存。", code="constraint", table=table)
    lowered = text.lower()
    if state in ("28P01", "28000") or "password authentication failed" in lowered or (
            "no password supplied" in lowered) or ('role "' in lowered and "does not exist" in lowered):
        return StorageError(f"数据库服务器 {where} 拒绝登录：用户名或密码错误（或该账户不允许从本机连接，"
                            "见 pg_hba.conf）。未作任何修改。", code="db_auth")
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return StorageError(f"服务器 {where} 上没有这个数据库：请信息管理员先创建它"
                            "（createdb -E UTF8 数据库名），或检查数据库名。", code="db_missing")
    if state in ("57P01", "57P02", "57P03") or any(
        s in lowered for s in ("server closed the connection", "terminating connection", "the connection is closed",
                               "consuming input failed", "connection is lost", "connection already closed")
    ):
        return StorageError(f"与数据库服务器 {where} 的连接已断开；本次操作未保存，请检查网络后重试。",
                            code="db_connection_lost")
    if state.startswith("08") or any(s in lowered for s in ("connection refused", "could not connect",
                                                            "connection timed out", "timeout expired")):
        return StorageError(f"无法连接数据库服务器 {where}：请检查服务器地址、网络和服务器是否已启动。",
                            code="db_unreachable")
    return None
