"""Cropped, redacted images of evidence pages for the common-error library.

A page of the stored PDF is rendered with pypdfium2, every identifier the Anonymizer
would hide is blacked out using the page's text layer (character boxes), and the top and
middle of the page (where headings, parties and facts sit) is kept. Scanned pages (no text
layer) are redacted with their OCR lines (casereview.docintel) when they have been read;
an unread scan cannot be checked for names, so no image is produced for it when
anonymising: an unredacted scan must never reach a handout.

Images are cached under ``cache_dir`` by a hash of the file, page, crop and what is masked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from casereview.anonymize import Anonymizer
from casereview.docintel.pages import Line

# Keep this band of the page height (0 = top): headings, parties and the facts.
CROP_TOP = 0.04
CROP_BOTTOM = 0.58
RENDER_SCALE = 1.6  # 72 dpi * 1.6 ≈ 115 dpi: readable when printed at half width


@dataclass(frozen=True)
class PageImage:
    path: Path
    redactions: int  # boxes blacked out
    width: int
    height: int


def pdfium_available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def _cache_name(pdf: Path, page_index: int, anonymizer: Anonymizer | None, crop: tuple[float, float],
                ocr: int = 0) -> str:
    h = hashlib.sha256()
    h.update(f"{pdf.name}|{pdf.stat().st_size}|{page_index}|{crop}|{RENDER_SCALE}|{ocr}".encode())
    if anonymizer is not None:
        h.update(repr(anonymizer.options).encode())
        for value in anonymizer.sensitive_values():
            h.update(b"\0" + value.encode())
    return h.hexdigest()[:32] + ".png"


def render_cropped_page(
    pdf: Path, page_index: int, cache_dir: Path, anonymizer: Anonymizer | None,
    ocr_lines: Sequence[Line] | None = None,
) -> PageImage | None:
    """The top/middle band of page ``page_index`` (0-based), redacted when ``anonymizer`` is given."""
    return render_page(pdf, page_index, cache_dir, anonymizer, (CROP_TOP, CROP_BOTTOM), ocr_lines)


def render_full_page(pdf: Path, page_index: int, cache_dir: Path, anonymizer: Anonymizer | None,
                     ocr_lines: Sequence[Line] | None = None) -> Path | None:
    """The whole page, redacted (the practice workspace's viewer)."""
    image = render_page(pdf, page_index, cache_dir, anonymizer, (0.0, 1.0), ocr_lines)
    return image.path if image else None


def render_page(
    pdf: Path,
    page_index: int,
    cache_dir: Path,
    anonymizer: Anonymizer | None,
    crop: tuple[float, float] = (CROP_TOP, CROP_BOTTOM),
    ocr_lines: Sequence[Line] | None = None,
) -> PageImage | None:
    """Render page ``page_index`` (0-based) of ``pdf`` and keep the ``crop`` band of its height.
    ``ocr_lines``: the page's OCR reading, which redacts a page without a text layer.

    Returns None when the page cannot be rendered safely (no pypdfium2, bad page, or a
    page without text — neither a text layer nor OCR lines — while anonymising).
    """
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / _cache_name(pdf, page_index, anonymizer, crop, len(ocr_lines or ()))
    doc = pdfium.PdfDocument(str(pdf))
    try:
        if not 0 <= page_index < len(doc):
            return None
        page = doc[page_index]
        width_pt, height_pt = page.get_size()
        boxes: list[tuple[float, float, float, float]] = []
        if anonymizer is not None:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            if count == 0 and ocr_lines:
                boxes = _ocr_boxes(anonymizer, ocr_lines, width_pt, height_pt)
            elif count == 0:
                return None
            text = textpage.get_text_range(0, count) if count else ""
            for start, end in anonymizer.find_spans(text):
                for i in range(start, min(end, count)):
                    left, bottom, right, top = textpage.get_charbox(i)
                    if right > left and top > bottom:
                        boxes.append((left, bottom, right, top))
        if target.exists():
            from PIL import Image

            with Image.open(target) as img:
                return PageImage(target, len(boxes), img.width, img.height)
        image = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
        from PIL import ImageDraw

        draw = ImageDraw.Draw(image)
        pad = 1.5
        for left, bottom, right, top in boxes:
            # PDF points (origin bottom-left) -> pixels (origin top-left)
            draw.rectangle(
                (
                    (left - pad) * RENDER_SCALE,
                    (height_pt - top - pad) * RENDER_SCALE,
                    (right + pad) * RENDER_SCALE,
                    (height_pt - bottom + pad) * RENDER_SCALE,
                ),
                fill=(30, 30, 30),
            )
        band = image.crop((0, int(image.height * crop[0]), image.width, int(image.height * crop[1])))
        tmp = target.with_suffix(".tmp.png")
        band.save(tmp, "PNG", optimize=True)
        tmp.replace(target)
        return PageImage(target, len(boxes), band.width, band.height)
    finally:
        doc.close()


def _ocr_boxes(anonymizer: Anonymizer, lines: Sequence[Line], width_pt: float, height_pt: float
               ) -> list[tuple[float, float, float, float]]:
    """Boxes (PDF points, origin bottom-left) of what the anonymiser hides in OCR'd lines."""
    boxes = []
    for line in lines:
        for start, end in anonymizer.find_spans(line.text):
            x0, y0, x1, y1 = line.span_box(start, end)
            boxes.append((x0 * width_pt, (1 - y1) * height_pt, x1 * width_pt, (1 - y0) * height_pt))
    return boxes
