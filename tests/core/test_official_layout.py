"""Page layout of the official documents (GB/T 9704) in PDF and DOCX: the signature and
date never open a page on their own, the 版记 sits at the foot of the last page in both
formats, and a draft DOCX carries a real watermark (a shape behind the text), not a
header line."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from casereview.exports.official import Attachment, Heading, OfficeInfo, OfficialDocument, Para, ReportTable
from casereview.exports.official_docx import render_official_docx
from casereview.exports.official_pdf import render_official_pdf
from casereview.exports.pdf_common import PdfOptions

OFFICE = OfficeInfo(name="测试市交通运输局", code="测交法", contact="张三", phone="0766-1234567", copy_to="市司法局")
OPTIONS = PdfOptions(fixed_date=date(2026, 12, 2))
FILLER = "这是正文的内容，用于检验署名和成文日期不单独成页"


def _document(paragraphs: int, last_len: int, *, draft: bool = False,
              attachments: bool = False) -> OfficialDocument:
    body: list[Heading | Para | ReportTable] = [Heading(1, "一、基本情况")]
    body += [Para(f"第{k}段。" + FILLER * 2 + "。") for k in range(1, paragraphs)]
    body.append(Para(f"末段开始。{FILLER * last_len}末段结束。"))
    return OfficialDocument(
        office=OFFICE, number="测交法〔2026〕3号", title="关于测试的通报", addressee="各有关单位",
        body=body, date=date(2026, 12, 2), draft=draft,
        attachments=[Attachment("清单", (ReportTable(("序号", "名称"), (("1", "甲"),)),))] if attachments else [],
    )


def _pages(doc: OfficialDocument) -> list[str]:
    buffer = io.BytesIO()
    render_official_pdf(doc, buffer, OPTIONS)
    return [re.sub(r"\s", "", p.extract_text()) for p in PdfReader(io.BytesIO(buffer.getvalue())).pages]


@pytest.mark.parametrize("attachments", [False, True])
def test_signature_never_opens_a_page_alone(attachments: bool) -> None:
    # bodies of every length around a page break: the signature lands at every spot of a page
    split_seen = moved_seen = 0
    for paragraphs in range(9, 15):
        for last_len in (1, 4):
            pages = _pages(_document(paragraphs, last_len, attachments=attachments))
            sign = next(n for n, text in enumerate(pages) if "（联系人：张三" in text)
            start = next(n for n, text in enumerate(pages) if "末段开始" in text)
            text = pages[sign]
            # the date and the name are on the page of the body's last words
            assert "末段结束。" in text, (paragraphs, last_len, text[:80])
            assert text.index("末段结束。") < text.index("2026年12月2日")
            if attachments:
                assert text.index("末段结束。") < text.index("附件：清单") < text.index("测试市交通运输局2026")
            if start < sign:
                # the page broke inside the last paragraph: its end came along, its start stayed
                split_seen += 1
            elif sign > 0 and "第" not in text.split("末段开始")[0]:
                moved_seen += 1
    # the sweep really crossed a page boundary both ways
    assert split_seen >= 1 and moved_seen + split_seen >= 2


def test_record_block_at_the_foot_of_the_last_page_in_pdf() -> None:
    buffer = io.BytesIO()
    render_official_pdf(_document(3, 1), buffer, OPTIONS)
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    last = reader.pages[-1]
    found: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if "印发" in text or "抄送" in text:
            found.append(tm[5])

    last.extract_text(visitor_text=visit)
    assert found, "版记 missing on the last page"
    # the type area ends 35 mm above the paper's edge; the 版记's last line is just above it
    assert min(found) < 35 * 72 / 25.4 + 25
    assert "印发" not in "".join(p.extract_text() for p in reader.pages[:-1])


def _docx(doc: OfficialDocument) -> docx.document.Document:
    buffer = io.BytesIO()
    render_official_docx(doc, buffer, OPTIONS)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def test_docx_record_is_framed_at_the_foot_and_signature_kept_with_text() -> None:
    word = _docx(_document(5, 2, attachments=True))
    paras = word.paragraphs
    record = [p for p in paras if p.text.startswith("抄送") or "印发" in p.text]
    assert [p.text for p in record] == ["抄送：市司法局。", "测试市交通运输局\t2026年12月2日印发"]
    frames = [p._p.get_or_add_pPr().find(qn("w:framePr")) for p in record]
    assert all(f is not None for f in frames)
    # anchored to the type area's margin box; the last line ends at its foot (225 mm)
    type_h = round(225 / 25.4 * 1440)
    ys = [int(f.get(qn("w:y"))) + int(f.get(qn("w:h"))) for f in frames]
    assert ys[-1] == type_h and ys[0] < ys[1]
    assert {f.get(qn("w:vAnchor")) for f in frames} == {"margin"}
    # rules: thick above the first line, thin between, thick below the last
    borders = [p._p.get_or_add_pPr().find(qn("w:pBdr")) for p in record]
    assert borders[0].find(qn("w:top")).get(qn("w:sz")) == "8"
    assert borders[1].find(qn("w:top")).get(qn("w:sz")) == "6"
    assert borders[1].find(qn("w:bottom")).get(qn("w:sz")) == "8"
    # from the body's last paragraph to the signature, each paragraph is kept with the next
    texts = [p.text for p in paras]
    last = next(i for i, t in enumerate(texts) if t.startswith("末段开始"))
    date_at = next(i for i, t in enumerate(texts) if t == "2026年12月2日")
    assert all(paras[i].paragraph_format.keep_with_next for i in range(last, date_at))
    assert "附件：清单" in texts[last:date_at]


@pytest.mark.parametrize("draft", [True, False])
def test_docx_draft_is_a_watermark_behind_the_text(draft: bool) -> None:
    word = _docx(_document(3, 1, draft=draft))
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        xml = header._element.xml
        assert "".join(p.text for p in header.paragraphs) == ""  # no visible header line
        if draft:
            shape = re.search(r"<v:shape [^>]*>", xml)
            assert shape and "PowerPlusWaterMarkObject" in shape.group(0)
            assert re.search(r"z-index:-\d+", shape.group(0))  # behind the text
            assert 'string="草稿"' in xml
        else:
            assert "v:shape" not in xml
