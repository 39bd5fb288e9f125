"""Header mapping: which registry column holds which case field.

``FIELDS`` lists every case field the import knows (names are the database column
names), each with a Chinese label, a value kind and the header variants met in
platform exports. ``propose_mapping(headers)`` guesses a mapping with a confidence
per column; the user confirms it and may save it as a ``MappingProfile`` (JSON),
which ``MappingProfile.bind(headers)`` turns back into a ``Mapping`` for a file.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from casereview.errors import ValidationError

__all__ = [
    "FIELDS",
    "FIELD_BY_NAME",
    "ColumnMatch",
    "FieldSpec",
    "Mapping",
    "MappingProfile",
    "amount_scale",
    "column_letter",
    "match_header",
    "normalise_header",
    "propose_mapping",
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A case field the import can fill.

    ``kind`` selects the parser: text, case_no, date, amount, case_type, procedure,
    party_type, id_no, names (list of officers), list (penalty types), phone, plate.
    ``multi``: several columns may feed it (first non-blank wins, lists are joined).
    """

    name: str
    label: str
    kind: str
    variants: tuple[str, ...]
    required: bool = False
    multi: bool = False


def _f(name: str, label: str, kind: str, *variants: str, required: bool = False, multi: bool = False) -> FieldSpec:
    return FieldSpec(name, label, kind, (label, *variants), required, multi)


