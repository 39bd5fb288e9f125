"""Small queries shared by the review, deficiency and export services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.storage.models import CaseOfficer, Document, ItemResult, Officer


def officer_names(session: Session, case_id: int) -> str:
    """The case's officers as '张三、李四' (distinct, in recorded order)."""
    names = session.scalars(
        select(Officer.name).join(CaseOfficer, CaseOfficer.officer_id == Officer.id).where(CaseOfficer.case_id == case_id)
    ).all()
    return "、".join(dict.fromkeys(names))


def evidence_payload(session: Session, result: ItemResult) -> list[dict[str, Any]]:
    """Evidence links of an item result as plain data: document id, title, page."""
    if not result.evidence:
        return []
    titles = dict(
        session.execute(
            select(Document.id, Document.title).where(Document.id.in_({e.document_id for e in result.evidence}))
        ).all()
    )
    return [{"document_id": e.document_id, "title": titles.get(e.document_id, ""), "page": e.page} for e in result.evidence]
