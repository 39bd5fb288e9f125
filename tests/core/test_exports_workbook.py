"""The statistics workbook: sheets, every figure equal to compute_statistics, native charts,
frozen headers, filters, formats, reproducible bytes, and the speed budget."""

from __future__ import annotations

import io
import random
import time
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from sqlalchemy import select

from casereview.bench.baselines import bare_ledger_workbook
from casereview.exports.pdf_common import PdfOptions
from casereview.exports.stats_xlsx import LEDGER_HEADERS, SHEETS, write_stats_workbook
from casereview.services.app import Services
from casereview.stats import DeductionRow, ReviewRow, StatsFilter, StatsInput, compute_statistics
from casereview.stats.model import FIGURE_LABELS
from casereview.storage.models import Deficiency, Notice

FIXED = PdfOptions(fixed_date=date(2025, 6, 30))


def add_rectification(services: Services) -> None:
    """Issue a notice for two deficiencies of one unit, close one of them."""
    with services.ctx.db.session() as session:
        deficiencies = list(session.scalars(select(Deficiency).order_by(Deficiency.id)))
        unit_id = deficiencies[0].unit_id
        assert unit_id is not None
        notice = Notice(number="整改〔2025〕1号", seq=1, year=2025, unit_id=unit_id, issue_date=date(2025, 5, 1),
                        deadline=date(2025, 6, 1), status="issued")
        session.add(notice)
        session.flush()
        same_unit = [d for d in deficiencies if d.unit_id == unit_id][:2]
        for d in same_unit:
            d.notice_id = notice.id
            d.status = "issued"
        same_unit[0].status = "closed"


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_figures_equal_the_dashboard_statistics(demo_services: Services) -> None:
    add_rectification(demo_services)
    buf = io.BytesIO()
    stats = demo_services.exports.export_stats_xlsx(StatsFilter(), buf, options=FIXED)
    dashboard = demo_services.stats.statistics(today=FIXED.fixed_date)  # what the screen shows
    assert dashboard.figures() == stats.figures()
    wb = load(buf.getvalue())
    assert tuple(wb.sheetnames) == SHEETS

    summary = {row[0]: row[1] for row in wb["概况"].iter_rows(min_row=2, values_only=True) if row[0]}
    for key, value in dashboard.figures().items():
        assert summary[FIGURE_LABELS[key]] == value, key
    assert dashboard.rectification.notices_issued == 1 and dashboard.rectification.notices_overdue == 1

    ledger = list(wb["评查台账"].iter_rows(min_row=2, values_only=True))
    assert len(ledger) == dashboard.files
    headers = [c.value for c in wb["评查台账"][1]]
    assert headers == [h for h, _ in LEDGER_HEADERS]
    by_case = {r.case_no: r for r in dashboard.ledger}
    for row in ledger:
        counted = by_case[row[1]]
        assert row[12] == counted.score and row[13] == counted.grade
        assert row[15] == dashboard.problems_by_review.get(counted.review_id, 0)
    assert sum(r[15] for r in ledger) == dashboard.problems

    units = list(wb["单位汇总"].iter_rows(min_row=2, values_only=True))
    assert [(u[0], u[1], u[2], u[4], u[8], u[9]) for u in units] == [
        (u.rank, u.unit_name, u.files, u.mean_score, u.excellence_rate, u.pass_rate) for u in dashboard.unit_stats
    ]
    items = list(wb["扣分项统计"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[5], r[6]) for r in items] == [(i.item_code, i.times, i.points) for i in dashboard.items]
    cats = {r[0]: r[1] for r in wb["问题分类"].iter_rows(min_row=2, max_row=1 + len(dashboard.categories),
                                                         values_only=True)}
    assert cats == {c.name: c.times for c in dashboard.categories}
    rect = list(wb["整改情况"].iter_rows(min_row=2, values_only=True))
    total = next(r for r in rect if r[0] == "合计")
    assert (total[1], total[6], total[7]) == (
        dashboard.rectification.deficiencies, dashboard.rectification.notices_issued,
        dashboard.rectification.notices_closed,
    )
    loads = list(wb["评查人工作量"].iter_rows(min_row=2, values_only=True))
    assert sum(r[4] for r in loads) == sum(r.total for r in dashboard.reviewers)


