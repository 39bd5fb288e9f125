"""The 统计分析 screen: shows the figures of compute_statistics, filters, and exports in the worker."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import QCoreApplication, QDate

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


def test_charts_fit_a_1366x768_screen(ui_ctx: Any) -> None:
    """At the size the screen gets on a 1366×768 laptop every deduction label is readable (QtCharts
    elided them all to "…") and the axes count in whole, round steps (they read 0 2 5 8 11)."""
    screen = make_screen(ui_ctx)
    screen.resize(1366 - 148, 698)  # the window less the navigation
    screen.show()
    QCoreApplication.processEvents()
    item = screen.item_chart
    assert screen.stats is not None and len(screen.stats.items) >= item.TOP
    shown = item.shown_labels()
    assert len(shown) == item.TOP
    for label, it in zip(shown, screen.stats.items, strict=False):
        assert label.startswith(f"{it.item_code} {it.item_text[:4]}"), label
    ticks = [int(t) for t in item.tick_labels()]
    most = screen.stats.items[0].times
    assert ticks[0] == 0 and ticks[-1] > most >= ticks[-2] and 3 <= len(ticks) <= 6
    assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1 and ticks[1] in (1, 2, 5, 10, 20, 50)
    axis = screen.unit_chart.chart().axes()[1]
    assert axis.tickInterval() == 20 and axis.max() == 110
    # the filters wrap onto a second row instead of cutting "全部评查活动和日常评查" (zh-data: a label)
    assert screen.filters_row.layout().rows() == 2
    assert screen.campaign.width() >= screen.campaign.fontMetrics().horizontalAdvance(screen.campaign.currentText())


def test_nice_steps() -> None:
    from ui.screens.statistics_charts import nice_step

    assert [nice_step(n) for n in (0, 1, 3, 4, 8, 9, 11, 24, 120)] == [1, 1, 1, 1, 2, 2, 5, 5, 50]


def test_empty_selection_says_what_to_do(ui_ctx: Any) -> None:
    screen = make_screen(ui_ctx)
    assert screen.empty.isHidden()  # the demo has submitted reviews
    screen.period.setCurrentIndex(screen.period.findData("custom"))
    screen.date_from.setDate(QDate(1990, 1, 1))
    screen.date_to.setDate(QDate(1990, 12, 31))
    screen.reload()
    ui_ctx.worker.flush()
    assert screen.stats.files == 0 and screen.ranking.rowCount() == 0
    assert not screen.empty.isHidden()
    assert "All …" in screen.empty.text()  # points at the “All …” choices (tests run untranslated)
    assert screen.item_chart.shown_labels() == []
