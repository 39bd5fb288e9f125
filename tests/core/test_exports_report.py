"""The campaign report (评查情况通报): PDF and DOCX carry the same figures, tables, charts and
anonymised examples; the Word file sets East Asian fonts; the CLI writes every export."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlalchemy import select

from casereview.cli.main import main as cli_main
from casereview.exports.pdf_common import PdfOptions
from casereview.exports.report_model import build_report, num, pct
from casereview.services.app import Services
from casereview.stats import StatsFilter
from casereview.storage.models import Case, ItemResult

FIXED = PdfOptions(fixed_date=date(2025, 6, 30))


def plant_party_name_in_top_example(services: Services) -> str:
    """Put a party's real name into the note of the most frequent item (it must be masked)."""
    stats = services.stats.statistics()
    top = stats.items[0]
    review_id = top.example_cases[0] if top.example_cases else next(
        r.review_id for r in stats.ledger if stats.problems_by_review.get(r.review_id)
    )
    case_id = next(r.case_id for r in stats.ledger if r.review_id == review_id)
    with services.ctx.db.session() as session:
        party = session.scalar(select(Case.party_name).where(Case.id == case_id))
        assert party
        result = session.scalar(
            select(ItemResult).where(ItemResult.review_id == review_id, ItemResult.item_code == top.item_code)
        )
        assert result is not None
        result.note = f"{party}的询问笔录未载明询问地点"
    return party


def test_report_pdf_has_sections_figures_and_masked_examples(demo_services: Services) -> None:
    party = plant_party_name_in_top_example(demo_services)
    buf = io.BytesIO()
    stats = demo_services.exports.export_report_pdf(StatsFilter(), buf, options=FIXED)
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    for heading in ("一、评查范围和方法", "二、总体情况", "三、各单位评查情况", "四、发现的主要问题", "五、整改情况"):
        assert heading in text
    assert f"平均分 {num(stats.mean_score)} 分" in text
    assert f"优秀率 {pct(stats.excellence_rate)}" in text
    for unit in stats.unit_stats:
        assert unit.unit_name in text
    assert stats.items[0].item_code in text
    assert "询问笔录未载明询问地点" in text and party not in text
    assert "图 1" in text and "图 2" in text and "图 3" in text  # the vector charts' titles
    a = io.BytesIO()
    demo_services.exports.export_report_pdf(StatsFilter(), a, options=FIXED)
    assert a.getvalue() == buf.getvalue()


def test_report_docx_is_editable_with_east_asian_fonts(demo_services: Services) -> None:
    party = plant_party_name_in_top_example(demo_services)
    buf = io.BytesIO()
    stats = demo_services.exports.export_report_docx(StatsFilter(), buf, options=FIXED)
    document = docx.Document(io.BytesIO(buf.getvalue()))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "评查情况通报" in document.paragraphs[0].text
    assert "四、发现的主要问题" in paragraphs and party not in paragraphs
    assert f"平均分 {num(stats.mean_score)} 分" in paragraphs
    # real tables: the unit ranking has one row per unit plus the header
    unit_table = next(t for t in document.tables if t.rows[0].cells[1].text == "执法单位")
    assert len(unit_table.rows) == 1 + len(stats.unit_stats)
    assert [unit_table.rows[i + 1].cells[1].text for i in range(len(stats.unit_stats))] == [
        u.unit_name for u in stats.unit_stats
    ]
    assert len(document.inline_shapes) == 3  # three charts
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) and document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia"))
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 6, 30, 0, 0, 0)}


def test_report_model_for_an_empty_scope() -> None:
    from casereview.stats import StatsInput, compute_statistics

    model = build_report(compute_statistics(StatsInput([], [])), generated=date(2025, 1, 1))
    assert model.title == "行政执法案卷评查情况通报"
    assert any("没有已提交的评查结果" in getattr(b, "text", "") for s in model.sections for b in s.blocks)


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_cli_exports_everything(demo_db_path: Path, tmp_path: Path, capsys: object) -> None:
    db = str(demo_db_path)
    services = Services.open(db)
    try:
        case_no = services.stats.statistics().ledger[0].case_no
        campaign = services.stats.filter_options().campaigns[0].value
    finally:
        services.close()
    fixed = ["--fixed-date", "2025-06-30", "--db", db]
    assert cli_main(["export", "review", case_no, "--pdf", str(tmp_path / "one.pdf"), "--mask", *fixed]) == 0
    assert cli_main(["export", "reviews", "--campaign", str(campaign), "--pdf", str(tmp_path / "forms"), *fixed]) == 0
    assert cli_main(["export", "reviews", "--campaign", str(campaign), "--pdf", str(tmp_path / "all.pdf"),
                     "--combined", *fixed]) == 0
    assert cli_main(["export", "report", "--campaign", str(campaign), "--pdf", str(tmp_path / "r.pdf"),
                     "--docx", str(tmp_path / "r.docx"), *fixed]) == 0
    assert cli_main(["export", "stats", "--xlsx", str(tmp_path / "s.xlsx"), "--case-type", "penalty", *fixed]) == 0
    for name in ("one.pdf", "all.pdf", "r.pdf", "r.docx", "s.xlsx"):
        assert (tmp_path / name).stat().st_size > 1000, name
    assert list((tmp_path / "forms").glob("评查表_*.pdf"))
    assert cli_main(["export", "review", "不存在的案号", "--pdf", str(tmp_path / "x.pdf"), "--db", db]) == 1
    assert cli_main(["export", "report", "--db", db]) == 1  # neither --pdf nor --docx
