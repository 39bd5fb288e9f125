"""Facts taken from the documents, each with its page and box: 案号/文号, party name and
ID number, officers and certificate numbers, key dates and the fine.

Patterns follow the printed forms (交通运输行政执法文书式样): labelled fields ("案号：",
"当事人：", "执法人员：…（执法证号：…）"), the document's date (the one beside the seal on
issued documents, else the "日期：" field) and "罚款人民币…元". OCR variants are tolerated:
half-width colons and brackets, stray spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from casereview.docintel.casetext import CaseText, ReadPage
from casereview.docintel.pages import Box
from casereview.textdates import first_date

# The case date a document's own date is evidence of (registry field of Case).
DATE_FIELDS: tuple[tuple[str, str], ...] = (
    ("立案", "filing_date"),
    ("询问笔录", "investigation_date"),
    ("现场笔录", "investigation_date"),
    ("违法行为通知书", "notice_date"),
    ("告知书", "notice_date"),
    ("陈述申辩", "defence_received_date"),
    ("听证通知书", "hearing_notified_date"),
    ("听证笔录", "hearing_held_date"),
    ("法制审核", "legal_review_date"),
    ("集体讨论", "collective_discussion_date"),
    ("决定书", "decision_date"),
    ("送达回证", "service_date"),
    ("票据", "paid_date"),
    ("缴款", "paid_date"),
    ("结案", "closing_date"),
)
FIELD_LABELS = {
    "case_no": "案号",
    "decision_no": "决定书文号",
    "party_name": "当事人",
    "party_id_no": "证件号码",
    "officer": "执法人员",
    "fine_amount": "罚款金额",
    "filing_date": "立案日期",
    "investigation_date": "调查日期",
    "notice_date": "告知日期",
    "defence_received_date": "陈述申辩日期",
    "hearing_notified_date": "听证通知日期",
    "hearing_held_date": "听证日期",
    "legal_review_date": "法制审核日期",
    "collective_discussion_date": "集体讨论日期",
    "decision_date": "决定日期",
    "service_date": "送达日期",
    "paid_date": "缴款日期",
    "closing_date": "结案日期",
}
# Fields a reviewer may take from a document into the case (Case columns of one value).
ACCEPTABLE = frozenset(FIELD_LABELS) - {"officer"}

_COLON = r"\s*[:：]\s*"
_CASE_NO_RE = re.compile(r"案\s*号" + _COLON + r"(\S+?号)")
_DOC_NO_RE = re.compile(r"([\u4e00-\u9fa5]{2,12}[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*\d+\s*号)")
_PARTY_RE = re.compile(r"当\s*事\s*人" + _COLON + r"([^\s:：，,（(]{2,40})")
_ID_RE = re.compile(r"(?<![0-9A-Z])(\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_OFFICER_RE = re.compile(r"([\u4e00-\u9fa5]{2,4})\s*[（(]\s*执法证[号件]?(?:编号|号码)?" + _COLON + r"([0-9A-Za-z]{4,24})\s*[）)]")
_FINE_RE = re.compile(r"罚款\s*(?:人民币)?\s*([0-9][0-9,，.]*)\s*元")
_DATE_LABEL_RE = re.compile(r"(?:日\s*期|送达日期|时\s*间)" + _COLON)


@dataclass(frozen=True)
class DocFact:
    field: str
    value: str  # canonical text: ISO date, plain number, case number with full-width brackets
    shown: str  # as printed on the page
    document_id: int
    doc_type: str
    page: int
    where: str  # "行政处罚决定书第 2 页（卷内第 9 页）"
    box: Box
    line: str
    confidence: float
    extra: str = ""  # officer: certificate number

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


def canonical_no(text: str) -> str:
    """Case/document numbers compared without spaces, with one kind of bracket."""
    out = re.sub(r"\s+", "", text)
    out = re.sub(r"[\[(（【]", "〔", out)
    return re.sub(r"[\])）】]", "〕", out)


def parse_date(text: str) -> date | None:
    """The first date on a line, in Arabic or Chinese numerals."""
    found = first_date(text)
    return found.when if found else None


def date_field_of(doc_type: str) -> str | None:
    for key, field in DATE_FIELDS:
        if key in doc_type:
            return field
    return None


def _fact(page: ReadPage, field: str, value: str, shown: str, line_no: int, start: int, end: int,
          extra: str = "") -> DocFact:
    line = page.lines[line_no]
    end = min(end, len(line.text))  # a match running on into the next line: box on this line
    return DocFact(field, value, shown, page.document_id, page.doc_type, page.page, page.where(),
                   line.span_box(start, end), line.text, line.confidence, extra)


def page_facts(page: ReadPage) -> list[DocFact]:
    """Every fact found on one page."""
    out: list[DocFact] = []
    date_field = date_field_of(page.doc_type)
    dated: list[DocFact] = []
    for no, line in enumerate(page.lines):
        # a field may run on into the next line (printed forms wrap long lines): match on the
        # line and its successor, keep matches that start on this line
        own = len(line.text)
        text = line.text + (page.lines[no + 1].text if no + 1 < len(page.lines) else "")
        if (m := _CASE_NO_RE.search(text)) and m.start(1) < own:
            out.append(_fact(page, "case_no", canonical_no(m.group(1)), m.group(1), no, m.start(1), m.end(1)))
        elif "决定书" in page.doc_type and (m := _DOC_NO_RE.search(text)) and "案号" not in text and m.start(1) < own:
            out.append(_fact(page, "decision_no", canonical_no(m.group(1)), m.group(1), no, m.start(1), m.end(1)))
        if (m := _PARTY_RE.search(line.text)):
            out.append(_fact(page, "party_name", m.group(1), m.group(1), no, m.start(1), m.end(1)))
        if ("证件" in text or "身份证" in text or "代码" in text) and (m := _ID_RE.search(line.text)):
            out.append(_fact(page, "party_id_no", m.group(1).upper(), m.group(1), no, m.start(1), m.end(1)))
        if "执法" in text:
            for m in _OFFICER_RE.finditer(text):
                if m.start(1) >= own:
                    continue
                name = m.group(1).removeprefix("执法人员").lstrip("：:、")
                out.append(_fact(page, "officer", name, m.group(0), no, m.start(1), m.end(2), extra=m.group(2)))
        if "决定书" in page.doc_type and (m := _FINE_RE.search(text)) and m.start(1) < own:
            amount = m.group(1).replace(",", "").replace("，", "").rstrip(".")
            try:
                value = str(Decimal(amount).normalize().quantize(Decimal(1)) if Decimal(amount) == int(Decimal(amount))
                            else Decimal(amount))
            except InvalidOperation:
                value = ""
            if value:
                out.append(_fact(page, "fine_amount", value, m.group(0), no, m.start(1), m.end(1)))
        if date_field and (found := first_date(line.text)):
            dated.append(_fact(page, date_field, found.when.isoformat(), found.shown, no, found.start, found.end))
    if dated:
        # Issued documents are dated at the foot, beside the seal: that date is the document's.
        # Elsewhere the labelled field ("日期：", "送达日期：") is.
        labelled = [f for f in dated if _DATE_LABEL_RE.search(f.line)]
        alone = [f for f in dated if f.line.strip() == f.shown or len(f.line.strip()) <= len(f.shown) + 2]
        out.append(alone[-1] if alone else labelled[0] if labelled else dated[0])
    return out


def case_facts(text: CaseText) -> list[DocFact]:
    """All facts of a case, in file order (the registry comparison picks from these)."""
    out: list[DocFact] = []
    for page in text.pages:
        out += page_facts(page)
    return out
