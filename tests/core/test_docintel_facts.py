"""Facts taken from the documents, their comparison with the registry, and the content
checks as proposals (on text-layer copies of the generated files: fast and exact; the
scanned path is covered in test_docintel.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import cached_sqlite
from sqlalchemy import select

from casereview.checks.registry import CheckOutcome
from casereview.demo import build
from casereview.demo.build import build_dataset
from casereview.demo.casefile_pdf import plan_documents, plan_pages, render_case_file
from casereview.demo.generator import DatasetSpec, generate_cases
from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.storage.models import AuditEntry, Case


@pytest.fixture
def read_defects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    """Three general-procedure penalty cases with the demo's document defects (no 复议/诉讼
    element and a later decision date; no seal; unsigned receipt), read from the text layer.
    Built and read once per session, copied for each test."""

    def build(path: Path) -> None:
        import casereview.docintel.scans as scans

        services = Services.open(path, as_system=True)
        try:
            services.standards.sync_shipped()
            with monkeypatch.context() as patch:
                patch.setattr(scans, "scan_pdf", lambda pdf, *a, **k: pdf)  # keep the text layer
                build_dataset(services, DatasetSpec(cases=12, seed=21, officers_per_unit=3, defect_rate=0.0),
                              documents=True, scans=3)
                ids = services.docintel.resolve_cases(all_cases=True)
                assert services.docintel.read_cases(ids).failed == 0
        finally:
            services.close()

    cached_sqlite("docintel-read-defects", tmp_path / "defects.sqlite3", build)
    services = Services.open(tmp_path / "defects.sqlite3", as_system=True)
    try:
        yield services
    finally:
        services.close()


def _defective(services: Services) -> Case:
    with services.ctx.db.session() as session:
        for case in session.scalars(select(Case).where(Case.procedure == "general", Case.case_type == "penalty")
                                    .order_by(Case.id)):
            return case
    raise AssertionError("no general penalty case")


def test_facts_beside_registry_and_the_disagreement(read_defects: Services) -> None:
    case = _defective(read_defects)
    facts = read_defects.docintel.facts(case.id)
    by_field = {c.field: c for c in facts.comparisons}
    assert by_field["case_no"].agrees is True
    assert by_field["party_name"].agrees is True
    assert by_field["fine_amount"].agrees is True
    decision = by_field["decision_date"]
    assert decision.registry == case.decision_date.isoformat()
    assert decision.agrees is False
    assert (case.decision_date + timedelta(days=2)).isoformat() in decision.document_values
    fact = next(f for f in decision.documents if f.value != decision.registry)
    assert fact.doc_type == "行政处罚决定书" and fact.page >= 1 and "决定书第" in fact.where
    assert 0 <= fact.box[0] < fact.box[2] <= 1
    assert by_field["filing_date"].agrees is True
    assert facts.officers and all(f.extra for f in facts.officers)

    checks = read_defects.checks.run_case(case.id)
    by_rule = {r.rule_id: r for r in checks.results}
    mismatch = by_rule["docs.registry_matches_documents"]
    assert mismatch.outcome == CheckOutcome.FAIL
    assert decision.registry in mismatch.explanation and fact.value in mismatch.explanation
    assert "第" in mismatch.explanation and "页" in mismatch.explanation
    elements = by_rule["docs.decision_elements"]
    assert elements.outcome == CheckOutcome.FAIL and "行政复议" in elements.explanation
    assert by_rule["docs.case_numbers_consistent"].outcome == CheckOutcome.PASS
    assert by_rule["docs.officers_match"].outcome == CheckOutcome.PASS
    assert by_rule["docs.notice_elements"].outcome == CheckOutcome.PASS
    assert by_rule["docs.decision_seal"].outcome == CheckOutcome.INSUFFICIENT_DATA  # text layer: no image check

    # accepting the document's value into the case: saved and audited with the page
    read_defects.docintel.accept_fact(case.id, "decision_date", fact.value, document_id=fact.document_id,
                                      page=fact.page)
    after = read_defects.docintel.facts(case.id)
    assert {c.field: c for c in after.comparisons}["decision_date"].agrees is True
    with read_defects.ctx.db.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "accept_document_value")).one()
        assert entry.before == {"decision_date": decision.registry}
        assert entry.after and entry.after["page"] == fact.page


def test_missing_remedy_is_a_proposal_on_the_decision_item(read_defects: Services) -> None:
    case = _defective(read_defects)
    state = read_defects.reviews.open_review(case.id)
    proposals = read_defects.checks.proposals(state.review.id)
    mine = [p for p in proposals if p.rule_id == "docs.decision_elements"]
    assert mine and mine[0].item_code == "S10"
    assert "第五十九条" in mine[0].legal_basis
    read_defects.checks.accept(state.review.id, "docs.decision_elements", "S10")
    again = {(p.rule_id, p.item_code): p for p in read_defects.checks.proposals(state.review.id)}
    assert again[("docs.decision_elements", "S10")].decision == "accepted"


def test_clean_case_passes_the_content_checks(read_defects: Services) -> None:
    with read_defects.ctx.db.session() as session:
        ids = list(session.scalars(select(Case.id).where(Case.procedure == "general", Case.case_type == "penalty")
                                   .order_by(Case.id)))
    clean = ids[3] if len(ids) > 3 else None
    if clean is None:
        pytest.skip("dataset has fewer than four general penalty cases")
    results = {r.rule_id: r for r in read_defects.checks.run_case(clean).results if r.rule_id.startswith("docs.")}
    for rule_id in ("docs.decision_elements", "docs.notice_elements", "docs.notice_rights",
                    "docs.case_numbers_consistent", "docs.registry_matches_documents", "docs.officers_match",
                    "docs.service_receipt"):
        assert results[rule_id].outcome == CheckOutcome.PASS, (rule_id, results[rule_id].explanation)


def test_accept_rejects_bad_values(read_defects: Services) -> None:
    from casereview.errors import NotFoundError, ValidationError

    case = _defective(read_defects)
    doc = read_defects.cases.detail(case.id).documents[0]
    with pytest.raises(ValidationError, match="不是有效的决定日期"):
        read_defects.docintel.accept_fact(case.id, "decision_date", "2024-13-40", document_id=doc.id, page=1)
    with pytest.raises(ValidationError, match="不能从文书采用"):
        read_defects.docintel.accept_fact(case.id, "officer", "张三", document_id=doc.id, page=1)
    with pytest.raises(NotFoundError):
        read_defects.docintel.accept_fact(case.id, "decision_date", "2024-01-02", document_id=999999, page=1)


def test_signature_detector_on_a_scanned_receipt(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from casereview.docintel.reader import render_page
    from casereview.docintel.scans import scan_pdf
    from casereview.docintel.seal import page_marks
    from casereview.docintel.text_layer import text_layer_lines

    for defects, expected in (((), True), (("unsigned_receipt",), False)):
        rec = next(iter(generate_cases(DatasetSpec(cases=1, seed=3))))
        rec["doc_defects"] = defects
        docs = plan_documents(rec, random.Random(1), False)
        pdf, ranges = render_case_file(rec, docs)
        index = next(first for t, first, _last in ranges if t == "送达回证") - 1
        lines = text_layer_lines(pdfium.PdfDocument(pdf)[index])
        assert lines
        only = plan_pages(rec, docs)[index : index + 1]
        single = pdfium.PdfDocument.new()
        single.import_pages(pdfium.PdfDocument(pdf), [index])
        path = tmp_path / f"receipt{len(defects)}.pdf"
        single.save(str(path))
        scanned = tmp_path / f"scanned{len(defects)}.pdf"
        scanned.write_bytes(scan_pdf(path.read_bytes(), only, seed=4))
        assert page_marks(render_page(scanned, 0), lines).get("signature") is expected


def test_document_defects_rotate_over_scanned_cases() -> None:
    recs = [{"decision_date": None} for _ in range(4)]
    for k, rec in enumerate(recs):
        build._document_defects(rec, k)
    assert [r.get("doc_defects") for r in recs] == [("no_remedy",), ("no_seal",), ("unsigned_receipt",), None]


def test_page_types_propose_the_ranges_of_a_combined_file(tmp_db: Services) -> None:
    from casereview.storage.models import Document

    build_dataset(tmp_db, DatasetSpec(cases=3, seed=8, officers_per_unit=3), documents=True)
    ids = tmp_db.docintel.resolve_cases(all_cases=True)
    tmp_db.docintel.read_cases(ids)
    with tmp_db.ctx.db.session() as session:
        docs = list(session.scalars(select(Document).where(Document.case_id == ids[0]).order_by(Document.sort_order)))
        truth = "; ".join(f"{d.page_start}-{d.page_end} {d.doc_type}" if d.page_end != d.page_start
                          else f"{d.page_start} {d.doc_type}" for d in docs)
        whole = Document(case_id=ids[0], blob_sha256=docs[0].blob_sha256, title="整卷扫描", doc_type="其他",
                         page_start=1, page_end=docs[-1].page_end, page_count=docs[-1].page_end)
        session.add(whole)
        session.flush()
        whole_id = whole.id
    proposal = tmp_db.docintel.propose_split(whole_id)
    assert proposal.unread == 0
    assert proposal.ranges == truth


def test_cli_ocr_search_facts_accept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from casereview.cli.main import main

    db = tmp_path / "cli.sqlite3"
    services = Services.open(db, as_system=True)
    try:
        build_dataset(services, DatasetSpec(cases=2, seed=9, officers_per_unit=3), documents=True)
        case_no = services.cases.detail(1).case_no
    finally:
        services.close()
    assert main(["docs", "ocr", "--all", "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cases"] == 2 and out["pages_read"] > 0 and out["failed"] == 0
    assert main(["docs", "ocr", case_no, "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pages_read"] == 0  # never read twice
    assert main(["docs", "search", "案号", "--db", str(db), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {"case_no", "document_id", "page", "line"} <= set(hits[0])
    assert main(["docs", "search", "案", "--db", str(db)]) != 0
    assert "至少输入两个字" in capsys.readouterr().err
    assert main(["docs", "facts", case_no, "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "案号" in text and "一致" in text
    assert main(["docs", "ocr", "不存在的案号", "--db", str(db)]) != 0
    assert "找不到案件" in capsys.readouterr().err


def test_best_value_order_confirmed_then_most_confident_then_registry() -> None:
    from datetime import date

    from casereview.docintel.best import CONFIRMED, DOCUMENT, REGISTRY, Confirmation, best_values
    from casereview.docintel.facts import DocFact

    def fact(value: str, confidence: float, page: int) -> DocFact:
        return DocFact("decision_date", value, value, 7, "行政处罚决定书", page, f"决定书第 {page} 页",
                       (0.1, 0.1, 0.2, 0.2), value, confidence)

    registry = {"decision_date": date(2024, 2, 6), "filing_date": date(2024, 1, 2)}
    facts = [fact("2024-02-09", 0.71, 1), fact("2024-02-08", 0.98, 2)]
    best = best_values(registry, facts, [])
    assert (best["decision_date"].value, best["decision_date"].source) == ("2024-02-08", DOCUMENT)
    assert "决定书第 2 页" in best["decision_date"].describe() and "登记为 2024-02-06" in best["decision_date"].describe()
    assert (best["filing_date"].value, best["filing_date"].source) == ("2024-01-02", REGISTRY)
    mine = Confirmation("decision_date", "2024-02-10", "2024-02-08", 7, 2, "决定书第 2 页", "张三")
    best = best_values(registry, facts, [mine])
    assert (best["decision_date"].value, best["decision_date"].source) == ("2024-02-10", CONFIRMED)
    assert "经评查人员确认" in best["decision_date"].describe()


def test_statutory_checks_use_the_best_supported_value_and_name_it(read_defects: Services) -> None:
    case = _defective(read_defects)
    registry_day = case.decision_date
    read_day = (registry_day + timedelta(days=2)).isoformat()
    rule = "penalty.decision_within_90_days"

    def explanation() -> str:
        return next(r for r in read_defects.checks.run_case(case.id).results if r.rule_id == rule).explanation

    text = explanation()
    assert f"决定日期 {read_day}" in text, text  # the decision's own date, not the registry's
    assert "取自行政处罚决定书第" in text and f"登记为 {registry_day.isoformat()}" in text
    assert "立案日期" in text and "（取自" in text  # every value it used, with its source

    # the reviewer corrects the date read on the page: the checks use the confirmed value
    decision = next(c for c in read_defects.docintel.facts(case.id).comparisons if c.field == "decision_date")
    fact = next(f for f in decision.documents if f.value == read_day)
    corrected = (registry_day + timedelta(days=3)).isoformat()
    read_defects.docintel.confirm_fact(case.id, "decision_date", corrected, document_id=fact.document_id,
                                       page=fact.page, read_value=fact.value)
    text = explanation()
    assert f"决定日期 {corrected}" in text and "经评查人员确认" in text
    facts = read_defects.docintel.facts(case.id)
    assert facts.confirmed_by_field["decision_date"].corrected
    assert {c.field: c for c in facts.best}["decision_date"].value == corrected
    with read_defects.ctx.db.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "correct_document_value")).one()
        assert entry.after and entry.after["page"] == fact.page and entry.after["read"] == read_day

    # bulk runs give the same results, content checks included
    bulk = {c.case_id: c for c in read_defects.checks.run_many([case.id])}[case.id]
    assert {r.rule_id: r.explanation for r in bulk.results} == {
        r.rule_id: r.explanation for r in read_defects.checks.run_case(case.id).results}
    assert any(r.rule_id == "docs.decision_elements" for r in bulk.results)

    read_defects.docintel.withdraw_confirmation(case.id, "decision_date")
    assert f"决定日期 {read_day}" in explanation()


def test_bulk_content_checks_are_bounded_per_file(read_defects: Services) -> None:
    from casereview.services.docintel import cases_document_checks

    case = _defective(read_defects)
    with read_defects.ctx.db.session() as session:
        bounded = cases_document_checks(session, [case.id], max_pages=2)[case.id][0]
    assert all("未读取" in r.explanation or r.outcome != CheckOutcome.PASS or r.uncertain for r in bounded)
    assert any(r.uncertain for r in bounded if r.outcome == CheckOutcome.PASS)


def test_anonymised_exports_hide_what_the_pages_name(read_defects: Services) -> None:
    """A name and an ID number that only the documents carry (the registry spells the party
    differently) are masked in the review form and in training text, like registry values."""
    case = _defective(read_defects)
    facts = read_defects.docintel.facts(case.id)
    by_field = {c.field: c for c in facts.comparisons}
    page_name = by_field["party_name"].document_values[0]
    page_id = by_field["party_id_no"].document_values[0]
    officer = facts.officers[0].value
    with read_defects.ctx.db.session() as session:
        row = session.get(Case, case.id)
        assert row is not None
        row.party_name, row.party_id_no = "登记名称不同", None
    note = f"询问笔录载明当事人{page_name}（证件号码{page_id}），执法人员{officer}未出示证件。"
    state = read_defects.reviews.open_review(case.id)
    code = state.definition.item_codes()[0]
    read_defects.reviews.save_answer(state.review.id, code, Answer.NOT_APPLICABLE, note=note)
    form = read_defects.exports.review_form(state.review.id, mask=True)
    masked = next(i.note for c in form.categories for i in c.items if i.code == code)
    assert masked and page_name not in masked and page_id not in masked, masked  # officers: training only
    assert read_defects.exports.review_form(state.review.id, mask=False).categories  # unmasked still works
    training = read_defects.training.anonymizer_for_cases([case.id]).mask(note)
    assert page_name not in training and page_id not in training and officer not in training, training
