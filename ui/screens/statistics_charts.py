"""Widgets of the 统计分析 dashboard: figure cards and QtCharts views (grade distribution,
mean score by unit, most frequent deductions). They only display a ``Statistics`` object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.types import Statistics

tr = translator("StatisticsScreen")
PALETTE = ("#1F4E79", "#2E86C1", "#F39C12", "#C0392B", "#27AE60", "#8E44AD")


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


class FigureCard(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#figureCard { background: #ffffff; border: 1px solid #d8dee8; border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.value = QLabel("—", self)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setStyleSheet("color: #1F4E79;")
        self.caption = QLabel(title, self)
        self.caption.setObjectName("hint")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set_value(self, text: str, tooltip: str = "") -> None:
        self.value.setText(text)
        self.setToolTip(tooltip)


class FigureCards(QWidget):
    """The headline figures; keys match ``Statistics.figures()`` (tests compare them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, FigureCard] = {}
        specs = (
            ("files", tr("Files reviewed")),
            ("problems", tr("Problems found")),
            ("notices", tr("Notices issued / closed")),
            ("mean_score", tr("Mean score")),
            ("median_score", tr("Median score")),
            ("excellence_rate", tr("Excellence rate")),
            ("pass_rate", tr("Pass rate")),
            ("units", tr("Units")),
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for index, (key, title) in enumerate(specs):
            card = FigureCard(title, self)
            self.cards[key] = card
            grid.addWidget(card, 0, index)

    def show_stats(self, stats: Statistics) -> None:
        r = stats.rectification
        self.cards["files"].set_value(str(stats.files))
        self.cards["problems"].set_value(
            str(stats.problems), fmt(tr("%1 files with problems, %2 with a veto"), stats.problem_files,
                                     stats.veto_files)
        )
        self.cards["notices"].set_value(
            f"{r.notices_issued} / {r.notices_closed}",
            fmt(tr("%1 deficiencies under rectification, %2 notices overdue"), r.deficiencies, r.notices_overdue),
        )
        self.cards["mean_score"].set_value(num(stats.mean_score))
        self.cards["median_score"].set_value(num(stats.median_score))
        self.cards["excellence_rate"].set_value(pct(stats.excellence_rate) if stats.files else "—")
        self.cards["pass_rate"].set_value(pct(stats.pass_rate) if stats.files else "—")
        self.cards["units"].set_value(str(stats.units))

    def text(self, key: str) -> str:
        return self.cards[key].value.text()


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(4)
    return chart


class ChartPanel(QChartView):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(230)
        self.setChart(_chart(title))

    def _fresh(self) -> QChart:
        chart = _chart(self.title)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart


class GradeChart(ChartPanel):
    def show_stats(self, stats: Statistics) -> None:
        chart = self._fresh()
        series = QPieSeries()
        for i, g in enumerate(stats.grades):
            if not g.count:
                continue
            slice_ = series.append(f"{g.grade} {g.count}", g.count)
            slice_.setColor(QColor(PALETTE[i % len(PALETTE)]))
        # Full labels go to the legend: slice labels get cut off in a narrow panel.
        series.setPieSize(0.8)
        chart.addSeries(series)
        chart.legend().setVisible(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)


class UnitChart(ChartPanel):
    def show_stats(self, stats: Statistics) -> None:
        chart = self._fresh()
        bars = QBarSet(tr("Mean score"))
        bars.setColor(QColor(PALETTE[0]))
        bars.setLabelColor(QColor("#222222"))  # labels sit above the bars, on white
        names = []
        for u in stats.unit_stats:
            bars.append(u.mean_score)
            names.append(_short(u.unit_name))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(4)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(names)
        small = QFont(axis_x.labelsFont())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 7.0))
        axis_x.setLabelsFont(small)
        if len(names) > 5:
            axis_x.setLabelsAngle(-40)
        axis_y = QValueAxis()
        axis_y.setRange(0, 110)
        axis_y.setTickCount(12)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setVisible(False)


class ItemChart(ChartPanel):
    TOP = 8

    def show_stats(self, stats: Statistics) -> None:
        chart = self._fresh()
        top = list(reversed(stats.items[: self.TOP]))  # the most frequent on top
        bars = QBarSet(tr("Times deducted"))
        bars.setColor(QColor(PALETTE[2]))
        labels = []
        for it in top:
            bars.append(it.times)
            labels.append(f"{it.item_code} {it.item_text[:10]}")
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(labels)
        axis_x = QValueAxis()
        axis_x.setRange(0, max([it.times for it in top] + [1]) * 1.15)
        axis_x.setLabelFormat("%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        chart.legend().setVisible(False)


def _short(name: str) -> str:
    for cut in ("市", "县", "区"):  # zh-data: where a Chinese unit name's place part ends
        if cut in name[:5]:
            return name[: name.index(cut)]
    return name[:4]
