"""Row validation of a registry: typed records or per-cell Chinese reasons.

``validate_rows`` is a generator: the caller (the import service) consumes it
inside its transaction, inserting each good record as it comes, and stops at the
first rejected row for an all-or-nothing import, or collects the rejected rows
for ``write_rejects_xlsx``. Nothing here touches the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from casereview.domain.enums import CaseType, PartyType, Procedure
from casereview.errors import ValidationError
from casereview.intake.mapping import (
    FIELD_BY_NAME,
    FIELDS,
    Mapping,
    MappingProfile,
    amount_scale,
    column_letter,
    propose_mapping,
)
from casereview.intake.readers import (
    CSV_SHEET,
    CSV_SUFFIXES,
    HTML_SHEET,
    CellError,
    Table,
    list_sheets,
    open_table,
)
from casereview.intake.values import (
    CertValidity,
    _short,
    case_no_key,
    case_no_key_normalised,
    check_identifier,
    normalise_case_kind,
    normalise_party_type,
    normalise_text,
    parse_amount,
    parse_cert_valid_from,
    parse_cert_validity,
    parse_date,
    parse_officers,
    parse_officers_validity,
    split_names,
)

__all__ = [
    "FieldChange",
    "FieldLimits",
    "ImportStats",
    "RowIssue",
    "RowResult",
    "format_report",
    "open_registry",
    "record_diff",
    "validate_rows",
    "write_rejects_xlsx",
]

# Rows below the table that are not cases ("合计", "制表人：张三").
_FOOTER_WORDS = ("合计", "总计", "小计", "制表", "填表", "审核人", "备注", "说明", "注：", "注:")


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One problem in one row: an error (the row is rejected) or, with ``warning``, a
    remark that does not block the import. The one type from validation to report."""

    row: int  # 1-based row number as shown in Excel
    column_letter: str  # "" when the issue concerns the whole row
    header: str
    field: str
    value: object
    reason: str
    warning: bool = False
    case_no: str = ""  # the row's case number, when it has one

    @property
    def column(self) -> str:
        return self.column_letter

    def describe(self) -> str:
        where = f"第{self.row}行"
        if self.column_letter:
            where += f" {self.column_letter}列"
        if self.header:
            where += f"「{self.header}」"
        if self.case_no and self.field != "case_no":
            where += f"（案号 {self.case_no}）"
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
    notes: list[str] = field(default_factory=list)  # file-level remarks (Chinese)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_is_nfkc = unicodedata.is_normalized
_nfkc = unicodedata.normalize


def _text_value(value: object) -> str | None:
    """Trimmed NFKC text; blank → None. The str fast path matters: most cells are text."""
    if value.__class__ is str:
        text: str = value.strip()  # type: ignore[attr-defined]
        if not _is_nfkc("NFKC", text):
            text = _nfkc("NFKC", text).strip()
        return text or None
    return normalise_text(value) or None


def _keep(value: object) -> object:
    return value


def _case_no_value(value: object) -> str | None:
    return "".join(normalise_text(value).split()) or None


def _phone_value(value: object) -> str | None:
    return normalise_text(value).replace(" ", "") or None


def _plate_value(value: object) -> str | None:
    return "".join(normalise_text(value).split()).upper() or None


def _list_value(value: object) -> list[str] | None:
    return split_names(value) or None


_MEMO_LIMIT = 4096  # distinct cell texts remembered per column and import


def _officers_value(value: object) -> list[tuple[Any, ...]] | None:
    return officer_entries(value) or None


_DATE_IN_TEXT_RE = re.compile(r"\d{4}\s*[-/.年]")


def officer_entries(value: object) -> list[tuple[Any, ...]]:
    """``parse_officers`` with the validity some platforms write inside the brackets:
    (name, cert) or (name, cert, valid from, valid to)."""
    officers = parse_officers(value)
    inline = (parse_officers_validity(value, officers)
              if isinstance(value, str) and _DATE_IN_TEXT_RE.search(value) is not None else {})
    return [(name, cert, *inline[name]) if name in inline else (name, cert) for name, cert in officers]


