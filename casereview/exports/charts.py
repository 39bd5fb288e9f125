"""Charts of the campaign report: vector drawings for the PDF (reportlab.graphics) and PNG
images for the Word file (Pillow, already a ReportLab dependency; no matplotlib).

Both take the same ``ReportChart`` (kind pie | bar | hbar, labels, values) so the PDF and
the DOCX show the same picture. Text uses the shipped WQY font in both.
"""

from __future__ import annotations

import functools
import io
import math
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from casereview.exports.fonts import register_cjk_font
from casereview.exports.report_model import ReportChart
from casereview.paths import font_path

PALETTE = ("#1F4E79", "#2E86C1", "#F39C12", "#C0392B", "#27AE60", "#8E44AD", "#16A085", "#7F8C8D")


def chart_drawing(chart: ReportChart, width: float, height: float) -> Drawing:
    """A ReportLab Drawing (vector, text stays selectable) of the chart."""
    font = register_cjk_font()
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, chart.title, fontName=font, fontSize=10, textAnchor="middle"))
    if not chart.values:
        d.add(String(width / 2, height / 2, "（无数据）", fontName=font, fontSize=9, textAnchor="middle"))
        return d
    if chart.kind == "pie":
        size = min(height - 40, width / 2)
        pie = Pie()
        pie.x, pie.y = 30, (height - 20 - size) / 2
        pie.width = pie.height = size
        pie.data = list(chart.values)
        total = sum(chart.values) or 1
        pie.labels = [
            f"{label} {chart.value_format.format(v)}（{v / total * 100:.1f}%）"
            for label, v in zip(chart.labels, chart.values, strict=True)
        ]
        pie.simpleLabels = 0
        pie.sideLabels = 1
        pie.slices.fontName = font
        pie.slices.fontSize = 8
        pie.slices.strokeColor = colors.white
        for i in range(len(chart.values)):
            pie.slices[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
        pie.x = (width - size) / 2
        d.add(pie)
        return d
    bar: VerticalBarChart | HorizontalBarChart
    if chart.kind == "hbar":
        bar = HorizontalBarChart()
        bar.x, bar.y = 170, 10
        bar.width, bar.height = width - 200, height - 35
        # first item on top
        labels = list(reversed(chart.labels))
        values = list(reversed(chart.values))
        bar.categoryAxis.labels.boxAnchor = "e"
        bar.categoryAxis.labels.dx = -4
    else:
        bar = VerticalBarChart()
        bar.x, bar.y = 35, 45
        bar.width, bar.height = width - 50, height - 70
        labels, values = list(chart.labels), list(chart.values)
        bar.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
        bar.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    bar.data = [values]
    bar.categoryAxis.categoryNames = labels
    bar.categoryAxis.labels.fontName = font
    bar.categoryAxis.labels.fontSize = 7.5
    bar.valueAxis.labels.fontName = font
    bar.valueAxis.labels.fontSize = 7.5
    bar.valueAxis.valueMin = 0
    step = _nice_step(max(values) if values else 1)
    bar.valueAxis.valueMax = step * math.ceil(max(max(values), step) * 1.08 / step)
    bar.valueAxis.valueStep = step
    bar.bars[0].fillColor = colors.HexColor(PALETTE[0])
    bar.bars[0].strokeColor = None
    bar.barLabelFormat = chart.value_format.format
    bar.barLabels.fontName = font
    bar.barLabels.fontSize = 7
    bar.barLabels.nudge = 7
    d.add(bar)
    return d


def _nice_step(value: float) -> float:
    """An axis step of 1, 2, 2.5 or 5 times a power of ten giving about five ticks."""
    raw = max(value, 1e-9) / 5
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= raw:
            step = m * exp
            break
    return float(max(step, 1.0)) if value >= 5 else float(step)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value * 1.05 <= step * exp:
            return float(step * exp)
    return float(10 * exp)


@functools.cache
def _pil_font(size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), size=size, index=0)


def chart_png(chart: ReportChart, width: int = 1400, height: int = 700) -> bytes:
    """The chart as a PNG (for Word): drawn with Pillow at print resolution."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    title_font = _pil_font(34)
    font = _pil_font(24)
    small = _pil_font(22)
    draw.text((width / 2, 20), chart.title, fill="black", font=title_font, anchor="mt")
    if not chart.values:
        draw.text((width / 2, height / 2), "（无数据）", fill="black", font=font, anchor="mm")
    elif chart.kind == "pie":
        total = sum(chart.values) or 1.0
        size = height - 120
        box = (80, 90, 80 + size, 90 + size)
        start = -90.0
        for i, value in enumerate(chart.values):
            extent = value / total * 360
            draw.pieslice(box, start, start + extent, fill=PALETTE[i % len(PALETTE)], outline="white", width=3)
            start += extent
        legend_x, y = 160 + size, 140
        for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
            draw.rectangle((legend_x, y, legend_x + 30, y + 30), fill=PALETTE[i % len(PALETTE)])
            text = f"{label}  {chart.value_format.format(value)}（{value / total * 100:.1f}%）"
            draw.text((legend_x + 45, y + 15), text, fill="black", font=font, anchor="lm")
            y += 50
    else:
        _bars_png(draw, chart, width, height, font, small)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _bars_png(draw: Any, chart: ReportChart, width: int, height: int, font: Any, small: Any) -> None:
    n = len(chart.values)
    top = _nice_max(max(chart.values))
    color = PALETTE[0]
    if chart.kind == "hbar":
        left, right, y0, y1 = 480, width - 100, 90, height - 30
        slot = (y1 - y0) / n
        for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
            y = y0 + i * slot
            length = (right - left) * value / top
            draw.rectangle((left, y + slot * 0.18, left + length, y + slot * 0.82), fill=color)
            draw.text((left - 12, y + slot / 2), label, fill="black", font=small, anchor="rm")
            draw.text((left + length + 10, y + slot / 2), chart.value_format.format(value), fill="black",
                      font=small, anchor="lm")
        draw.line((left, y0, left, y1), fill="#333333", width=2)
        return
    left, right, base, ceiling = 90, width - 40, height - 110, 100
    draw.line((left, base, right, base), fill="#333333", width=2)
    draw.line((left, ceiling, left, base), fill="#333333", width=2)
    for k in range(6):
        value = top * k / 5
        y = base - (base - ceiling) * k / 5
        draw.line((left - 8, y, left, y), fill="#333333", width=2)
        draw.text((left - 12, y), f"{value:g}", fill="black", font=small, anchor="rm")
    slot = (right - left) / n
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        x = left + i * slot
        h = (base - ceiling) * value / top
        draw.rectangle((x + slot * 0.2, base - h, x + slot * 0.8, base), fill=color)
        draw.text((x + slot / 2, base - h - 8), chart.value_format.format(value), fill="black", font=small,
                  anchor="mb")
        draw.text((x + slot / 2, base + 14), label, fill="black", font=small, anchor="mt")

