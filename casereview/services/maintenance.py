"""Administration tools the app offers in its 工具 menu (the CLI has them too): the threshold
tables (听证“较大数额” …) and the database integrity check. Setting a threshold is an
administrator's act (STANDARDS), written to the user's threshold file and to the audit chain;
the integrity check is read-only on the file, its result audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from casereview.errors import StorageError, ValidationError
from casereview.services.context import ServiceContext
from casereview.storage import audit_chain

__all__ = ["DbCheckResult", "MaintenanceService", "ThresholdRow"]


@dataclass(frozen=True)
class ThresholdRow:
    table: str
    title: str
    key: str  # 适用范围 in words
    value: str  # the standard in words, or （未填写）
    period: str
    origin: str  # 用户设置 / 程序自带
    source: str
    # the entry's key as stored (what delete_threshold takes)
    province: str = ""
    domain: str = ""
    party_type: str = ""
    effective_from: str = ""

    @property
    def user_set(self) -> bool:
        return self.origin == "用户设置"


@dataclass(frozen=True)
class DbCheckResult:
    database: str
    full: bool
    ok: bool
    message: str


class MaintenanceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def threshold_tables(self) -> list[tuple[str, str]]:
        """(name, title) of every threshold table the program knows."""
        from casereview.checks.thresholds import ThresholdTables

        bundled = ThresholdTables.load()
        return [(name, bundled.title(name)) for name in bundled.tables()]

    def domains(self) -> dict[str, str]:
        from casereview.checks.thresholds import DOMAIN_LABELS

        return dict(DOMAIN_LABELS)

    def thresholds(self) -> list[ThresholdRow]:
        """Every entry, the user's own and the shipped ones (what the checks use)."""
        from casereview.checks.thresholds import ThresholdTables
        from casereview.checks.user_thresholds import user_files

        tables = ThresholdTables.load(user_files())
        return [ThresholdRow(name, tables.title(name), e.describe_key(),
                             e.text() if e.value is not None else "（未填写）",
                             f"{e.effective_from or ''}–{e.effective_to or ''}",
                             "用户设置" if "thresholds_user_" in e.file else "程序自带", e.source,
                             e.province, e.domain, e.party_type, e.effective_from.isoformat() if e.effective_from else "")
                for name in tables.tables() for e in tables.entries(name)]

    def set_threshold(self, table: str, *, province: str, domain: str, party_type: str, value: str | Decimal,
                      effective_from: str | dt.date, effective_to: str | dt.date | None = None,
                      comparison: str = ">=", source: str) -> str:
        """Add or correct one entry (e.g. this province's 较大数额 for transport); the checks
        use it from now on. Returns the file written. Audited."""
        from casereview.checks.user_thresholds import set_threshold

        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationError(f"数额“{value}”不是数字", code="threshold_value") from None
        start, end = _day(effective_from, "生效日期"), _day(effective_to, "失效日期")
        if start is None:
            raise ValidationError("请填写生效日期（YYYY-MM-DD）", code="threshold_date")
        if end is not None and end < start:
            raise ValidationError(f"失效日期 {end} 早于生效日期 {start}", code="threshold_date")
        if comparison not in (">=", ">"):
            raise ValidationError("比较方式应为“达到”(>=) 或“超过”(>)", code="threshold_comparison")
        path = set_threshold(table, province=province.strip(), domain=domain, party_type=party_type, value=amount,
                             effective_from=start, effective_to=end, comparison=comparison, source=source)
        with self.ctx.db.session() as session:
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="setting", action="threshold_set",
                after={"table": table, "province": province, "domain": domain, "party_type": party_type,
                       "value": str(amount), "comparison": comparison, "effective_from": start.isoformat(),
                       "effective_to": end.isoformat() if end else None, "source": source.strip(), "file": str(path)},
                reason=f"设置阈值表“{table}”：{province} {domain} {party_type} {amount} 元",
            )
        return str(path)

    def delete_threshold(self, table: str, *, province: str, domain: str, party_type: str,
                         effective_from: str | dt.date) -> str:
        """Remove one entry the user set (the shipped tables stay as shipped; the checks then
        use the shipped entry again, if any). Returns the file written. Audited."""
        from casereview.checks.user_thresholds import delete_threshold

        start = _day(effective_from, "生效日期")
        if start is None:
            raise ValidationError("请指明要删除条目的生效日期（YYYY-MM-DD）", code="threshold_date")
        path, removed = delete_threshold(table, province=province.strip(), domain=domain, party_type=party_type,
                                effective_from=start)
        with self.ctx.db.session() as session:
            audit_chain.record(
                session, actor=self.ctx.actor_name, entity="setting", action="threshold_deleted",
                before={"table": table, **{k: str(v) if v is not None else None for k, v in removed.items()},
                        "file": str(path)},
                reason=f"删除阈值表“{table}”中用户设置的条目：{province} {domain} {party_type}（{start} 起）",
            )
        return str(path)

    def db_check(self, full: bool = False) -> DbCheckResult:
        """SQLite's quick_check (``full``: integrity_check) of the open database file,
        read-only on the file. A damaged file raises ``StorageError`` naming the newest backup."""
        from casereview.storage.sqlite_guard import check_file

        path = self.ctx.db.path
        if path is None:
            raise StorageError("团队服务器（PostgreSQL）的数据由服务器自身校验，本功能只检查本机数据库文件。",
                               code="db_check_server")
        kind = "完整检查" if full else "快速检查"
        check_file(Path(path), full=full)
        message = f"数据库 {path}：{kind}通过，未发现损坏。"
        with self.ctx.db.session() as session:
            audit_chain.record(session, actor=self.ctx.actor_name, entity="database", action="db_check",
                               after={"full": full, "ok": True}, reason=message)
        return DbCheckResult(str(path), full, True, message)


def _day(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{what}“{text}”无效，应为 YYYY-MM-DD", code="threshold_date") from None
