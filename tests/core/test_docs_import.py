"""Document import into the database: content store dedupe, bad files skipped with
reasons, verify detects tampering, type correction, split by page ranges, CLI."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from intake_fixtures import make_encrypted_pdf, make_pdf
from sqlalchemy import select

from casereview.cli.main import main as cli
from casereview.errors import ValidationError
from casereview.services.app import Services
from casereview.storage.models import Blob, Document, EvidenceRef, ImportBatch

CASE1 = "粤交执罚〔2024〕1号"
CASE2 = "粤交执罚〔2024〕2号"


@pytest.fixture
def services(tmp_path: Path) -> Services:
    s = Services.open(tmp_path / "docs.sqlite3", as_system=True)
    with s.ctx.db.session() as session:
        from casereview.storage.models import Case

        session.add_all([Case(case_no=CASE1, case_type="penalty"), Case(case_no=CASE2, case_type="penalty")])
    yield s  # type: ignore[misc]
    s.close()


def make_folder(root: Path) -> Path:
    folder = root / "卷宗"
    one = folder / "粤交执罚[2024]1号 张三"
    one.mkdir(parents=True)
    make_pdf(one / "01 立案登记表.pdf", "立案登记表", pages=2)
    make_pdf(one / "02-询问笔录.pdf", "询问笔录", pages=3)
    shutil.copy(one / "01 立案登记表.pdf", folder / "粤交执罚〔2024〕2号-立案登记表.pdf")  # same bytes, other case
    (one / "空文件.pdf").write_bytes(b"")
    (one / "损坏.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    make_encrypted_pdf(one / "加密.pdf", one / "02-询问笔录.pdf", "secret")
    (one / "说明.doc").write_bytes(b"old word")
    (folder / "无案号.pdf").write_bytes((one / "02-询问笔录.pdf").read_bytes())
    return folder


def test_import_folder_dedupes_and_skips_bad_files(services: Services, tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    sources = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = services.documents_import.import_folder(folder)
    assert len(result.imported) == 3 and result.cases == 2
    assert result.blobs_new == 2  # the registration form is stored once for both cases
    codes = {s.relative.rsplit("/", 1)[-1]: s.code for s in result.skipped}
    assert codes == {"空文件.pdf": "empty", "损坏.pdf": "corrupt", "加密.pdf": "encrypted", "说明.doc": "unsupported",
                     "无案号.pdf": "no_case"}
    reasons = {s.code: s.reason for s in result.skipped}
    assert "密码" in reasons["encrypted"] and "0 字节" in reasons["empty"]
    assert all(p.read_bytes() == data for p, data in sources.items())  # sources untouched
    detail = services.cases.detail(CASE1)
    assert [(d.doc_type, d.page_count, d.kind) for d in detail.documents] == [("立案登记表", 2, "pdf"),
                                                                                ("询问笔录", 3, "pdf")]
    assert not any(d.type_confirmed for d in detail.documents)
    with services.ctx.db.session() as session:
        assert len(session.scalars(select(Blob.sha256)).all()) == 2
        batch = session.scalars(select(ImportBatch)).one()
        assert batch.kind == "documents" and batch.created == 3
        text = session.scalar(select(Document.first_page_text).where(Document.title == "02-询问笔录"))
        assert text is not None and "询问笔录" in text
    info = services.documents.open_info(detail.documents[0].id)
    assert info.path.exists() and info.path.parent.parent == services.ctx.documents_root
    # Importing the same folder again adds nothing.
    again = services.documents_import.import_folder(folder)
    assert not again.imported and again.batch_id is None
    assert sum(s.code == "already_imported" for s in again.skipped) == 3


def test_verify_detects_tampered_and_missing_blob(services: Services, tmp_path: Path) -> None:
    services.documents_import.import_folder(make_folder(tmp_path))
    assert services.documents_import.verify().ok
    detail = services.cases.detail(CASE1)
    first = services.documents.open_info(detail.documents[0].id).path
    second = services.documents.open_info(detail.documents[1].id).path
    first.write_bytes(first.read_bytes().replace(b"%PDF", b"%PDX", 1))
    second.unlink()
    result = services.documents_import.verify()
    assert not result.ok and result.checked == 2
    by_code = {d.code: d for d in result.damaged}
    assert set(by_code) == {"corrupt", "missing"}
    assert "校验值" in by_code["corrupt"].reason
    assert set(by_code["corrupt"].documents) == {detail.documents[0].id, services.cases.detail(CASE2).documents[0].id}


def test_set_type_and_split(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "whole"
    folder.mkdir()
    make_pdf(folder / f"{CASE1}.pdf", "案卷", pages=8)
    services.documents_import.import_folder(folder)
    (doc,) = services.cases.detail(CASE1).documents
    assert doc.doc_type == "其他"
    assert services.documents_import.set_type(doc.id, "询问笔录") == "询问笔录"
    assert services.cases.detail(CASE1).documents[0].type_confirmed
    with pytest.raises(ValidationError, match="未知的文书类型"):
        services.documents_import.set_type(doc.id, "不存在的类型")
    with pytest.raises(ValidationError, match="重叠"):
        services.documents_import.split(doc.id, "1-3 立案登记表; 3-6 询问笔录")
    with pytest.raises(ValidationError, match="超出"):
        services.documents_import.split(doc.id, "1-2 立案登记表; 3-9 询问笔录")
    with pytest.raises(ValidationError, match="无法识别"):
        services.documents_import.split(doc.id, "立案登记表")
    result = services.documents_import.split(doc.id, "1-2 立案登记表; 3-6 询问笔录")
    parts = [(p.doc_type, p.page_start, p.page_end) for p in result.parts]
    assert parts == [("立案登记表", 1, 2), ("询问笔录", 3, 6), ("其他", 7, 8)]
    assert result.notes and "第7–8页" in result.notes[0]
    docs = services.cases.detail(CASE1).documents
    assert [d.doc_type for d in docs] == ["立案登记表", "询问笔录", "其他"]
    assert len({d.blob_sha256 for d in docs}) == 1
    info = services.documents.open_info(docs[1].id)
    assert info.page_start == 3 and info.page_count == 4 and info.blob_page(1) == 2
    # Split a part further: pages count within the part.
    sub = services.documents_import.split(docs[1].id, "1-2 询问笔录; 3-4 现场笔录")
    assert [(p.page_start, p.page_end) for p in sub.parts] == [(3, 4), (5, 6)]
    assert [d.doc_type for d in services.cases.detail(CASE1).documents] == ["立案登记表", "询问笔录", "现场笔录", "其他"]


def test_split_moves_evidence_links(demo_services: Services) -> None:
    services = demo_services
    from casereview.domain.enums import Answer
    from casereview.services.cases import CaseFilter

    case_id = services.cases.query_ids(CaseFilter(review_states=("not_started",)))[0]
    state = services.reviews.open_review(case_id)
    detail = services.cases.detail(case_id)
    doc = next(d for d in detail.documents if d.kind == "pdf" and d.page_count >= 2)
    code = next(item.code for cat, item in state.definition.iter_items() if not cat.veto_tier)
    services.reviews.save_answer(state.review.id, code, Answer.PASS)
    services.reviews.add_evidence(state.review.id, code, doc.id, 2)
    result = services.documents_import.split(doc.id, f"1 第一部分; 2-{doc.page_count} 询问笔录")
    with services.ctx.db.session() as session:
        ref = session.scalars(select(EvidenceRef)).one()
        assert ref.document_id == result.parts[1].document_id and ref.page == 1


def test_docs_cli(services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(services.ctx.db.path)
    folder = make_folder(tmp_path)
    assert cli(["docs", "import", str(folder), "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["imported"]) == 3 and len(out["skipped"]) == 5
    assert cli(["docs", "verify", "--db", db]) == 0
    assert "文档库完好" in capsys.readouterr().out
    doc_id = out["imported"][0]["document_id"]
    assert cli(["docs", "set-type", str(doc_id), "现场笔录", "--db", db]) == 0
    assert "现场笔录" in capsys.readouterr().out
    assert cli(["docs", "split", str(doc_id), "1 立案登记表; 2 询问笔录", "--db", db, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["parts"]) == 2
    assert cli(["docs", "split", str(out["imported"][1]["document_id"]), "1-5 询问笔录", "--db", db]) == 1
    assert "超出" in capsys.readouterr().err
    # A tampered store makes verify fail with exit code 1.
    blob = next(p for p in services.ctx.documents_root.rglob("*.pdf"))
    blob.write_bytes(b"tampered")
    assert cli(["docs", "verify", "--db", db, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["damaged"][0]["code"] == "corrupt"
    # a size limit skips big files
    small = tmp_path / "small"
    (small / CASE2).mkdir(parents=True)
    make_pdf(small / CASE2 / "询问笔录.pdf", "询问笔录", pages=1)
    assert cli(["docs", "import", str(small), "--db", db, "--max-size", "0.0001", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"][0]["code"] == "too_large"


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux keeps undecodable bytes in file names")
def test_gbk_file_names_are_imported_and_shown_readably(services: Services, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """What `unzip` leaves of a zip made on Chinese Windows: folder and file names as GBK
    bytes beside UTF-8 ones, and one name that is no encoding at all. The import goes on
    with every file, matches the case number in the GBK folder name and stores readable names."""
    root = os.fsencode(tmp_path / "解压")
    gbk_case = root + b"/" + "粤交执罚〔2024〕1号 张三".encode("gbk")
    os.makedirs(gbk_case)
    utf8_case = root + b"/" + CASE2.encode()
    os.makedirs(utf8_case)
    make_pdf(Path(os.fsdecode(gbk_case + b"/" + "询问笔录.pdf".encode("gbk"))), "询问笔录", pages=1)
    make_pdf(Path(os.fsdecode(gbk_case + b"/" + "现场笔录.pdf".encode())), "现场笔录", pages=2)
    make_pdf(Path(os.fsdecode(utf8_case + b"/" + "立案登记表.pdf".encode("gbk"))), "立案登记表", pages=3)
    make_pdf(Path(os.fsdecode(utf8_case + b"/\xff\xfe\x80.pdf")), "其他", pages=4)
    result = services.documents_import.import_folder(os.fsdecode(root))
    assert not result.skipped, result.skipped
    names = sorted(d.relative for d in result.imported)
    assert names == sorted([f"{CASE2}/立案登记表.pdf", f"{CASE2}/\ufffd\ufffd\ufffd.pdf",
                            "粤交执罚〔2024〕1号 张三/询问笔录.pdf", "粤交执罚〔2024〕1号 张三/现场笔录.pdf"])
    with services.ctx.db.session() as session:
        stored = {d.original_name: (d.title, d.doc_type) for d in session.scalars(select(Document))}
    assert stored["粤交执罚〔2024〕1号 张三/询问笔录.pdf"] == ("询问笔录", "询问笔录")
    assert stored[f"{CASE2}/立案登记表.pdf"][0] == "立案登记表"
    assert cli(["docs", "verify", "--db", str(services.ctx.db.path)]) == 0
    assert "孤立" not in capsys.readouterr().out
