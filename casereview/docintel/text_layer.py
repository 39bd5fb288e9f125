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
        pieces: list[tuple[str, tuple[float, float, float, float]]] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text.strip():
                pieces.append((text, (left / width, 1 - top / height, right / width, 1 - bottom / height)))
        lines = [Line(text.strip(), box, 1.0) for text, box in _join_rows(pieces)]
        return lines or None
    finally:
        textpage.close()


def _join_rows(pieces: list[tuple[str, tuple[float, float, float, float]]]
               ) -> list[tuple[str, tuple[float, float, float, float]]]:
    """pdfium gives one rectangle per text run, and a printed line is often several runs
    (font subsets, kerning): runs whose vertical centres are within half a line height are
    one line, read left to right."""
    rows: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    for piece in sorted(pieces, key=lambda p: ((p[1][1] + p[1][3]) / 2, p[1][0])):
        box = piece[1]
        centre, half = (box[1] + box[3]) / 2, (box[3] - box[1]) / 2
        if rows:
            last = rows[-1][-1][1]
            if abs((last[1] + last[3]) / 2 - centre) <= max(half, (last[3] - last[1]) / 2):
                rows[-1].append(piece)
                continue
        rows.append([piece])
    out = []
    for row in rows:
        row.sort(key=lambda p: p[1][0])
        box = (min(p[1][0] for p in row), min(p[1][1] for p in row), max(p[1][2] for p in row),
               max(p[1][3] for p in row))
        out.append(("".join(p[0] for p in row), tuple(min(max(v, 0.0), 1.0) for v in box)))
    return out  # type: ignore[return-value]
