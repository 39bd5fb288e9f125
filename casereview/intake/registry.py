"""Row validation of a registry: typed records or per-cell Chinese reasons.

``validate_rows`` is a generator: the caller (the import service) consumes it
inside its transaction, inserting each good record as it comes, and stops at the
first rejected row for an all-or-nothing import, or collects the rejected rows
for ``write_rejects_xlsx``. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.intake.mapping import FIELD_BY_NAME, FIELDS, Mapping, amount_scale, column_letter
from casereview.intake.values import (
    _short,
    case_no_key,
    check_identifier,
    normalise_case_kind,
    normalise_party_type,
    normalise_text,
    parse_amount,
    parse_date,
    split_names,
)

__all__ = [
    "ImportStats",
    "RowIssue",
    "RowResult",
    "format_report",
    "validate_rows",
    "write_rejects_xlsx",
]

# Rows below the table that are not cases ("合计", "制表人：张三").
_FOOTER_WORDS = ("合计", "总计", "小计", "制表", "填表", "审核人", "备注", "说明", "注：", "注:")


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int  # 1-based row number as shown in Excel
    column_letter: str  # "" when the issue concerns the whole row
    header: str
    field: str
    value: object
    reason: str

    def describe(self) -> str:
        where = f"第{self.row}行"
        if self.column_letter:
            where += f" {self.column_letter}列"
        if self.header:
            where += f"「{self.header}」"
        return f"{where}：{self.reason}"


@dataclass(slots=True)
class RowResult:
    """One data row: ``record`` (field → typed value) when it passed, else ``issues``.
    ``warnings`` never block the import (e.g. party type inferred differently).
    ``values`` are the raw cells, kept for the rejects file."""

    row: int
    record: dict[str, Any] | None
    issues: list[RowIssue]
    warnings: list[RowIssue]
    values: Sequence[object]

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(slots=True)
class ImportStats:
    """Counts gathered while ``validate_rows`` runs (pass one in to read them after)."""

    rows_read: int = 0
    valid: int = 0
    rejected: int = 0
    issues: int = 0
    warnings: int = 0
    skipped_footer: int = 0
    duplicates: int = 0
    first_row: int | None = None
    last_row: int | None = None
    issue_counts: dict[str, int] = field(default_factory=dict)  # field → number of issues


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text_value(value: object) -> str:
    return normalise_text(value)


def _case_no_value(value: object) -> str:
    text = normalise_text(value)
    return "".join(text.split())


def _phone_value(value: object) -> str:
    return normalise_text(value).replace(" ", "")


def _plate_value(value: object) -> str:
    return "".join(normalise_text(value).split()).upper()


def _list_value(value: object) -> list[str]:
    return split_names(value)


def _scaled_amount(scale: Decimal) -> Callable[[object], Decimal | None]:
    def parse(value: object) -> Decimal | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            result = parse_amount(value)
            return None if result is None else (result * scale).quantize(Decimal("0.01"))
        if isinstance(value, str) and scale != 1:
            stripped = value.strip()
            if stripped.replace(",", "").replace(".", "", 1).isdigit():
                result = parse_amount(stripped)
                return None if result is None else (result * scale).quantize(Decimal("0.01"))
        return parse_amount(value)

    return parse


_PARSERS: dict[str, Callable[[object], object]] = {
    "text": _text_value,
    "case_no": _case_no_value,
    "date": parse_date,
    "amount": parse_amount,
    "phone": _phone_value,
    "plate": _plate_value,
    "names": split_names,
    "list": _list_value,
}


def _plan(mapping: Mapping) -> list[tuple[int, str, str, str, Callable[[object], object], bool]]:
    """(column index, letter, header, field, parser, multi) per mapped column."""
    plan = []
    for column in mapping.columns:
        spec = FIELD_BY_NAME[column.field]
        if spec.kind in ("case_type", "procedure", "party_type", "id_no"):
            parser: Callable[[object], object] = _text_value  # resolved together after the loop
        elif spec.kind == "amount":
            scale = amount_scale(column.header)
            parser = parse_amount if scale == 1 else _scaled_amount(scale)
        else:
            parser = _PARSERS[spec.kind]
        plan.append((column.index, column.letter, column.header, column.field, parser, spec.multi))
    return plan


def validate_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    mapping: Mapping,
    *,
    defaults: dict[str, Any] | None = None,
    stats: ImportStats | None = None,
    today: date | None = None,
) -> Iterator[RowResult]:
    """Validate data rows ``(row number, cells)`` against ``mapping``.

    Yields one ``RowResult`` per non-blank row (footer rows such as "合计" are
    skipped). A good record holds every mapped field (blank → ``None``; officers
    and penalty types → ``list[str]``; dates → ``date``; amounts → ``Decimal``;
    ``case_type``/``procedure``/``party_type`` → enums) plus ``case_type``,
    ``procedure`` and ``party_type`` always. ``defaults`` fill fields that are
    blank or not mapped (e.g. ``{"case_type": CaseType.PENALTY}``); without a
    case type a record falls back to 行政处罚 with a warning.
    """
    stats = stats if stats is not None else ImportStats()
    defaults = dict(defaults or {})
    today = today or date.today()
    plan = _plan(mapping)
    mapped = mapping.fields
    case_col = mapping.column_for("case_no")
    decision_from_case = case_col is not None and "decision_no" not in mapped and (
        "决定" in case_col.header or "文书" in case_col.header
    )
    seen_case_nos: dict[str, int] = {}
    record_fields = [s.name for s in FIELDS if s.name in mapped or s.name in defaults]
    where = {c.field: (c.letter, c.header) for c in reversed(mapping.columns)}
    # A payment deadline may lie ahead; any other date after today is a typo.
    date_fields = [n for n in record_fields if FIELD_BY_NAME[n].kind == "date" and n != "payment_due_date"]

    for number, cells in rows:
        record: dict[str, Any] = dict.fromkeys(record_fields)
        issues: list[RowIssue] = []
        warnings: list[RowIssue] = []
        raw: dict[str, object] = {}
        cols: dict[str, tuple[str, str]] = {}
        for index, letter, header, name, parser, multi in plan:
            value = cells[index] if index < len(cells) else None
            if value is None or value == "":
                continue
            try:
                parsed = parser(value)
            except ValueError as exc:
                issues.append(RowIssue(number, letter, header, name, value, str(exc)))
                continue
            if parsed is None or parsed == "" or parsed == []:
                continue
            if multi and record.get(name):
                if isinstance(parsed, list):
                    record[name] = list(dict.fromkeys([*record[name], *parsed]))
                continue  # identifiers: the first non-blank column wins
            record[name] = parsed
            raw[name] = value
            cols[name] = (letter, header)

        if all(_blank(v) for v in cells):
            continue
        if not record.get("case_no") and _is_footer(cells):
            stats.skipped_footer += 1
            continue
        stats.rows_read += 1
        stats.first_row = number if stats.first_row is None else stats.first_row
        stats.last_row = number

        issue = _IssueSink(number, issues, warnings, cols, where, raw)

        for name, value in defaults.items():
            if record.get(name) in (None, "", []):
                record[name] = value
        _resolve_kinds(record, raw, issue)
        _resolve_party(record, raw, issue)
        if decision_from_case and record.get("case_no") and not record.get("decision_no"):
            record["decision_no"] = record["case_no"]

        case_no = record.get("case_no")
        if not case_no:
            if not any(i.field == "case_no" for i in issues):
                issue("case_no", "案号为空")
        else:
            key = case_no_key(case_no)
            first = seen_case_nos.get(key)
            if first is not None:
                stats.duplicates += 1
                issue("case_no", f"案号“{case_no}”与第{first}行重复")
            else:
                seen_case_nos[key] = number
        for name in date_fields:
            value = record.get(name)
            if isinstance(value, date) and value > today:
                issue(name, f"日期 {value.isoformat()} 晚于今天，请核对", warn=True)

        if issues:
            stats.rejected += 1
            stats.issues += len(issues)
            for found in issues:
                stats.issue_counts[found.field] = stats.issue_counts.get(found.field, 0) + 1
            stats.warnings += len(warnings)
            yield RowResult(number, None, issues, warnings, cells)
        else:
            stats.valid += 1
            stats.warnings += len(warnings)
            yield RowResult(number, record, issues, warnings, cells)


def _is_footer(cells: Sequence[object]) -> bool:
    texts = [normalise_text(v) for v in cells if not _blank(v)]
    return len(texts) <= 3 and any(t.startswith(_FOOTER_WORDS) for t in texts)


@dataclass(slots=True)
class _IssueSink:
    """Adds row-level issues, naming the column the field came from."""

    number: int
    issues: list[RowIssue]
    warnings: list[RowIssue]
    cols: dict[str, tuple[str, str]]
    where: dict[str, tuple[str, str]]
    raw: dict[str, object]

    def __call__(self, name: str, reason: str, *, warn: bool = False) -> None:
        letter, header = self.cols.get(name) or self.where.get(name) or ("", FIELD_BY_NAME[name].label)
        target = self.warnings if warn else self.issues
        target.append(RowIssue(self.number, letter, header, name, self.raw.get(name), reason))


IssueFn = Callable[..., None]


def _resolve_kinds(record: dict[str, Any], raw: dict[str, object], issue: IssueFn) -> None:
    """case_type and procedure, possibly from one combined column ("处罚-简易")."""
    case_type: CaseType | None = None
    procedure: Procedure | None = None
    type_value = record.get("case_type")
    if isinstance(type_value, CaseType):
        case_type = type_value
    elif type_value:
        case_type, procedure = normalise_case_kind(type_value)
        if case_type is None:
            found_type = CaseType.from_label(str(type_value))
            if isinstance(found_type, CaseType):
                case_type = found_type
            else:
                issue("case_type", f"无法识别的案件类型“{_short(type_value)}”（可用：行政处罚、行政许可、行政强制）")
    proc_value = record.get("procedure")
    if isinstance(proc_value, Procedure):
        procedure = proc_value
    elif proc_value and proc_value not in ("-", "—", "/"):
        proc_type, proc = normalise_case_kind(proc_value)
        found = proc or Procedure.from_label(str(proc_value))
        if isinstance(found, Procedure):
            procedure = found
            if case_type is None and proc_type is not None and not type_value:
                case_type = proc_type
        else:
            issue("procedure", f"无法识别的办案程序“{_short(proc_value)}”（可用：普通程序（一般程序）、简易程序（当场处罚））")
    if case_type is None and not type_value:
        case_type = CaseType.PENALTY
        issue("case_type", "未提供案件类型，按行政处罚处理", warn=True)
    if case_type in (CaseType.LICENSING, CaseType.COERCION):
        if procedure in (Procedure.SIMPLE, Procedure.GENERAL):
            issue("procedure", f"{case_type.label}案件不区分普通程序和简易程序，已按“不区分”处理", warn=True)
        procedure = Procedure.NONE
    # A penalty without a stated procedure keeps None: the reviewer decides.
    record["case_type"] = case_type
    record["procedure"] = procedure


def _resolve_party(record: dict[str, Any], raw: dict[str, object], issue: IssueFn) -> None:
    """Validate the identifier and reconcile it with the stated party type."""
    stated: PartyType | None = None
    type_value = record.get("party_type")
    if isinstance(type_value, PartyType):
        stated = type_value
    elif type_value:
        try:
            stated = normalise_party_type(type_value)
        except ValueError as exc:
            issue("party_type", str(exc))
    id_value = record.get("party_id_no")
    inferred = PartyType.UNKNOWN
    if id_value:
        check = check_identifier(raw.get("party_id_no", id_value))
        record["party_id_no"] = check.normalised or None
        if check.reason is not None:
            issue("party_id_no", check.reason)
        inferred = check.party_type
    if stated is not None and inferred is not PartyType.UNKNOWN and stated is not inferred:
        issue("party_type", f"当事人类型为“{stated.label}”，但证件号码像是{inferred.label}的，请核对", warn=True)
    record["party_type"] = stated or inferred


# ------------------------------------------------------------------ rejects & report


def write_rejects_xlsx(
    rejected: Iterable[RowResult],
    path: str | Path,
    headers: Sequence[str],
    *,
    sheet_title: str = "未导入的行",
) -> int:
    """Write rejected rows, as read, to an .xlsx with the original columns (same
    letters as the source, so they can be fixed and re-imported) followed by
    "原行号" and "错误原因". Returns the number of rows written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    width = len(headers)
    sheet.append([*headers, "原行号", "错误原因"])
    count = 0
    for result in rejected:
        if result.ok:
            continue
        values = [_excel_safe(v) for v in list(result.values)[:width]]
        values += [None] * (width - len(values))
        reasons = "；".join(
            (f"{i.column_letter}列「{i.header}」：" if i.column_letter else "") + i.reason for i in result.issues
        )
        sheet.append([*values, result.row, reasons])
        count += 1
    workbook.save(str(path))
    return count


