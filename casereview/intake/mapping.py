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
    "DoubtfulColumn",
    "FieldSpec",
    "Mapping",
    "MappingProfile",
    "amount_scale",
    "column_letter",
    "match_header",
    "normalise_header",
    "propose_mapping",
    "resolve_field",
    "valid_fields_text",
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A case field the import can fill.

    ``kind`` selects the parser: text, case_no, date, amount, case_type, procedure,
    party_type, id_no, names (officers, with certificate numbers when written
    alongside), certs (certificate numbers), list (penalty types), phone, plate.
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
       "处罚对象", "当事人(单位)名称", "姓名或名称", "姓名/名称", "违法行为人", "违法行为人名称",
       "违法行为人姓名", "违法行为人姓名或名称", "违法当事人", "违法嫌疑人", "行政管理相对人", "被处罚人姓名或名称",
       "处罚对象名称", "受处罚人", "行政处罚相对人", "相对人姓名或名称"),
    _f("party_type", "当事人类型", "party_type", "当事人类别", "相对人类型", "相对人类别", "主体类型",
       "行政相对人类别", "行政相对人类型", "被处罚人类型", "当事人性质", "主体类别", "对象类型",
       "违法行为人类型", "违法行为人类别", "处罚对象类型", "处罚对象类别", "相对人性质"),
    _f("party_id_no", "证件号码", "id_no", "身份证号", "身份证号码", "公民身份号码", "统一社会信用代码",
       "社会信用代码", "信用代码", "当事人证件号码", "当事人证件号", "证件号", "相对人代码", "行政相对人代码",
       "证件号码(统一社会信用代码)", "统一社会信用代码/身份证号", "身份证号/统一社会信用代码",
       "当事人身份证号", "当事人统一社会信用代码", "组织机构代码", "营业执照号", "注册号", "证照号码",
       "相对人证件号码", "被处罚人证件号码", "违法行为人证件号码", "违法行为人证件号", "违法行为人身份证号",
       "违法行为人统一社会信用代码", "行政相对人证件号码", "处罚对象证件号码", "证件号码/统一社会信用代码",
       "相对人代码/证件号", multi=True),
    _f("party_address", "当事人地址", "text", "地址", "住址", "住所", "住所地", "联系地址", "经营地址",
       "当事人住址", "当事人住所", "住所(地址)", "通讯地址", "送达地址", "家庭住址", "违法行为人地址",
       "违法行为人住址", "违法行为人住所", "相对人地址", "被处罚人地址"),
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
       "执法人员1", "执法人员2", "办案人员1", "办案人员2", "执法人员及证号", "执法人员及执法证号",
       "执法人员(证号)", "执法人员(执法证号)", "执法人员姓名及证号", "执法人员姓名及执法证号", "办案人员及证号",
       "执法人员信息", "承办人及证号", "执法人员及证件号", multi=True),
    _f("officer_certs", "执法证号", "certs", "执法证件号", "执法证件号码", "执法证号码", "执法证编号",
       "执法人员证号", "执法人员执法证号", "执法人员证件号", "执法证", "行政执法证号", "行政执法证件号",
       "执法证件编号", "执法人员证件号码", "执法证号1", "执法证号2", multi=True),
    _f("officer_cert_validity", "执法证有效期", "validity", "执法证有效期至", "执法证件有效期", "证件有效期",
       "有效期至", "有效期", "执法证有效期限", "执法证到期日期", "执法证有效截止日期", "证件有效期至",
       "执法证件有效期至", "执法证有效日期", "执法证截止日期", "有效截止日期", "执法证件有效期限",
       "执法人员证件有效期", "执法人员执法证有效期", "执法证有效期起止", "证件有效期限", "执法证有效期止",
       "有效期止", "证件有效期止", "工商执法证有效期至", "执法证有效期结束日期", "有效期结束日期",
       "执法证件有效期止", "执法证有效期至日期", multi=True),
    _f("officer_cert_valid_from", "执法证有效期起", "validity_from", "有效期起", "执法证有效期开始日期",
       "有效期开始日期", "执法证发证日期", "发证日期", "证件有效期起", "有效期自", "执法证件有效期起",
       "执法证有效期自", "执法证起始日期", "有效期起始日期", "执法证领取日期", multi=True),
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