FIELDS: tuple[FieldSpec, ...] = (
    _f("case_no", "案号", "case_no", "案件编号", "案件号", "案卷号", "案卷编号", "案件文号", "立案编号", "立案号",
       "案件号码", "编号", "行政处罚案号", "执法案号", required=True),
    _f("decision_no", "决定书文号", "text", "处罚决定书文号", "决定书编号", "处罚决定书编号", "文书号",
       "文书编号", "决定文号", "处罚决定书号", "决定书号", "行政处罚决定书文号", "处罚文书号", "许可决定书文号",
       "决定书字号", "处罚决定文号"),
    _f("unit_name", "执法单位", "text", "办案单位", "执法机构", "承办单位", "执法部门", "办案机构", "执法主体",
       "处罚机关", "实施机关", "作出处罚决定的机关", "处罚单位", "主办单位", "承办部门", "办案部门", "所属单位",
       "执法队伍", "执法机关", "处罚机关名称", "实施主体", "办案机关", "行政机关", "执法主体名称", "决定机关",
       "作出决定机关"),
    _f("case_type", "案件类型", "case_type", "案件类别", "执法类别", "执法行为类别", "行为类别", "执法类型",
       "行政行为类型", "事项类别", "执法行为", "行政行为类别", "执法事项类型", "案件种类"),
    _f("procedure", "办案程序", "procedure", "程序", "适用程序", "程序类型", "处罚程序", "案件程序", "程序类别",
       "办理程序", "执法程序"),
    _f("case_source", "案件来源", "text", "案源", "来源", "线索来源", "案件线索来源"),
    _f("cause", "案由", "text", "违法行为", "违法行为名称", "案件名称", "违法案由", "违法行为类型", "案件案由",
       "主要违法行为", "违法类型", "事项名称", "许可事项"),
    _f("party_name", "当事人", "text", "当事人名称", "当事人姓名", "当事人姓名或名称", "当事人姓名(名称)",
       "被处罚人", "被处罚人名称", "被处罚人姓名", "相对人", "相对人名称", "行政相对人", "行政相对人名称",
       "管理相对人", "违法主体", "违法主体名称", "被检查人", "申请人", "申请人名称", "被处罚单位", "被处罚对象",
       "处罚对象", "当事人(单位)名称", "姓名或名称", "姓名/名称"),
    _f("party_type", "当事人类型", "party_type", "当事人类别", "相对人类型", "相对人类别", "主体类型",
       "行政相对人类别", "行政相对人类型", "被处罚人类型", "当事人性质", "主体类别", "对象类型"),
    _f("party_id_no", "证件号码", "id_no", "身份证号", "身份证号码", "公民身份号码", "统一社会信用代码",
       "社会信用代码", "信用代码", "当事人证件号码", "当事人证件号", "证件号", "相对人代码", "行政相对人代码",
       "证件号码(统一社会信用代码)", "统一社会信用代码/身份证号", "身份证号/统一社会信用代码",
       "当事人身份证号", "当事人统一社会信用代码", "组织机构代码", "营业执照号", "注册号", "证照号码",
       "相对人证件号码", "被处罚人证件号码", multi=True),
    _f("party_address", "当事人地址", "text", "地址", "住址", "住所", "住所地", "联系地址", "经营地址",
       "当事人住址", "当事人住所", "住所(地址)", "通讯地址", "送达地址", "家庭住址"),
    _f("party_phone", "联系电话", "phone", "电话", "手机号", "手机号码", "手机", "联系方式", "当事人电话",
       "当事人联系电话", "电话号码"),
    _f("vehicle_plate", "车牌号", "plate", "车牌号码", "号牌号码", "车辆号牌", "车牌", "车号", "车辆牌照号",
       "涉案车辆", "车辆牌照", "号牌", "车辆号码", "船名", "船舶名称"),
    _f("legal_basis", "处罚依据", "text", "法律依据", "执法依据", "依据", "处罚依据条款", "处罚的法律依据",
       "适用法律", "法律条款", "违反的法律条款", "违法依据", "违反条款", "决定依据"),
    _f("penalty_types", "处罚种类", "list", "处罚类型", "处罚类别", "处罚内容", "处罚结果", "处罚决定内容",
       "处罚决定", "处罚方式", "行政处罚种类", "处罚措施"),
    _f("fine_amount", "罚款金额", "amount", "罚款", "罚款数额", "处罚金额", "罚款额", "罚款金额(元)",
       "罚款(元)", "罚没金额", "罚没款", "罚款数", "罚款金额(万元)"),
    _f("confiscation_value", "没收金额", "amount", "没收违法所得", "没收违法所得金额", "没收财物价值",
       "没收非法财物价值", "没收价值", "违法所得", "没收违法所得(元)", "没收金额(元)", "没收款"),
    _f("officers", "执法人员", "names", "办案人员", "承办人", "办案人", "执法人员姓名", "承办人员", "主办人",
       "协办人", "主办人员", "协办人员", "经办人", "执法人", "承办人姓名", "主办执法人员", "协办执法人员",
       "执法人员1", "执法人员2", "办案人员1", "办案人员2", multi=True),
    _f("filing_date", "立案日期", "date", "立案时间", "立案", "立案审批日期", "立案批准日期"),
    _f("investigation_date", "调查日期", "date", "调查时间", "检查日期", "检查时间", "调查取证日期",
       "询问日期", "调查取证时间", "现场检查日期"),
    _f("notice_date", "告知日期", "date", "告知时间", "违法行为通知书日期", "处罚告知日期", "事先告知日期",
       "告知书送达日期", "违法行为通知书送达日期", "处罚事先告知日期", "告知书日期", "事先告知时间",
       "通知书送达日期"),
    _f("hearing_notified_date", "听证告知日期", "date", "听证通知日期", "听证通知书日期", "听证通知时间",
       "听证告知时间"),
    _f("hearing_held_date", "听证日期", "date", "听证时间", "举行听证日期", "听证举行日期", "召开听证会日期"),
    _f("legal_review_date", "法制审核日期", "date", "法制审核时间", "审核日期", "法制审核完成日期"),
    _f("collective_discussion_date", "集体讨论日期", "date", "集体讨论时间", "集体讨论决定日期",
       "重大案件集体讨论日期"),  # not bare "集体讨论": that column usually holds 是/否
    _f("decision_date", "处罚决定日期", "date", "决定日期", "作出决定日期", "决定时间", "处罚日期",
       "处罚决定时间", "作出处罚决定日期", "处罚决定书日期", "决定书日期", "作出处罚决定时间", "决定作出日期",
       "许可决定日期", "作出行政许可决定日期", "处罚决定作出日期", "决定书作出日期", "作出决定时间"),
    _f("service_date", "送达日期", "date", "送达时间", "决定书送达日期", "处罚决定送达日期",
       "处罚决定书送达日期", "决定送达日期"),
    _f("payment_due_date", "缴款期限", "date", "缴纳期限", "缴款截止日期", "履行期限", "应缴款日期",
       "罚款缴纳期限", "缴款期限日期", "应缴日期"),
    _f("paid_date", "缴款日期", "date", "缴纳日期", "缴款时间", "罚款缴纳日期", "履行日期", "缴纳罚款日期",
       "实际缴款日期", "缴纳时间", "罚款缴纳时间", "执行完毕日期", "履行完毕日期"),
    _f("closing_date", "结案日期", "date", "结案时间", "结案审批日期", "办结日期", "办结时间"),
    _f("archiving_date", "归档日期", "date", "归档时间", "立卷归档日期"),
    _f("publication_date", "公示日期", "date", "公示时间", "公开日期", "信息公示日期", "公开时间", "网上公示日期"),
    _f("violation_date", "违法日期", "date", "违法时间", "违法行为发生日期", "违法行为日期", "发生日期",
       "案发日期", "案发时间", "违法行为发生时间", "违法行为时间"),
    _f("discovery_date", "发现日期", "date", "发现时间", "检查发现日期", "受案日期", "受案时间", "案件受理日期",
       "线索发现日期", "接报日期"),
    _f("application_date", "申请日期", "date", "申请时间", "提出申请日期", "申请提交日期"),
    _f("acceptance_date", "受理日期", "date", "受理时间", "申请受理日期", "许可受理日期"),
    _f("province", "省份", "text", "省", "所属省份", "省(区、市)", "省(自治区、直辖市)", "省级行政区",
       "所在省份"),
    _f("domain", "执法领域", "text", "领域", "行业", "所属行业", "执法门类", "业务领域", "行业类别",
       "执法行业", "所属领域"),
)  # fmt: skip

