"""Deficiencies (问题清单): created from the confirmed deductions and vetoes of a review.

A review is *authoritative* when its findings are final: the reconciled (final-stage)
review of a campaign case, or a first-stage review made outside any campaign.
Each deducted or vetoed item of such a review becomes one deficiency, tracked by its
exact occurrence (review + item), never merged by item number.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.domain.enums import Answer, ReviewStage
from casereview.scoring.engine import score
from casereview.services.context import ServiceContext
from casereview.services.reviews_common import evidence_payload, officer_names
from casereview.standards.model import StandardDef
from casereview.storage.models import Case, Deficiency, Review, utcnow


def is_authoritative(review: Review) -> bool:
    if review.stage == ReviewStage.FINAL.value:
        return True
    return review.stage == ReviewStage.FIRST.value and review.campaign_id is None


def sync_from_review(session: Session, review: Review, std: StandardDef, ctx: ServiceContext) -> int:
    """Create or refresh the deficiencies of an authoritative review; returns how many exist.

    Deficiencies still pending (not yet on a notice) follow the review: an item no longer
    deducted removes its pending deficiency. Anything already issued is never deleted.
    """
    if not is_authoritative(review):
        return 0
    case = session.get(Case, review.case_id)
    assert case is not None
    items = {item.code: (item, cat) for cat in std.categories for item in cat.items}
    existing = {
        d.item_code: d for d in session.scalars(select(Deficiency).where(Deficiency.review_id == review.id))
    }
    from casereview.services.reviews import answers_of

    scored = score(std, answers_of(review.results))
    found: set[str] = set()
    officers = officer_names(session, case.id)
    for r in review.results:
        if r.answer not in (Answer.DEDUCT.value, Answer.VETO.value):
            continue
        points = scored.item_deductions.get(r.item_code, 0.0)
        if r.answer == Answer.DEDUCT.value and points <= 0:
            continue
        item, cat = items[r.item_code]
        found.add(r.item_code)
        deficiency = existing.get(r.item_code)
        if deficiency is None:
            deficiency = Deficiency(review_id=review.id, case_id=case.id, item_code=r.item_code)
            session.add(deficiency)
        deficiency.item_result_id = r.id
        deficiency.unit_id = case.unit_id
        deficiency.campaign_id = review.campaign_id
        deficiency.item_text = item.text
        deficiency.points = points
        deficiency.is_veto = r.answer == Answer.VETO.value
        deficiency.wording = r.note or (item.phrases[0] if item.phrases else item.text)
        deficiency.officers = officers
        deficiency.evidence = evidence_payload(session, r)
        deficiency.category = deficiency.category or item.problem_category or _category_from(cat.name)
        deficiency.updated_at = utcnow()
    for code, deficiency in existing.items():
        if code not in found and deficiency.status == "pending":
            session.delete(deficiency)
    session.flush()
    return len(found)


def _category_from(category_name: str) -> str:
    if "归档" in category_name or "立卷" in category_name:
        return "立卷"
    if any(k in category_name for k in ("事实", "证据", "依据", "裁量", "主体")):
        return "实体"
    return "程序"
