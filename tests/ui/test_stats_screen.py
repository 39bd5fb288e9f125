"""The 统计分析 screen: shows the figures of compute_statistics, filters, and exports in the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from casereview.services.app import Services
from casereview.stats import StatsFilter
from ui.screens.statistics_charts import num, pct


def make_screen(ui_ctx: Any) -> Any:
    from ui.screens.statistics import StatisticsScreen

    screen = StatisticsScreen(ui_ctx)
    screen.resize(1300, 800)
    screen.prepare_screenshot()
    ui_ctx.worker.flush()
    return screen


def test_dashboard_shows_the_same_figures_as_the_core(ui_ctx: Any) -> None:
    screen = make_screen(ui_ctx)
    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        stats = services.stats.statistics()
    finally:
        services.close()
    assert screen.stats is not None and screen.stats.figures() == stats.figures()
    assert screen.cards.text("files") == str(stats.files)
    assert screen.cards.text("problems") == str(stats.problems)
    assert screen.cards.text("mean_score") == num(stats.mean_score)
    assert screen.cards.text("pass_rate") == pct(stats.pass_rate)
    assert screen.ranking.rowCount() == len(stats.unit_stats)
    assert screen.ranking.item(0, 1).text() == stats.unit_stats[0].unit_name
    assert len(screen.grade_chart.chart().series()) == 1
    assert not screen.forms_button.isEnabled()  # no campaign chosen


def test_campaign_filter_and_workbook_export(ui_ctx: Any, fake_dialogs: Any, tmp_path: Path) -> None:
    screen = make_screen(ui_ctx)
    index = screen.campaign.findData(1)
    assert index > 0
    screen.campaign.setCurrentIndex(index)
    screen.reload()
    ui_ctx.worker.flush()
    assert screen.stats.filters == StatsFilter(campaign_id=1)
    assert screen.forms_button.isEnabled()
    fake_dialogs.file_answer = tmp_path / "stats"
    screen.export_workbook()
    ui_ctx.worker.flush()
    assert not fake_dialogs.errors
    wb = openpyxl.load_workbook(tmp_path / "stats.xlsx")
    summary = {r[0]: r[1] for r in wb["概况"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert summary["评查案卷数"] == screen.stats.files
    fake_dialogs.file_answer = tmp_path / "forms.pdf"
    screen.export_forms(combined=True)
    ui_ctx.worker.flush()
    assert not fake_dialogs.errors and (tmp_path / "forms.pdf").stat().st_size > 1000
    assert any("forms.pdf" in text for text in fake_dialogs.infos), fake_dialogs.infos