FIELD_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}

# Header → decision_no when a column 案号 exists too; otherwise it serves as the case number.
_DECISION_FIELD = "decision_no"

_BRACKET_MAP = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "{": "(", "}": ")"})
_NOISE_RE = re.compile(r"[\s*:：?？!！#№]+|\(必填\)|\(选填\)|\(可选\)")
_PAREN_RE = re.compile(r"\([^()]*\)")


def normalise_header(text: object) -> str:
    """Comparable form of a header: NFKC (full-width → half-width), brackets unified
    to (), spaces, required-markers ``*`` and trailing colons removed, lower case."""
    if text is None:
        return ""
    raw = unicodedata.normalize("NFKC", str(text)).translate(_BRACKET_MAP)
    return _NOISE_RE.sub("", raw).lower()


def _strip_parens(text: str) -> str:
    return _PAREN_RE.sub("", text)


# Normalised variant → field name (first field listing the variant wins).
_EXACT: dict[str, str] = {}
_STRIPPED: dict[str, str] = {}
for _spec in FIELDS:
    for _variant in _spec.variants:
        _EXACT.setdefault(normalise_header(_variant), _spec.name)
        _STRIPPED.setdefault(_strip_parens(normalise_header(_variant)), _spec.name)
_VARIANTS_BY_LENGTH: list[tuple[str, str]] = sorted(
    ((v, f) for v, f in _STRIPPED.items() if len(v) >= 2), key=lambda item: -len(item[0])
)


# A header about another person ("法定代表人身份证号") must not be taken for the party's.
_OTHER_PERSON_WORDS = ("法定代表人", "法人代表", "负责人", "代理人", "委托", "审核人", "审批人", "批准人", "联系人")


