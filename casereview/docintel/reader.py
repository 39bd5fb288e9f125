"""Read one page of a stored file: the PDF text layer when there is one, else OCR on the
rendered page; and look for a red seal on the page image."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereview.docintel.pages import Line, PageReading
from casereview.docintel.seal import (
    has_red_seal,
    page_marks,
    scrawl_lines,
    seal_box,
    seal_text_lines,
    stamped_lines,
    without_red,
)
from casereview.docintel.text_layer import text_layer_lines
from casereview.textdates import DATE_IN_TEXT

if TYPE_CHECKING:
    from PIL.Image import Image

    from casereview.docintel.ocr_engine import OcrEngine

TEXT_ENGINE = "pdfium-text"
OCR_DPI = 150  # PP-OCR's detector works at ~960 px on the long side; 150 dpi A4 is 1754 px
SEAL_DPI = 36
IMAGE_EXTS = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"})

# pdfium (and so pypdfium2) is not thread-safe: every call into it holds this lock.
PDFIUM_LOCK = threading.RLock()


def page_count(path: Path) -> int:
    if path.suffix.lower() in IMAGE_EXTS:
        return 1
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_page(path: Path, index: int, dpi: int = OCR_DPI) -> Image:
    """The image of page ``index`` (0-based) of a PDF or image file."""
    if path.suffix.lower() in IMAGE_EXTS:
        from PIL import Image as PILImage

        with PILImage.open(path) as img:
            img.seek(min(index, getattr(img, "n_frames", 1) - 1))
            return img.convert("RGB")
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdf[index].render(scale=dpi / 72).to_pil().convert("RGB")
        finally:
            pdf.close()


def _text_layer(path: Path, index: int) -> tuple[list[Any] | None, Image | None]:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            page = pdf[index]
            lines = text_layer_lines(page)
            seal_image = page.render(scale=SEAL_DPI / 72).to_pil().convert("RGB")
            return lines, seal_image
        finally:
            pdf.close()


def read_page(path: Path, index: int, engine: Callable[[], OcrEngine]) -> PageReading:
    """Read page ``index`` (0-based) of ``path``; ``engine`` gives the worker's OCR engine
    (loaded only when a page needs it)."""
    started = time.perf_counter()
    if path.suffix.lower() not in IMAGE_EXTS:
        lines, seal_image = _text_layer(path, index)
        if lines:
            return PageReading("text", TEXT_ENGINE, tuple(lines), time.perf_counter() - started,
                               red_seal=has_red_seal(seal_image) if seal_image is not None else None)
    image = render_page(path, index)
    ocr = engine()
    lines, red_seal, marks = read_image(image, ocr)
    return PageReading("ocr", ocr.engine_id, tuple(lines), time.perf_counter() - started,
                       red_seal=red_seal, marks=marks)


def read_image(image: Image, ocr: OcrEngine, *, reread: bool = True) -> tuple[list[Line], bool, dict[str, Any]]:
    """OCR of a page image: its text lines, whether a red seal is on it, and its marks
    (``reread`` False: without reading the text under the seal again, for measuring)."""
    lines = ocr.read(image)
    red_seal = has_red_seal(image)
    if red_seal and reread:
        lines = reread_under_seal(image, lines, ocr)
    marks = page_marks(image, lines)
    return set_apart(image, lines, marks, red_seal), red_seal, marks


# A second reading (seal unmixed) replaces the first unless it is clearly less sure: the first
# is often confidently wrong there ("2024年1月29日" at 0.99 for 11月, the "1" under the seal's
# star), cuts a digit off under the ring ("025年7月14日") or finds no line at all.
REREAD_TOLERANCE = 0.05
STRIP_MARGIN = 0.01  # of the page height above and below the seal
MIN_NEW_LINE_CONFIDENCE = 0.8
# Remnants of the seal's lettering can survive unmixing ("市", "交通"): they neither replace a
# line they do not span nor come in as lines of their own.
MIN_NEW_LINE_CHARS = 4
MIN_SPAN = 0.8
# A date under the seal read whole with this confidence needs no second look at the band.
DATE_CONFIDENCE = 0.9


def reread_under_seal(image: Image, lines: list[Line], ocr: OcrEngine) -> list[Line]:
    """Read the text under the seal again with the seal's red unmixed. First, cheaply, each
    line the seal is stamped over (recognition only, in its own box); if then no complete
    date with good confidence sits under the seal (a digit cut off at its ring, or the date
    line not found at all), the band of the page the seal covers is read again too
    (``reread_band``)."""
    import numpy as np

    skip = set(seal_text_lines(image, lines))
    stamped = stamped_lines(image, lines, skip)
    out = list(lines)
    if stamped:
        px = np.asarray(image.convert("RGB"))
        h, w = px.shape[:2]
        crops = []
        for no in stamped:
            x0, y0, x1, y1 = lines[no].box
            crops.append(without_red(px[int(y0 * h):int(y1 * h) + 1, int(x0 * w):int(x1 * w) + 1]))
        for no, (text, score) in zip(stamped, ocr.reread(crops), strict=False):
            first = lines[no]
            if text.strip() and text != first.text and score >= first.confidence - REREAD_TOLERANCE:
                out[no] = Line(text, first.box, score)
    where = seal_box(image)
    if where is None:
        return out
    near = [line for line in out if _overlaps(line.box, where)]
    if any(DATE_IN_TEXT.search(line.text) and line.confidence >= DATE_CONFIDENCE for line in near):
        return out
    return reread_band(image, out, ocr, where)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def reread_band(image: Image, lines: list[Line], ocr: OcrEngine,
                where: tuple[float, float, float, float]) -> list[Line]:
    """Read the band of the page the seal covers again (as wide as the lines it sits on, so
    they are not cut at its sides) with the seal's red unmixed, and merge: a line read there
    replaces the lines of the first reading it overlaps unless it is clearly less sure, and a
    line the first reading missed is added. The seal's own lettering vanishes when unmixed,
    so it is not read again; lines cut by the band's top or bottom edge are ignored."""
    import numpy as np
    from PIL import Image as PILImage

    px = np.asarray(image.convert("RGB"))
    h = px.shape[0]
    top = max(0, int((where[1] - STRIP_MARGIN) * h))
    bottom = min(h, int((where[3] + STRIP_MARGIN) * h) + 1)
    if bottom - top < 8:
        return lines
    # across: the seal and every line it sits on, whole (a line cut at a side reads short)
    w = px.shape[1]
    sx0, sy0, sx1, sy1 = where
    pad = (sx1 - sx0) / 2
    x0, x1 = sx0 - pad, sx1 + pad
    for line in lines:
        lx0, ly0, lx1, ly1 = line.box
        if min(ly1, sy1) - max(ly0, sy0) > 0.5 * (ly1 - ly0) and lx0 < x1 and lx1 > x0:
            x0, x1 = min(x0, lx0), max(x1, lx1)
    left, right = max(0, int((x0 - 0.01) * w)), min(w, int((x1 + 0.01) * w) + 1)
    band = PILImage.fromarray(np.asarray(without_red(px[top:bottom, left:right])))
    edge = 2 / (bottom - top)
    out = list(lines)
    replaced: set[int] = set()
    added: list[Line] = []
    for second in ocr.read_band(band):
        bx0, by0, bx1, by1 = second.box
        if by0 <= edge or by1 >= 1 - edge or not second.text.strip():
            continue  # cut by the band's edge
        box = ((left + bx0 * (right - left)) / w, (top + by0 * (bottom - top)) / h,
               (left + bx1 * (right - left)) / w, (top + by1 * (bottom - top)) / h)
        overlapping = [no for no, line in enumerate(lines) if _same_line(line.box, box)]
        if not overlapping:
            if second.confidence >= MIN_NEW_LINE_CONFIDENCE and len(second.text.strip()) >= MIN_NEW_LINE_CHARS:
                added.append(Line(second.text, box, second.confidence))
            continue
        first = "".join(lines[no].text for no in sorted(overlapping, key=lambda n: lines[n].box[0]))
        least = min(lines[no].confidence for no in overlapping)
        widest = max(lines[no].box[2] - lines[no].box[0] for no in overlapping)
        spans = box[2] - box[0] >= MIN_SPAN * widest  # a remnant of the seal's lettering does not
        if spans and second.text != first and second.confidence >= least - REREAD_TOLERANCE:
            out[overlapping[0]] = Line(second.text, box, second.confidence)
            replaced.update(overlapping[1:])
    merged = [line for no, line in enumerate(out) if no not in replaced] + added
    merged.sort(key=lambda line: (round(line.box[1] * 200), line.box[0]))
    return merged


def _same_line(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Do two boxes hold (parts of) the same printed line: most of the lower one's height
    shared, and half the narrower one's width."""
    high = min(a[3], b[3]) - max(a[1], b[1])
    wide = min(a[2], b[2]) - max(a[0], b[0])
    return wide > 0.5 * min(a[2] - a[0], b[2] - b[0]) and high > 0.5 * min(a[3] - a[1], b[3] - b[1])


def set_apart(image: Image, lines: list[Line], marks: dict[str, Any], red_seal: bool) -> list[Line]:
    """The page's text without what is not printed text: the seal's own lettering (it would
    read into facts and search) and a signature read as letters. Both are kept in ``marks``."""
    seal = set(seal_text_lines(image, lines)) if red_seal else set()
    scrawl = set(scrawl_lines(lines))
    if seal:
        marks["seal_text"] = "".join(lines[i].text for i in sorted(seal))
    if scrawl:
        marks["signature"] = True  # the ink was there to be read
    return [line for i, line in enumerate(lines) if i not in seal and i not in scrawl]
