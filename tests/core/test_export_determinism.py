"""``--fixed-date`` makes every export byte-identical across runs: the 评查表 (single,
batch folder, combined), the deficiency register and the training materials (handout
PDF and Word, slides). The fixed date is the file's own date (PDF CreationDate, zip
entries, docProps/core.xml) and is printed only where the document carries its
generation date."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casereview.cli.main import main as cli_main
from casereview.services.app import Services

FIXED = "2025-06-30"


def _twice(tmp_path: Path, args: list[str], name: str) -> tuple[Path, Path]:
    """Run the same export into two folders a second apart (zip stamps have 2 s resolution,
    the PDF clock 1 s: without the fixed date the files would differ)."""
    out: list[Path] = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir(exist_ok=True)
        target = folder / name
        assert cli_main([*[a.replace("{out}", str(target)) for a in args], "--fixed-date", FIXED]) == 0
        out.append(target)
        if run == "a":
            time.sleep(2.1)
    return out[0], out[1]


def _zip_stamped(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {info.date_time[:3] for info in z.infolist()} == {(2025, 6, 30)}
        core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2025-06-30T00:00:00Z"] * 2


@pytest.fixture
def db(demo_db_path: Path) -> tuple[str, int, str]:
    services = Services.open(demo_db_path, as_system=True)
    try:
        campaign = services.stats.filter_options().campaigns[0].value
        key = services.training.library().items[0].key
    finally:
        services.close()
    return str(demo_db_path), int(campaign), key


def test_review_forms_single_batch_and_combined(db: tuple[str, int, str], tmp_path: Path) -> None:
    path, campaign, _ = db
    a, b = _twice(tmp_path, ["export", "reviews", "--campaign", str(campaign), "--pdf", "{out}", "--combined",
                             "--db", path], "all.pdf")
    assert a.read_bytes() == b.read_bytes()
    assert b"D:20250630000000" in a.read_bytes()
    # the forms are dated by their reviews: the fixed date is not printed on them
    assert "2025年6月30日" not in "".join(p.extract_text() for p in PdfReader(str(a)).pages[:3])
    a, b = _twice(tmp_path, ["export", "reviews", "--campaign", str(campaign), "--pdf", "{out}", "--db", path],
                  "forms")
    names = sorted(p.name for p in a.glob("*.pdf"))
    assert names and names == sorted(p.name for p in b.glob("*.pdf"))
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_deficiency_register(db: tuple[str, int, str], tmp_path: Path) -> None:
    path, _, _ = db
    a, b = _twice(tmp_path, ["deficiencies", "export", "--xlsx", "{out}", "--db", path], "register.xlsx")
    assert a.read_bytes() == b.read_bytes()
    _zip_stamped(a.read_bytes())
    summary = load_workbook(a)["按单位统计"]
    assert any(str(c.value).startswith("导出日期：2025-06-30") for row in summary.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("kind, name", [("--pdf", "h.pdf"), ("--docx", "h.docx"), ("--slides", "s.pdf")])
def test_training_materials(db: tuple[str, int, str], tmp_path: Path, kind: str, name: str) -> None:
    path, _, key = db
    a, b = _twice(tmp_path, ["training", "export", kind, "{out}", "--entries", key, "--db", path], name)
    assert a.read_bytes() == b.read_bytes()
    if name.endswith(".docx"):
        _zip_stamped(a.read_bytes())
        import docx

        text = "\n".join(p.text for p in docx.Document(str(a)).paragraphs)
    else:
        assert b"D:20250630000000" in a.read_bytes()
        text = "".join(p.extract_text() for p in PdfReader(str(a)).pages[:1]).replace(" ", "")
    # the generation date printed on the handout is the fixed date
    assert "2025年06月30日" in text or "2025年06月" in text