def match_header(header: object, *, fuzzy: bool = True) -> tuple[str, float, str] | None:
    """Best field for one header: ``(field, confidence, matched_variant)`` or ``None``.

    1.0 exact variant, 0.9 equal once units in brackets are dropped ("罚款（元）"),
    0.7 a known variant contained in the header ("当事人名称（姓名）" ...), and, when
    ``fuzzy``, up to 0.6 for a close spelling (difflib ratio ≥ 0.8)."""
    norm = normalise_header(header)
    if not norm:
        return None
    if norm in _EXACT:
        return _EXACT[norm], 1.0, norm
    stripped = _strip_parens(norm) or norm
    if stripped in _STRIPPED:
        return _STRIPPED[stripped], 0.9, stripped
    if not any(word in stripped for word in _OTHER_PERSON_WORDS):
        for variant, name in _VARIANTS_BY_LENGTH:
            # Short variants (两字) only count when they make up most of the header.
            if variant in stripped and (len(variant) >= 3 or len(stripped) <= len(variant) + 1):
                return name, 0.7, variant
    if fuzzy and len(stripped) >= 3:
        close = difflib.get_close_matches(stripped, list(_STRIPPED), n=1, cutoff=0.8)
        if close:
            ratio = difflib.SequenceMatcher(None, stripped, close[0]).ratio()
            return _STRIPPED[close[0]], round(0.6 * ratio, 2), close[0]
    return None


def amount_scale(header: object) -> Decimal:
    """Multiplier for bare numbers in an amount column: 10000 when the header says 万元."""
    return Decimal(10_000) if "万元" in normalise_header(header) else Decimal(1)


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    index: int  # 0-based column index in the data rows
    header: str
    field: str
    confidence: float  # 1.0 exact … 0.5 guess; 1.0 for user-confirmed profiles

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        return FIELD_BY_NAME[self.field].label


