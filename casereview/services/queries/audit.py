"""Append-only audit entries (before/after of a change), written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.services.dto import AuditInfo
from casereview.storage import audit_chain
from casereview.storage.models import AuditEntry, Review


def record_review_audit(
    session: Session,
    actor: str | None,
    review: Review,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    entity: str = "review",
    entity_id: int | None = None,
    reason: str | None = None,
) -> None:
    """Log a change to ``review`` (or, with ``entity``/``entity_id``, to one of its items)."""
    audit_chain.record(
        session,
        actor=actor,
        entity=entity,
        entity_id=entity_id if entity_id is not None else review.id,
        review_id=review.id,
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


def review_history(session: Session, review_id: int) -> list[AuditInfo]:
    rows = session.scalars(select(AuditEntry).where(AuditEntry.review_id == review_id).order_by(AuditEntry.id))
    return [AuditInfo(a.id, a.at, a.actor, a.action, a.entity, a.before, a.after, a.reason) for a in rows]
