"""A 公文 (official document) as plain content, laid out by GB/T 9704-2012 in
official_pdf (ReportLab) and official_docx (Word): the 评查情况通报 and the 整改通知书
are both built as an ``OfficialDocument``.

Parts, in the order of the standard: 版头 (发文机关标志, 发文字号, red separator), 主体
(标题, 主送机关, 正文 with 一、（一）1. headings, 附件说明, 发文机关署名 and 成文日期 with
room for the seal, 附注), attachments each on a new page, and the 版记 (抄送, 印发机关 and
印发日期) at the foot of the last page. What the program cannot know — the office's
name and code, contact person, telephone, who gets copies — comes from the issuing
office settings (``OfficeInfo``), never from constants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

# Heading levels of the body: 1 "一、" 黑体, 2 "（一）" 楷体, 3 "1." 仿宋 (GB/T 9704 7.3.3).
LEVEL_FONTS = {1: "hei", 2: "kai", 3: "fang"}


@dataclass(frozen=True)
class OfficeInfo:
    """The issuing office (发文机关), a setting of the installation."""

    name: str  # full name, used for the 发文机关标志 and the signature
    code: str = ""  # 机关代字, e.g. 云交法 → 云交法〔2026〕12号
    contact: str = ""  # 联系人
    phone: str = ""  # 联系电话
    copy_to: str = ""  # 抄送机关, e.g. 市司法局
    seal: bool = True  # leave room for the red seal over signature and date

    @property
    def note(self) -> str:
        """附注: '（联系人：张三，电话：0766-1234567）' or '' when neither is set."""
        parts = [f"联系人：{self.contact}" if self.contact else "", f"电话：{self.phone}" if self.phone else ""]
        shown = "，".join(p for p in parts if p)
        return f"（{shown}）" if shown else ""


@dataclass(frozen=True)
class Heading:
    level: int  # 1, 2 or 3
    text: str  # with its number: "一、基本情况", "（一）总体情况", "1. …"


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body | note | plain (no first-line indent)


@dataclass(frozen=True)
class ReportTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative minimum widths; the renderer fits content
    numeric: tuple[int, ...] = ()  # right-aligned columns
    caption: str = ""
    spans: tuple[int, ...] = ()  # rows (0-based, without the header) spanning all columns


Block = Heading | Para | ReportTable


def fit_widths(block: ReportTable, total: float, measure: Callable[[str, bool], float], size: float,
               pad: float = 7.0) -> list[float]:
    """Column widths (in the unit of ``total``) that fit their content, for PDF and DOCX
    alike: short columns (numbers, codes, grades) get their natural width (longest cell,
    ``measure(text, is_header)``); the long text columns share what is left in proportion
    to their natural widths; everything scales down only if even the short columns do not
    fit."""
    natural: list[float] = []
    for i, header in enumerate(block.headers):
        cells = [row[i] for r, row in enumerate(block.rows) if i < len(row) and r not in block.spans]
        longest = max([measure(t, False) for t in cells] + [0.0])
        head = measure(header, True)
        # a header may wrap onto two lines, a cell should not need to
        natural.append(max(longest, min(head, head / 2 + size), 2 * size) + pad)
    long_cols = [i for i, n in enumerate(natural) if n > total * 0.22]
    fixed = sum(n for i, n in enumerate(natural) if i not in long_cols)
    if sum(natural) <= total:
        spare = total - sum(natural)
        grow = long_cols or list(range(len(natural)))
        weight = sum(natural[i] for i in grow)
        return [n + (spare * n / weight if i in grow else 0.0) for i, n in enumerate(natural)]
    if not long_cols or fixed >= total * 0.8:
        return [total * n / sum(natural) for n in natural]
    room = total - fixed
    weight = sum(natural[i] for i in long_cols)
    return [room * n / weight if i in long_cols else n for i, n in enumerate(natural)]


@dataclass(frozen=True)
class Attachment:
    title: str
    blocks: tuple[Block, ...]


@dataclass
class OfficialDocument:
    office: OfficeInfo
    number: str  # 发文字号, e.g. 云交法〔2026〕12号
    title: str  # 标题, no final punctuation
    addressee: str  # 主送机关, without the colon
    body: list[Block]
    date: dt.date  # 成文日期
    attachments: list[Attachment] = field(default_factory=list)
    kind: str = "通报"  # shown in metadata
    draft: bool = False  # not final: 草稿 watermark on every page
    watermark: str = ""  # another word across every page (e.g. 作废)
    print_date: dt.date | None = None  # 印发日期 (defaults to the 成文日期)
    extra_note: str = ""  # a line after the 附注 (e.g. a verification code of the export)
    footer_text: str = ""  # a line under the 版记 (e.g. "本通知书已作废：…")

    @property
    def watermark_text(self) -> str:
        return "草稿" if self.draft else self.watermark

    @property
    def printed(self) -> dt.date:
        return self.print_date or self.date


def cn_date(day: dt.date) -> str:
    """成文日期 as the standard writes it: 2026年12月2日 (Arabic digits, no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for headings 一、 and （一）)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)
