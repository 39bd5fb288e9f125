"""Dates inside running text: Arabic numerals as GB/T 9704-2012 prints them, Chinese numerals
as older documents and printed forms do, and the variants OCR makes of 〇."""

from __future__ import annotations

from datetime import date

import pytest

from casereview.docintel.casetext import CaseText, ReadPage
from casereview.docintel.content_checks import service_receipt
from casereview.docintel.facts import page_facts
from casereview.docintel.pages import Line
from casereview.intake.values import parse_date as parse_cell
from casereview.textdates import DATE_PART, cn_small, find_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("交通运输局 2024年3月5日", date(2024, 3, 5)),
        ("二〇二四年三月五日", date(2024, 3, 5)),
        ("二〇二四年十一月二十九日", date(2024, 11, 29)),
        ("二○二三年十二月三十一日", date(2023, 12, 31)),  # ○ (U+25CB), as typed in Word
        ("二O二三年十月十日", date(2023, 10, 10)),  # OCR reads 〇 as the letter O
        ("二0二三年二月十二日", date(2023, 2, 12)),  # ... or as a zero
        ("于二〇二四年 一 月 八 日送达", date(2024, 1, 8)),  # OCR spaces
        ("2024年3月5号", date(2024, 3, 5)),
    ],
)
def test_a_date_is_found_in_either_numeral_system(text: str, expected: date) -> None:
    found = find_dates(text)
    assert [f.when for f in found] == [expected]
    assert text[found[0].start:found[0].end] == found[0].shown


def test_impossible_and_malformed_dates_are_skipped() -> None:
    assert find_dates("2024年2月30日") == []
    assert find_dates("二〇二四年十十月一日") == []  # 十十 is no number
    assert find_dates("二〇二四年二月三十日") == []
    assert [f.when for f in find_dates("2024年2月30日，改为2024年3月1日")] == [date(2024, 3, 1)]


def test_small_numbers() -> None:
    assert [cn_small(t) for t in ("一", "十", "十二", "二十", "二十九", "三十一")] == [1, 10, 12, 20, 29, 31]
    for bad in ("十十", "二二", "一十二十"):
        with pytest.raises(ValueError):
            cn_small(bad)


def test_a_chinese_date_line_is_a_date_not_seal_lettering() -> None:
    assert DATE_PART.search("二〇二四年十一月")
    assert not DATE_PART.search("广州市交通运输局")


def _page(doc_type: str, *texts: str) -> ReadPage:
    lines = tuple(Line(t, (0.1, 0.1 + i * 0.05, 0.9, 0.14 + i * 0.05), 0.98) for i, t in enumerate(texts))
    return ReadPage(1, doc_type, doc_type, 1, 1, "ocr", lines, True, {})


def test_a_decision_dated_in_chinese_numerals_gives_its_date_fact() -> None:
    page = _page("行政处罚决定书", "行政处罚决定书", "当事人：张三", "广州市交通运输局", "二〇二四年十一月二十九日")
    dates = [f for f in page_facts(page) if f.field == "decision_date"]
    assert [(f.value, f.shown) for f in dates] == [("2024-11-29", "二〇二四年十一月二十九日")]


def test_a_receipt_dated_in_chinese_numerals_has_its_service_date() -> None:
    dated = _page("送达回证", "送达回证", "送达日期：二〇二四年三月五日", "受送达人签名：张三")
    undated = _page("送达回证", "送达回证", "送达日期：", "受送达人签名：张三")
    assert "未载明送达日期" not in service_receipt(CaseText(1, (dated,), 0)).explanation
    assert "未载明送达日期" in service_receipt(CaseText(1, (undated,), 0)).explanation


def test_registry_cells_read_chinese_dates_with_the_same_numerals() -> None:
    assert parse_cell("二〇二四年十一月二十九日") == date(2024, 11, 29)
    with pytest.raises(ValueError, match="中文日期"):
        parse_cell("二〇二四年十十月一日")
