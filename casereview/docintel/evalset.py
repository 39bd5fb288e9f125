"""A second evaluation set for reading dates, made independently of the demo's case-file
generator: the foot of an issued document (agency, title, case number, body lines, a labelled
date, the agency's name and the date) drawn straight with PIL in one of several fonts, the
seal stamped at a varying place over the foot date (so it covers different digits), then
rotated a little, given grain and JPEG artefacts of varying strength.

The demo generator always uses one font, one seal place and one JPEG quality; this set varies
what it holds fixed, so a figure of "dates exact" is measured over dozens of dates, not ten.
The truth of every page is kept: its lines and its two dates.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

# CJK fonts of common Linux installs besides the bundled one; those missing are skipped.
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf",
)
AGENCIES = ("佛山市交通运输综合行政执法支队", "韶关市交通运输局", "广州市交通运输综合行政执法支队",
            "东莞市交通运输局", "湛江市交通运输综合行政执法支队", "清远市交通运输局")
TITLES = ("行政处罚决定书", "违法行为通知书", "听证通知书")
BODY = (
    "当事人未按规定办理超限运输许可，擅自驾驶超限车辆上路行驶。",
    "以上事实有现场笔录、询问笔录、称重检测单等证据为证。",
    "依据《公路安全保护条例》第六十四条，决定处以罚款。",
    "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，",
    "或者在六个月内依法向人民法院提起行政诉讼。",
    "当事人应当自收到本决定书之日起十五日内缴纳罚款。",
    "逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
)
WIDTH, HEIGHT = 1240, 660  # the lower part of a 150-dpi A4 page


@dataclass(frozen=True)
class EvalPage:
    image: Image
    lines: tuple[str, ...]  # printed text, in reading order
    doc_type: str
    foot_date: date  # under the seal
    labelled_date: date  # "日期：" near the top, not sealed
    font: str
    jpeg_quality: int


def fonts() -> list[Path]:
    from casereview.paths import font_path

    return [font_path(), *(Path(p) for p in SYSTEM_FONTS if Path(p).is_file())]


def _cn(when: date) -> str:
    return f"{when.year}年{when.month}月{when.day}日"


def eval_page(seed: int) -> EvalPage:
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    from casereview.docintel.scans import _seal

    rng = random.Random(seed)
    available = fonts()
    font_file = available[seed % len(available)]
    size = rng.randint(24, 30)
    font = ImageFont.truetype(str(font_file), size)
    title_font = ImageFont.truetype(str(font_file), size + 10)
    agency = rng.choice(AGENCIES)
    doc_type = rng.choice(TITLES)
    foot = date(2023, 1, 1) + timedelta(days=rng.randrange(1100))
    labelled = foot - timedelta(days=rng.randrange(1, 40))
    case_no = f"{agency[:2]}交执罚〔{foot.year}〕{rng.randint(1, 999)}号"
    image = PILImage.new("RGB", (WIDTH, HEIGHT), (252, 252, 250))
    draw = ImageDraw.Draw(image)
    ink = (rng.randint(0, 30),) * 3
    lines: list[str] = []

    def put(text: str, x: int, y: int, f: object = font) -> tuple[float, float, float, float]:
        draw.text((x, y), text, font=f, fill=ink)  # type: ignore[arg-type]
        lines.append(text)
        return draw.textbbox((x, y), text, font=f)  # type: ignore[arg-type]

    y = 40
    put(doc_type, (WIDTH - int(draw.textlength(doc_type, font=title_font))) // 2, y, title_font)
    y += size + 40
    put(f"案号：{case_no}", 110, y)
    y += int(size * 1.9)
    put(f"日期：{_cn(labelled)}", 110, y)
    y += int(size * 1.9)
    for text in rng.sample(BODY, 4):
        put(text, 110, y)
        y += int(size * 1.9)
    y += size
    x_right = WIDTH - 120
    put(agency, x_right - int(draw.textlength(agency, font=font)), y)
    y += int(size * 1.9)
    foot_text = _cn(foot)
    x0, y0, x1, y1 = put(foot_text, x_right - int(draw.textlength(foot_text, font=font)) - 30, y)
    # the seal over the date, its centre anywhere along the date and a little above or below
    centre = (rng.uniform(x0, x1) / WIDTH, (rng.uniform(y0 - size, y1) if rng.random() < 0.7 else y0) / HEIGHT)
    _seal(image, centre, random.Random(seed * 7 + 1), agency)  # sized from the width, as on a full page
    quality = rng.choice((35, 45, 55, 65, 75))
    image = _degrade(image, rng, quality)
    return EvalPage(image, tuple(lines), doc_type, foot, labelled, font_file.name, quality)


def _degrade(image: Image, rng: random.Random, quality: int) -> Image:
    import numpy as np
    from PIL import Image as PILImage

    rotated = image.rotate(rng.uniform(-1.5, 1.5), resample=PILImage.Resampling.BILINEAR, fillcolor=(250, 250, 248))
    px = np.asarray(rotated).astype(np.int16)
    grain = rng.choice((8, 12, 16, 20))
    noise = np.random.default_rng(rng.randrange(2**32)).integers(-grain, grain + 1, px.shape, dtype=np.int16)
    px += noise  # per channel this time (the demo scans add the same grain to all three)
    px += np.array([-rng.randint(0, 8), -rng.randint(0, 8), -rng.randint(4, 14)], dtype=np.int16)
    np.clip(px, 0, 255, out=px)
    out = io.BytesIO()
    PILImage.fromarray(px.astype(np.uint8)).save(out, "JPEG", quality=quality)
    out.seek(0)
    return PILImage.open(out).convert("RGB")
