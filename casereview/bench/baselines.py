"""Bare baselines: the same content written with the plain library, no styling.

Used by the benchmark suite and by the speed tests, so both compare against one thing.
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from openpyxl import Workbook


def bare_ledger_workbook(stats: Any, out: BinaryIO) -> None:
    """The 评查台账 cells of a statistics workbook in a bare write-only openpyxl workbook."""
    from casereview.exports.stats_xlsx import LEDGER_HEADERS, case_type_label, stage_label

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("评查台账")
    ws.append([h for h, _ in LEDGER_HEADERS])
    p, q = stats.problems_by_review, stats.points_by_review
    for n, r in enumerate(stats.ledger, 1):
        ws.append(
            [
                n, r.case_no, r.unit_name, case_type_label(r.case_type), r.cause, r.decision_date,
                r.standard_name, r.standard_version, stage_label(r.stage), r.reviewer_name, r.rechecker_name,
                r.review_date, r.score, r.grade, "是" if r.veto else "否", p.get(r.review_id, 0),
                q.get(r.review_id, 0.0), r.campaign_id,
            ]
        )  # fmt: skip
    wb.save(out)


def bare_review_form_pdf(form: Any, out: BinaryIO | None = None) -> None:
    """The item table of a 评查表 in a bare ReportLab document (no header, footer, styling)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from casereview.exports.fonts import register_cjk_font
    from casereview.exports.pdf_common import esc, styles
    from casereview.exports.review_form_pdf import COLS_MM, answer_cell, item_text, subtotal_text
    from casereview.standards.model import fmt_points

    cell = styles()["cell"]
    rows: list[list[object]] = [["编码", "评查内容", "分值", "扣分", "扣分理由", "证据页码"]]
    for c in form.categories:
        rows.append([c.name, "", "", "", "", ""])
        for it in c.items:
            rows.append(
                [
                    it.code,
                    Paragraph(esc(item_text(it)), cell),
                    fmt_points(it.max_points) if it.max_points else "—",
                    answer_cell(it),
                    Paragraph(esc(it.note), cell) if it.note else "",
                    Paragraph(esc(it.evidence), styles()["cell_small"]) if it.evidence else "",
                ]
            )
        if not c.veto_tier:
            rows.append([subtotal_text(c), "", "", "", "", ""])
    table = Table(rows, colWidths=[w * mm for w in COLS_MM], repeatRows=1)
    table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), register_cjk_font(), 8.5), ("GRID", (0, 0), (-1, -1), 0.4, "black")])
    )
    SimpleDocTemplate(out or io.BytesIO(), pagesize=A4).build([table])
