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
