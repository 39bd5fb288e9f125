"""A case folder sent as a .zip imports like the folder (nested folders, the zip's name or
its folders giving the case, GBK names from Chinese Windows decoded), and hostile zips do no
harm: path traversal never writes outside, bombs are refused by total size and ratio (also
when the header lies), links, encrypted entries and nested zips are skipped with a reason;
temporary files are removed."""

from __future__ import annotations

import glob
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from intake_fixtures import make_pdf

from casereview.intake.archive import ArchiveRefused, ZipLimits, unpack_zip
from casereview.services.app import Services
from casereview.storage.models import Case

CASE1 = "粤交执罚〔2024〕1号"
CASE2 = "粤交执罚〔2024〕2号"


@pytest.fixture
def services(tmp_path: Path) -> Services:
    s = Services.open(tmp_path / "docs.sqlite3", as_system=True)
    with s.ctx.db.session() as session:
        session.add_all([Case(case_no=CASE1, case_type="penalty"), Case(case_no=CASE2, case_type="penalty")])
    yield s  # type: ignore[misc]
    s.close()


def _pdf_bytes(tmp_path: Path, title: str) -> bytes:
    path = tmp_path / f"{abs(hash(title))}.pdf"
    make_pdf(path, title, pages=1)
    return path.read_bytes()


def _gbk_zip(path: Path, entries: dict[str, bytes]) -> Path:
    """A zip as Windows' built-in 'send to compressed folder' writes it on a Chinese system:
    names in GBK, no UTF-8 flag. zipfile cannot write that, so each name is written as an
    ASCII placeholder of the same byte length and the bytes are patched afterwards."""
    buffer = io.BytesIO()
    swaps: list[tuple[bytes, bytes]] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, data) in enumerate(entries.items()):
            raw = name.encode("gbk")
            placeholder = (f"~{n}~".encode() + b"x" * len(raw))[:len(raw)]
            swaps.append((placeholder, raw))
            archive.writestr(placeholder.decode("ascii"), data)
    blob = buffer.getvalue()
    for placeholder, raw in swaps:
        assert blob.count(placeholder) == 2  # local header + central directory
        blob = blob.replace(placeholder, raw)
    path.write_bytes(blob)
    return path


def _temp_dirs() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "casereview-zip-*")))


def test_zip_of_case_folders_imports_with_gbk_names_and_nested_folders(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    _gbk_zip(folder / "卷宗.zip", {
        "粤交执罚[2024]1号 张三/01 立案登记表.pdf": _pdf_bytes(tmp_path, "立案登记表"),
        "粤交执罚[2024]1号 张三/笔录/询问笔录.pdf": _pdf_bytes(tmp_path, "询问笔录"),
    })
    with zipfile.ZipFile(folder / "粤交执罚〔2024〕2号.zip", "w") as archive:  # UTF-8 names, case in the zip's name
        archive.writestr("决定书/行政处罚决定书.pdf", _pdf_bytes(tmp_path, "行政处罚决定书"))
    before = _temp_dirs()
    result = services.documents_import.import_folder(folder)
    assert result.cases == 2 and len(result.imported) == 3, result
    relatives = sorted(d.relative for d in result.imported)
    assert "卷宗.zip/粤交执罚[2024]1号 张三/笔录/询问笔录.pdf" in relatives
    assert "粤交执罚〔2024〕2号.zip/决定书/行政处罚决定书.pdf" in relatives
    assert not result.skipped
    assert _temp_dirs() == before  # unpacked files removed


def test_hostile_entries_are_skipped_and_nothing_leaves_the_destination(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("../../escaped.pdf", "/abs/escaped.pdf", "C:/escaped.pdf", "..\\..\\win.pdf", "ok/../../x.pdf"):
            archive.writestr(name, b"%PDF-1.4")
        link = zipfile.ZipInfo("link.pdf")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
        archive.writestr("inner.zip", b"PK\x05\x06" + b"\x00" * 18)
        archive.writestr("good/a.pdf", b"%PDF-1.4")
    dest = tmp_path / "out" / "evil.zip"
    unpacked = unpack_zip(path, dest)
    assert [p.relative_to(dest).as_posix() for p in unpacked.files] == ["inner.zip", "good/a.pdf"]
    codes = [code for _n, code, _r in unpacked.skipped]
    assert codes == ["unsafe_path"] * 5 + ["symlink"]
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {"evil.zip", "out/evil.zip/inner.zip", "out/evil.zip/good/a.pdf"}


def test_zip_bomb_refused_by_ratio_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("粤交执罚〔2024〕1号.pdf", "w", force_zip64=True) as entry:
        for _ in range(100):  # 100 MB of zeros in ~100 KB
            entry.write(chunk)
    assert path.stat().st_size < 1_000_000
    started = time.process_time()
    with pytest.raises(ArchiveRefused, match="压缩比超过") as refused:
        unpack_zip(path, tmp_path / "out")
    assert refused.value.code == "zip_bomb" and time.process_time() - started < 1.0
    assert not (tmp_path / "out").exists()


def test_total_size_limit_and_lying_header(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for n in range(5):
            archive.writestr(f"f{n}.pdf", os.urandom(300_000))
    with pytest.raises(ArchiveRefused, match="超过"):
        unpack_zip(path, tmp_path / "out", ZipLimits(max_total=1_000_000))
    assert not (tmp_path / "out").exists()
    # A header declaring 10 bytes for a 2 MB entry: inflating stops at the declared size.
    liar = tmp_path / "liar.zip"
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.pdf", b"A" * 2_000_000)
    blob = bytearray(liar.read_bytes())
    central = blob.rfind(b"PK\x01\x02")
    blob[central + 24:central + 28] = (10).to_bytes(4, "little")  # uncompressed size in the central directory
    liar.write_bytes(bytes(blob))
    unpacked = unpack_zip(liar, tmp_path / "out2")
    assert not unpacked.files and [c for _n, c, _r in unpacked.skipped] == ["corrupt"]
    assert not list((tmp_path / "out2").rglob("*.pdf"))


def test_import_folder_reports_a_bomb_and_goes_on(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    make_pdf(folder / "粤交执罚〔2024〕1号-立案登记表.pdf", "立案登记表", pages=1)
    with zipfile.ZipFile(folder / "炸弹.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("粤交执罚〔2024〕2号.pdf", b"\0" * (50 << 20))
    (folder / "坏.zip").write_bytes(b"PK\x03\x04 not a zip")
    result = services.documents_import.import_folder(folder)
    assert len(result.imported) == 1
    reasons = {s.relative: (s.code, s.reason) for s in result.skipped}
    assert reasons["炸弹.zip"][0] == "zip_bomb" and "炸弹.zip" in reasons["炸弹.zip"][1]
    assert reasons["坏.zip"][0] == "corrupt"


def test_a_zip_given_instead_of_a_folder(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "粤交执罚〔2024〕1号 卷宗.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("01 立案登记表.pdf", _pdf_bytes(tmp_path, "立案登记表"))
        archive.writestr("../escape.pdf", b"%PDF-1.4")
    (tmp_path / "粤交执罚〔2024〕2号 不相干.pdf").write_bytes(_pdf_bytes(tmp_path, "其他"))  # beside it: not imported
    result = services.documents_import.import_folder(path)
    assert [d.relative for d in result.imported] == ["粤交执罚〔2024〕1号 卷宗.zip/01 立案登记表.pdf"]
    assert [s.code for s in result.skipped] == ["unsafe_path"]
