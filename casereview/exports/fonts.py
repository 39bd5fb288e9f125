"""The CJK font every PDF embeds (WenQuanYi Micro Hei, shipped in resources/fonts).

ReportLab cannot use CFF-based CJK fonts (Noto CJK) and the built-in STSong-Light is
not embedded, so Chinese would vanish on a PC without fonts: we embed a TrueType font.
"""

from __future__ import annotations

import functools

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
    return CJK_FONT