@dataclass(slots=True)
class Mapping:
    """Columns of one file bound to fields. ``unmapped``: (index, header) ignored."""

    columns: list[ColumnMatch]
    unmapped: list[tuple[int, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns}

    @property
    def missing_required(self) -> list[str]:
        return [s.name for s in FIELDS if s.required and s.name not in self.fields]

    def column_for(self, field_name: str) -> ColumnMatch | None:
        return next((c for c in self.columns if c.field == field_name), None)

    def as_dict(self) -> dict[str, str]:
        """header → field, the form stored in a profile."""
        return {c.header: c.field for c in self.columns}

    def to_profile(self, name: str, *, sheet: str | None = None, header_row: int | None = None,
                   header_rows: int = 1) -> MappingProfile:
        return MappingProfile(name=name, columns=self.as_dict(), sheet=sheet, header_row=header_row,
                              header_rows=header_rows)

    def describe(self) -> list[str]:
        """Chinese lines for a confirmation screen or the CLI."""
        lines = [f"{c.letter}列「{c.header}」→ {c.label}（{c.field}，可信度 {c.confidence:.0%}）" for c in self.columns]
        lines += [f"{column_letter(i)}列「{h}」→ 未对应，导入时忽略" for i, h in self.unmapped if h]
        for name in self.missing_required:
            lines.append(f"缺少必需的列：{FIELD_BY_NAME[name].label}")
        return lines


def propose_mapping(headers: Sequence[object], *, fuzzy: bool = True, min_confidence: float = 0.45) -> Mapping:
    """Guess the field of each header. Each field takes one column (the most confident;
    ties go to the leftmost), except ``multi`` fields (identifiers, officers) which may
    take several. A decision-number column becomes the case number when no column
    names the case number itself."""
    texts = ["" if h is None else str(h).strip() for h in headers]
    candidates: list[tuple[float, int, str]] = []
    for index, text in enumerate(texts):
        found = match_header(text, fuzzy=fuzzy)
        if found is not None and found[1] >= min_confidence:
            candidates.append((found[1], index, found[0]))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    taken: dict[int, ColumnMatch] = {}
    used_fields: set[str] = set()
    for confidence, index, name in candidates:
        if name in used_fields and not FIELD_BY_NAME[name].multi:
            continue
        used_fields.add(name)
        taken[index] = ColumnMatch(index, texts[index], name, confidence)
    if "case_no" not in used_fields:
        decision = next((c for c in taken.values() if c.field == _DECISION_FIELD), None)
        if decision is not None:
            taken[decision.index] = ColumnMatch(decision.index, decision.header, "case_no", decision.confidence)
    columns = [taken[i] for i in sorted(taken)]
    unmapped = [(i, t) for i, t in enumerate(texts) if i not in taken and t]
    return Mapping(columns=columns, unmapped=unmapped, headers=texts)


def score_headers(headers: Sequence[object]) -> int:
    """How many distinct fields a row of cells names (cheap: no fuzzy matching).
    Used to find the header row below title rows."""
    found: set[str] = set()
    for header in headers:
        if header is None or not isinstance(header, str):
            continue
        match = match_header(header, fuzzy=False)
        if match is not None:
            found.add(match[0])
    return len(found)


@dataclass(slots=True)
class MappingProfile:
    """A saved, named mapping: header text → field. ``header_row`` is the 1-based
    Excel row of the first header row (``None``: detect), ``header_rows`` how many
    rows the header spans (2 for a group row above a sub-header row)."""

    name: str
    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None
    header_rows: int = 1
    version: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "header_rows": self.header_rows,
            "columns": dict(self.columns),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: object, *, source: str = "映射方案") -> MappingProfile:
        if not isinstance(data, dict):
            raise ValidationError(f"{source}格式错误：应为 JSON 对象", code="mapping_invalid", source=source)
        columns = data.get("columns")
        if not isinstance(columns, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise ValidationError(f"{source}格式错误：columns 应为“表头 → 字段”的对象", code="mapping_invalid",
                                  source=source)
        unknown = sorted(v for v in columns.values() if v not in FIELD_BY_NAME)
        if unknown:
            raise ValidationError(f"{source}中有未知字段：{'、'.join(unknown)}", code="mapping_unknown_field",
                                  source=source, fields=unknown)
        header_row = data.get("header_row")
        header_rows = data.get("header_rows", 1)
        if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
            raise ValidationError(f"{source}格式错误：header_row 应为正整数", code="mapping_invalid", source=source)
        if not isinstance(header_rows, int) or header_rows not in (1, 2):
            raise ValidationError(f"{source}格式错误：header_rows 应为 1 或 2", code="mapping_invalid", source=source)
        sheet = data.get("sheet")
        return cls(
            name=str(data.get("name") or ""),
            columns=dict(columns),
            sheet=sheet if isinstance(sheet, str) else None,
            header_row=header_row,
            header_rows=header_rows,
            version=int(data.get("version", 1)),
        )

    @classmethod
    def from_json(cls, text: str, *, source: str = "映射方案") -> MappingProfile:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{source}不是有效的 JSON：第{exc.lineno}行第{exc.colno}列 {exc.msg}",
                                  code="mapping_invalid", source=source) from exc
        return cls.from_dict(data, source=source)

    @classmethod
    def load(cls, path: str | Path) -> MappingProfile:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ValidationError(f"无法读取映射文件 {path}：{exc.strerror or exc}", code="mapping_unreadable",
                                  path=str(path)) from exc
        profile = cls.from_json(text, source=f"映射文件 {path.name}")
        if not profile.name:
            profile.name = path.stem
        return profile

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    def bind(self, headers: Sequence[object]) -> Mapping:
        """Apply the profile to a file's headers (compared in normalised form).
        Profile headers absent from the file are simply not used; check
        ``Mapping.missing_required`` and ``missing_headers()``."""
        wanted = {normalise_header(h): f for h, f in self.columns.items()}
        texts = ["" if h is None else str(h).strip() for h in headers]
        columns: list[ColumnMatch] = []
        unmapped: list[tuple[int, str]] = []
        used: set[str] = set()
        for index, text in enumerate(texts):
            name = wanted.get(normalise_header(text))
            if name is not None and (name not in used or FIELD_BY_NAME[name].multi):
                used.add(name)
                columns.append(ColumnMatch(index, text, name, 1.0))
            elif text:
                unmapped.append((index, text))
        return Mapping(columns=columns, unmapped=unmapped, headers=texts)

    def missing_headers(self, headers: Iterable[object]) -> list[str]:
        present = {normalise_header(h) for h in headers}
        return [h for h in self.columns if normalise_header(h) not in present]
