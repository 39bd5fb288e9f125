"""Documents on a team server: two PCs (two data folders) on one PostgreSQL database see
the same files; content is stored once, in chunks, streamed; each PC's cache has a size
limit; ``docs verify`` checks the server copy; a single-PC database moves to the server
in one all-or-nothing step."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text, update
from test_docs_import import CASE1, CASE2, make_folder

from casereview.cli.main import main as cli
from casereview.errors import StorageError
from casereview.services.app import Services
from casereview.storage.blobstore import CHUNK_BYTES, ServerBlobStore
from casereview.storage.db import Database
from casereview.storage.models import Blob, BlobChunk, BlobContent, Case, Document


def open_pc(url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    """One 'PC': its own user-data folder (and so its own document cache)."""
    monkeypatch.setenv("CASEREVIEW_DATA_DIR", str(data_dir))
    services = Services.open(url, as_system=True)
    _ = services.ctx.blob_store  # the cache folder is chosen now, under this PC's data folder
    return services


def test_two_pcs_see_the_same_documents(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pc_a = open_pc(pg_url, tmp_path / "pc-a", monkeypatch)
    with pc_a.ctx.db.session() as session:
        session.add_all([Case(case_no=CASE1, case_type="penalty"), Case(case_no=CASE2, case_type="penalty")])
    folder = make_folder(tmp_path)
    result = pc_a.documents_import.import_folder(folder)
    assert len(result.imported) == 3 and result.blobs_new == 2  # identical form stored once
    pc_b = open_pc(pg_url, tmp_path / "pc-b", monkeypatch)
    try:
        # Nothing of PC A's folders is used by PC B: the files come from the server.
        assert not list((tmp_path / "pc-b").rglob("*.pdf"))
        detail = pc_b.cases.detail(CASE1)
        source = folder / "粤交执罚[2024]1号 张三" / "02-询问笔录.pdf"
        doc = next(d for d in detail.documents if d.title == "02-询问笔录")
        info = pc_b.documents.open_info(doc.id)
        assert str(tmp_path / "pc-b") in str(info.path) and info.path.read_bytes() == source.read_bytes()
        verify_b = pc_b.documents_import.verify()
        assert verify_b.ok and verify_b.checked == 2 and "服务器" in verify_b.summary()
        # Tampering on the server is found by verify on any PC, even with a good cached copy.
        with pc_b.ctx.db.session() as session:
            session.execute(update(BlobChunk).where(BlobChunk.seq == 0).values(data=b"%PDF-tampered"))
        damaged = pc_b.documents_import.verify()
        assert len(damaged.damaged) == 2 and all("服务器" in d.reason or "大小" in d.reason for d in damaged.damaged)
        with pc_b.ctx.db.session() as session:
            session.execute(BlobContent.__table__.delete())
        missing = pc_a.documents_import.verify()
        assert {d.code for d in missing.damaged} == {"missing"}
        assert cli(["docs", "verify", "--db", pg_url]) == 1
    finally:
        pc_a.close()
        pc_b.close()


def test_large_file_is_written_and_read_in_chunks(pg_url: str, tmp_path: Path) -> None:
    db = Database.open(pg_url)
    try:
        store = ServerBlobStore(db, tmp_path / "cache")
        big = tmp_path / "big.pdf"
        with open(big, "wb") as out:
            for i in range(8):
                out.write(os.urandom(CHUNK_BYTES - 7 * i))
        tracemalloc.start()
        stored = store.put(big)
        _, peak_put = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        local = store.find(stored.sha256)
        _, peak_get = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = big.stat().st_size
        # A whole-file read would peak above the file size (about 8 MB).
        assert peak_put < 4 * CHUNK_BYTES and peak_get < 4 * CHUNK_BYTES, (peak_put, peak_get)
        assert local is not None and local.read_bytes() == big.read_bytes()
        with db.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(BlobChunk)) == 8
            assert conn.scalar(select(BlobContent.size)) == size
        again = store.put(big)
        assert again.existed and again.sha256 == stored.sha256
    finally:
        db.dispose()


def test_cache_keeps_to_its_size_limit(pg_url: str, tmp_path: Path) -> None:
    db = Database.open(pg_url)
    try:
        writer = ServerBlobStore(db, tmp_path / "writer")
        shas = [writer.put_bytes(os.urandom(400_000), ".jpg").sha256 for _ in range(4)]
        reader = ServerBlobStore(db, tmp_path / "reader", cache_limit=1_000_000)
        for sha in shas:
            assert reader.find(sha) is not None
        cached = [p for p in (tmp_path / "reader").glob("??/*")]
        assert sum(p.stat().st_size for p in cached) <= 1_000_000
        assert reader.cache.find(shas[-1]) is not None  # the file just opened stays
        assert reader.find(shas[0]) is not None  # evicted files come back from the server
        assert reader.find("0" * 64) is None
    finally:
        db.dispose()


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.scalar(text(f'SELECT count(*) FROM "{t}"')) or 0
                    for t in ("cases", "documents", "blobs", "reviews", "item_results", "audit_log", "blob_contents")}
    finally:
        engine.dispose()


def test_migrate_from_sqlite_moves_everything(
    pg_url: str, demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Services.open(demo_db_path, as_system=True)
    with source.ctx.db.session() as session:
        expected = {
            "cases": session.scalar(select(func.count()).select_from(Case)),
            "documents": session.scalar(select(func.count()).select_from(Document)),
            "blobs": session.scalar(select(func.count()).select_from(Blob)),
        }
    source.close()
    assert expected["blobs"]
    assert cli(["server", "migrate-from", str(demo_db_path), "--db", pg_url]) == 0
    out = capsys.readouterr().out
    assert "迁移前" in out and "迁移后" in out and "迁移完成" in out
    counts = _row_counts(pg_url)
    assert {k: counts[k] for k in expected} == expected and counts["blob_contents"] == expected["blobs"]
    pc = open_pc(pg_url, tmp_path / "pc-c", monkeypatch)
    try:
        assert pc.documents_import.verify().ok
        with pc.ctx.db.session() as session:
            doc_id = session.scalar(select(Document.id).where(Document.blob_sha256.isnot(None)).limit(1))
            # New rows get fresh ids after the copied ones (sequences moved on).
            case = Case(case_no="迁移后新增", case_type="penalty")
            session.add(case)
            session.flush()
            assert case.id > expected["cases"]
        assert doc_id is not None and pc.documents.open_info(doc_id).path.exists()
    finally:
        pc.close()
    # A second run is refused: the server already has data; nothing changes.
    before = _row_counts(pg_url)
    assert cli(["server", "migrate-from", str(demo_db_path), "--db", pg_url]) == 1
    assert "已有数据" in capsys.readouterr().err
    assert _row_counts(pg_url) == before


def test_migrate_is_all_or_nothing_when_a_document_is_damaged(pg_url: str, demo_db_path: Path) -> None:
    from casereview.storage.migrate import migrate_to_server

    store = demo_db_path.with_name(demo_db_path.stem + "_documents")
    victim = sorted(p for p in store.glob("??/*") if p.is_file())[-1]
    victim.write_bytes(victim.read_bytes()[:-10] + b"0123456789")
    target = Database(pg_url)
    try:
        with pytest.raises(StorageError, match="损坏"):
            migrate_to_server(demo_db_path, target)
    finally:
        target.dispose()
    counts = _row_counts(pg_url)
    assert all(v == 0 for v in counts.values()), counts


_PC_B = r"""
import faulthandler, hashlib, json, sys
faulthandler.dump_traceback_later(120, exit=True)  # never a hung test
from casereview.errors import StaleEditError
from casereview.services.app import Services

