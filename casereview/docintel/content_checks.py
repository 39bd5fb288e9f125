"""Checks of what the documents say (on the read pages of a case).

Each produces an ordinary ``CheckResult`` with its legal basis, so that standards link it to
their items (``check_ids``) and it becomes a proposed deduction the reviewer accepts or
dismisses, like the registry checks. A check whose documents are not read (or not in the
file) says "数据不足" instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casereview.checks.registry import CheckOutcome, CheckResult
from casereview.docintel.casetext import CaseText, ReadPage
from casereview.docintel.facts import ACCEPTABLE, FIELD_LABELS, DocFact, canonical_no, case_facts
from casereview.docintel.grams import normalise
from casereview.textdates import DATE_IN_TEXT

ART59 = "《中华人民共和国行政处罚法》第五十九条"
ART44 = "《中华人民共和国行政处罚法》第四十四条、第四十五条"
SERVICE = "《中华人民共和国行政处罚法》第六十一条；《中华人民共和国民事诉讼法》第八十七条（送达回证）"
SEAL = "《中华人民共和国行政处罚法》第五十九条第二款"
OFFICERS = "《中华人民共和国行政处罚法》第四十二条、第五十五条"


@dataclass(frozen=True)
class Element:
    name: str
    test: Callable[[str], bool]  # on the normalised text of the document


def _all(*words: str) -> Callable[[str], bool]:
    return lambda t: all(w in t for w in words)


def _any(*words: str) -> Callable[[str], bool]:
    return lambda t: any(w in t for w in words)


def _both(a: Callable[[str], bool], b: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda t: a(t) and b(t)


_AGENCY = re.compile(r"(局|支队|大队|委员会|政府|管理处|执法队)")

DECISION_ELEMENTS = (
    Element("当事人的姓名或者名称、地址", _both(_any("当事人"), _any("住址", "地址", "住所"))),
    Element("违反法律、法规、规章的事实和证据", _both(_any("经查", "违法事实", "查明"), _any("证据"))),
    Element("行政处罚的种类和依据", _both(_any("依据", "根据"), _any("罚款", "警告", "吊销", "没收", "责令", "处罚"))),
    Element("行政处罚的履行方式和期限", _both(_any("缴纳", "履行", "缴款"), _any("日内", "期限", "之日起"))),
    Element("申请行政复议、提起行政诉讼的途径和期限", _all("行政复议", "行政诉讼")),
    Element("作出决定的行政机关名称和作出决定的日期",
            lambda t: bool(_AGENCY.search(t)) and bool(DATE_IN_TEXT.search(t))),
)
NOTICE_CONTENT = (
    Element("拟作出的行政处罚内容", _both(_any("拟"), _any("处罚", "罚款"))),
    Element("事实", _any("经查", "违法事实", "查明", "你（单位）", "你单位", "你")),
    Element("理由及依据", _any("依据", "根据", "违反")),
)
NOTICE_RIGHTS = (
    Element("陈述、申辩的权利", _all("陈述", "申辩")),
)
HEARING_RIGHT = Element("要求听证的权利", _any("听证"))


def _result(rule_id: str, title: str, outcome: CheckOutcome, explanation: str, basis: str,
            severity: str = "major") -> CheckResult:
    return CheckResult(rule_id, title, outcome, explanation, basis, False, "", severity)


# (rule id, title, legal basis, standard item hints) of every content check: the registry of
# rule ids that standards may link to.
RULES: dict[str, tuple[str, str]] = {
    "docs.decision_elements": ("行政处罚决定书载明法定事项", ART59),
    "docs.decision_seal": ("行政处罚决定书加盖行政机关印章", SEAL),
    "docs.notice_elements": ("告知书载明拟处罚的内容及事实、理由、依据", ART44),
    "docs.notice_rights": ("告知书告知陈述、申辩（及听证）权利", ART44),
    "docs.service_receipt": ("送达回证载明送达日期并有受送达人签名", SERVICE),
    "docs.case_numbers_consistent": ("各文书所载案号一致", "交通运输行政执法文书制作规范（案号统一）"),
    "docs.officers_match": ("笔录所载执法人员与本案执法人员一致", OFFICERS),
    "docs.registry_matches_documents": ("登记信息与案卷文书记载一致", "案卷评查：登记信息应与案卷材料相符"),
}


def _insufficient(rule_id: str, why: str) -> CheckResult:
    title, basis = RULES[rule_id]
    return _result(rule_id, title, CheckOutcome.INSUFFICIENT_DATA, why, basis)


def _verdict(rule_id: str, failed: bool, explanation: str, severity: str = "major") -> CheckResult:
    title, basis = RULES[rule_id]
    return _result(rule_id, title, CheckOutcome.FAIL if failed else CheckOutcome.PASS, explanation, basis, severity)


def _documents(text: CaseText, *names: str, exclude: Sequence[str] = ()) -> dict[int, list[ReadPage]]:
    docs = text.documents(*names)
    return {k: v for k, v in docs.items() if not any(x in v[0].doc_type for x in exclude)}


def _elements(rule_id: str, text: CaseText, names: Sequence[str], elements: Sequence[Element],
              what: str, exclude: Sequence[str] = ()) -> CheckResult:
    docs = _documents(text, *names, exclude=exclude)
    if not docs:
        return _insufficient(rule_id, f"未读取到{what}的页面（案卷中没有该文书，或尚未完成文字识别）。")
    problems: list[str] = []
    for pages in docs.values():
        joined = normalise_keep_cjk("\n".join(p.text for p in pages))
        missing = [e.name for e in elements if not e.test(joined)]
        if missing:
            span = f"{pages[0].where()}" + (f"至第 {pages[-1].page} 页" if len(pages) > 1 else "")
            problems.append(f"{span}未载明：{'；'.join(missing)}")
    if problems:
        return _verdict(rule_id, True, "；".join(problems) + "。")
    where = "、".join(pages[0].where() for pages in docs.values())
    return _verdict(rule_id, False, f"{what}（{where}）载明了全部 {len(elements)} 项法定事项。")


def normalise_keep_cjk(text: str) -> str:
    """Text as the element tests see it: without spaces (OCR splits words), dates kept."""
    return re.sub(r"\s+", "", text)


def decision_elements(text: CaseText) -> CheckResult:
    return _elements("docs.decision_elements", text, ("行政处罚决定书",), DECISION_ELEMENTS, "行政处罚决定书")


def decision_seal(text: CaseText) -> CheckResult:
    rule_id = "docs.decision_seal"
    docs = _documents(text, "行政处罚决定书")
    if not docs:
        return _insufficient(rule_id, "未读取到行政处罚决定书的页面。")
    scanned = {k: v for k, v in docs.items() if any(p.source == "ocr" for p in v)}
    if not scanned:
        return _insufficient(rule_id, "行政处罚决定书为电子文本（有文字层），不检测印章图像，请人工核对。")
    unsealed = [pages for pages in scanned.values() if not any(p.red_seal for p in pages)]
    if unsealed:
        where = "、".join(pages[-1].where() for pages in unsealed)
        return _verdict(rule_id, True, f"{where}：扫描页上未检测到红色印章。")
    where = "、".join(next(p for p in pages if p.red_seal).where() for pages in scanned.values())
    return _verdict(rule_id, False, f"检测到印章：{where}。")


NOTICE_NAMES = ("违法行为通知书", "告知书")


def notice_elements(text: CaseText) -> CheckResult:
    return _elements("docs.notice_elements", text, NOTICE_NAMES, NOTICE_CONTENT, "行政处罚告知书（违法行为通知书）",
                     exclude=("听证",))


def notice_rights(text: CaseText, hearing_applicable: bool) -> CheckResult:
    elements = (*NOTICE_RIGHTS, HEARING_RIGHT) if hearing_applicable else NOTICE_RIGHTS
    return _elements("docs.notice_rights", text, NOTICE_NAMES, elements, "行政处罚告知书（违法行为通知书）",
                     exclude=("听证",))


def service_receipt(text: CaseText) -> CheckResult:
    rule_id = "docs.service_receipt"
    docs = _documents(text, "送达回证")
    if not docs:
        return _insufficient(rule_id, "未读取到送达回证的页面。")
    problems: list[str] = []
    for pages in docs.values():
        joined = normalise_keep_cjk("\n".join(p.text for p in pages))
        if not DATE_IN_TEXT.search(joined):
            problems.append(f"{pages[0].where()}未载明送达日期")
        signed = any(p.marks.get("signature") for p in pages) or any(
            re.search(r"(签名|签收)[:：]\s*[\u4e00-\u9fa5]{2,}", line.text) for p in pages for line in p.lines
        )
        if not signed:
            if all(p.source == "text" for p in pages):
                continue  # an electronic receipt: the signature cannot be seen in its text
            problems.append(f"{pages[-1].where()}受送达人签名处为空白")
    if problems:
        return _verdict(rule_id, True, "；".join(problems) + "。")
    return _verdict(rule_id, False, "送达回证载明送达日期并有受送达人签名。")


def case_numbers_consistent(facts: Sequence[DocFact], registry_case_no: str) -> CheckResult:
    rule_id = "docs.case_numbers_consistent"
    numbers = [f for f in facts if f.field == "case_no"]
    if not numbers:
        return _insufficient(rule_id, "已读取的文书中未找到“案号：”。")
    expected = canonical_no(registry_case_no)
    wrong = [f for f in numbers if f.value != expected]
    if wrong:
        listed = "；".join(f"{f.where}为“{f.shown}”" for f in wrong[:8])
        more = f"等 {len(wrong)} 处" if len(wrong) > 8 else ""
        return _verdict(rule_id, True, f"本案案号为“{registry_case_no}”，但{listed}{more}。", "minor")
    return _verdict(rule_id, False, f"{len(numbers)} 处案号均为“{registry_case_no}”。", "minor")


def officers_match(text: CaseText, facts: Sequence[DocFact], officers: Sequence[tuple[str, str | None]]) -> CheckResult:
    rule_id = "docs.officers_match"
    found = [f for f in facts if f.field == "officer" and "笔录" in f.doc_type]
    if not found:
        return _insufficient(rule_id, "已读取的笔录中未找到执法人员及执法证号。")
    if not officers:
        return _insufficient(rule_id, "本案未登记执法人员，无法与笔录核对。")
    certs = {name: (cert or "") for name, cert in officers}
    problems = []
    for f in found:
        if f.value not in certs:
            problems.append(f"{f.where}记载的执法人员{f.value}（证号 {f.extra}）不是本案登记的执法人员")
        elif certs[f.value] and normalise(certs[f.value]) != normalise(f.extra):
            problems.append(f"{f.where}记载{f.value}的执法证号为 {f.extra}，登记为 {certs[f.value]}")
    if problems:
        return _verdict(rule_id, True, "；".join(dict.fromkeys(problems)) + "。")
    names = "、".join(dict.fromkeys(f.value for f in found))
    return _verdict(rule_id, False, f"笔录所载执法人员（{names}）均为本案登记的执法人员，证号一致。")


@dataclass(frozen=True)
class Comparison:
    """One registry field beside what the documents say."""

    field: str
    label: str
    registry: str | None
    documents: tuple[DocFact, ...]

    @property
    def document_values(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.value for f in self.documents))

    @property
    def agrees(self) -> bool | None:
        """None: nothing to compare (no registry value or nothing in the documents)."""
        if not self.documents or self.registry in (None, ""):
            return None
        return all(_same(self.field, self.registry, v) for v in self.document_values)


def _same(field: str, registry: str, document: str) -> bool:
    if field in ("case_no", "decision_no"):
        return canonical_no(registry) == canonical_no(document)
    if field == "fine_amount":
        try:
            return float(registry) == float(document)
        except ValueError:
            return False
    if field in ("party_name", "party_id_no"):
        return normalise(registry) == normalise(document)
    return registry == document


def registry_text(field: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    if field == "fine_amount":
        return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return str(value)


def compare(registry: Mapping[str, Any], facts: Sequence[DocFact]) -> list[Comparison]:
    """Each field the documents state, beside the registry's value (in FIELD_LABELS order)."""
    by_field: dict[str, list[DocFact]] = {}
    for f in facts:
        by_field.setdefault(f.field, []).append(f)
    out = []
    for field, label in FIELD_LABELS.items():
        if field == "officer" or (field not in by_field and registry.get(field) in (None, "")):
            continue
        if field not in ACCEPTABLE:
            continue
        docs = by_field.get(field, [])
        # the decision's own date and number come from the decision, not from other forms
        out.append(Comparison(field, label, registry_text(field, registry.get(field)), tuple(docs)))
    return out


