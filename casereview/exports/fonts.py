"""The CJK font every PDF embeds (WenQuanYi Micro Hei, shipped in resources/fonts).

ReportLab cannot use CFF-based CJK fonts (Noto CJK) and the built-in STSong-Light is
not embedded, so Chinese would vanish on a PC without fonts: we embed a TrueType font.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from casereview.errors import CaseReviewError
from casereview.paths import font_path

CJK_FONT = "WQYMicroHei"


@functools.cache
def register_cjk_font() -> str:
    """Register the shipped font with ReportLab once; returns its font name."""
    path = font_path()
    if not path.exists():
        raise CaseReviewError(f"找不到程序自带的中文字体文件 {path}，请重新安装本程序。", code="font_missing")
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=0))
    # every CJK-wrapped paragraph follows the Chinese line-breaking rules (禁则)
    from casereview.exports.typography import install

    install()
    return CJK_FONT


# ---------------------------------------------------------------- fonts of official documents

# GB/T 9704 names a typeface per part: 小标宋 for the office mark and the title, 仿宋 for
# the body, 黑体 / 楷体 for first / second level headings, 宋体 for page numbers. A PDF must
# embed its fonts, and ReportLab reads TrueType outlines only. For each role the first
# candidate found on this computer that ReportLab can embed is used (a font whose licence
# forbids embedding is refused by ReportLab and skipped): the Windows fonts an office PC
# has, then free fonts of the same style (AR PL UMing / UKai: Arphic Public License,
# LXGW WenKai: SIL OFL — both allow embedding and redistribution), then the bundled
# WenQuanYi Micro Hei. docs/official-documents.md lists them.
ROLE_CANDIDATES: dict[str, tuple[tuple[str, int], ...]] = {
    "title": (("FZXBSJW.TTF", 0), ("simsun.ttc", 0), ("uming.ttc", 0)),
    "fang": (("simfang.ttf", 0), ("uming.ttc", 0)),
    "kai": (("simkai.ttf", 0), ("LXGWWenKai-Regular.ttf", 0), ("ukai.ttc", 0)),
    "hei": (("simhei.ttf", 0),),
    "song": (("simsun.ttc", 0), ("uming.ttc", 0)),
}


def font_dirs() -> list[Path]:
    """Where official-document fonts are looked for, in order."""
    dirs: list[Path] = []
    custom = os.environ.get("CASEREVIEW_FONT_DIR")
    if custom:
        dirs.append(Path(custom))
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    dirs += [
        Path("/usr/share/fonts/truetype/arphic"),
        Path("/usr/share/fonts/truetype/lxgw-wenkai"),
        Path("/usr/share/fonts/truetype/lxgw"),
        Path.home() / ".fonts",
        Path.home() / ".local/share/fonts",
    ]
    return dirs


@dataclass(frozen=True)
class RoleFont:
    role: str
    name: str  # ReportLab font name
    path: str  # file embedded ("" for the bundled font)
    bundled: bool


@functools.cache
def official_fonts() -> dict[str, RoleFont]:
    """The embedded font of each role (title, fang, kai, hei, song), registered once."""
    fallback = register_cjk_font()
    out: dict[str, RoleFont] = {}
    for role, candidates in ROLE_CANDIDATES.items():
        chosen = RoleFont(role, fallback, "", True)
        for file_name, index in candidates:
            path = next((d / file_name for d in font_dirs() if (d / file_name).is_file()), None)
            if path is None:
                continue
            name = f"CR-{Path(file_name).stem}-{index}"
            try:
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
            except Exception:
                continue
            chosen = RoleFont(role, name, str(path), False)
            break
        out[role] = chosen
    return out
