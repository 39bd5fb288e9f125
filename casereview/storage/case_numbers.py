"""Finding a case by its number as a user types it.

A case number is stored as written (粤交执罚〔2024〕0101号) and shown that way, but
looked up by ``case_no_key``: full/half-width forms, 〔〕 [] 【】 () brackets, spaces and
第 before the serial number do not matter. One helper for the CLI, search, checks,
exports and campaigns; the import's duplicate detection uses the same key.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, String, and_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from casereview.intake.values import case_no_key, normalise_text
from casereview.storage.models import Case

__all__ = ["case_no_matches", "find_case_id"]

_DIGITS_RE = re.compile(r"\d+")


def find_case_id(session: Session, text: str) -> int | None:
    """The id of the case whose number matches ``text`` (exactly, else by key), or None."""
    written = text.strip()
    if not written:
        return None
    exact = session.scalar(select(Case.id).where(Case.case_no == written).limit(1))
    if exact is not None:
        return int(exact)
    key = case_no_key(written)
    if not key:
        return None
    # Narrow by the longest run of digits (the serial or the year), then compare keys;
    # a number stored with full-width digits is found by the full scan below.
    runs = sorted(_DIGITS_RE.findall(normalise_text(written)), key=len, reverse=True)
    query = select(Case.id, Case.case_no)
    for candidates in ((query.where(Case.case_no.contains(runs[0])),) if runs else ()) + (query,):
        for case_id, stored in session.execute(candidates):
            if case_no_key(stored) == key:
                return int(case_id)
    return None


# What ``case_no_key`` drops or folds, for PostgreSQL's translate(): brackets of every width
# and shape, spaces, separators and 第 are dropped, full-width digits become ASCII. SQLite
# calls ``search_key`` itself (registered on each connection as cr_case_key).
_FULL_DIGITS = "".join(chr(0xFF10 + d) for d in range(10))
_DROPPED = " \u3000_-—–·.()（）[]［］{}<>〔〕【】《》〈〉「」『』〖〗第"


def search_key(value: object) -> str:
    """``case_no_key`` without any 第 (SQL cannot look ahead): the search's comparison key."""
    return case_no_key(value).replace("第", "") if value is not None else ""


class case_key(FunctionElement[str]):
    """The search key of a case-number column, computed by the database."""

    type = String()
    inherit_cache = True


@compiles(case_key)
def _case_key_sqlite(element: case_key, compiler: SQLCompiler, **kw: Any) -> str:
    return f"cr_case_key({compiler.process(element.clauses, **kw)})"


@compiles(case_key, "postgresql")
def _case_key_pg(element: case_key, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"upper(translate({column}, '{_FULL_DIGITS}{_DROPPED}', '0123456789'))"


def case_no_matches(column: ColumnElement[str] | InstrumentedAttribute[str], text: str) -> ColumnElement[bool] | None:
    """A condition finding ``text`` inside case numbers however either is written
    (〔〕 [] 【】 (), half/full width, spaces, 第), or None when ``text`` holds no digit
    (every case number has one; a name or a cause is matched as typed).

    The key is computed only on rows that contain the text's longest run of digits (in
    half- or full-width form), so a search over 100,000 cases stays one scan with a cheap
    LIKE first."""
    key = search_key(text)
    # digit runs as typed (the key joins "2024" and "0101" once the brackets are gone); the
    # longest narrows best, and of equal ones the last (the serial, not the year every case has)
    runs = _DIGITS_RE.findall(normalise_text(text))
    if not runs or not key:
        return None
    run = max(reversed(runs), key=len)
    full = "".join(chr(0xFF10 + int(d)) for d in run)
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%") + "%"
    return and_(or_(column.contains(run), column.contains(full)), case_key(column).like(pattern, escape="\\"))
