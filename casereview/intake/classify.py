"""Guess a document's type from its file name and, for PDFs with a text layer, from
the first page's text; and split one scanned PDF into documents by page ranges
("1-2 立案登记表; 3-6 询问笔录") without rewriting it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from casereview.intake.doc_types import DOC_TYPES, OTHER, DocType

__all__ = [
    "Classification",
    "PageRange",
    "check_page_ranges",
    "classify",
    "normalise_title",
    "parse_page_ranges",
    "uncovered_pages",
]

_TITLE_NOISE_RE = re.compile(r"[\s()\[\]{}<>〔〕【】《》〈〉「」『』、,，.。_\-—–·:：;；'\"“”‘’]+")
_TEXT_WINDOW = 400  # the title sits at the top of the first page


def normalise_title(text: str) -> str:
    """NFKC, without spaces and punctuation (PDF text layers put spaces between
    characters: "行 政 处 罚 决 定 书")."""
    return _TITLE_NOISE_RE.sub("", unicodedata.normalize("NFKC", text))


# (normalised alias, type), longest first: "解除行政强制措施决定书" before "行政强制措施决定书".
_ALIASES: list[tuple[str, DocType]] = sorted(
    {
        (normalise_title(alias), doc_type)
        for doc_type in DOC_TYPES
        if doc_type is not OTHER
        for alias in (doc_type.name, *doc_type.aliases)
    },
    key=lambda item: (-len(item[0]), item[0]),
)


_SERVICE = next(t for t in DOC_TYPES if t.code == "service_receipt")
_SERVICE_ALIASES = [a for a, t in _ALIASES if t is _SERVICE]


@dataclass(frozen=True, slots=True)
class Classification:
    doc_type: DocType
    confidence: float  # 1.0 name and text agree … 0.0 nothing found (其他)
    reason: str  # Chinese, shown beside the guess

    @property
    def code(self) -> str:
        return self.doc_type.code


def _earliest(key: str) -> tuple[DocType, str] | None:
    """The earliest alias in ``key`` (the longest one starting there)."""
    best: tuple[int, int, DocType, str] | None = None
    for alias, doc_type in _ALIASES:
        position = key.find(alias)
        if position < 0:
            continue
        if best is None or (position, -len(alias)) < best[:2]:
            best = (position, -len(alias), doc_type, alias)
    return None if best is None else (best[2], best[3])


def _in_name(name: str) -> tuple[DocType, str] | None:
    key = normalise_title(name)
    # "行政处罚决定书送达回证.pdf" is the receipt, not the decision it refers to.
    for alias in _SERVICE_ALIASES:
        if alias in key:
            return _SERVICE, alias
    return _earliest(key)


def _in_text(text: str) -> tuple[DocType, str] | None:
    """The title: the earliest alias at the top of the page."""
    return _earliest(normalise_title(text[: _TEXT_WINDOW * 3])[:_TEXT_WINDOW])


def classify(file_name: str, first_page_text: str | None = None) -> Classification:
    """Document type from the file name (e.g. ``03-询问笔录(张三).pdf``) and the first
    page's text. The name wins when both give a type; disagreements are noted."""
    stem = file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    by_name = _in_name(stem)
    by_text = _in_text(first_page_text) if first_page_text else None
    if by_name and by_text:
        if by_name[0] is by_text[0]:
            return Classification(by_name[0], 1.0, f"文件名和首页标题均为“{by_name[1]}”")
        return Classification(
            by_name[0], 0.6, f"按文件名中的“{by_name[1]}”判断；首页标题像是“{by_text[0].name}”，请核对"
        )
    if by_name:
        return Classification(by_name[0], 0.9, f"文件名含“{by_name[1]}”")
    if by_text:
        return Classification(by_text[0], 0.7, f"首页文字含“{by_text[1]}”")
    return Classification(OTHER, 0.0, "文件名和首页文字都未识别出文书类型")


# --------------------------------------------------------------------- page ranges


@dataclass(frozen=True, slots=True)
class PageRange:
    start: int  # 1-based, inclusive
    end: int  # inclusive
    title: str  # as written by the reviewer
    doc_type: DocType

    @property
    def pages(self) -> int:
        return self.end - self.start + 1


_RANGE_RE = re.compile(
    r"^(?:第|p\.?|pp\.?|页)?\s*(\d+)\s*(?:(?:-|~|～|—|–|至|到)\s*(?:第)?\s*(\d+))?\s*(?:页)?\s*[:：]?\s*(.*)$",
    re.IGNORECASE,
)
_ENTRY_SPLIT_RE = re.compile(r"[;；\n]+|[,，](?=\s*(?:第|p)?\s*\d)", re.IGNORECASE)


def parse_page_ranges(text: str) -> list[PageRange]:
    """Parse ``"1-2 立案登记表; 3-6 询问笔录; 7 违法行为通知书"``.

    Entries are separated by ; ； newlines (or commas before a number); a range is
    ``a-b`` (also ~ ～ — 至 到, "第3-6页") or one page; the rest of the entry is the
    title, classified into a document type (其他 when unknown). Raises ``ValueError``
    with a Chinese reason for an entry it cannot read."""
    ranges: list[PageRange] = []
    for entry in _ENTRY_SPLIT_RE.split(unicodedata.normalize("NFKC", text)):
        entry = entry.strip()
        if not entry:
            continue
        m = _RANGE_RE.match(entry)
        if m is None:
            raise ValueError(f"无法识别页码范围“{entry}”（应写成“1-2 立案登记表”）")
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else start
        title = m.group(3).strip()
        if start < 1:
            raise ValueError(f"“{entry}”：页码从 1 开始")
        if end < start:
            raise ValueError(f"“{entry}”：结束页 {end} 小于起始页 {start}")
        doc_type = classify(title).doc_type if title else OTHER
        ranges.append(PageRange(start, end, title or doc_type.name, doc_type))
    return ranges


def check_page_ranges(ranges: list[PageRange], page_count: int) -> list[str]:
    """Problems (Chinese) with ranges against the PDF: beyond the last page, overlaps."""
    problems: list[str] = []
    for r in ranges:
        if r.end > page_count:
            problems.append(f"“{r.title}”第{r.start}–{r.end}页超出了文件的页数（共{page_count}页）")
    ordered = sorted(ranges, key=lambda r: (r.start, r.end))
    for before, after in pairwise(ordered):
        if after.start <= before.end:
            problems.append(
                f"“{before.title}”（第{before.start}–{before.end}页）与“{after.title}”"
                f"（第{after.start}–{after.end}页）页码重叠"
            )
    return problems


def uncovered_pages(ranges: list[PageRange], page_count: int) -> list[tuple[int, int]]:
    """Page spans (inclusive) not assigned to any document, e.g. for a reminder."""
    covered = [False] * (page_count + 1)
    for r in ranges:
        for page in range(max(r.start, 1), min(r.end, page_count) + 1):
            covered[page] = True
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for page in range(1, page_count + 1):
        if not covered[page] and start is None:
            start = page
        if covered[page] and start is not None:
            spans.append((start, page - 1))
            start = None
    if start is not None:
        spans.append((start, page_count))
    return spans
