"""Read one page of a stored file: the PDF text layer when there is one, else OCR on the
rendered page; and look for a red seal on the page image."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereview.docintel.pages import Line, PageReading
from casereview.docintel.seal import has_red_seal, page_marks, scrawl_lines, seal_text_lines
from casereview.docintel.text_layer import text_layer_lines

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
    lines = ocr.read(image)
    red_seal = has_red_seal(image)
    marks = page_marks(image, lines)
    lines = set_apart(image, lines, marks, red_seal)
    return PageReading("ocr", ocr.engine_id, tuple(lines), time.perf_counter() - started,
                       red_seal=red_seal, marks=marks)


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
