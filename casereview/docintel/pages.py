"""One reading of one page: its lines with boxes and confidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the page, top-left origin


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    box: Box
    confidence: float = 1.0

    def as_row(self) -> list[Any]:
        return [self.text, *(round(v, 5) for v in self.box), round(self.confidence, 4)]

    @classmethod
    def from_row(cls, row: list[Any]) -> Line:
        return cls(str(row[0]), (float(row[1]), float(row[2]), float(row[3]), float(row[4])), float(row[5]))

    def span_box(self, start: int, end: int) -> Box:
        """The box of characters ``start:end`` of the line, by proportion of its width
        (OCR gives line boxes): a Chinese character counts one, a digit, Latin letter or
        half-width sign about half (printed forms set them half-width)."""
        widths = [_char_width(c) for c in self.text] or [1.0]
        total = sum(widths)
        x0, y0, x1, y1 = self.box
        scale = (x1 - x0) / total
        return (x0 + scale * sum(widths[:start]), y0, x0 + scale * sum(widths[:end]), y1)


def _char_width(c: str) -> float:
    return 0.55 if c.isascii() else 1.0


@dataclass(frozen=True)
class PageReading:
    """What reading a page produced (``source``: text = PDF text layer, ocr = recognised)."""

    source: str
    engine: str
    lines: tuple[Line, ...]
    seconds: float = 0.0
    red_seal: bool | None = None
    error: str | None = None
    marks: dict[str, Any] = field(default_factory=dict)  # what else the page image showed

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidence(self) -> float | None:
        if not self.lines:
            return None
        total = sum(len(line.text) for line in self.lines) or 1
        return sum(line.confidence * len(line.text) for line in self.lines) / total
