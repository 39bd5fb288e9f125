"""Text of PDF pages that carry a text layer (pypdfium2), with line boxes."""

from __future__ import annotations

from typing import Any

from casereview.docintel.pages import Line

MIN_TEXT_CHARS = 8  # fewer real characters than this: a scan with stray layer text, OCR it


def text_layer_lines(page: Any) -> list[Line] | None:
    """The lines of a ``pypdfium2.PdfPage``'s text layer, or None when it has (almost) none.
    Caller holds the pdfium lock: pdfium is not thread-safe."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        whole = textpage.get_text_range()
        if sum(1 for c in whole if c.isalnum()) < MIN_TEXT_CHARS:
            return None
        lines: list[Line] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if not text:
                continue
            box = (left / width, 1 - top / height, right / width, 1 - bottom / height)
            lines.append(Line(text, tuple(min(max(v, 0.0), 1.0) for v in box), 1.0))  # type: ignore[arg-type]
        lines.sort(key=lambda line: (round(line.box[1] * 200), line.box[0]))
        return lines or None
    finally:
        textpage.close()