url, case_no, review_id, code = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
pc = Services.open(url, actor="李四", as_system=True)
try:
    detail = pc.cases.detail(case_no)
    shas = sorted(hashlib.sha256(pc.documents.open_info(d.id).path.read_bytes()).hexdigest() for d in detail.documents)
    version = pc.reviews.state(review_id).review.version  # the review as B's screen shows it
    print(json.dumps({"ready": True, "shas": shas, "version": version}), flush=True)
    sys.stdin.readline()  # A saves meanwhile
    try:
        pc.reviews.save_answer(review_id, code, "na", expected_version=version)
        print(json.dumps({"saved": True}), flush=True)
    except StaleEditError as exc:
        print(json.dumps({"stale": exc.message}, ensure_ascii=False), flush=True)
finally:
    pc.close()
"""


def test_two_processes_share_cases_documents_and_get_the_conflict(pg_url: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two app instances as two processes (two PCs) on one PostgreSQL: B sees A's cases and
    document files; A saves while B has the review open; B's save is refused with who and
    when, and A's answer stays."""
    import hashlib
    import json
    import subprocess
    import sys

    pc_a = open_pc(pg_url, tmp_path / "pc-a", monkeypatch)
    try:
        pc_a.standards.sync_shipped()
        with pc_a.ctx.db.session() as session:
            session.add_all([Case(case_no=CASE1, case_type="penalty"), Case(case_no=CASE2, case_type="penalty")])
        folder = make_folder(tmp_path)
        pc_a.documents_import.import_folder(folder)
        case_id = pc_a.cases.detail(CASE1).id
        review_id = pc_a.reviews.open_review(case_id).review.id
        code = pc_a.reviews.state(review_id).definition.item_codes()[0]
        mine = pc_a.cases.detail(CASE1).documents
        expected = sorted(hashlib.sha256(pc_a.documents.open_info(d.id).path.read_bytes()).hexdigest() for d in mine)
        assert len(expected) >= 2
        env = {**os.environ, "CASEREVIEW_DATA_DIR": str(tmp_path / "pc-b")}
        errors = (tmp_path / "pc-b.log").open("w", encoding="utf-8")
        pc_b = subprocess.Popen([sys.executable, "-c", _PC_B, pg_url, CASE1, str(review_id), code], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
                                encoding="utf-8")
        try:
            assert pc_b.stdout is not None and pc_b.stdin is not None
            ready = json.loads(pc_b.stdout.readline() or "{}")
            assert ready.get("ready"), (tmp_path / "pc-b.log").read_text(encoding="utf-8")
            assert ready["shas"] == expected  # B reads the files from the server, byte for byte
            pc_a.reviews.save_answer(review_id, code, "pass")  # A (测试员) saves while B looks
            pc_b.stdin.write("go\n")
            pc_b.stdin.flush()
            result = json.loads(pc_b.stdout.readline() or "{}")
        finally:
            try:
                pc_b.wait(60)
            finally:
                if pc_b.poll() is None:
                    pc_b.kill()
                errors.close()
        assert "stale" in result, (result, (tmp_path / "pc-b.log").read_text(encoding="utf-8"))
        assert "已被" in result["stale"] and "修改" in result["stale"]
        assert pc_a.reviews.state(review_id).results[code].answer.value == "pass"  # never silently overwritten
    finally:
        pc_a.close()
