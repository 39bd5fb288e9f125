"""The campaign report (评查情况通报) in the GB/T 9704 layout: PDF and DOCX carry the same
figures, tables and anonymised examples; the Word file names East Asian fonts on every run;
the CLI writes every export."""

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


def _office(services: Services) -> None:
    services.deficiencies.update_settings(
        issuer="云浮市交通运输局", agency_code="云交法", contact="张三", phone="0766-1234567", copy_to="市司法局"
    )


def test_report_pdf_is_an_official_document_with_figures_and_masked_examples(demo_services: Services) -> None:
    party = plant_party_name_in_top_example(demo_services)
    _office(demo_services)
    buf = io.BytesIO()
    stats = demo_services.exports.export_report_pdf(StatsFilter(), buf, options=FIXED, number="云交法〔2025〕12号")
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    pages = [p.extract_text() for p in reader.pages]
    text = "".join(pages).replace("\n", "")
    first = pages[0].replace("\n", "")
    assert first.index("云浮市交通运输局") < first.index("云交法〔2025〕12号") < first.index("关于行政执法案卷评查情况的通报")
    for heading in ("一、基本情况", "二、评查结果", "（一）总体情况", "三、存在的主要问题", "下一步工作要求"):
        assert heading in text
    assert f"平均分 {num(stats.mean_score)} 分" in text
    assert f"优秀率 {pct(stats.excellence_rate)}" in text
    assert "附件：" in text and "案卷评查得分情况表" in text
    assert "2025年6月30日" in text and "（联系人：张三，电话：0766-1234567）" in text
    assert "抄送：市司法局。" in text and "2025年6月30日印发" in text
    assert "— 1 —" in pages[0] and "— 2 —" in pages[1]
    for unit in stats.unit_stats:
        assert unit.unit_name in text
    assert stats.items[0].item_code in text
    assert "询问笔录未载明询问地点" in text and party not in text
    a = io.BytesIO()
    demo_services.exports.export_report_pdf(StatsFilter(), a, options=FIXED, number="云交法〔2025〕12号")
    assert a.getvalue() == buf.getvalue()
    # the bodies use the official-document fonts where the machine has them, all embedded
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages
        for f in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all("+" in name for name in fonts if name != "/Helvetica")  # ReportLab's unused default


def test_report_docx_is_editable_with_east_asian_fonts(demo_services: Services) -> None:
    party = plant_party_name_in_top_example(demo_services)
    _office(demo_services)
    buf = io.BytesIO()
    stats = demo_services.exports.export_report_docx(StatsFilter(), buf, options=FIXED)
    document = docx.Document(io.BytesIO(buf.getvalue()))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "云浮市交通运输局"
    assert "云交法〔2025〕" in paragraphs and "关于行政执法案卷评查情况的通报" in paragraphs
    assert "三、存在的主要问题" in paragraphs and party not in paragraphs
    assert f"平均分 {num(stats.mean_score)} 分" in paragraphs
    unit_table = next(t for t in document.tables if t.rows[0].cells[1].text == "执法单位")
    assert len(unit_table.rows) == 1 + len(stats.unit_stats)
    assert [unit_table.rows[i + 1].cells[1].text for i in range(len(stats.unit_stats))] == [
        u.unit_name for u in stats.unit_stats
    ]
    # every run names its East Asian font; no theme font left on any style
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs)
    assert {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs} >= {"方正小标宋简体", "仿宋_GB2312", "黑体"}
    assert "eastAsiaTheme" not in document.styles.element.xml and "asciiTheme" not in document.styles.element.xml
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    footer_xml = section.footer._element.xml + section.even_page_footer._element.xml
    assert footer_xml.count("PAGE") == 2 and "— " in footer_xml
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 6, 30, 0, 0, 0)}
        assert "<w:altName w:val=\"仿宋\"/>" in z.read("word/fontTable.xml").decode()


def test_report_model_for_an_empty_scope() -> None:
    from casereview.stats import StatsInput, compute_statistics

    model = build_report(compute_statistics(StatsInput([], [])), generated=date(2025, 1, 1))
    assert model.title == "关于行政执法案卷评查情况的通报"
    assert any("没有已完成评查的案卷" in getattr(b, "text", "") for b in model.body)


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_cli_exports_everything(demo_db_path: Path, tmp_path: Path, capsys: object) -> None:
    db = str(demo_db_path)
    services = Services.open(db, as_system=True)
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
