"""Finding a case by its number as a user types it.

A case number is stored as written (粤交执罚〔2024〕0101号) and shown that way, but
looked up by ``case_no_key``: full/half-width forms, 〔〕 [] 【】 () brackets, spaces and
第 before the serial number do not matter. One helper for the CLI, search, checks,
exports and campaigns; the import's duplicate detection uses the same key.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.intake.values import case_no_key, normalise_text
from casereview.storage.models import Case

__all__ = ["find_case_id"]

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
