"""Draw the program icon (resources/icons/casereview.png and .ico) with Pillow.

Run once when the design changes; the generated files are committed, so builds do not
depend on this script:  .venv/bin/python installer/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 256) -> Image.Image:
    scale = 4  # draw large and downsample for smooth edges
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    u = s / 256
    # Blue rounded tile (the app's accent colour).
    d.rounded_rectangle((8 * u, 8 * u, 248 * u, 248 * u), radius=44 * u, fill=(31, 94, 168, 255))
    # A white case-file sheet with a folded corner.
    sheet = [(62 * u, 38 * u), (160 * u, 38 * u), (196 * u, 74 * u), (196 * u, 214 * u), (62 * u, 214 * u)]
    d.polygon(sheet, fill=(255, 255, 255, 255))
    d.polygon([(160 * u, 38 * u), (160 * u, 74 * u), (196 * u, 74 * u)], fill=(200, 214, 232, 255))
    # The character 评 (review) on the sheet.
    font = ImageFont.truetype(str(FONT), int(92 * u))
    d.text((129 * u, 118 * u), "评", font=font, fill=(31, 94, 168, 255), anchor="mm")
    # A green tick in the lower right: "checked".
    d.ellipse((150 * u, 150 * u, 236 * u, 236 * u), fill=(46, 160, 67, 255))
    d.line(
        [(170 * u, 194 * u), (188 * u, 212 * u), (218 * u, 174 * u)],
        fill=(255, 255, 255, 255),
        width=int(12 * u),
        joint="curve",
    )
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(ICONS / "casereview.png")
    big.save(ICONS / "casereview.ico", sizes=ICO_SIZES)
    print(ICONS / "casereview.png", ICONS / "casereview.ico")


if __name__ == "__main__":
    main()