def registry_matches_documents(comparisons: Sequence[Comparison]) -> CheckResult:
    rule_id = "docs.registry_matches_documents"
    compared = [c for c in comparisons if c.agrees is not None]
    if not compared:
        return _insufficient(rule_id, "已读取的文书中没有可与登记信息核对的事项。")
    differing = [c for c in compared if not c.agrees]
    if differing:
        parts = []
        for c in differing:
            shown = "；".join(f"{f.where}为 {f.value}" for f in c.documents if not _same(c.field, c.registry or "", f.value))
            parts.append(f"{c.label}：登记为 {c.registry}，{shown}")
        return _verdict(rule_id, True, "；".join(parts) + "。")
    return _verdict(rule_id, False, f"{len(compared)} 项登记信息与文书记载一致：" + "、".join(c.label for c in compared) + "。")


def content_results(text: CaseText, registry: Mapping[str, Any], officers: Sequence[tuple[str, str | None]],
                    *, hearing_applicable: bool = False) -> list[CheckResult]:
    """Every content check of one case (nothing when no page of the case has been read)."""
    if not text.pages:
        return []
    facts = case_facts(text)
    results = [
        decision_elements(text),
        decision_seal(text),
        notice_elements(text),
        notice_rights(text, hearing_applicable),
        service_receipt(text),
        case_numbers_consistent(facts, str(registry.get("case_no") or "")),
        officers_match(text, facts, officers),
        registry_matches_documents(compare(registry, facts)),
    ]
    if text.unread:
        note = f"（本案尚有 {text.unread} 页未读取，结论仅就已读取页面而言）"
        results = [
            CheckResult(r.rule_id, r.title, r.outcome, r.explanation + note, r.legal_basis, True,
                        f"尚有 {text.unread} 页未完成文字识别", r.severity)
            if r.outcome == CheckOutcome.PASS else r
            for r in results
        ]
    return results
