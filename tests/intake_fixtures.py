"""Intake test data shared by the core and UI suites: a small registry workbook and PDFs.

A module of its own (not a test module) so that tests/ui can use it without importing a
test module of tests/core, which only works when both folders are collected."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from casereview.intake.synthetic import make_resident_id, make_uscc, write_xlsx

HEADERS = ["案号", "执法单位", "案件类型", "当事人", "证件号码", "立案日期", "处罚决定日期", "罚款（元）", "执法人员"]
GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"  # wrong check digit
TABLES = ("units", "officers", "cases", "case_officers", "import_batches", "import_profiles", "documents", "blobs")


def rows(n: int, *, start: int = 1) -> list[list[object]]:
    import random

    rng = random.Random(n + start)
    out: list[list[object]] = []
    for i in range(start, start + n):
        organisation = i % 3 == 0
        out.append([
            f"粤交执罚〔2024〕{i}号",
            "广州市交通运输局" if i % 2 else "深圳市交通运输局",
            "行政处罚",
            f"某公司{i}" if organisation else f"张{i}",
            make_uscc(rng) if organisation else make_resident_id(rng),
            date(2024, 1, 1) + timedelta(days=i % 200),
            f"2024年{(i % 12) + 1}月{(i % 27) + 1}日",
            f"{1000 + i},00元".replace(",00", ".00"),
            "李四、王五",
        ])
    return out


def registry(path: Path, data: Sequence[Sequence[object]], *, title: bool = True) -> Path:
    head: list[Sequence[object]] = [["2024年度行政处罚案件登记表"]] if title else []
    write_xlsx(path, [*head, HEADERS, *data], sheet="案件登记")
    return path


def make_pdf(path: Path, *lines: str, pages: int = 2) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    for page in range(pages):
        pdf.setFont("STSong-Light", 16)
        for i, line in enumerate(lines if page == 0 else [f"第{page + 1}页"]):
            pdf.drawString(72, 760 - 24 * i, line)
        pdf.showPage()
    pdf.save()
    return path


def make_encrypted_pdf(path: Path, source: Path, user_password: str) -> Path:
    writer = PdfWriter(clone_from=str(source))
    # RC4 needs no crypto backend, so the test runs wherever pypdf does.
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    writer.write(str(path))
    return path
