"""Red-seal detector: is there an official seal (公章, red ink) on a page image?

A seal is a ring of saturated red about 4 cm across; on a page image it shows as a compact
cluster of red pixels. Black text, grey scanner noise and a blue signature do not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casereview.textdates import DATE_PART

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


def seal_box(image: Image) -> tuple[float, float, float, float] | None:
    """Where the seal is (x0, y0, x1, y1 as fractions of the page): the red pixels around the
    densest seal-sized window of red; None without a seal."""
    import numpy as np

    mask = np.asarray(red_mask(image))
    h, w = mask.shape
    win = max(8, w // 5)
    if h < win or w < win or not mask.any():
        return None
    integral = np.pad(mask.astype(np.int32).cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = integral[win:, win:] - integral[:-win, win:] - integral[win:, :-win] + integral[:-win, :-win]
    top, left = np.unravel_index(int(sums.argmax()), sums.shape)
    y0, y1 = max(0, top - win // 2), min(h, top + win + win // 2)
    x0, x1 = max(0, left - win // 2), min(w, left + win + win // 2)
    ys, xs = np.nonzero(mask[y0:y1, x0:x1])
    if len(ys) == 0:
        return None
    return ((x0 + xs.min()) / w, (y0 + ys.min()) / h, (x0 + xs.max() + 1) / w, (y0 + ys.max() + 1) / h)


SEAL_TEXT_RATIO = 4.0
# red ink pixels per black one above which a line is the seal's own text


def seal_text_lines(image: Image, lines: Sequence[Line]) -> list[int]:
    """Indices of the lines that are the seal's own lettering (the agency's name on its arc),
    not the page's text: their ink is red. Black text printed under a seal (the date beside
    it) keeps a good share of dark pixels and stays. Measured on the generated decision
    page: the arc reads 1,836 red / 240 black pixels, the date under the seal 1,473 / 587; in a
    thin serif font the date reads 1,765 / 324, so a line holding a date is never the seal's."""
    import numpy as np

    px = np.asarray(image.convert("RGB")).astype(np.int16)
    h, w = px.shape[:2]
    out = []
    for no, line in enumerate(lines):
        x0, y0, x1, y1 = line.box
        region = px[int(y0 * h):int(y1 * h) + 1, int(x0 * w):int(x1 * w) + 1]
        if region.size == 0:
            continue
        if DATE_PART.search(line.text):
            continue  # a seal bears no date: this is the date printed under it, in a thin font
        r, g, b = region[..., 0], region[..., 1], region[..., 2]
        red = int(((r > 120) & (r - g > 40) & (r - b > 35)).sum())
        black = int((region.max(axis=2) < 110).sum())
        if red >= 50 and red >= SEAL_TEXT_RATIO * max(black, 1):
            out.append(no)
    return out


# The seal's ink as the generator and most pads lay it: (R, G, B) about (215, 30, 35). Over
# white paper a pixel is a mix a·seal + (1 − a)·paper; over printed text a·seal + (1 − a)·ink.
SEAL_R_MINUS_GB = 182.0  # R − (G + B)/2 of the pure ink: the mix's share a is (R − (G+B)/2) / this
SEAL_GB = 32.0  # (G + B)/2 of the pure ink
MAX_SEAL_SHARE = 0.85  # beyond this too little of the page shows through to be worth amplifying
MIN_RED_UNDER_TEXT = 40  # red pixels in a line's box before it counts as stamped over


def red_pixels(region: object) -> int:
    """Seal-red pixels in an RGB array (the same test as ``red_mask``)."""
    import numpy as np

    px = np.asarray(region).astype(np.int16)
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    return int(((r > 120) & (r - g > 40) & (r - b > 35)).sum())


def without_red(region: object) -> object:
    """What was printed under a red seal, as a grey image (H×W×3 uint8): each pixel's share of
    seal ink ``a`` is read from how much redder than green/blue it is, and the paper or text
    under it is unmixed as ((G+B)/2 − a·ink)/(1 − a). Plain red-channel views keep the seal's
    star as a pale blot that hides thin digits ("11月" read as "1月"); the unmixed view does
    not. Then a light blur (the unmixing amplifies grain) and a contrast stretch from the
    darkest strokes to the paper."""
    import cv2
    import numpy as np

    px = np.asarray(region).astype(np.float32)
    r, gb = px[..., 0], (px[..., 1] + px[..., 2]) / 2
    share = np.clip((r - gb) / SEAL_R_MINUS_GB, 0.0, MAX_SEAL_SHARE)
    under = cv2.GaussianBlur((gb - share * SEAL_GB) / (1.0 - share), (0, 0), 0.8)
    lo, hi = np.percentile(under, 2), np.percentile(under, 50)
    out = np.clip((under - lo) / max(float(hi - lo), 1.0) * 255.0, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(np.repeat(out[..., None], 3, axis=2))


def stamped_lines(image: Image, lines: Sequence[Line], skip: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Indices of the lines with seal ink over them (text printed under the seal)."""
    import numpy as np

    px = np.asarray(image.convert("RGB"))
    h, w = px.shape[:2]
    out = []
    for no, line in enumerate(lines):
        if no in skip:
            continue
        x0, y0, x1, y1 = line.box
        region = px[int(y0 * h):int(y1 * h) + 1, int(x0 * w):int(x1 * w) + 1]
        if region.size and red_pixels(region) >= MIN_RED_UNDER_TEXT:
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
