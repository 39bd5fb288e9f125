"""Red-seal detector: is there an official seal (公章, red ink) on a page image?

A seal is a ring of saturated red about 4 cm across; on a page image it shows as a compact
cluster of red pixels. Black text, grey scanner noise and a blue signature do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

    from casereview.docintel.pages import Line

SAMPLE_WIDTH = 300  # pixels: a seal of 4 cm on A4 is ~60 px across, plenty to see
MIN_RED_SHARE = 0.0012  # of the page's pixels inside the densest cluster
MIN_CLUSTER_FILL = 0.03  # red pixels / bounding box area of the cluster (a ring, not a dot)


def red_mask(image: Image) -> object:
    import numpy as np

    small = image.convert("RGB")
    if small.width > SAMPLE_WIDTH:
        small = small.resize((SAMPLE_WIDTH, max(1, round(small.height * SAMPLE_WIDTH / small.width))))
    px = np.asarray(small).astype(np.int16)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return (r > 120) & (r - g > 40) & (r - b > 35)


def has_red_seal(image: Image) -> bool:
    """True when a compact red cluster large enough for a seal is on the page."""
    import numpy as np

    mask = np.asarray(red_mask(image))
    total = mask.size
    if total == 0 or mask.sum() < total * MIN_RED_SHARE:
        return False
    # the densest window of seal size (a fifth of the page width) must hold most of the red
    h, w = mask.shape
    win = max(8, w // 5)
    integral = np.pad(mask.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    if h < win or w < win:
        return False
    sums = integral[win:, win:] - integral[:-win, win:] - integral[win:, :-win] + integral[:-win, :-win]
    best = int(sums.max())
    return best >= total * MIN_RED_SHARE and best / (win * win) >= MIN_CLUSTER_FILL


SEAL_TEXT_RATIO = 4.0  # red ink pixels per black one above which a line is the seal's own text


def seal_text_lines(image: Image, lines: Sequence[Line]) -> list[int]:
    """Indices of the lines that are the seal's own lettering (the agency's name on its arc),
    not the page's text: their ink is red. Black text printed under a seal (the date beside
    it) keeps a good share of dark pixels and stays. Measured on the generated decision
    page: the arc reads 1,836 red / 240 black pixels, the date under the seal 1,473 / 587."""
    import numpy as np

    px = np.asarray(image.convert("RGB")).astype(np.int16)
    h, w = px.shape[:2]
    out = []
    for no, line in enumerate(lines):
        x0, y0, x1, y1 = line.box
        region = px[int(y0 * h):int(y1 * h) + 1, int(x0 * w):int(x1 * w) + 1]
        if region.size == 0:
            continue
        r, g, b = region[..., 0], region[..., 1], region[..., 2]
        red = int(((r > 120) & (r - g > 40) & (r - b > 35)).sum())
        black = int((region.max(axis=2) < 110).sum())
        if red >= 50 and red >= SEAL_TEXT_RATIO * max(black, 1):
            out.append(no)
    return out


SIGNATURE_LABELS = ("签名", "签字", "签收")
MIN_INK_SHARE = 0.004  # of the area right of the label: a scrawl, not scanner grain


def signature_present(image: Image, label_box: tuple[float, float, float, float]) -> bool:
    """Is there ink (a handwritten signature) right of a "签名：" label? The region is the
    label's height, a third of the page wide; printed rules (____) would count as ink too,
    so this is asked only where the form leaves the space blank."""
    import numpy as np

    gray = np.asarray(image.convert("L"))
    h, w = gray.shape
    _x0, y0, x1, y1 = label_box
    height = y1 - y0
    top, bottom = int(max(0.0, y0 - height) * h), int(min(1.0, y1 + height) * h)
    left, right = int(min(1.0, x1 + 0.005) * w), int(min(1.0, x1 + 0.35) * w)
    region = gray[top:bottom, left:right]
    if region.size == 0:
        return False
    return bool((region < 110).mean() >= MIN_INK_SHARE)


_SCRAWL = re.compile(r"[A-Za-z]{3,}")


def scrawl_lines(lines: Sequence[Line]) -> list[int]:
    """Indices of lines that are a handwritten signature read as letters ("mwwmww"): only
    Latin letters, on the row of a "签名：" label and to its right. Chinese forms print no
    such words there; the signature itself is reported as a mark, not as text."""
    labels = [line for line in lines if any(w in line.text for w in SIGNATURE_LABELS)]
    out = []
    for no, line in enumerate(lines):
        if not _SCRAWL.fullmatch(line.text.strip()):
            continue
        x0, y0, _x1, y1 = line.box
        for label in labels:
            _lx0, ly0, lx1, ly1 = label.box
            same_row = min(y1, ly1) - max(y0, ly0) > -0.5 * (ly1 - ly0)
            if same_row and x0 >= lx1 - 0.01:
                out.append(no)
                break
    return out


def page_marks(image: Image, lines: object) -> dict[str, object]:
    """Marks besides text: whether each blank "签名：" field holds a signature."""
    out: dict[str, object] = {}
    for line in lines:  # type: ignore[attr-defined]
        text = line.text.rstrip()
        if any(label in text for label in SIGNATURE_LABELS) and text.endswith((":", "：")):
            out["signature"] = bool(out.get("signature")) or signature_present(image, line.box)
    return out