def _validity_value(value: object) -> list[CertValidity] | None:
    return parse_cert_validity(value) or None


def _valid_from_value(value: object) -> list[CertValidity] | None:
    return parse_cert_valid_from(value) or None


def _memo_list_value(split: Callable[[object], list[Any]] = split_names) -> Callable[[object], list[Any] | None]:
    """``split`` remembering each text of one import's column (officer lists
    repeat a few combinations); every call returns a fresh list."""
    cache: dict[str, tuple[Any, ...]] = {}

    def parse(value: object) -> list[Any] | None:
        if value.__class__ is not str:
            return split(value) or None
        found = cache.get(value)  # type: ignore[call-overload]
        if found is None:
            found = tuple(split(value))
            if len(cache) < _MEMO_LIMIT:
                cache[value] = found  # type: ignore[index]
        return list(found) or None

    return parse


def _memo_amount(parser: Callable[[object], Decimal | None]) -> Callable[[object], Decimal | None]:
    """``parser`` remembering the amounts of one import's column (fines repeat a few
    values). Only ``float`` and ``str`` cells, which never compare equal to each other;
    a rejected value is parsed (and rejected) again each time."""
    cache: dict[object, Decimal | None] = {}

    def parse(value: object) -> Decimal | None:
        cls = value.__class__
        if cls is not float and cls is not str:
            return parser(value)
        try:
            return cache[value]
        except KeyError:
            pass
        result = parser(value)
        if len(cache) < _MEMO_LIMIT:
            cache[value] = result
        return result

    return parse


def _scaled_amount(scale: Decimal) -> Callable[[object], Decimal | None]:
    """Amounts in a column headed 万元: bare numbers are multiplied, "5000元" is not."""

    def parse(value: object) -> Decimal | None:
        bare = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(value, str):
            stripped = value.strip().replace(",", "")
            bare = stripped.replace(".", "", 1).isdigit()
        result = parse_amount(value)
        if result is None or not bare:
            return result
        return (result * scale).quantize(Decimal("0.01"))

    return parse


_PARSERS: dict[str, Callable[[object], object]] = {
    "text": _text_value,
    "case_no": _case_no_value,
    "date": parse_date,
    "amount": parse_amount,
    "phone": _phone_value,
    "plate": _plate_value,
    "names": _officers_value,
    "certs": _list_value,
    "validity": _validity_value,
    "validity_from": _valid_from_value,
    "list": _list_value,
    # Resolved per row after all columns are read (they depend on each other):
    "case_type": _text_value,
    "procedure": _text_value,
    "party_type": _text_value,
    "id_no": _keep,  # raw, so a float that lost digits is still recognised
}

_Step = tuple[int, str, str, str, Callable[[object], object]]


def _plan(mapping: Mapping) -> tuple[list[_Step], list[_Step]]:
    """(column index, letter, header, field, parser) for single and multi-column fields."""
    single: list[_Step] = []
    multi: list[_Step] = []
    for column in mapping.columns:
        spec = FIELD_BY_NAME[column.field]
        parser = _PARSERS[spec.kind]
        if parser is _list_value:
            parser = _memo_list_value()
        elif parser is _officers_value:
            parser = _memo_list_value(officer_entries)
        elif parser is _validity_value:
            parser = _memo_list_value(parse_cert_validity)
        elif parser is _valid_from_value:
            parser = _memo_list_value(parse_cert_valid_from)
        if spec.kind == "amount":
            scale = amount_scale(column.header)
            parser = _memo_amount(parse_amount if scale == 1 else _scaled_amount(scale))
        (multi if spec.multi else single).append((column.index, column.letter, column.header, column.field, parser))
    return single, multi


