"""Full-text search over every read page, for Chinese terms of two characters or more.

SQLite: the contentless FTS5 table ``page_text_fts`` over character bigrams (see
``grams``); PostgreSQL: a GIN index on ``to_tsvector('simple', grams)``. Both answer the
phrase of the term's bigrams; each hit is then located in the page's lines (with the
boxes of the matched characters, for highlighting) and mapped to case, document and page.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, select, text
from sqlalchemy import cast as sa_cast
from sqlalchemy.orm import Session

from casereview.docintel.grams import normalise, phrase
from casereview.docintel.pages import Box, Line
from casereview.docintel.store import is_sqlite, latest_pages
from casereview.errors import ValidationError
from casereview.storage.models import Case, Document, PageText, table_of


@dataclass(frozen=True)
class Match:
    line_no: int  # index into the page's lines where the match starts
    line: str
    boxes: tuple[Box, ...]  # one per line the match covers


@dataclass(frozen=True)
class SearchHit:
    case_id: int
    case_no: str
    document_id: int
    doc_title: str
    doc_type: str
    page: int  # 1-based within the document
    line: str
    boxes: tuple[Box, ...]
    matches: int  # occurrences on the page


@functools.lru_cache(maxsize=65536)
def _norm_char(c: str) -> str:
    return normalise(c)


def char_map(line: str) -> tuple[str, list[int]]:
    """The line normalised as in the index, with each kept character's index in the line."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(line):
        for n in _norm_char(c):
            out.append(n)
            where.append(i)
    return "".join(out), where


def find_in_lines(lines: tuple[Line, ...], term: str, *, first_only: bool = False) -> list[Match]:
    """Where ``term`` occurs in the lines (a match may run on into the next line). Lines are
    normalised whole (C speed); the per-character map is built only for matched lines."""
    key = normalise(term)
    if not key:
        return []
    norms = [normalise(line.text) for line in lines]
    offsets = [0]
    for n in norms:
        offsets.append(offsets[-1] + len(n))
    flat = "".join(norms)
    maps: dict[int, list[int]] = {}
    matches: list[Match] = []
    start = flat.find(key)
    while start >= 0:
        end = start + len(key)
        first = bisect.bisect_right(offsets, start) - 1
        last = bisect.bisect_right(offsets, end - 1) - 1
        boxes = []
        for no in range(first, last + 1):
            if no not in maps:
                maps[no] = char_map(lines[no].text)[1]
            where = maps[no]
            lo = max(start, offsets[no]) - offsets[no]
            hi = min(end, offsets[no + 1]) - offsets[no]
            boxes.append(lines[no].span_box(where[lo], where[hi - 1] + 1))
        matches.append(Match(first, lines[first].text, tuple(boxes)))
        if first_only:
            break
        start = flat.find(key, end)
    return matches


def _candidate_ids(session: Session, query: str, limit: int) -> list[int]:
    if is_sqlite(session):
        rows = session.execute(
            text("SELECT rowid FROM page_text_fts WHERE page_text_fts MATCH :q ORDER BY rowid DESC LIMIT :n"),
            {"q": f'"{query}"', "n": limit},
        )
    else:
        rows = session.execute(
            text(
                "SELECT id FROM page_texts WHERE to_tsvector('simple', coalesce(grams, '')) "
                "@@ phraseto_tsquery('simple', :q) ORDER BY id DESC LIMIT :n"
            ),
            {"q": query, "n": limit},
        )
    return [int(r[0]) for r in rows]


def check_term(term: str) -> str:
    query = phrase(term)
    if query is None:
        raise ValidationError(f"检索词“{term.strip()}”太短：请至少输入两个字（标点和空格不计）。", term=term)
    return query


@dataclass(frozen=True)
class PageMatch:
    """A read page where the term occurs, and the first place it does."""

    blob_sha256: str
    page_index: int
    text: str
    match: Match