def _excel_safe(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool | date | datetime | Decimal):
        return value
    return str(value)


def format_report(
    stats: ImportStats,
    issues: Iterable[RowIssue],
    *,
    source: str | None = None,
    warnings: Iterable[RowIssue] = (),
    limit: int = 200,
) -> str:
    """A Chinese text report: totals, then one line per problem (at most ``limit``)."""
    lines: list[str] = []
    if source:
        lines.append(f"文件：{source}")
    lines.append(
        f"共读取 {stats.rows_read} 行数据，其中有效 {stats.valid} 行，有问题 {stats.rejected} 行"
        f"（{stats.issues} 处问题）" + (f"，提示 {stats.warnings} 条" if stats.warnings else "") + "。"
    )
    if stats.duplicates:
        lines.append(f"重复案号 {stats.duplicates} 处。")
    if stats.skipped_footer:
        lines.append(f"已跳过表尾的合计/说明行 {stats.skipped_footer} 行。")
    if stats.issue_counts:
        parts = [
            f"{FIELD_BY_NAME[f].label if f in FIELD_BY_NAME else f} {n} 处"
            for f, n in sorted(stats.issue_counts.items(), key=lambda kv: -kv[1])
        ]
        lines.append("问题分布：" + "，".join(parts) + "。")
    shown = 0
    issue_list = list(issues)
    if issue_list:
        lines.append("")
        lines.append("问题明细：")
        for found in issue_list:
            if shown >= limit:
                lines.append(f"……另有 {len(issue_list) - shown} 处问题未列出。")
                break
            lines.append("  " + found.describe())
            shown += 1
    warning_list = list(warnings)
    if warning_list:
        lines.append("")
        lines.append("提示（不影响导入）：")
        for index, found in enumerate(warning_list):
            if index >= limit:
                lines.append(f"……另有 {len(warning_list) - index} 条提示未列出。")
                break
            lines.append("  " + found.describe())
    return "\n".join(lines)


def column_of(index: int) -> str:
    """Re-exported for callers building their own issues."""
    return column_letter(index)
