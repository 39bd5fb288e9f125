"""Chinese line breaking (禁则) for every ReportLab paragraph with ``wordWrap="CJK"``.

ReportLab's CJK wrap breaks between any two characters and only knows the Japanese
"cannot start a line" list, which lacks the full-width Chinese comma, semicolon, colon
and closing quotes, and it has no "cannot end a line" rule at all: lines began with
"，" or "：" in every PDF. ``install()`` replaces ReportLab's ``cjkFragSplit`` (looked up
as a module global by ``Paragraph``) with the same algorithm plus both rules of
GB/T 15834 / the usual 禁则: no line starts with closing punctuation, none ends with
opening punctuation. A character that must not start a line is pulled back together
with the character before it, so the earlier line ends a little short (justified
paragraphs spread it out); Latin words are kept whole as before.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import paragraph as _rl_paragraph

# Closing punctuation and marks that must not begin a line (full- and half-width).
CANNOT_START = frozenset(
    "，。、；：？！）」』》〉】〕〗〙〛”’…—·％‰℃°,.;:?!)]}%" "ー々〆ゝゞヽヾ"
)
# Opening punctuation that must not end a line.
CANNOT_END = frozenset("（「『《〈【〔〖〘〚“‘([{￥$£")


def break_points(chars: list[str], widths: list[float], max_widths: list[float],
                 hard: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Where lines end: ``chars[0:e1]``, ``chars[e1:e2]`` … (the last end is ``len(chars)``).
    ``hard`` holds indexes of forced line breaks (the break comes after that glyph)."""
    ends: list[int] = []
    start = i = 0
    used = 0.0
    n = len(chars)
    fuzz = _rl_paragraph._FUZZ
    while i < n:
        limit = max_widths[min(len(ends), len(max_widths) - 1)]
        used += widths[i]
        i += 1
        if i - 1 in hard:
            ends.append(i)
            start, used = i, 0.0
            continue
        if used > limit + fuzz and i > start + 1:
            k = i - 1  # chars[k] does not fit: the line is chars[start:k] at first
            ch = chars[k]
            if ch and ord(ch[0]) < 0x3000 and not ch.isspace():
                # inside a Latin word: go back to the last space or CJK glyph if not too far
                j = k
                while j > start + 1 and not (chars[j - 1].isspace() or ord(chars[j - 1][:1] or " ") >= 0x3000):
                    j -= 1
                if j > (start + k) // 2:
                    k = j
            while k > start + 1 and not breakable_at(chars, k):
                k -= 1
            ends.append(k)
            start, i, used = k, k, 0.0
    if start < n or not ends:
        ends.append(n)
    return ends


def breakable_at(chars: list[str], at: int) -> bool:
    return not (chars[at][:1] in CANNOT_START or chars[at - 1][-1:] in CANNOT_END)


def _width(glyph: Any, max_width: float) -> float:
    w = glyph.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        return float(w.normalizedValue(max_width))
    return float(w)


def _frag_split(frags: Any, maxWidths: Any, calcBounds: Any, encoding: str = "utf8") -> Any:
    """ReportLab's ``cjkFragSplit`` (several fragments) with the Chinese 禁则."""
    cjk_u = _rl_paragraph.cjkU
    glyphs: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            glyphs.extend(cjk_u(t, f, encoding) for t in text)
        else:
            glyphs.append(cjk_u(text, f, encoding))
    widths_list = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
    chars = [str(g) for g in glyphs]
    widths = [_width(g, widths_list[0]) for g in glyphs]
    hard = {k for k, g in enumerate(glyphs) if hasattr(g.frag, "lineBreak")}
    lines: list[Any] = []
    start = 0
    for end in break_points(chars, widths, widths_list, hard):
        max_width = widths_list[min(len(lines), len(widths_list) - 1)]
        used = sum(widths[start:end])
        lines.append(_rl_paragraph.makeCJKParaLine(
            glyphs[start:end], max_width, used, max_width - used, (end - 1) in hard, calcBounds))
        start = end
    return _rl_paragraph.ParaLines(kind=1, lines=lines)


_original_word_split = _rl_paragraph.wordSplit


def _word_split(word: Any, maxWidths: Any, fontName: str, fontSize: float, encoding: str = "utf8") -> Any:
    """ReportLab's ``wordSplit`` (one fragment) with the Chinese 禁则: [[extra, text], …]."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = word.decode(encoding) if isinstance(word, bytes) else word
    widths_list = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
    chars = list(text)
    widths = [stringWidth(c, fontName, fontSize) for c in chars]
    out: list[list[Any]] = []
    start = 0
    for end in break_points(chars, widths, widths_list):
        limit = widths_list[min(len(out), len(widths_list) - 1)]
        out.append([limit - sum(widths[start:end]), "".join(chars[start:end])])
        start = end
    return out


_installed = False


def install() -> None:
    """Make every CJK-wrapped ReportLab paragraph follow the Chinese line-breaking rules."""
    global _installed
    if not _installed:
        _rl_paragraph.cjkFragSplit = _frag_split
        _rl_paragraph.wordSplit = _word_split
        _installed = True
