"""Bulk generation of submitted reviews (benchmark scale: tens of thousands).

Going through ReviewService one answer at a time is right for users but far too slow to
make 50,000 reviews; here the same scoring engine computes each score and the rows go
in with Core ``executemany`` inserts, one transaction per batch.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from casereview.demo.build import _demo_answer, ensure_roster
from casereview.domain.enums import Answer, CaseReviewState, ReviewStage, ReviewStatus
from casereview.scoring.engine import ItemAnswer, score
from casereview.services.app import Services
from casereview.services.deficiencies import problem_category_for
from casereview.services.queries.standards import (
    get_standard_version,
    latest_for_case_type,
    parse_standard_content,
)
from casereview.standards.model import StandardDef
from casereview.storage import audit_chain
from casereview.storage.models import Case, Deficiency, ItemResult, Review, table_of, utcnow


def add_bulk_reviews(
    services: Services,
    count: int,
    *,
    seed: int = 7,
    batch: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Submit ``count`` first-stage reviews (outside campaigns) on cases not yet reviewed."""
    rng = random.Random(seed)
    reviewer_ids = ensure_roster(services, seed)
    with services.ctx.db.session() as session:
        candidates = session.execute(
            select(Case.id, Case.case_type, Case.procedure, Case.unit_id).where(
                Case.review_state == "not_started"
            )
        ).all()
        next_review = (session.scalar(select(func.max(Review.id))) or 0) + 1
    chosen = rng.sample(candidates, k=min(count, len(candidates)))
    versions: dict[tuple[str, str], int] = {}
    definitions: dict[int, StandardDef] = {}
    made = 0
    now = utcnow()
    for start in range(0, len(chosen), batch):
        reviews: list[dict[str, Any]] = []
        results: list[dict[str, Any]] = []
        deficiencies: list[dict[str, Any]] = []
        case_updates: list[dict[str, Any]] = []
        with services.ctx.db.session() as session:
            for case_id, case_type, procedure, unit_id in chosen[start : start + batch]:
                key = (case_type, procedure)
                if key not in versions:
                    versions[key] = latest_for_case_type(session, case_type, procedure).id
                version_id = versions[key]
                if version_id not in definitions:
                    definitions[version_id] = parse_standard_content(get_standard_version(session, version_id).content)
                definition = definitions[version_id]
                answers: dict[str, ItemAnswer] = {}
                notes: dict[str, str | None] = {}
                for category, item in definition.iter_items():
                    answer, kwargs = _demo_answer(rng, category.veto_tier, item)
                    answers[item.code] = ItemAnswer(
                        item.code, answer, kwargs.get("deduction"), kwargs.get("occurrences")
                    )
                    notes[item.code] = kwargs.get("note")
                result = score(definition, answers)
                review_id = next_review
                next_review += 1
                reviews.append(
                    {
                        "id": review_id,
                        "case_id": case_id,
                        "standard_version_id": version_id,
                        "reviewer_id": rng.choice(reviewer_ids[2:]),
                        "stage": ReviewStage.FIRST.value,
                        "status": ReviewStatus.SUBMITTED.value,
                        "total_score": result.total,
                        "grade": result.grade,
                        "veto": bool(result.veto_hits),
                        "answered": result.answered_count,
                        "item_count": result.item_count,
                        "started_at": now,
                        "updated_at": now,
                        "submitted_at": now,
                    }
                )
                for code, a in answers.items():
                    results.append(
                        {
                            "review_id": review_id,
                            "item_code": code,
                            "answer": a.answer.value,
                            "deduction": a.deduction,
                            "occurrences": a.occurrences,
                            "note": notes[code],
                            "updated_at": now,
                        }
                    )
                    points = result.item_deductions.get(code, 0.0)
                    if a.answer is Answer.VETO or (a.answer is Answer.DEDUCT and points > 0):
                        found, cat = definition.item(code), definition.category_of(code)
                        assert found is not None and cat is not None
                        deficiencies.append(
                            {
                                "review_id": review_id,
                                "case_id": case_id,
                                "unit_id": unit_id,
                                "item_code": code,
                                "item_text": found.text,
                                "points": points,
                                "is_veto": a.answer is Answer.VETO,
                                "wording": notes[code] or found.text,
                                "category": found.problem_category or problem_category_for(cat.name),
                                "status": "pending",
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
                case_updates.append(
                    {
                        "b_id": case_id,
                        "b_state": CaseReviewState.SUBMITTED.value,
                        "b_score": result.total,
                        "b_grade": result.grade,
                    }
                )
            session.execute(insert(table_of(Review)), reviews)
            session.execute(insert(table_of(ItemResult)), results)
            for row in reviews:  # the audit chain vouches for each review's content (digest at commit)
                audit_chain.record(session, actor="批量生成", entity="review", entity_id=row["id"],
                                   review_id=row["id"], action="bulk_submit")
            if deficiencies:
                session.execute(insert(table_of(Deficiency)), deficiencies)
            session.connection().execute(
                update(table_of(Case))
                .where(table_of(Case).c.id == bindparam("b_id"))
                .values(
                    review_state=bindparam("b_state"),
                    review_score=bindparam("b_score"),
                    review_grade=bindparam("b_grade"),
                ),
                case_updates,
            )
        made += len(reviews)
        if progress:
            progress(made, len(chosen))
    return made