@dataclass(frozen=True, slots=True)
class DoubtfulColumn:
    """A column that looks like a known field but was not imported: the user must hear of it."""

    index: int
    header: str
    field: str  # the field it looks like
    confidence: float
    taken_by: str = ""  # header of the column that got the field instead ("" when only the score was low)

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def describe(self) -> str:
        label = FIELD_BY_NAME[self.field].label
        if self.taken_by:
            why = f"“{label}”已取自「{self.taken_by}」列"
        else:
            why = f"相似度仅 {self.confidence:.0%}"
        return (f"{self.letter}列「{self.header}」看起来像“{label}”，但未导入（{why}）；"
                "如需导入，请在映射方案中指定这一列")


@dataclass(slots=True)
class Mapping:
    """Columns of one file bound to fields. ``unmapped``: (index, header) ignored;
    ``doubtful``: the unmapped columns that look like a known field (a warning)."""

    columns: list[ColumnMatch]
    unmapped: list[tuple[int, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    doubtful: list[DoubtfulColumn] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns}

    @property
    def missing_required(self) -> list[str]:
        return [s.name for s in FIELDS if s.required and s.name not in self.fields]

    def column_for(self, field_name: str) -> ColumnMatch | None:
        return next((c for c in self.columns if c.field == field_name), None)

    def as_dict(self) -> dict[str, str | None]:
        """header → field, the form stored in a profile."""
        return {c.header: c.field for c in self.columns}

    def to_profile(self, name: str, *, sheet: str | None = None, header_row: int | None = None,
                   header_rows: int = 1) -> MappingProfile:
        return MappingProfile(name=name, columns=self.as_dict(), sheet=sheet, header_row=header_row,
                              header_rows=header_rows)

    def warnings(self) -> list[str]:
        return [d.describe() for d in self.doubtful]

    def describe(self) -> list[str]:
        """Chinese lines for a confirmation screen, the CLI and the import report."""
        lines = [f"{c.letter}列「{c.header}」→ {c.label}（可信度 {c.confidence:.0%}）" for c in self.columns]
        doubtful = {d.index for d in self.doubtful}
        lines += [f"{column_letter(i)}列「{h}」→ 未对应，导入时忽略" for i, h in self.unmapped
                  if h and i not in doubtful]
        lines += ["提示：" + d.describe() for d in self.doubtful]
        for name in self.missing_required:
            lines.append(f"缺少必需的列：{FIELD_BY_NAME[name].label}")
        return lines


def propose_mapping(headers: Sequence[object], *, fuzzy: bool = True, min_confidence: float = 0.45,
                    exclude: Iterable[str] = (), skip_columns: Iterable[int] = ()) -> Mapping:
    """Guess the field of each header. Each field takes one column (the most confident;
    ties go to the leftmost), except ``multi`` fields (identifiers, officers) which may
    take several. A decision-number column becomes the case number when no column
    names the case number itself. ``exclude``: fields already bound (by a profile);
    ``skip_columns``: columns already bound. Columns that look like a field but lose
    it to another column, or score too low, are listed in ``doubtful``."""
    texts = ["" if h is None else str(h).strip() for h in headers]
    excluded = set(exclude)
    skipped = set(skip_columns)
    candidates: list[tuple[float, int, str]] = []
    low: list[DoubtfulColumn] = []
    for index, text in enumerate(texts):
        if index in skipped:
            continue
        found = match_header(text, fuzzy=fuzzy)
        if found is None:
            continue
        if found[1] >= min_confidence:
            candidates.append((found[1], index, found[0]))
        elif found[1] >= 0.3:
            low.append(DoubtfulColumn(index, text, found[0], found[1]))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    taken: dict[int, ColumnMatch] = {}
    owner: dict[str, int] = {}
    lost: list[DoubtfulColumn] = []
    for confidence, index, name in candidates:
        if name in excluded:
            continue  # the profile decided this field; the column is not a doubt
        if name in owner and not FIELD_BY_NAME[name].multi:
            lost.append(DoubtfulColumn(index, texts[index], name, confidence, texts[owner[name]]))
            continue
        owner.setdefault(name, index)
        taken[index] = ColumnMatch(index, texts[index], name, confidence)
    if "case_no" not in owner and "case_no" not in excluded:
        decision = next((c for c in taken.values() if c.field == _DECISION_FIELD), None)
        if decision is not None:
            taken[decision.index] = ColumnMatch(decision.index, decision.header, "case_no", decision.confidence)
    columns = [taken[i] for i in sorted(taken)]
    unmapped = [(i, t) for i, t in enumerate(texts) if i not in taken and i not in skipped and t]
    doubtful = sorted(lost + low, key=lambda d: d.index)
    return Mapping(columns=columns, unmapped=unmapped, headers=texts, doubtful=doubtful)


def score_headers(headers: Sequence[object], known: frozenset[str] = frozenset()) -> int:
    """How many distinct fields a row of cells names (cheap: no fuzzy matching), plus
    the cells equal to one of the ``known`` (normalised) header texts of a profile.
    Used to find the header row below title rows."""
    found: set[str] = set()
    extra = 0
    for header in headers:
        if header is None or not isinstance(header, str):
            continue
        match = match_header(header, fuzzy=False)
        if match is not None:
            found.add(match[0])
        elif known and normalise_header(header) in known:
            extra += 1
    return len(found) + extra


# Profile values meaning "do not import this column".
_IGNORE = frozenset({"", "-", "忽略", "不导入", "ignore", "none"})


def resolve_field(text: str) -> str | None:
    """A field named by its name (``party_name``), its Chinese label (``当事人``) or one of
    its header variants (``违法行为人``); ``None`` when nothing matches exactly."""
    if text in FIELD_BY_NAME:
        return text
    norm = normalise_header(text)
    for spec in FIELDS:
        if norm in (spec.name, normalise_header(spec.label)):
            return spec.name
    return _EXACT.get(norm)


def valid_fields_text() -> str:
    """"case_no 案号、party_name 当事人、…": what an error about a profile lists."""
    return "、".join(f"{s.name} {s.label}" for s in FIELDS)


@dataclass(slots=True)
class MappingProfile:
    """A saved, named mapping: header text → field (see docs/mapping-profiles.md).

    ``columns`` maps header texts to field names; a column mapped to ``None`` is not
    imported. With ``auto`` (the default) the columns the profile does not name are
    still mapped automatically, so a profile may name only what recognition gets
    wrong. ``header_row`` (1-based) is a hint only: when the texts in that row do
    not match the profile, the header is found by its texts, so one profile serves
    a platform's .xlsx and its .csv. ``header_rows``: 2 for a group row above
    sub-headers."""

    name: str
    columns: dict[str, str | None]
    sheet: str | None = None
    header_row: int | None = None
    header_rows: int = 1
    version: int = 1
    auto: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "header_rows": self.header_rows,
            "auto": self.auto,
            "columns": dict(self.columns),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @property
    def known_headers(self) -> frozenset[str]:
        return frozenset(normalise_header(h) for h in self.columns)

    @classmethod
    def from_dict(cls, data: object, *, source: str = "映射方案") -> MappingProfile:
        if not isinstance(data, dict):
            raise ValidationError(f"{source}格式错误：应为 JSON 对象（示例见 docs/mapping-profiles.md）",
                                  code="mapping_invalid", source=source)
        columns = data.get("columns")
        if not isinstance(columns, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in columns.items()
        ):
            raise ValidationError(f"{source}格式错误：columns 应为“表头 → 字段”的对象（示例见 docs/mapping-profiles.md）",
                                  code="mapping_invalid", source=source)
        resolved: dict[str, str | None] = {}
        unknown: list[str] = []
        for header, value in columns.items():
            if value is None or value.strip().lower() in _IGNORE:
                resolved[header] = None
                continue
            name = resolve_field(value.strip())
            if name is None:
                unknown.append(value)
            resolved[header] = name
        if unknown:
            raise ValidationError(
                f"{source}中有未知字段：{'、'.join(unknown)}。可用的字段（英文名或中文名均可）：{valid_fields_text()}；"
                "不导入某列请写 null 或“忽略”",
                code="mapping_unknown_field", source=source, fields=unknown,
            )
        header_row = data.get("header_row")
        header_rows = data.get("header_rows", 1)
        if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool)
                                       or header_row < 1):
            raise ValidationError(f"{source}格式错误：header_row 应为正整数或 null（自动识别）", code="mapping_invalid",
                                  source=source)
        if not isinstance(header_rows, int) or header_rows not in (1, 2):
            raise ValidationError(f"{source}格式错误：header_rows 应为 1 或 2", code="mapping_invalid", source=source)
        auto = data.get("auto", True)
        if not isinstance(auto, bool):
            raise ValidationError(f"{source}格式错误：auto 应为 true 或 false", code="mapping_invalid", source=source)
        sheet = data.get("sheet")
        version = data.get("version", 1)
        return cls(
            name=str(data.get("name") or ""),
            columns=resolved,
            sheet=sheet if isinstance(sheet, str) else None,
            header_row=header_row,
            header_rows=header_rows,
            version=version if isinstance(version, int) else 1,
            auto=auto,
        )

    @classmethod
    def from_json(cls, text: str, *, source: str = "映射方案") -> MappingProfile:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{source}不是有效的 JSON：第{exc.lineno}行第{exc.colno}列 {exc.msg}",
                                  code="mapping_invalid", source=source) from exc
        except RecursionError as exc:
            raise ValidationError(f"{source}嵌套层数过多，不是映射方案", code="mapping_invalid", source=source) from exc
        return cls.from_dict(data, source=source)

    @classmethod
    def load(cls, path: str | Path) -> MappingProfile:
        path = Path(path)
        try:
            if path.stat().st_size > 1_000_000:
                raise ValidationError(f"映射文件 {path.name} 超过 1 MB，不是映射方案", code="mapping_invalid",
                                      path=str(path))
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ValidationError(f"无法读取映射文件 {path}：{exc.strerror or exc}", code="mapping_unreadable",
                                  path=str(path)) from exc
        except UnicodeDecodeError as exc:
            raise ValidationError(f"映射文件 {path.name} 不是 UTF-8 文本", code="mapping_invalid",
                                  path=str(path)) from exc
        profile = cls.from_json(text, source=f"映射文件 {path.name}")
        if not profile.name:
            profile.name = path.stem
        return profile

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    def bind(self, headers: Sequence[object]) -> Mapping:
        """Apply the profile to a file's headers (compared in normalised form), then,
        with ``auto``, map the columns it does not name automatically. Profile headers
        absent from the file are simply not used (see ``missing_headers()``)."""
        wanted = {normalise_header(h): f for h, f in self.columns.items()}
        texts = ["" if h is None else str(h).strip() for h in headers]
        columns: list[ColumnMatch] = []
        named: set[int] = set()
        used: set[str] = set()
        for index, text in enumerate(texts):
            key = normalise_header(text)
            if not key or key not in wanted:
                continue
            named.add(index)
            name = wanted[key]
            if name is not None and (name not in used or FIELD_BY_NAME[name].multi):
                used.add(name)
                columns.append(ColumnMatch(index, text, name, 1.0))
        auto = (propose_mapping(texts, exclude=used, skip_columns=named) if self.auto
                else Mapping(columns=[], headers=texts))
        merged = sorted(columns + auto.columns, key=lambda c: c.index)
        taken = {c.index for c in merged}
        unmapped = [(i, t) for i, t in enumerate(texts) if t and i not in taken]
        return Mapping(columns=merged, unmapped=unmapped, headers=texts, doubtful=auto.doubtful)

    def matched_headers(self, headers: Iterable[object]) -> int:
        present = {normalise_header(h) for h in headers}
        return sum(1 for h in self.columns if normalise_header(h) in present)

    def missing_headers(self, headers: Iterable[object]) -> list[str]:
        present = {normalise_header(h) for h in headers}
        return [h for h in self.columns if normalise_header(h) not in present]
