"""The self-test's sample scan (resources/ocr/sample_page.jpg): three printed lines, degraded
like a scan, with the text they must read as. Regenerate with
``python -m casereview.docintel.sample`` (the file is shipped, so an installed copy checks
OCR without generating anything)."""

from __future__ import annotations

import random
from pathlib import Path

from casereview.paths import resources_dir

SAMPLE_LINES = ("行政处罚决定书", "案号：粤交执罚〔2024〕0316号", "如不服本决定，可申请行政复议或提起行政诉讼。")
SAMPLE_FILE = "ocr/sample_page.jpg"


def sample_path() -> Path:
    return resources_dir() / SAMPLE_FILE


def make_sample(target: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    from casereview.docintel.scans import _degrade
    from casereview.paths import font_path

    image = Image.new("RGB", (1240, 300), (252, 252, 250))
    draw = ImageDraw.Draw(image)
    title = ImageFont.truetype(str(font_path()), 42)
    body = ImageFont.truetype(str(font_path()), 23)
    draw.text((620, 40), SAMPLE_LINES[0], font=title, fill=(25, 25, 25), anchor="mt")
    for k, line in enumerate(SAMPLE_LINES[1:]):
        draw.text((150, 140 + 60 * k), line, font=body, fill=(25, 25, 25))
    out = _degrade(image, random.Random(316))
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(target, "JPEG", quality=70)
    return target


if __name__ == "__main__":  # pragma: no cover - maintenance
    print(make_sample(Path(__file__).resolve().parents[2] / "resources" / SAMPLE_FILE))
