"""Document intake: content store, folder scan, bad files, classification, page ranges."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import docx
import pytest
from intake_fixtures import make_encrypted_pdf, make_pdf
from PIL import Image

from casereview.errors import ValidationError
from casereview.intake.classify import check_page_ranges, classify, parse_page_ranges, uncovered_pages
from casereview.intake.doc_types import DOC_TYPE_BY_CODE, DOC_TYPES, doc_type_from_text
from casereview.intake.scan import BadFile, CaseMatcher, inspect_file, scan_folder
from casereview.intake.store import ContentStore, hash_file, verify

CASE1 = "粤交执罚〔2024〕123号"
CASE2 = "粤交执罚〔2024〕124号"
CASE3 = "粤交执罚〔2024〕12号"


# ------------------------------------------------------------------------- store


def test_store_dedupes_and_never_touches_source(tmp_path: Path) -> None:
    source = tmp_path / "in" / "a.PDF"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.4 hello")
    copy = tmp_path / "in" / "b.pdf"
    copy.write_bytes(b"%PDF-1.4 hello")
    before = source.stat()
    store = ContentStore(tmp_path / "store")
    first = store.put(source)
    second = store.put(copy)
    sha, size = hash_file(source)
    assert (first.sha256, first.size, first.existed) == (sha, size, False)
    assert first.path == tmp_path / "store" / sha[:2] / f"{sha}.pdf"
    assert second.existed and second.path == first.path
    assert first.path.read_bytes() == b"%PDF-1.4 hello"
    assert source.read_bytes() == b"%PDF-1.4 hello" and source.stat().st_mtime == before.st_mtime
    assert not any((tmp_path / "store" / ".tmp").iterdir())  # no temporary files left behind
    assert store.contains(sha) and not store.contains("0" * 64)


def test_verify_reports_missing_and_damaged(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    files = []
    for i in range(3):
        source = tmp_path / f"f{i}.jpg"
        source.write_bytes(f"content {i}".encode())
        files.append(store.put(source))
    assert verify(tmp_path, [(f.sha256, f.size) for f in files]) == []
    files[0].path.write_bytes(b"content X")  # same size, other bytes
    files[1].path.write_bytes(b"shorter")
    files[2].path.unlink()
    damage = {d.sha256: d for d in store.verify([(f.sha256, f.size) for f in files])}
    assert "校验值不符" in damage[files[0].sha256].reason
    assert "大小不符" in damage[files[1].sha256].reason
    assert damage[files[2].sha256].reason == "文件缺失" and damage[files[2].sha256].code == "missing"


def test_orphan_files_are_listed(tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = ContentStore(root)
    kept = store.put_bytes(b"kept", ".pdf")
    left = store.put_bytes(b"left behind by an interrupted import", ".jpg")
    (root / ".tmp").mkdir(exist_ok=True)
    (root / ".tmp" / "put-123").write_bytes(b"in flight")
    assert store.orphans([kept.sha256]) == [left.path]
    assert store.orphans([kept.sha256, left.sha256]) == []


# --------------------------------------------------------------------- bad files


def test_pdf_inspection(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf", "广州市交通运输局", "行政处罚决定书", pages=3)
    info = inspect_file(good)
    assert (info.kind, info.page_count) == ("pdf", 3)
    assert info.first_page_text is not None and "行政处罚决定书" in info.first_page_text

    locked = make_encrypted_pdf(tmp_path / "locked.pdf", good, "secret")
    with pytest.raises(BadFile, match="打开密码") as caught:
        inspect_file(locked)
    assert caught.value.code == "encrypted"
    # only an owner password (printing restrictions): opens without a password, so it is fine
    restricted = make_encrypted_pdf(tmp_path / "restricted.pdf", good, "")
    assert inspect_file(restricted).page_count == 3

    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(good.read_bytes()[:400])
    with pytest.raises(BadFile, match="已损坏") as caught:
        inspect_file(corrupt)
    assert caught.value.code == "corrupt"
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"just text")
    with pytest.raises(BadFile, match="%PDF"):
        inspect_file(fake)


def test_images_and_docx(tmp_path: Path) -> None:
    Image.new("RGB", (20, 30), "white").save(tmp_path / "p.jpg")
    Image.new("L", (20, 30)).save(tmp_path / "p.png")
    frames = [Image.new("1", (20, 30)) for _ in range(3)]
    frames[0].save(tmp_path / "multi.tif", save_all=True, append_images=frames[1:])
    assert inspect_file(tmp_path / "p.jpg").page_count == 1
    assert inspect_file(tmp_path / "p.png").page_count == 1
    assert inspect_file(tmp_path / "multi.tif").page_count == 3
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    with pytest.raises(BadFile, match="图片"):
        inspect_file(tmp_path / "broken.png")

    document = docx.Document()
    document.add_paragraph("询问笔录")
    document.add_paragraph("时间：2024年3月5日")
    document.save(str(tmp_path / "note.docx"))
    info = inspect_file(tmp_path / "note.docx")
    assert (info.kind, info.page_count, info.paragraph_count) == ("docx", None, 2)
    assert info.first_page_text is not None and info.first_page_text.startswith("询问笔录")
    (tmp_path / "bad.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(BadFile, match="密码") as caught:
        inspect_file(tmp_path / "bad.docx")
    assert caught.value.code == "encrypted"


def test_simple_bad_files(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "old.doc").write_bytes(b"x")
    (tmp_path / "big.jpg").write_bytes(b"x" * 2048)
    (tmp_path / "~$temp.docx").write_bytes(b"x")
    cases = {
        "empty.pdf": ("empty", "0 字节"),
        "old.doc": ("unsupported", "另存为 .docx"),
        "~$temp.docx": ("system", "临时文件"),
    }
    for name, (code, text) in cases.items():
        with pytest.raises(BadFile, match=text) as caught:
            inspect_file(tmp_path / name)
        assert caught.value.code == code
    with pytest.raises(BadFile, match="文件过大") as caught:
        inspect_file(tmp_path / "big.jpg", max_bytes=1024)
    assert caught.value.code == "too_large"


# ----------------------------------------------------------------------- matching


def test_case_matcher_tolerates_mangled_brackets() -> None:
    matcher = CaseMatcher([CASE1, CASE2, CASE3, "2024001"])
    assert matcher.match("粤交执罚[2024]123号 询问笔录") == CASE1
    assert matcher.match("粤交执罚(2024)124号") == CASE2
    assert matcher.match("粤交执罚_2024_第12号-送达回证") == CASE3
    assert matcher.match("粤交执罚〔2024〕1234号") is None  # not 123号, not 12号
    assert matcher.match("案件2024001") == "2024001"
    assert matcher.match("20240012") is None  # a match may not cut a run of digits
    assert matcher.match("无关文件") is None
    with pytest.raises(BadFile, match="多个案号"):
        matcher.match("粤交执罚[2024]123号与粤交执罚[2024]124号合并")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_scan_folder_layouts_and_bad_files(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    case_dir = root / "粤交执罚[2024]123号 张三"
    (case_dir / "证据").mkdir(parents=True)
    make_pdf(case_dir / "01 立案登记表.pdf", "立案登记表")
    make_pdf(case_dir / "证据" / "scan0001.pdf", "行政处罚决定书")  # typed from its first page
    Image.new("RGB", (10, 10)).save(case_dir / "证据" / "现场照片.jpg")
    make_pdf(root / "粤交执罚(2024)124号-询问笔录.pdf", "询问笔录")  # loose file named by case
    make_pdf(root / "unrelated.pdf", "x")
    (case_dir / "empty.pdf").write_bytes(b"")
    (case_dir / "notes.txt").write_text("x", encoding="utf-8")
    make_encrypted_pdf(case_dir / "加密.pdf", case_dir / "01 立案登记表.pdf", "pw")
    os.symlink(case_dir / "01 立案登记表.pdf", case_dir / "link.pdf")
    os.symlink(case_dir / "证据", root / "证据链接")
    (root / "Thumbs.db").write_bytes(b"x")
    seen: list[Path] = []

    result = scan_folder(root, [CASE1, CASE2, CASE3], progress=seen.append)

    found = {f.relative: (f.case_no, f.matched_by, f.classification.code) for f in result.files}
    assert found == {
        "粤交执罚[2024]123号 张三/01 立案登记表.pdf": (CASE1, "folder", "filing_register"),
        "粤交执罚[2024]123号 张三/证据/scan0001.pdf": (CASE1, "folder", "penalty_decision"),
        "粤交执罚[2024]123号 张三/证据/现场照片.jpg": (CASE1, "folder", "other"),
        "粤交执罚(2024)124号-询问笔录.pdf": (CASE2, "name", "inquiry_record"),
    }
    skipped = {s.relative: s.code for s in result.skipped}
    assert skipped == {
        "unrelated.pdf": "no_case",
        "粤交执罚[2024]123号 张三/empty.pdf": "empty",
        "粤交执罚[2024]123号 张三/notes.txt": "unsupported",
        "粤交执罚[2024]123号 张三/加密.pdf": "encrypted",
        "粤交执罚[2024]123号 张三/link.pdf": "symlink",
        "证据链接": "symlink",
        "Thumbs.db": "system",
    }
    assert all(s.reason for s in result.skipped)
    assert set(result.by_case()) == {CASE1, CASE2}
    assert len(seen) == len(result.files) + len(result.skipped) - 1  # the linked folder is not entered
    assert "可导入 4 个文件（2 个案件）" in result.summary()


def test_scan_with_mapping_file(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    make_pdf(root / "001.pdf", "询问笔录")
    make_pdf(root / "002.pdf", "x")
    mapping = root / "对应关系.csv"
    mapping.write_bytes(f"文件,案号\n001.pdf,{CASE1.replace('〔', '[').replace('〕', ']')}\n002.pdf,不存在的案号\n"
                        f"003.pdf,{CASE2}\n".encode("gbk"))
    result = scan_folder(root, [CASE1, CASE2], mapping_file=mapping)
    assert [(f.relative, f.case_no, f.matched_by) for f in result.files] == [("001.pdf", CASE1, "mapping")]
    codes = {s.relative: s.code for s in result.skipped}
    assert codes["002.pdf"] == "unknown_case"
    assert any(code == "missing" for code in codes.values())
    assert "对应关系.csv" not in codes  # the mapping file itself is not a document
    bad = root / "bad.csv"
    bad.write_text("onlyonecolumn\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="第1行"):
        scan_folder(root, [CASE1], mapping_file=bad)
    with pytest.raises(ValidationError, match="文件夹不存在"):
        scan_folder(tmp_path / "nope", [CASE1])


# ------------------------------------------------------------------ classification


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("03-询问笔录(张三).pdf", "inquiry_record"),
        ("立案审批表.pdf", "filing_register"),
        ("行政处罚决定书.pdf", "penalty_decision"),
        ("当场处罚决定书.jpg", "onsite_penalty_decision"),
        ("解除行政强制措施决定书.pdf", "coercive_measure_release"),
        ("行政强制措施决定书.pdf", "coercive_measure_decision"),
        ("延长行政强制措施期限通知书.pdf", "coercive_measure_extension"),
        ("解除证据登记保存决定书.pdf", "evidence_preservation_release"),
        ("证据登记保存清单.pdf", "evidence_preservation_list"),
        ("违法行为通知书.pdf", "violation_notice"),
        ("行政处罚事先告知书.pdf", "violation_notice"),
        ("听证告知书.pdf", "hearing_notice"),
        ("听证笔录.pdf", "hearing_record"),
        ("行政处罚决定书送达回证.pdf", "service_receipt"),
        ("分期（延期）缴纳罚款通知书.docx", "payment_deferral_notice"),
        ("中止行政强制执行通知书.pdf", "enforcement_suspension_notice"),
        ("催告书.pdf", "demand_notice"),
        ("代履行决定书.pdf", "substitute_performance_decision"),
        ("结案报告.pdf", "closing_report"),
        ("案卷封面.jpg", "cover"),
        ("卷内目录.pdf", "index"),
        ("法制审核意见书.pdf", "legal_review_opinion"),
        ("重大案件集体讨论记录.pdf", "collective_discussion_record"),
        ("陈述申辩笔录.pdf", "statement_defence_record"),
        ("罚没收据.jpg", "fine_receipt"),
        ("营业执照.jpg", "identity_proof"),
        ("IMG_0001.jpg", "other"),
    ],
)
def test_classify_by_name(name: str, code: str) -> None:
    assert classify(name).code == code


def test_classify_by_text_and_disagreement() -> None:
    text = "某某市交通运输局\n行 政 处 罚 决 定 书\n粤交执罚〔2024〕1号\n……已于2024年3月1日送达违法行为通知书……"
    by_text = classify("scan001.pdf", text)
    assert by_text.code == "penalty_decision" and by_text.confidence == 0.7
    agree = classify("处罚决定书.pdf", text)
    assert agree.confidence == 1.0
    disagree = classify("询问笔录.pdf", text)
    assert disagree.code == "inquiry_record" and "请核对" in disagree.reason
    assert classify("x.pdf", "").code == "other"


def test_doc_type_list() -> None:
    form_numbers = sorted(t.form_no for t in DOC_TYPES if t.form_no is not None)
    assert form_numbers == list(range(1, 25))  # the 24 transport forms
    assert len({t.code for t in DOC_TYPES}) == len(DOC_TYPES)
    assert doc_type_from_text("送达回执") is DOC_TYPE_BY_CODE["service_receipt"]
    assert doc_type_from_text("penalty_decision") is DOC_TYPE_BY_CODE["penalty_decision"]
    assert doc_type_from_text("无此类型") is None


def test_page_ranges() -> None:
    ranges = parse_page_ranges("1-2 立案登记表; 3-6 询问笔录；第7页 违法行为通知书\n8～9 行政处罚决定书, 10 送达回证；11 现场照片")
    assert [(r.start, r.end, r.doc_type.code) for r in ranges] == [
        (1, 2, "filing_register"), (3, 6, "inquiry_record"), (7, 7, "violation_notice"),
        (8, 9, "penalty_decision"), (10, 10, "service_receipt"), (11, 11, "other"),
    ]
    assert ranges[-1].title == "现场照片"
    assert check_page_ranges(ranges, 11) == []
    assert uncovered_pages(ranges, 13) == [(12, 13)]
    problems = check_page_ranges(parse_page_ranges("1-3 立案登记表; 3-4 询问笔录; 9-12 其他"), 10)
    assert any("超出了文件的页数（共10页）" in p for p in problems)
    assert any("页码重叠" in p for p in problems)
    with pytest.raises(ValueError, match="结束页"):
        parse_page_ranges("5-3 询问笔录")
    with pytest.raises(ValueError, match="无法识别页码范围"):
        parse_page_ranges("询问笔录")


def test_put_bytes(tmp_path: Path) -> None:
    store = ContentStore(tmp_path)
    first = store.put_bytes(b"%PDF-1.4 generated", ".PDF")
    again = store.put_bytes(b"%PDF-1.4 generated", ".pdf")
    assert not first.existed and again.existed and again.path == first.path
    assert first.path.suffix == ".pdf" and first.path.read_bytes() == b"%PDF-1.4 generated"
    assert hash_file(first.path) == (first.sha256, first.size)
