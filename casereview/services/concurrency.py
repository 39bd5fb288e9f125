"""Several PCs editing one review or notice: take the row first, then read, then write.

``claim_row`` is the first statement of every use case that changes a review or a notice:
one ``UPDATE … SET version = version + 1`` on the row. It serves two purposes:

- it locks the row for the rest of the transaction on both engines (PostgreSQL row lock;
  on SQLite it is the first write, so the transaction holds the write lock from here on),
  so everything read afterwards (answers, cached score, answered count, grade) is the
  latest committed state and aggregates recomputed from it are never stale;
- with ``expected_version`` (the version the screen showed) it refuses, with
  "已被 X 于 hh:mm 修改", a change made on a screen that is out of date, so nobody
  overwrites another person's change without seeing it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from casereview.errors import NotFoundError, StaleEditError
from casereview.localtime import local_text
from casereview.storage import audit_chain
from casereview.storage.models import Notice, Review, utcnow

__all__ = ["claim_notice", "claim_review", "local_hhmm"]


def local_hhmm(at: datetime | None) -> str:
    """A stored UTC instant as the local hh:mm the user recognises."""
    if at is None:
        return "刚才"
    return local_text(at, "%H:%M")


def _claim(
    session: Session, model: Any, row_id: int, actor: str, expected_version: int | None, what: str
) -> int:
    """Bump the row's version (locking it); returns the new version."""
    table = model.__table__
    stmt = update(table).where(table.c.id == row_id)
    if expected_version is not None:
        stmt = stmt.where(table.c.version == expected_version)
    result = session.execute(
        stmt.values(version=table.c.version + 1, updated_by=actor[:60], updated_at=utcnow())
        .returning(table.c.version)
    )
    version = result.scalar()
    if version is not None:
        return int(version)
    _stale(session, model, row_id, what)
    raise AssertionError("unreachable")


def _stale(session: Session, model: Any, row_id: int, what: str) -> None:
    """Raise why the claim of ``row_id`` failed: gone (NotFoundError) or changed (StaleEditError)."""
    table = model.__table__
    row = session.execute(
        select(table.c.version, table.c.updated_by, table.c.updated_at).where(table.c.id == row_id)
    ).first()
    if row is None:
        raise NotFoundError(f"{what} {row_id} 不存在。", id=row_id)
    by = row.updated_by or "其他用户"
    at = local_hhmm(row.updated_at)
    raise StaleEditError(
        f"该{what}已被 {by} 于 {at} 修改，页面已按最新内容重新载入，请核对后再操作。",
        by=by, at=at, version=int(row.version), id=row_id,
    )


CLAIMED_REVIEWS = "claimed_reviews"  # session.info: review id -> the Review row the claim returned


def claim_review(session: Session, review_id: int, actor: str, expected_version: int | None = None) -> int:
    """Claim the review (see ``_claim``); the updated row comes back as the session's
    ``Review`` object, so the use case does not read it again (``load_review``)."""
    stmt = update(Review).where(Review.id == review_id)
    if expected_version is not None:
        stmt = stmt.where(Review.version == expected_version)
    review = session.scalars(
        stmt.values(version=Review.version + 1, updated_by=actor[:60], updated_at=utcnow())
        .returning(Review).execution_options(synchronize_session=False, populate_existing=True)
    ).first()
    if review is None:
        _stale(session, Review, review_id, "评查")
    assert review is not None
    session.info.setdefault(CLAIMED_REVIEWS, {})[review_id] = review
    audit_chain.mark_review_locked(session, review_id)  # the row lock is also the review chain's append lock
    return int(review.version)


def claim_notice(session: Session, notice_id: int, actor: str, expected_version: int | None = None) -> int:
    return _claim(session, Notice, notice_id, actor, expected_version, "整改通知书")
