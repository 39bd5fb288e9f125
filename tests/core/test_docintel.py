"""Reading pages (text layer / OCR), the page store, the full-text index and search."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from casereview.demo.build import build_dataset
from casereview.demo.casefile_pdf import plan_documents, plan_pages, render_case_file
from casereview.demo.generator import DatasetSpec, generate_cases
from casereview.docintel.grams import index_text, normalise, phrase
from casereview.docintel.pages import Line, PageReading
from casereview.docintel.seal import has_red_seal
from casereview.docintel.search import find_in_lines
from casereview.docintel.store import save_reading
from casereview.errors import ValidationError
from casereview.services.app import Services
from casereview.storage.models import Blob, Case, Document


def test_bigrams_make_substring_phrases() -> None:
    assert normalise("送 达：回证 ２０２４") == "送达回证2024"
    assert index_text("送达回证") == "送达 达回 回证"
    assert phrase("送达") == "送达"
    assert phrase("行政处罚决定") == "行政 政处 处罚 罚决 决定"
    assert phrase("送") is None
    assert phrase("，。 ") is None


def test_find_in_lines_gives_boxes_of_the_characters() -> None:
    lines = (Line("案号：粤交罚〔2024〕12号", (0.1, 0.2, 0.9, 0.25)), Line("送达回证", (0.1, 0.3, 0.5, 0.35)))
    [match] = find_in_lines(lines, "送达")
    assert match.line_no == 1
    [box] = match.boxes
    assert box == pytest.approx((0.1, 0.3, 0.3, 0.35))
    # a term broken over two lines is found, with a box on each line
    [across] = find_in_lines(lines, "12号送达")
    assert len(across.boxes) == 2
    assert find_in_lines(lines, "听证") == []


def _case_with_blob(services: Services, case_no: str, sha: str, pages: int) -> tuple[int, int]:
    with services.ctx.db.session() as session:
        case = Case(case_no=case_no, case_type="penalty")
        session.add(case)
        if session.get(Blob, sha) is None:
            session.add(Blob(sha256=sha, size=1, ext=".pdf"))
        session.flush()
        doc = Document(case_id=case.id, blob_sha256=sha, title="行政处罚决定书", doc_type="行政处罚决定书",
                       page_start=1, page_end=pages, page_count=pages)
        session.add(doc)
        session.flush()
        return case.id, doc.id


def _reading(*texts: str) -> PageReading:
    lines = tuple(Line(t, (0.1, 0.1 + 0.05 * i, 0.9, 0.14 + 0.05 * i), 0.97) for i, t in enumerate(texts))
    return PageReading("ocr", "test-engine", lines, 1.0)


def test_search_on_both_databases(any_db: str) -> None:
    services = Services.open(any_db, as_system=True)
    try:
        case_a, doc_a = _case_with_blob(services, "粤交罚〔2024〕1号", "a" * 64, 2)
        case_b, _doc_b = _case_with_blob(services, "粤交罚〔2024〕2号", "b" * 64, 1)
        with services.ctx.db.session() as session:
            save_reading(session, "a" * 64, 0, _reading("行政处罚决定书", "当事人：张三"))
            save_reading(session, "a" * 64, 1, _reading("如不服本决定，可申请行政复议", "送达地址：广州市"))
            save_reading(session, "b" * 64, 0, _reading("送达回证", "受送达人签名：李四"))
            # the same engine reading the same page again stores nothing new
            save_reading(session, "b" * 64, 0, _reading("送达回证（重复）"))
        hits = services.docintel.search("送达")
        assert {(h.case_id, h.page) for h in hits} == {(case_a, 2), (case_b, 1)}
        hit_a = next(h for h in hits if h.case_id == case_a)
        assert hit_a.document_id == doc_a and hit_a.line == "送达地址：广州市"
        assert hit_a.boxes and 0 <= hit_a.boxes[0][0] < hit_a.boxes[0][2] <= 1
        long = services.docintel.search("申请行政复议")
        assert [(h.case_id, h.page) for h in long] == [(case_a, 2)]
        assert services.docintel.search("行政诉讼") == []
        assert [h.case_id for h in services.docintel.search("送达", case_id=case_b)] == [case_b]
        with pytest.raises(ValidationError, match="至少输入两个字"):
            services.docintel.search("送")
        view = services.docintel.page(doc_a, 2)
        assert view.source == "ocr" and view.text.startswith("如不服")
        assert services.docintel.page(doc_a, 1).confidence == pytest.approx(0.97)
    finally:
        services.close()


def test_text_layer_pages_are_read_once_and_searchable(tmp_db: Services) -> None:
    build_dataset(tmp_db, DatasetSpec(cases=2, seed=5, officers_per_unit=3), documents=True)
    ids = tmp_db.docintel.resolve_cases(all_cases=True)
    before = [tmp_db.docintel.status(cid) for cid in ids]
    assert all(s.pages > 0 and s.read == 0 for s in before)
    result = tmp_db.docintel.read_cases(ids, workers=2)
    assert result.error is None and result.failed == 0
    assert result.done == sum(s.pages for s in before)
    after = [tmp_db.docintel.status(cid) for cid in ids]
    assert all(s.complete and s.text_layer == s.pages and s.ocr == 0 for s in after)
    # resume after restart: nothing left to read
    queue = tmp_db.docintel.queue()
    assert queue.add_cases(ids) == 0
    hits = tmp_db.docintel.search("案号")
    assert hits and {h.case_id for h in hits} <= set(ids)


def test_queue_pause_prioritise_cancel(tmp_db: Services) -> None:
    build_dataset(tmp_db, DatasetSpec(cases=3, seed=6, officers_per_unit=3), documents=True)
    ids = tmp_db.docintel.resolve_cases(all_cases=True)
    queue = tmp_db.docintel.queue(workers=1)
    total = queue.add_cases(ids)
    assert total > 0 and queue.add_cases(ids) == 0  # already queued
    queue.prioritise(ids[-1])
    assert queue._tasks[0].case_id == ids[-1]
    queue.pause()
    queue.start()
    time.sleep(0.5)
    assert queue.progress().done == 0 and queue.progress().paused
    queue.resume()
    assert queue.wait(timeout=120)
    assert queue.progress().done == total
    queue.add_cases(ids)
    queue.cancel()
    queue.stop()
    assert queue.progress().total == total


def _scanned_case(tmp_path: Path, defects: tuple[str, ...] = ()) -> tuple[Path, list, dict]:
    from casereview.docintel.scans import scan_pdf

    rec = next(iter(generate_cases(DatasetSpec(cases=1, seed=3))))
    rec["doc_defects"] = defects
    docs = plan_documents(rec, random.Random(1), False)
    pdf, _ranges = render_case_file(rec, docs)
    planned = plan_pages(rec, docs)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(pdf, planned, seed=1, agency="东莞市交通运输综合行政执法支队"))
    return path, planned, rec


def test_scans_have_no_text_layer_and_a_seal_where_planned(tmp_path: Path) -> None:
    from casereview.docintel.reader import _text_layer, render_page

    path, planned, _rec = _scanned_case(tmp_path)
    decision = next(p for p in planned if p.doc_type == "行政处罚决定书" and p.seal_at)
    plain = next(p for p in planned if p.doc_type == "询问笔录")
    lines, _img = _text_layer(path, decision.number - 1)
    assert lines is None
    assert has_red_seal(render_page(path, decision.number - 1, dpi=36))
    assert not has_red_seal(render_page(path, plain.number - 1, dpi=36))


def test_seal_missing_when_the_generator_left_it_off(tmp_path: Path) -> None:
    from casereview.docintel.reader import render_page

    path, planned, _rec = _scanned_case(tmp_path, ("no_seal",))
    decision = next(p for p in planned if p.doc_type == "行政处罚决定书" and p.footer)
    assert decision.seal_at is None
    assert not has_red_seal(render_page(path, decision.number - 1, dpi=36))


@pytest.mark.slow
def test_ocr_reads_a_scanned_decision_page(tmp_path: Path) -> None:
    from casereview.docintel.ocr_engine import OcrEngine
    from casereview.docintel.quality import char_accuracy
    from casereview.docintel.reader import read_page

    path, planned, rec = _scanned_case(tmp_path)
    decision = next(p for p in planned if p.doc_type == "行政处罚决定书")
    engine = OcrEngine()
    reading = read_page(path, decision.number - 1, lambda: engine)
    assert reading.source == "ocr" and reading.engine.startswith("rapidocr-")
    assert rec["case_no"] in reading.text.replace(" ", "")
    assert char_accuracy("\n".join(decision.lines), reading.text) >= 0.95


def test_seal_lettering_is_set_apart_from_the_text_under_it() -> None:
    from PIL import Image, ImageDraw

    from casereview.docintel.seal import seal_text_lines

    image = Image.new("RGB", (400, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((150, 20, 350, 190), outline=(210, 40, 40), width=6)
    for x in range(160, 340, 14):  # the seal's lettering on its arc: red strokes
        draw.rectangle((x, 40, x + 8, 56), fill=(200, 35, 40))
    for x in range(170, 330, 12):  # the date printed in black, the seal stamped over it
        draw.rectangle((x, 100, x + 6, 116), fill=(20, 20, 20))
    draw.rectangle((160, 96, 340, 120), outline=(210, 40, 40), width=3)
    lines = [Line("运输综合行政", (160 / 400, 38 / 200, 348 / 400, 58 / 200)),
             Line("2024年12月12日", (168 / 400, 96 / 200, 336 / 400, 120 / 200)),
             Line("当事人：张三", (10 / 400, 150 / 200, 140 / 400, 170 / 200))]
    assert seal_text_lines(image, lines) == [0]


def test_a_signature_read_as_letters_is_not_text() -> None:
    from casereview.docintel.seal import scrawl_lines

    lines = [Line("受送达人签名：", (0.1, 0.50, 0.3, 0.53)), Line("mwwmww", (0.32, 0.49, 0.5, 0.54)),
             Line("ABC", (0.1, 0.8, 0.2, 0.83)), Line("送达日期：2024年3月1日", (0.1, 0.6, 0.5, 0.63))]
    assert scrawl_lines(lines) == [1]  # letters elsewhere on the page stay


def test_training_crops_of_scanned_pages_are_redacted_with_ocr_lines(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from casereview.anonymize import Anonymizer
    from casereview.docintel.scans import scan_pdf
    from casereview.docintel.text_layer import text_layer_lines
    from casereview.training.pages import render_cropped_page

    rec = next(iter(generate_cases(DatasetSpec(cases=1, seed=3))))
    docs = plan_documents(rec, random.Random(1), False)
    pdf, _ranges = render_case_file(rec, docs)
    original = pdfium.PdfDocument(pdf)
    lines = text_layer_lines(original[0])  # the same geometry OCR reports for the scan
    assert lines
    single = pdfium.PdfDocument.new()
    single.import_pages(original, [0])
    page_pdf = tmp_path / "page.pdf"
    single.save(str(page_pdf))
    scanned = tmp_path / "scanned.pdf"
    scanned.write_bytes(scan_pdf(page_pdf.read_bytes(), plan_pages(rec, docs)[:1], seed=2))
    anonymizer = Anonymizer()
    anonymizer.register_case(rec)
    # an unread scan cannot be checked for names: no image at all
    assert render_cropped_page(scanned, 0, tmp_path / "cache", anonymizer) is None
    image = render_cropped_page(scanned, 0, tmp_path / "cache", anonymizer, lines)
    assert image is not None and image.redactions >= 3  # party name, ID number, address, plate


def test_first_match_fast_path_and_normalised_fallback() -> None:
    from casereview.docintel.search import _first_match

    lines = (Line("案号：粤交罚〔2024〕12号", (0.1, 0.2, 0.9, 0.25)), Line("送 达回证：", (0.1, 0.3, 0.5, 0.35)),
             Line("送达地址", (0.1, 0.4, 0.5, 0.45)))
    text = "\n".join(line.text for line in lines)
    rows = [line.as_row() for line in lines]
    import json

    fast = _first_match(text, json.dumps(rows), "送达地址")  # as typed: found without normalising lines
    assert fast is not None and fast.line_no == 2 and fast.boxes[0] == pytest.approx((0.1, 0.4, 0.5, 0.45))
    spaced = _first_match(text, rows, "送达回证")  # printed "送 达回证": the normalised search finds it
    assert spaced is not None and spaced.line_no == 1
    assert _first_match(text, rows, "行政诉讼") is None