def test_workbook_layout_charts_and_formats(demo_services: Services) -> None:
    buf = io.BytesIO()
    demo_services.exports.export_stats_xlsx(StatsFilter(), buf, options=FIXED)
    wb = load(buf.getvalue())
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.column_dimensions["A"].width > 5
        if name != "概况":
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
    chart_kinds = {name: [type(c).__name__ for c in wb[name]._charts] for name in SHEETS}
    assert chart_kinds["概况"] == ["PieChart"]
    assert chart_kinds["单位汇总"] == ["BarChart"]
    assert chart_kinds["扣分项统计"] == ["BarChart"]
    assert chart_kinds["问题分类"] == ["PieChart"]
    units = wb["单位汇总"]
    assert units["I2"].number_format == "0.00%" and units["E2"].number_format == "0.00"
    ledger = wb["评查台账"]
    assert isinstance(ledger["F2"].value, datetime) and ledger["F2"].number_format == "yyyy-mm-dd"


def test_fixed_date_workbook_is_reproducible(demo_services: Services) -> None:
    a, b = io.BytesIO(), io.BytesIO()
    demo_services.exports.export_stats_xlsx(StatsFilter(), a, options=FIXED)
    demo_services.exports.export_stats_xlsx(StatsFilter(), b, options=FIXED)
    assert a.getvalue() == b.getvalue()


def synthetic(n: int) -> StatsInput:
    rng = random.Random(5)
    reviews, deductions = [], []
    for i in range(n):
        score = round(rng.uniform(50, 100), 1)
        reviews.append(
            ReviewRow(
                review_id=i + 1, case_id=i + 1, case_no=f"粤交执罚〔2025〕{i:06d}号", stage="first", campaign_id=None,
                submitted_at=datetime(2025, 1, 1) + timedelta(minutes=i), score=score,
                grade="优秀" if score >= 90 else "合格" if score >= 60 else "不合格", excellent=score >= 90,
                passed=score >= 60, veto=False, unit_id=i % 30, unit_name=f"第{i % 30}执法支队", case_type="penalty",
                cause="未取得道路运输经营许可，擅自从事道路普通货物运输经营", decision_date=date(2024, 1, 1) + timedelta(days=i % 365),
                standard_code="gd", standard_name="交通运输行政处罚案卷评查标准", standard_version="1.0",
                reviewer_name=f"评查人{i % 50}",
            )
        )
        for k in range(rng.randrange(0, 3)):
            deductions.append(DeductionRow(i + 1, f"L0{k}", f"评查项{k}", "L", "立案", "程序", 1.0, note="未载明"))
    return StatsInput(reviews, deductions)


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_workbook_write_speed_within_budget_of_bare_openpyxl() -> None:
    """5,000 files here (the 50,000-file figure is measured by scripts; see the report)."""
    stats = compute_statistics(synthetic(5000))
    ours, bare = [], []
    for _ in range(3):
        started = time.process_time()
        bare_ledger_workbook(stats, io.BytesIO())
        bare.append(time.process_time() - started)
        started = time.process_time()
        write_stats_workbook(stats, io.BytesIO())
        ours.append(time.process_time() - started)
    assert min(ours) < 1.5 * min(bare) + 0.15, (ours, bare)


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_workbooks_open(n: int) -> None:
    stats = compute_statistics(synthetic(n))
    buf = io.BytesIO()
    write_stats_workbook(stats, buf)
    wb = load(buf.getvalue())
    assert wb["评查台账"].max_row == 1 + n
