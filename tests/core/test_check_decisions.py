"""Accepting, dismissing and undoing a check's proposed deduction: each one atomic service call."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from casereview.domain.enums import Answer, DeductionMode
from casereview.errors import ConflictError
from casereview.scoring import engine
from casereview.scoring.engine import default_deduction
from casereview.services import checks as checks_module
from casereview.services import deficiencies as deficiencies_module
from casereview.services import reviews as reviews_module
from casereview.services.app import Services
from casereview.services.checks import Proposal
from casereview.services.queries import reviews as queries_reviews
from casereview.standards.model import Item
from casereview.storage.models import AuditEntry, CheckDecision, ItemResult


def _open_proposal(services: Services) -> tuple[int, Proposal]:
    """A draft review with an open deduction proposal (the demo data has several)."""
    for case in services.cases.list_rows():
        state = services.reviews.open_review(case.id, reviewer_id=None)
        if state.review.locked:
            continue
        for proposal in services.checks.proposals(state.review.id):
            if proposal.decision is None and proposal.answer == Answer.DEDUCT:
                return state.review.id, proposal
    pytest.skip("the demo data has no open deduction proposal")


def _count(services: Services, model: Any, review_id: int) -> int:
    with services.ctx.db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.review_id == review_id)) or 0


def test_accept_saves_answer_and_decision_in_one_transaction(demo_services: Services) -> None:
    review_id, proposal = _open_proposal(demo_services)
    saved = demo_services.checks.accept(review_id, proposal.rule_id, proposal.item_code)
    assert saved.item is not None and saved.item.answer is Answer.DEDUCT
    assert saved.item.check_id == proposal.rule_id and proposal.explanation in (saved.item.note or "")
    state = demo_services.reviews.state(review_id)
    assert state.score.total == saved.score.total
    decided = {p.item_code: p.decision for p in demo_services.checks.proposals(review_id) if p.rule_id == proposal.rule_id}
    assert decided[proposal.item_code] == "accepted"
    actions = [a.action for a in demo_services.reviews.history(review_id)]
    assert actions[-2:] == ["answer", "check_accepted"]


def test_accept_is_atomic(demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the answer was written leaves neither the answer nor the decision."""
    review_id, proposal = _open_proposal(demo_services)
    results_before = _count(demo_services, ItemResult, review_id)
    audit_before = _count(demo_services, AuditEntry, review_id)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(checks_module.CheckService, "_record", broken)
    with pytest.raises(RuntimeError):
        demo_services.checks.accept(review_id, proposal.rule_id, proposal.item_code)
    assert _count(demo_services, ItemResult, review_id) == results_before
    assert _count(demo_services, AuditEntry, review_id) == audit_before
    assert _count(demo_services, CheckDecision, review_id) == 0


def test_undo_accept_restores_the_earlier_answer(demo_services: Services) -> None:
    review_id, proposal = _open_proposal(demo_services)
    code = proposal.item_code
    earlier = demo_services.reviews.save_answer(review_id, code, Answer.PASS, note="看过").item
    demo_services.checks.accept(review_id, proposal.rule_id, code)
    restored = demo_services.checks.withdraw(review_id, proposal.rule_id, code, earlier)
    assert restored is not None and restored.item is not None
    assert (restored.item.answer, restored.item.note) == (Answer.PASS, "看过")
    assert demo_services.reviews.state(review_id).results[code].answer is Answer.PASS
    reopened = [p for p in demo_services.checks.proposals(review_id) if p.rule_id == proposal.rule_id]
    assert all(p.decision is None for p in reopened if p.item_code == code)


def test_undo_first_answer_accept_clears_the_item(demo_services: Services) -> None:
    review_id, proposal = _open_proposal(demo_services)
    code = proposal.item_code
    demo_services.reviews.clear_answer(review_id, code)
    demo_services.checks.accept(review_id, proposal.rule_id, code)
    cleared = demo_services.checks.withdraw(review_id, proposal.rule_id, code, None)
    assert cleared is not None and cleared.item is None
    assert code not in demo_services.reviews.state(review_id).results


def test_undo_dismissal_changes_no_answer(demo_services: Services) -> None:
    review_id, proposal = _open_proposal(demo_services)
    before = demo_services.reviews.state(review_id).results.get(proposal.item_code)
    demo_services.checks.dismiss(review_id, proposal.rule_id, proposal.item_code, "不适用于本案")
    assert demo_services.checks.withdraw(review_id, proposal.rule_id, proposal.item_code, None) is None
    assert demo_services.reviews.state(review_id).results.get(proposal.item_code) == before


def test_decisions_on_a_submitted_review_are_refused(demo_services: Services) -> None:
    review_id, proposal = _open_proposal(demo_services)
    state = demo_services.reviews.state(review_id)
    for code in state.definition.item_codes():
        if code not in state.results:
            demo_services.reviews.save_answer(review_id, code, Answer.PASS)
    demo_services.reviews.submit(review_id)
    with pytest.raises(ConflictError):
        demo_services.checks.accept(review_id, proposal.rule_id, proposal.item_code)


def test_submit_scores_once(demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    review_id, _proposal = _open_proposal(demo_services)
    state = demo_services.reviews.state(review_id)
    for code in state.definition.item_codes():
        if code not in state.results:
            demo_services.reviews.save_answer(review_id, code, Answer.PASS)
    calls: list[int] = []
    real = engine.score

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    for module in (reviews_module, queries_reviews, deficiencies_module):
        monkeypatch.setattr(module, "score", counting)
    submitted = demo_services.reviews.submit(review_id)
    assert submitted.review.locked
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"mode": "per_occurrence", "amount": 1}, (None, 1)),
        ({"mode": "range", "min": 1, "max": 3}, (1.0, None)),
        ({"mode": "range", "min": 0, "max": 2}, (2.0, None)),
        ({"mode": "fixed", "amount": 2}, (None, None)),
        ({"mode": "full"}, (None, None)),
    ],
)
def test_default_deduction_is_valid_for_every_mode(rule: dict[str, Any], expected: tuple[Any, Any]) -> None:
    """One rule for the workspace's 扣分 key and for an accepted proposal; always a valid answer."""
    item = Item(code="1.1", text="x", max_points=4, deduction=rule)
    spec = default_deduction(item)
    assert (spec.deduction, spec.occurrences) == expected
    assert item.deduction.mode is DeductionMode(rule["mode"])
