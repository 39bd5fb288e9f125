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
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QRect, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QToolTip, QVBoxLayout, QWidget

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
        # Scores are 0-100: labels every 20 (twelve labels did not fit a 1366×768 screen and
        # were elided to "…"); the range goes on to 110 for the value labels above the bars.
        set_ticks(axis_y, 110, 20)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setVisible(False)
        self.axis_labels = (names, [str(v) for v in range(0, 101, 20)])


class ItemChart(QWidget):
    """The most frequent deductions as labelled horizontal bars, painted here: QtCharts elides a
    category label to "…" as soon as its row is lower than a line of text (every label at
    1366×768). Each row is at least a line high (fewer rows on a low panel), the label is cut
    at the width it gets with the full text in the row's tooltip."""

    TOP = 8
    BAR = QColor(PALETTE[2])
    GRID = QColor("#e3e7ee")

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setMinimumHeight(230)
        self.setMouseTracking(True)
        self.rows: list[tuple[str, str, int]] = []  # (label, full text, times), the most frequent first
        self.step = 1
        self.top = 1
        self._row_rects: list[QRect] = []

    def show_stats(self, stats: Statistics) -> None:
        self.rows = [
            (f"{it.item_code} {it.item_text}",
             fmt(tr("%1 %2: deducted %3 times"), it.item_code, it.item_text, it.times), it.times)
            for it in stats.items[: self.TOP]
        ]
        most = max([times for *_t, times in self.rows] + [1])
        self.step = nice_step(most)
        self.top = self.step * (most // self.step + 1)  # whole-number ticks, room after the longest bar
        self.update()

    def tick_labels(self) -> list[str]:
        return [str(v) for v in range(0, self.top + 1, self.step)]

    def shown_labels(self) -> list[str]:
        """The labels as painted (elided to the width they get), top to bottom (tests)."""
        return [label for label, _rect in self._layout()[0]]

    def _layout(self) -> tuple[list[tuple[str, QRect]], QRect]:
        fm = self.fontMetrics()
        line = fm.height()
        plot = self.rect().adjusted(10, line + 16, -16, -(line + 12))
        fitting = max(plot.height() // (line + 6), 1)
        rows = self.rows[:fitting]
        if not rows:
            return [], plot
        label_width = min(max(fm.horizontalAdvance(label) for label, *_r in rows) + 8, plot.width() * 45 // 100)
        bars = plot.adjusted(label_width, 0, 0, 0)
        height = plot.height() / len(rows)
        laid = []
        for index, (label, _full, _times) in enumerate(rows):
            rect = QRect(plot.left(), int(plot.top() + index * height), plot.width(), int(height))
            laid.append((fm.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8), rect))
        return laid, bars

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRoundedRect(self.rect().adjusted(4, 4, -4, -4), 4, 4)
        fm = self.fontMetrics()
        painter.setPen(QColor("#222222"))
        painter.drawText(QRect(0, 8, self.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter, self.title)
        laid, bars = self._layout()
        if not laid:
            painter.setPen(QColor("#6b7280"))
            painter.drawText(self.rect().adjusted(16, 0, -16, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             tr("No deductions in this selection."))
            painter.end()
            self._row_rects = []
            return
        # grid lines and tick labels
        for value in range(0, self.top + 1, self.step):
            x = bars.left() + round(bars.width() * value / self.top)
            painter.setPen(self.GRID)
            painter.drawLine(x, bars.top(), x, bars.bottom())
            painter.setPen(QColor("#444444"))
            text = str(value)
            painter.drawText(QRect(x - 30, bars.bottom() + 4, 60, fm.height()), Qt.AlignmentFlag.AlignHCenter, text)
        self._row_rects = []
        for (label, rect), (_label, _full, times) in zip(laid, self.rows, strict=False):
            self._row_rects.append(rect)
            painter.setPen(QColor("#333333"))
            painter.drawText(QRect(rect.left(), rect.top(), bars.left() - rect.left() - 8, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            bar_height = max(min(rect.height() - 6, 22), 4)
            bar = QRect(bars.left(), rect.center().y() - bar_height // 2,
                        max(round(bars.width() * times / self.top), 1), bar_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.BAR)
            painter.drawRect(bar)
            painter.setPen(QColor("#222222"))
            painter.drawText(QRect(bar.right() + 4, rect.top(), 40, rect.height()), Qt.AlignmentFlag.AlignVCenter,
                             str(times))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = next((i for i, rect in enumerate(self._row_rects) if rect.contains(event.pos())), None)
            if row is not None:
                QToolTip.showText(event.globalPos(), self.rows[row][1], self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


def nice_step(most: int, ticks: int = 5) -> int:
    """A whole 1, 2 or 5 × 10ⁿ step giving at most ``ticks`` intervals up to past ``most``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if most // step + 1 <= ticks:
                return step
        magnitude *= 10


def set_ticks(axis: QValueAxis, top: float, step: int) -> None:
    """Labels at 0, step, 2·step … (whole numbers), the axis up to ``top``."""
    axis.setRange(0, top)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")


def _short(name: str) -> str:
    for cut in ("市", "县", "区"):  # zh-data: where a Chinese unit name's place part ends
        if cut in name[:5]:
            return name[: name.index(cut)]
    return name[:4]
