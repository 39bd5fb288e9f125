"""Confirmed page types as examples: pages like a corrected one get the corrected type."""

from __future__ import annotations

import random

from casereview.docintel.classify import page_type
from casereview.docintel.examples import Examples, learn, load_examples, remember
from casereview.docintel.pages import Line, PageReading
from casereview.docintel.store import save_reading
from casereview.intake.doc_types import doc_type_from_text
from casereview.services.app import Services
from casereview.storage.models import Blob, Case, Document

AGENCIES = ("甲市交通运输局", "乙县交通运输综合行政执法大队", "丙区农业农村局", "丁市市场监督管理局")
# Titles the rules do not know (local forms) or an OCR misreads the same way, and the type a
# reviewer gives them; then titles the rules know (they must stay right).
LOCAL = {
    "交通运输行政执法案件处理意见书": "法制审核意见",
    "询问笔泉": "询问笔录",
    "送达回正": "送达回证",
    "违法行为通知节": "违法行为通知书",
    "结案报吿": "结案报告",
    "罚款缴纳凭据": "罚没票据",
}
KNOWN = {"行政处罚决定书": "行政处罚决定书", "现场笔录": "现场笔录", "立案审批表": "立案登记表"}
BODY = ("当事人：", "经查，", "上述事实有询问笔录、现场照片等证据证实。", "依据《中华人民共和国道路运输条例》")


def _page(rng: random.Random, title: str | None) -> tuple[Line, ...]:
    lines = [Line(rng.choice(AGENCIES), (0.3, 0.03, 0.7, 0.06), 0.98)]
    if title:
        lines.append(Line(title, (0.25, 0.08, 0.75, 0.11), 0.95))
        lines.append(Line(f"案号：交〔2024〕{rng.randint(1, 900)}号", (0.55, 0.12, 0.9, 0.14), 0.97))
    else:
        lines = [Line(f"第 {rng.randint(2, 5)} 页", (0.45, 0.04, 0.55, 0.06), 0.9)]
    for i in range(6):
        lines.append(Line(rng.choice(BODY) + "张三" * rng.randint(0, 3), (0.1, 0.2 + 0.06 * i, 0.9, 0.25 + 0.06 * i)))
    return tuple(lines)


def _corpus(seed: int, per_title: int) -> list[tuple[tuple[Line, ...], str | None]]:
    rng = random.Random(seed)
    out: list[tuple[tuple[Line, ...], str | None]] = []
    for title, truth in (*LOCAL.items(), *KNOWN.items()):
        out += [(_page(rng, title), truth) for _ in range(per_title)]
    out += [(_page(rng, None), None) for _ in range(per_title * 2)]  # continuation pages: no title
    return out


def _accuracy(pages: list[tuple[tuple[Line, ...], str | None]], examples: Examples | None) -> float:
    right = 0
    for n, (lines, truth) in enumerate(pages):
        found = page_type(n + 1, lines, examples).doc_type
        right += (found.name if found else None) == truth
    return right / len(pages)


def test_corrections_improve_later_pages(tmp_db: Services) -> None:
    teach = _corpus(1, 1)  # the reviewer corrects one page of each kind...
    later = _corpus(2, 8)  # ...and the classifier meets 8 more of each, from other files
    before = _accuracy(later, None)
    with tmp_db.ctx.db.session() as session:
        stored = 0
        for n, (lines, truth) in enumerate(teach):
            doc_type = doc_type_from_text(truth or "其他")
            assert doc_type is not None
            if truth is not None:
                stored += remember(session, f"{n:064d}", 0, lines, doc_type, "张评查")
        examples = load_examples(session)
    assert stored == len(LOCAL)  # only corrections are kept: the known titles were already right
    after = _accuracy(later, examples)
    print(f"page types right: {before:.1%} before, {after:.1%} after {stored} corrections")
    assert before < 0.7 and after == 1.0, (before, after)
    # a known title still classifies by the rules, and a continuation page stays untitled
    known = [p for p in later if p[1] in KNOWN.values() or p[1] is None]
    assert _accuracy(known, examples) == 1.0


def test_split_confirmation_teaches_the_classifier(tmp_db: Services) -> None:
    """The ranges a reviewer confirms when splitting a combined scan are the examples."""
    sha = "e" * 64
    rng = random.Random(5)
    pages = [_page(rng, "送达回正"), _page(rng, None), _page(rng, "现场笔录")]
    with tmp_db.ctx.db.session() as session:
        case = Case(case_no="交〔2024〕7号", case_type="penalty")
        session.add(case)
        session.add(Blob(sha256=sha, size=1, ext=".pdf"))
        session.flush()
        doc = Document(case_id=case.id, blob_sha256=sha, title="整卷扫描", doc_type="其他", kind="pdf",
                       page_start=1, page_end=3, page_count=3)
        session.add(doc)
        session.flush()
        doc_id = doc.id
        for i, lines in enumerate(pages):
            save_reading(session, sha, i, PageReading("ocr", "test-engine", lines))
    assert tmp_db.docintel.propose_split(doc_id).ranges == "1-2 其他; 3 现场笔录"
    tmp_db.documents_import.split(doc_id, "1-2 送达回证; 3 现场笔录")
    with tmp_db.ctx.db.session() as session:
        examples = load_examples(session)
        assert len(examples) == 1  # the corrected page only
        assert learn(session, [(sha, 0, doc_type_from_text("送达回证"))], None) == 0  # type: ignore[list-item]
    assert page_type(1, _page(random.Random(9), "送达回正"), examples).doc_type == doc_type_from_text("送达回证")
