"""Character bigrams: the unit of the full-text index.

Chinese has no spaces, and neither SQLite's FTS5 tokenizers nor PostgreSQL's parsers cut
it into words; FTS5's trigram tokenizer cannot find two-character terms. So a page is
indexed as the sequence of its overlapping character bigrams ("送达回证" → "送达 达回 回证"),
and a query of n ≥ 2 characters becomes the phrase of its n−1 bigrams: the phrase matches
exactly where the term is a substring of the page (spaces and punctuation removed).
"""

from __future__ import annotations

import re
import unicodedata

MIN_QUERY_CHARS = 2
_NOT_WORD = re.compile(r"[\W_]+")  # \w is letters and digits of every script (CJK included), and _


def normalise(text: str) -> str:
    """NFKC, lower case, only letters and digits (CJK included): OCR puts stray spaces
    between characters and reads ： as : — neither should decide whether a term is found."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def bigrams(normalised: str) -> list[str]:
    if len(normalised) < 2:
        return [normalised] if normalised else []
    return [normalised[i : i + 2] for i in range(len(normalised) - 1)]


def index_text(text: str) -> str:
    """The space-separated bigrams of a whole page (lines joined, so a term broken across
    two lines is still found)."""
    return " ".join(bigrams(normalise(text)))


def phrase(term: str) -> str | None:
    """The bigram phrase of a query term, or None when it has fewer than two characters."""
    key = normalise(term)
    if len(key) < MIN_QUERY_CHARS:
        return None
    return " ".join(bigrams(key))
