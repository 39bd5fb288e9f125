"""Scanner-like copies of generated documents (the demo's and the tests' scanned files).

Each page of a generated PDF is rendered, rotated a little, given paper noise and a grey
cast, stamped with a red seal over the agency name and date, signed with a pen-like
scrawl, JPEG-compressed and put back into a PDF without a text layer — the text exists
only as pixels, as in a real scanned file. What was printed stays known (the ground truth
is the generator's ``PlannedPage``), so accuracy can be measured.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casereview.docintel.reader import PDFIUM_LOCK

if TYPE_CHECKING:
    from PIL.Image import Image

    from casereview.demo.casefile_pdf import PlannedPage

SCAN_DPI = 150
JPEG_QUALITY = 60
SEAL_RED = (215, 30, 35)


def _seal(image: Image, centre: tuple[float, float], rng: random.Random, label: str) -> None:
    """A round official seal: double ring, star, the agency's name on an arc (faded)."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    from casereview.paths import font_path

    w, h = image.size
    r = int(w * 0.085)
    layer = PILImage.new("RGBA", (2 * r + 4, 2 * r + 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    alpha = rng.randint(150, 200)
    colour = (*SEAL_RED, alpha)
    c = r + 2
    draw.ellipse((c - r, c - r, c + r, c + r), outline=colour, width=max(3, r // 14))
    star = []
    for k in range(10):
        radius = r * (0.28 if k % 2 == 0 else 0.11)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((c + radius * math.cos(angle), c + radius * math.sin(angle)))
    draw.polygon(star, fill=colour)
    font = ImageFont.truetype(str(font_path()), max(10, r // 5))
    chars = label[:14]
    span = math.radians(220)
    for k, ch in enumerate(chars):
        angle = math.pi + (math.pi - span) / 2 + span * (k + 0.5) / max(len(chars), 1)
        x = c + 0.72 * r * math.cos(angle)
        y = c + 0.72 * r * math.sin(angle)
        glyph = PILImage.new("RGBA", (r // 4 + 4, r // 4 + 4), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((2, 0), ch, font=font, fill=colour)
        glyph = glyph.rotate(-math.degrees(angle) - 90, expand=True)
        layer.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    layer = layer.rotate(rng.uniform(-25, 25))
    image.paste(layer, (int(centre[0] * w) - c, int(centre[1] * h) - c), layer)


def _signature(image: Image, start: tuple[float, float], rng: random.Random) -> None:
    """A handwritten-looking scrawl: a few joined strokes of varying width in dark ink."""
    from PIL import ImageDraw

    w, h = image.size
    draw = ImageDraw.Draw(image)
    x, y = start[0] * w, start[1] * h
    ink = (25, 30, 70)
    for _stroke in range(rng.randint(2, 3)):
        points = []
        for k in range(18):
            points.append((x + k * w * 0.006, y + math.sin(k * rng.uniform(0.6, 1.4)) * h * 0.008))
        draw.line(points, fill=ink, width=rng.randint(2, 3), joint="curve")
        x += w * 0.11


def _degrade(image: Image, rng: random.Random) -> Image:
    import numpy as np
    from PIL import Image as PILImage

    rotated = image.rotate(rng.uniform(-0.8, 0.8), resample=PILImage.Resampling.BILINEAR, fillcolor=(250, 250, 248))
    px = np.asarray(rotated).astype(np.int16)
    # grain: uniform integer noise is as good as Gaussian here and several times cheaper
    noise = np.random.default_rng(rng.randrange(2**32)).integers(-16, 17, px.shape[:2], dtype=np.int16)
    px += noise[..., None]
    px += np.array([-6, -5, -10], dtype=np.int16)  # a slightly yellow-grey paper
    np.clip(px, 0, 255, out=px)
    px = px.astype(np.uint8)
    out = PILImage.fromarray(px)
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    return PILImage.open(buffer).convert("RGB")


def scan_page(pdf_page: object, planned: PlannedPage | None, rng: random.Random, *, agency: str = "",
              dpi: int = SCAN_DPI) -> Image:
    with PDFIUM_LOCK:
        image = pdf_page.render(scale=dpi / 72).to_pil().convert("RGB")  # type: ignore[attr-defined]
    if planned is not None and planned.seal_at is not None:
        _seal(image, planned.seal_at, rng, agency)
    if planned is not None and planned.signature_at is not None:
        _signature(image, planned.signature_at, rng)
    return _degrade(image, rng)


def scan_pdf(pdf: bytes, planned: Sequence[PlannedPage] = (), *, seed: int = 0, agency: str = "",
             dpi: int = SCAN_DPI) -> bytes:
    """A scanned copy (image-only PDF) of ``pdf``; ``planned`` says where seals and
    signatures go, page by page."""
    import pypdfium2 as pdfium

    rng = random.Random(seed)
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
    try:
        images = [
            scan_page(document[i], planned[i] if i < len(planned) else None, rng, agency=agency, dpi=dpi)
            for i in range(len(document))
        ]
    finally:
        with PDFIUM_LOCK:
            document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=JPEG_QUALITY)
    return out.getvalue()