def _first_match(text_: str, raw_lines: str | list[Any], term: str) -> Match | None:
    """The first place ``term`` occurs on a page. Fast path: the term as typed occurs in the
    page's text, so its line and characters are known without normalising every line; only
    that line's box is built. Otherwise (stray spaces, full-width signs) the lines are
    searched normalised (``find_in_lines``)."""
    rows = json.loads(raw_lines) if isinstance(raw_lines, str) else raw_lines
    key = term.strip()
    at = text_.find(key) if key else -1
    if at >= 0:
        line_no = text_.count("\n", 0, at)
        start = at - (text_.rfind("\n", 0, at) + 1)
        line = Line.from_row(rows[line_no])
        if start + len(key) <= len(line.text):
            return Match(line_no, line.text, (line.span_box(start, start + len(key)),))
    found = find_in_lines(tuple(Line.from_row(r) for r in rows), term, first_only=True)
    return found[0] if found else None


def search_pages(session: Session, term: str, *, limit: int = 200) -> list[PageMatch]:
    """Pages (newest reading of each) where ``term`` occurs, newest reading first."""
    query = check_term(term)
    ids = _candidate_ids(session, query, limit + 50)  # a little slack for older readings of a page
    if not ids:
        return []
    # Plain columns, the lines as stored text: JSON is decoded per hit, and only the matched
    # line becomes a Line (a page has ~20); most of a 100,000-page search was building them.
    pt = table_of(PageText)
    lines_col = pt.c.lines if not is_sqlite(session) else sa_cast(pt.c.lines, Text)
    rows = {r[0]: r for r in session.execute(
        select(pt.c.id, pt.c.blob_sha256, pt.c.page_index, pt.c.text, lines_col).where(pt.c.id.in_(ids)))}
    seen: set[tuple[str, int]] = set()
    out: list[PageMatch] = []
    for pid in ids:
        row = rows.get(pid)
        if row is None or (row[1], row[2]) in seen:
            continue
        seen.add((row[1], row[2]))
        match = _first_match(row[3] or "", row[4] or "[]", term)
        if match is not None:
            out.append(PageMatch(row[1], row[2], row[3] or "", match))
        if len(out) >= limit:
            break
    return out


def search(session: Session, term: str, *, case_id: int | None = None, limit: int = 200) -> list[SearchHit]:
    """Hits by case, document and page; ``case_id`` limits the search to one case."""
    check_term(term)
    if case_id is not None:
        return _search_case(session, term, case_id, limit)
    found = search_pages(session, term, limit=limit)
    if not found:
        return []
    blobs = {page.blob_sha256 for page in found}
    docs = session.execute(
        select(Document.id, Document.case_id, Document.title, Document.doc_type, Document.blob_sha256,
               Document.page_start, Document.page_count, Case.case_no)
        .join(Case, Case.id == Document.case_id)
        .where(Document.blob_sha256.in_(blobs))
    ).all()
    by_blob: dict[str, list[tuple[int, int, str, str, int, int, str]]] = defaultdict(list)
    for d in docs:
        by_blob[d.blob_sha256].append(
            (d.id, d.case_id, d.title, d.doc_type, d.page_start or 1, max(d.page_count or 1, 1), d.case_no)
        )
    hits: list[SearchHit] = []
    key = normalise(term)
    for page in found:
        for doc_id, cid, title, doc_type, first, count, case_no in by_blob.get(page.blob_sha256, ()):
            page_no = page.page_index + 2 - first
            if 1 <= page_no <= count:
                hits.append(SearchHit(cid, case_no, doc_id, title, doc_type, page_no, page.match.line,
                                      page.match.boxes, normalise(page.text).count(key)))
    hits.sort(key=lambda h: (h.case_no, h.document_id, h.page))
    return hits[:limit]


def _search_case(session: Session, term: str, case_id: int, limit: int) -> list[SearchHit]:
    from casereview.docintel.store import case_pages

    case_no = session.scalar(select(Case.case_no).where(Case.id == case_id)) or ""
    pages = case_pages(session, [case_id])
    readings = latest_pages(session, {p.blob_sha256 for p in pages})
    hits: list[SearchHit] = []
    for p in pages:
        reading = readings.get((p.blob_sha256, p.page_index))
        if reading is None:
            continue
        matches = find_in_lines(reading.lines, term)
        if matches:
            hits.append(SearchHit(case_id, case_no, p.document_id, p.title, p.doc_type, p.page, matches[0].line,
                                  matches[0].boxes, len(matches)))
    return hits[:limit]
