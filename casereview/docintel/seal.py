"""Red-seal detector: is there an official seal (公章, red ink) on a page image?

A seal is a ring of saturated red about 4 cm across; on a page image it shows as a compact
cluster of red pixels. Black text, grey scanner noise and a blue signature do not count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

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


def page_marks(image: Image, lines: object) -> dict[str, object]:
    """Marks besides text: whether each blank "签名：" field holds a signature."""
    out: dict[str, object] = {}
    for line in lines:  # type: ignore[attr-defined]
        text = line.text.rstrip()
        if any(label in text for label in SIGNATURE_LABELS) and text.endswith((":", "：")):
            out["signature"] = bool(out.get("signature")) or signature_present(image, line.box)
    return out