def validate_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    mapping: Mapping,
    *,
    defaults: dict[str, Any] | None = None,
    stats: ImportStats | None = None,
    today: date | None = None,
    limits: FieldLimits | None = None,
) -> Iterator[RowResult]:
    """Validate data rows ``(row number, cells)`` against ``mapping``.

    ``limits`` (the storage schema's column lengths and amount range) are checked here,
    so a value too long for its column is the same row-and-column message on SQLite and
    PostgreSQL instead of a database error on one of them. Invisible control characters
    (NUL …) are removed from text, with a warning naming the cell.

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
    single, multi = _plan(mapping)
    # Plain text and date columns are most of a registry: handled inline below
    # (their common cell types need no parser call); the rest go through parsers.
    text_cols = [(i, n) for i, _l, _h, n, p in single if p is _text_value]
    # Text dates repeat (a few hundred days): each column remembers the ones it parsed.
    date_cols: list[tuple[int, str, str, str, dict[object, date]]] = [
        (i, lt, h, n, {}) for i, lt, h, n, p in single if p is parse_date
    ]
    single = [step for step in single if step[4] is not _text_value and step[4] is not parse_date]
    mapped = mapping.fields
    case_col = mapping.column_for("case_no")
    decision_from_case = case_col is not None and "decision_no" not in mapped and (
        "决定" in case_col.header or "文书" in case_col.header
    )
    seen_case_nos: dict[str, int] = {}
    party_types: dict[str, PartyType | None] = {}  # stated party type text → type, for this import
    names_by_id: dict[str, tuple[str, int]] = {}  # identity number → (party name, first row), for this import
    record_fields = [s.name for s in FIELDS if s.name in mapped or s.name in defaults]
    text_names = [n for n in record_fields if FIELD_BY_NAME[n].kind in ("text", "case_no", "phone", "plate")]
    for name in ("case_type", "procedure", "party_type"):
        if name not in record_fields:
            record_fields.append(name)
    where = {c.field: (c.letter, c.header) for c in reversed(mapping.columns)}
    # A payment deadline may lie ahead; any other date after today is a typo.
    date_fields = [n for n in record_fields if FIELD_BY_NAME[n].kind == "date" and n != "payment_due_date"]
    if "case_type" not in mapped and "case_type" not in defaults:
        defaults["case_type"] = CaseType.PENALTY
        stats.notes.append("登记表中没有案件类型列，全部按行政处罚处理")
    width = max((c.index for c in mapping.columns), default=-1) + 1
    pad: list[object] = [None] * width

    by_index = {c.index: c for c in mapping.columns}
    for number, cells in rows:
        if len(cells) < width:
            cells = [*cells, *pad[len(cells):]]
        record: dict[str, Any] = dict.fromkeys(record_fields)
        issues: list[RowIssue] = []
        if CellError in map(type, cells):  # rare: a formula error calamine would give as blank
            cells = _formula_errors(number, cells, by_index, issues)
        warnings: list[RowIssue] = []
        cols: dict[str, tuple[str, str]] = {}
        filled = 0
        for index, name in text_cols:
            value = cells[index]
            if value.__class__ is str:
                if value:
                    text = value.strip()  # type: ignore[attr-defined]
                    if not _is_nfkc("NFKC", text):
                        text = _nfkc("NFKC", text).strip()
                    record[name] = text or None
                    filled += 1
            elif value is not None:
                record[name] = normalise_text(value) or None
                filled += 1
        for index, letter, header, name, parsed_dates in date_cols:
            value = cells[index]
            if value.__class__ is date:
                record[name] = value
                filled += 1
            elif value is not None and value != "":
                filled += 1
                if value.__class__ is str:
                    day = parsed_dates.get(value)
                    if day is not None:
                        record[name] = day
                        continue
                try:
                    day = parse_date(value)
                except ValueError as exc:
                    issues.append(RowIssue(number, letter, header, name, value, str(exc)))
                    continue
                record[name] = day
                if day is not None and value.__class__ is str and len(parsed_dates) < _MEMO_LIMIT:
                    parsed_dates[value] = day
        for index, letter, header, name, parser in single:
            value = cells[index]
            if value is None or value == "":
                continue
            try:
                record[name] = parser(value)
            except ValueError as exc:
                issues.append(RowIssue(number, letter, header, name, value, str(exc)))
            filled += 1
        for index, letter, header, name, parser in multi:
            value = cells[index]
            if value is None or value == "":
                continue
            try:
                parsed = parser(value)
            except ValueError as exc:
                issues.append(RowIssue(number, letter, header, name, value, str(exc)))
                continue
            filled += 1
            if parsed is None or (isinstance(parsed, str) and not parsed.strip()):
                continue
            current = record.get(name)
            if current and isinstance(parsed, list):
                record[name] = list(dict.fromkeys([*current, *parsed]))
            elif not current:  # identifiers: the first non-blank column wins
                record[name] = parsed
                cols[name] = (letter, header)

        if not filled and not issues and all(_blank(v) for v in cells):
            continue
        case_no = record.get("case_no")
        if (not case_no or str(case_no).startswith(_FOOTER_WORDS)) and _is_footer(cells):
            stats.skipped_footer += 1
            continue
        stats.rows_read += 1
        if stats.first_row is None:
            stats.first_row = number
        stats.last_row = number

        issue = _IssueSink(number, issues, warnings, cols, where, record)
        for name, value in defaults.items():
            if record.get(name) in (None, "", []):
                record[name] = value
        _resolve_kinds(record, issue)
        _resolve_party(record, issue, party_types)
        id_no, party = record.get("party_id_no"), record.get("party_name")
        if id_no and party:
            first_seen = names_by_id.setdefault(id_no, (party, number))
            if first_seen[0] != party:
                issue("party_id_no", f"证件号码与第{first_seen[1]}行相同，但当事人不同（“{first_seen[0]}”与“{party}”），请核对",
                      warn=True)
        if "officers" in record or "officer_certs" in record or "officer_cert_validity" in record \
                or "officer_cert_valid_from" in record:
            _resolve_officers(record, issue)
        if decision_from_case and record.get("case_no") and not record.get("decision_no"):
            record["decision_no"] = record["case_no"]

        case_no = record.get("case_no")
        if not case_no:
            if not any(i.field == "case_no" for i in issues):
                issue("case_no", "案号为空")
        else:
            # The case-number parser already NFKC-normalised it (a default may not have).
            key = (case_no_key_normalised(case_no) if case_no.__class__ is str and _is_nfkc("NFKC", case_no)
                   else case_no_key(case_no))
            first = seen_case_nos.get(key)
            if first is not None:
                stats.duplicates += 1
                issue("case_no", f"案号“{case_no}”与第{first}行重复")
            else:
                seen_case_nos[key] = number
        for name in date_fields:
            value = record[name]
            if value is not None and value.__class__ is date and value > today:
                issue(name, f"日期 {value.isoformat()} 晚于今天，请核对", warn=True)
        for name in text_names:
            value = record[name]
            if value.__class__ is str and not value.isprintable():  # C-fast; rare: newlines, controls
                cleaned = _CONTROL_RE.sub("", value)
                if cleaned != value:
                    record[name] = cleaned or None
                    issue(name, "含不可见的控制字符（如 NUL），已删除", warn=True)
        if limits is not None:
            _check_limits(record, limits, issue)

        stats.warnings += len(warnings)
        if case_no and (issues or warnings):
            issues = [replace(i, case_no=str(case_no)) for i in issues]
            warnings = [replace(w, case_no=str(case_no)) for w in warnings]
        if issues:
            stats.rejected += 1
            stats.issues += len(issues)
            for found in issues:
                stats.issue_counts[found.field] = stats.issue_counts.get(found.field, 0) + 1
            yield RowResult(number, None, issues, warnings, cells)
        else:
            stats.valid += 1
            yield RowResult(number, record, issues, warnings, cells)


def _formula_errors(number: int, cells: Sequence[object], columns: dict[int, Any],
                    issues: list[RowIssue]) -> list[object]:
    """An issue naming row and column for each mapped cell holding a formula error; the
    cells come back with those values blank so nothing else reads "#DIV/0!" as data."""
    out = list(cells)
    for index, value in enumerate(cells):
        if type(value) is CellError:
            out[index] = None
            column = columns.get(index)
            if column is not None:
                issues.append(RowIssue(number, column.letter, column.header, column.field, str(value),
                                       f"单元格是公式错误 {value}（公式算不出结果），不能当作空白导入；"
                                       "请在 Excel 中更正公式或填入数值后重新导出"))
    return out


MAX_OFFICERS = 50  # officers listed for one case; more is a mapping mistake, not a case
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class FieldLimits:
    """What the storage schema can hold: text length per field (stored form, lists joined
    with 、), the officer name and certificate length, and the largest amount."""

    lengths: dict[str, int]
    officer_name: int = 60
    officer_cert: int = 60
    max_amount: Decimal = Decimal("999999999999.99")


def _check_limits(record: dict[str, Any], limits: FieldLimits, issue: IssueFn) -> None:
    for name, limit in limits.lengths.items():
        value = record.get(name)
        if value is None:
            continue
        text = "、".join(value) if isinstance(value, list) else value if isinstance(value, str) else None
        if text is not None and len(text) > limit:
            issue(name, f"内容过长：{len(text)} 个字符，最多 {limit} 个")
    for name in ("fine_amount", "confiscation_value"):
        amount = record.get(name)
        if isinstance(amount, Decimal) and not (-limits.max_amount <= amount <= limits.max_amount):
            issue(name, f"金额 {amount:.2E} 超出可保存的范围（最大 {limits.max_amount:,.2f} 元）")
    officers = record.get("officers") or ()
    if len(officers) > MAX_OFFICERS:
        issue("officers", f"执法人员 {len(officers)} 人，超过每案 {MAX_OFFICERS} 人的限制（可能是列对应错误）")
    for officer in officers:
        if len(officer) > limits.officer_name:
            issue("officers", f"执法人员姓名过长：{len(officer)} 个字符，最多 {limits.officer_name} 个")
            break
    for cert in (record.get("officer_certs") or {}).values():
        if len(cert) > limits.officer_cert:
            issue("officer_certs", f"执法证号过长：{len(cert)} 个字符，最多 {limits.officer_cert} 个")
            break


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
    record: dict[str, Any]

    def __call__(self, name: str, reason: str, *, warn: bool = False) -> None:
        letter, header = self.cols.get(name) or self.where.get(name) or ("", FIELD_BY_NAME[name].label)
        target = self.warnings if warn else self.issues
        target.append(RowIssue(self.number, letter, header, name, self.record.get(name), reason, warn))


IssueFn = Callable[..., None]


_KindIssue = tuple[str, str, bool]  # (field, reason, warning?)


def _resolve_kinds(record: dict[str, Any], issue: IssueFn) -> None:
    """case_type and procedure, possibly from one combined column ("处罚-简易")."""
    case_type, procedure, found = _kinds(record.get("case_type"), record.get("procedure"))
    for name, reason, warn in found:
        issue(name, reason, warn=warn)
    record["case_type"] = case_type
    record["procedure"] = procedure


@lru_cache(maxsize=1024)  # a registry repeats a handful of (type, procedure) pairs
def _kinds(type_value: object, proc_value: object) -> tuple[CaseType | None, Procedure | None, tuple[_KindIssue, ...]]:
    found: list[_KindIssue] = []
    case_type: CaseType | None = None
    procedure: Procedure | None = None
    if isinstance(type_value, CaseType):
        case_type = type_value
    elif type_value:
        case_type, procedure = normalise_case_kind(type_value)
        if case_type is None:
            found_type = CaseType.from_label(str(type_value))
            if isinstance(found_type, CaseType):
                case_type = found_type
            else:
                found.append(("case_type", f"无法识别的案件类型“{_short(type_value)}”（可用：行政处罚、行政许可、行政强制）",
                              False))
    if isinstance(proc_value, Procedure):
        procedure = proc_value
    elif proc_value and proc_value not in ("-", "—", "/"):
        proc_type, proc = normalise_case_kind(proc_value)
        from_label = proc or Procedure.from_label(str(proc_value))
        if isinstance(from_label, Procedure):
            procedure = from_label
            if case_type is None and proc_type is not None and not type_value:
                case_type = proc_type
        else:
            found.append(("procedure", f"无法识别的办案程序“{_short(proc_value)}”（可用：普通程序（一般程序）、简易程序（当场处罚））",
                          False))
    if case_type is None and not type_value:
        case_type = CaseType.PENALTY
        found.append(("case_type", "案件类型为空，按行政处罚处理", True))
    if case_type in (CaseType.LICENSING, CaseType.COERCION):
        if procedure in (Procedure.SIMPLE, Procedure.GENERAL):
            found.append(("procedure", f"{case_type.label}案件不区分普通程序和简易程序，已按“不区分”处理", True))
        procedure = Procedure.NONE
    # A penalty without a stated procedure keeps None: the reviewer decides.
    return case_type, procedure, tuple(found)


def _resolve_party(record: dict[str, Any], issue: IssueFn, memo: dict[str, PartyType | None]) -> None:
    """Validate the identifier and reconcile it with the stated party type (``memo``:
    stated texts already recognised in this import)."""
    stated: PartyType | None = None
    type_value = record.get("party_type")
    if isinstance(type_value, PartyType):
        stated = type_value
    elif type_value:
        if type_value.__class__ is str and type_value in memo:
            stated = memo[type_value]
        else:
            try:
                stated = normalise_party_type(type_value)
            except ValueError as exc:
                issue("party_type", str(exc))
            else:
                if type_value.__class__ is str and len(memo) < _MEMO_LIMIT:
                    memo[type_value] = stated
    id_value = record.get("party_id_no")
    inferred = PartyType.UNKNOWN
    if id_value:
        check = check_identifier(id_value)
        record["party_id_no"] = check.normalised or None
        if check.reason is not None:
            issue("party_id_no", check.reason)
        inferred = check.party_type
    if stated is not None and inferred is not PartyType.UNKNOWN and stated is not inferred:
        issue("party_type", f"当事人类型为“{stated.label}”，但证件号码像是{inferred.label}的，请核对", warn=True)
    record["party_type"] = stated or inferred


def _resolve_officers(record: dict[str, Any], issue: IssueFn) -> None:
    """``officers`` ([(name, cert)] from the officer columns) and ``officer_certs`` (a column
    of certificate numbers in the same order) become ``officers`` (names) and
    ``officer_certs`` ({name: cert}), so a certificate never ends up inside a name."""
    entries: list[tuple[Any, ...]] = record.get("officers") or []
    inline: dict[str, tuple[date | None, date | None]] | None = None
    parsed: list[tuple[str, str | None]]
    if any(len(e) == 4 for e in entries):  # validity written inside the brackets (rare)
        inline = {e[0]: (e[2], e[3]) for e in entries if len(e) == 4}
        parsed = list(dict.fromkeys((e[0], e[1]) for e in entries))
    else:
        parsed = entries  # type: ignore[assignment]
    column: list[str] = record.pop("officer_certs", None) or []
    certs = {name: cert for name, cert in parsed if cert}
    without = [name for name, cert in parsed if not cert]
    if column:
        if len(column) != len(parsed) and len(column) != len(without):
            issue("officer_certs", f"执法证号有 {len(column)} 个，执法人员有 {len(parsed)} 人，无法一一对应，请核对",
                  warn=True)
        targets = [name for name, _c in parsed] if len(column) == len(parsed) else without
        for name, cert in zip(targets, column, strict=False):
            certs.setdefault(name, cert)
    record["officers"] = [name for name, _cert in parsed]
    record["officer_certs"] = certs
    validity: list[CertValidity] = record.pop("officer_cert_validity", None) or []
    starts: list[CertValidity] = record.pop("officer_cert_valid_from", None) or []
    if not validity and not starts and not inline:
        return
    if starts and not validity:
        validity = starts
    elif starts:
        if len(starts) == len(validity):
            validity = [(n or sn, s or a, b) for (n, a, b), (sn, s, _e) in zip(validity, starts, strict=True)]
        else:
            issue("officer_cert_valid_from", f"执法证有效期起有 {len(starts)} 个，有效期止有 {len(validity)} 个，"
                  "无法一一对应，未导入起始日期，请核对", warn=True)
    for _n, start, end in validity:
        if start is not None and end is not None and end < start:
            issue("officer_cert_validity", f"执法证有效期截止 {end.isoformat()} 早于起始 {start.isoformat()}")
            return
    periods = _officer_validity(record["officers"], validity, issue) if validity else {}
    for name, period in (inline or {}).items():  # written in the officer list's brackets
        periods.setdefault(name, period)
    if periods:
        record["officer_cert_validity"] = periods


def _officer_validity(names: list[str], validity: list[CertValidity],
                      issue: IssueFn) -> dict[str, tuple[date | None, date | None]]:
    """{officer name: (valid from, valid to)}: by the names written in the validity cell,
    else in the officer column's order; a count that does not match is a warning and
    nothing is stored (a wrong pairing would turn a gap into a false veto)."""
    periods: dict[str, tuple[date | None, date | None]] = {}
    named = [(n, a, b) for n, a, b in validity if n]
    if named:
        for name, start, end in named:
            if name in names:
                periods[name] = (start, end)
            else:
                issue("officer_cert_validity", f"执法证有效期写的是“{name}”，执法人员中没有此人，请核对", warn=True)
        return periods
    if len(validity) != len(names):
        who = f"执法人员有 {len(names)} 人" if names else "没有执法人员"
        issue("officer_cert_validity", f"执法证有效期有 {len(validity)} 个，{who}，无法一一对应，未导入有效期，请核对",
              warn=True)
        return periods
    for name, (_n, start, end) in zip(names, validity, strict=True):
        if start is not None or end is not None:
            periods[name] = (start, end)
    return periods


# ------------------------------------------------------------------- one-call opening


def open_registry(
    path: str | Path,
    *,
    profile: MappingProfile | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    header_rows: int | None = None,
    require: bool = True,
) -> tuple[Table, Mapping]:
    """Open a registry and map its columns, with a saved ``profile`` (bound by header
    text, the rest mapped automatically unless the profile says ``auto: false``) or by
    ``propose_mapping``. ``header_row``/``header_rows`` given here are obeyed; a
    profile's header row is only a hint: when its texts do not match the profile
    there, the header is found by its texts (the platform's .csv has no title rows).
    With ``require``, a mapping without a case-number column is a ``ValidationError``."""
    path = Path(path)
    wanted = sheet or (profile.sheet if profile else None)
    if (wanted is not None and path.suffix.lower() not in CSV_SUFFIXES and sheet is None
            and wanted not in list_sheets(path)):
        wanted = None  # the profile's sheet name is not in this export: use the first sheet
    if wanted in (CSV_SHEET, HTML_SHEET):
        wanted = None
    known = profile.known_headers if profile else frozenset()
    if header_row is not None:
        table = open_table(path, sheet=wanted, header_row=header_row, header_rows=header_rows, known=known)
    elif profile is not None and profile.header_row is not None:
        table = open_table(path, sheet=wanted, header_row=profile.header_row, header_rows=profile.header_rows,
                           known=known)
        if not profile.matched_headers(table.headers):
            table = open_table(path, sheet=wanted, known=known)
    else:
        table = open_table(path, sheet=wanted, known=known)
    mapping = profile.bind(table.headers) if profile else propose_mapping(table.headers)
    if require and mapping.missing_required:
        raise missing_columns_error(path, table, mapping)
    return table, mapping


def missing_columns_error(path: Path, table: Table, mapping: Mapping) -> ValidationError:
    labels = "、".join(FIELD_BY_NAME[f].label for f in mapping.missing_required)
    where = f"第{table.header_row}行" + (f"（工作表“{table.sheet}”）" if table.sheet not in (CSV_SHEET, HTML_SHEET) else "")
    shown = "、".join(f"「{h}」" for h in table.headers if h)[:300] or "（空）"
    return ValidationError(
        f"文件 {path.name} 的表头{where}中找不到{labels}列（表头为：{shown}）；请确认表头行（--header-row），"
        "或在映射方案中指定哪一列是" + labels + "（见 docs/mapping-profiles.md）",
        code="mapping_missing_required", path=str(path), fields=mapping.missing_required,
        header_row=table.header_row,
    )


# ---------------------------------------------------------------------- field diffs


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: object
    new: object

    @property
    def label(self) -> str:
        spec = FIELD_BY_NAME.get(self.field)
        return spec.label if spec else self.field

    @property
    def old_text(self) -> str:
        return display_value(self.field, self.old)

    @property
    def new_text(self) -> str:
        return display_value(self.field, self.new)

    def describe(self) -> str:
        return f"{self.label}：{self.old_text} → {self.new_text}"


_ENUM_KINDS: dict[str, type[CaseType] | type[Procedure] | type[PartyType]] = {
    "case_type": CaseType, "procedure": Procedure, "party_type": PartyType,
}


def display_value(name: str, value: object) -> str:
    """A field value as the user reads it: enum codes as their label, lists joined with 、,
    amounts with two decimals, blank as （空）."""
    if value is None or value == "" or value == [] or value == ():
        return "（空）"
    kind = _ENUM_KINDS.get(name)
    if kind is not None and isinstance(value, str):
        try:
            value = kind(value)
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, float) and FIELD_BY_NAME.get(name) is not None and FIELD_BY_NAME[name].kind == "amount":
        return f"{value:,.2f}"
    label = getattr(value, "label", None)
    return str(label) if isinstance(label, str) else str(value)


def _comparable(value: object) -> object:
    if value is None or value == "" or value == [] or value == () or value == {}:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    if isinstance(value, str):
        return value.strip()
    value_attr = getattr(value, "value", None)  # enums compare by their stored code
    return value_attr if isinstance(value_attr, str) else value


def record_diff(existing: dict[str, Any], new: dict[str, Any], *, clear_blanks: bool = False) -> list[FieldChange]:
    """What updating a stored case with a validated record would change, field by
    field (for the "update existing cases" choice and the dry run). Blank values in
    the file leave stored values alone unless ``clear_blanks``. Enums, dates,
    Decimal/float amounts and lists compare by value, so re-importing the same
    file yields no changes."""
    changes: list[FieldChange] = []
    for name, value in new.items():
        if name == "case_no":
            continue
        if _comparable(value) is None and not clear_blanks:
            continue
        old = existing.get(name)
        if _comparable(old) != _comparable(value):
            changes.append(FieldChange(name, old, value))
    return changes


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
    sheet.append([*(_excel_safe(sheet, h) for h in headers), "原行号", "错误原因"])
    count = 0
    for result in rejected:
        if result.ok:
            continue
        values = [_excel_safe(sheet, v) for v in list(result.values)[:width]]
        values += [None] * (width - len(values))
        reasons = "；".join(
            (f"{i.column_letter}列「{i.header}」：" if i.column_letter else "") + i.reason for i in result.issues
        )
        sheet.append([*values, result.row, _excel_safe(sheet, reasons)])
        count += 1
    workbook.save(str(path))
    return count


def _excel_safe(sheet: object, value: object) -> object:
    """A cell value as read, written as text when it is text (never as a live formula, no control characters)."""
    from casereview.exports.xlsx_safe import safe_value

    if value is None or isinstance(value, int | float | bool | date | datetime | Decimal):
        return value
    return safe_value(sheet, _CONTROL_RE.sub("", str(value)))  # XML refuses NUL and most controls


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
    lines.extend(stats.notes)
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
