"""Automatic pre-checks on stored cases, and the reviewer's decisions on what they propose.

Checks are recomputed from the case's current data every time they are asked for, so a
case re-checks automatically when its data changes. A failed check whose rule id is
linked to a standard item (``Item.check_ids``) becomes a *proposed deduction* on that
item; the reviewer accepts it (the deduction is saved with the explanation as its note
and the check id recorded) or dismisses it with a reason. Both are stored
(``CheckDecision``) and written to the review's audit log. A decision whose explanation
no longer matches the current result (the data changed since) is shown as stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casereview.checks.registry import CheckContext, CheckOutcome, CheckResult, run_checks, run_checks_traced
from casereview.checks.snapshot import CaseSnapshot, OfficerSnapshot
from casereview.docintel.best import REGISTRY, Chosen
from casereview.domain.enums import Answer, CaseType, PartyType, Procedure
from casereview.errors import NotFoundError, ValidationError
from casereview.scoring.engine import DeductionSpec, default_deduction
from casereview.services.concurrency import claim_review
from casereview.services.context import ServiceContext
from casereview.services.docintel import BULK_MAX_PAGES, case_document_checks, cases_document_checks
from casereview.services.dto import ItemResultInfo, SaveResult
from casereview.services.queries.reviews import (
    apply_answer,
    clear_result,
    definition_of,
    ensure_editable,
    load_review,
    rescore,
    result_of,
    save_result,
)
from casereview.standards.model import Item, StandardDef
from casereview.storage import audit_chain
from casereview.storage.case_numbers import find_case_id
from casereview.storage.models import (
    Campaign,
    CampaignCase,
    Case,
    CaseOfficer,
    CheckDecision,
    Document,
    Officer,
    Review,
    table_of,
)
from casereview.workdays import default_extra_path

# Case column -> snapshot field where the names differ.
_DATE_FIELDS = {
    "violation_start": "violation_start",
    "violation_end": "violation_end",
    "discovery_date": "discovery",
    "filing_date": "filing",
    "investigation_date": "investigation_start",
    "notice_date": "notice",
    "notice_served_date": "notice_served",
    "defence_received_date": "defence_received",
    "hearing_requested_date": "hearing_requested",
    "hearing_notified_date": "hearing_notified",
    "hearing_held_date": "hearing_held",
    "legal_review_date": "legal_review",
    "collective_discussion_date": "collective_discussion",
    "decision_date": "decision",
    "service_date": "service",
    "payment_due_date": "payment_due",
    "paid_date": "paid",
    "enforcement_date": "enforcement",
    "closing_date": "closing",
    "archiving_date": "archiving",
    "publication_date": "publication",
    "preservation_start": "preservation_start",
    "preservation_disposal": "preservation_disposal",
    "seizure_start": "seizure_start",
    "seizure_end": "seizure_end",
    "application_date": "application",
    "acceptance_date": "acceptance",
    "supplement_notice_date": "supplement_notice",
    "licence_delivered_date": "licence_delivered",
    "simple_filed_date": "simple_filed",
}
_SAME_FIELDS = (
    "fine_amount",
    "confiscation_value",
    "surcharge_amount",
    "payment_method",
    "legal_review_required",
    "collective_discussion_required",
    "hearing_waived",
    "notice_waived",
    "coercive_measure",
    "preservation",
    "criminal_transfer",
    "continuing_violation",
    "harm_to_life_health",
    "extension_days",
    "seizure_extension_days",
)
# Snapshot fields without a column of their own: read from Case.extra when present.
_EXTRA_FIELDS = (
    "remote_area",
    "collection_difficult",
    "licence_granted",
    "seizure_extended_to",
    "seizure_excluded_days",
    "licensing_extension_workdays",
    "licensing_excluded_workdays",
    "service_method",
)


def snapshot_of(case: Any, officers: Sequence[OfficerSnapshot], doc_types: Iterable[str]) -> CaseSnapshot:
    """The read-only view the rules see of one stored case (an ORM ``Case`` or a Core row)."""
    values: dict[str, Any] = {snap: getattr(case, col) for col, snap in _DATE_FIELDS.items()}
    values.update({name: getattr(case, name) for name in _SAME_FIELDS})
    extra = case.extra or {}
    values.update({name: extra[name] for name in _EXTRA_FIELDS if name in extra})
    return CaseSnapshot(
        case_no=case.case_no,
        case_type=CaseType(case.case_type),
        procedure=Procedure(case.procedure),
        province=case.province or "",
        domain=case.domain or "general",
        party_type=PartyType(case.party_type),
        penalty_types=tuple(p for p in (case.penalty_types or "").replace(",", "、").split("、") if p),
        officers=tuple(officers),
        document_types=frozenset(doc_types),
        **values,
    )


def load_snapshots(session: Session, case_ids: Sequence[int]) -> dict[int, CaseSnapshot]:
    """Snapshots of many cases with three queries per 500 cases (officers and document
    types are fetched in bulk, not per case)."""
    out: dict[int, CaseSnapshot] = {}
    for start in range(0, len(case_ids), 500):
        chunk = list(case_ids[start : start + 500])
        officers: dict[int, list[OfficerSnapshot]] = defaultdict(list)
        rows = session.execute(
            select(CaseOfficer.case_id, CaseOfficer.role, Officer)
            .join(Officer, Officer.id == CaseOfficer.officer_id)
            .where(CaseOfficer.case_id.in_(chunk))
            .order_by(CaseOfficer.id)
        )
        for case_id, role, officer in rows:
            officers[case_id].append(
                OfficerSnapshot(
                    name=officer.name,
                    cert_no=officer.cert_no,
                    cert_valid_from=officer.cert_valid_from,
                    cert_valid_to=officer.cert_valid_to,
                    role=role,
                    legal_qualification=officer.legal_qualified,
                )
            )
        doc_types: dict[int, set[str]] = defaultdict(set)
        for case_id, doc_type in session.execute(
            select(Document.case_id, Document.doc_type).where(Document.case_id.in_(chunk))
        ):
            doc_types[case_id].add(doc_type)
        # Core rows, not ORM objects: ten thousand cases load several times faster.
        for case in session.execute(select(table_of(Case)).where(table_of(Case).c.id.in_(chunk))):
            out[case.id] = snapshot_of(case, officers.get(case.id, ()), doc_types.get(case.id, ()))
    return out


DECISIONS = ("accepted", "dismissed")  # "withdrawn" reopens a proposal


@dataclass(frozen=True)
class CaseChecks:
    case_id: int
    case_no: str
    results: tuple[CheckResult, ...]

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.outcome == CheckOutcome.FAIL)


@dataclass(frozen=True)
class Proposal:
    """A failed check proposed as a deduction on one standard item."""

    rule_id: str
    title: str
    item_code: str
    item_text: str
    explanation: str
    legal_basis: str
    uncertain: bool
    uncertain_note: str
    severity: str
    answer: str  # what accepting saves: deduct or veto
    decision: str | None  # accepted | dismissed | None (open)
    decision_reason: str | None
    stale: bool  # decided on an earlier explanation: the case data changed since


def proposal_answer(item: Item) -> Answer:
    return Answer.VETO if item.veto is not None and item.max_points == 0 else Answer.DEDUCT


@functools.cache
def _context(extra: Path | None, thresholds: tuple[Path, ...] = ()) -> CheckContext:
    return CheckContext.default(calendar_extra=(extra,) if extra else (), threshold_extra=thresholds)


def forget_check_context() -> None:
    """Drop the cached calendars and thresholds (after a year or threshold was added)."""
    _context.cache_clear()


class CheckService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def context(self) -> CheckContext:
        from casereview.checks.user_thresholds import user_files

        extra = default_extra_path()
        # thresholds the user set (casereview thresholds set) win over the bundled tables
        return _context(extra if extra.exists() else None, user_files())

    def reload(self) -> None:
        """Forget cached calendars and thresholds (after a year or threshold was added)."""
        forget_check_context()

    # -- running --------------------------------------------------------------------

    def run_case(self, ref: int | str) -> CaseChecks:
        with self.ctx.db.session() as session:
            case_id = (
                ref if isinstance(ref, int) else find_case_id(session, ref)
            )
            if case_id is None or session.get(Case, case_id) is None:
                raise NotFoundError(f"找不到案件“{ref}”。", case=str(ref))
            snapshot = load_snapshots(session, [case_id])[case_id]
            results = self._case_results(session, case_id, snapshot)
        return CaseChecks(case_id, snapshot.case_no, tuple(results))

    def run_many(self, case_ids: Sequence[int]) -> list[CaseChecks]:
        """Checks of many cases; a case with read pages (or confirmed facts) also gets the
        content checks and the best-supported values, with at most ``BULK_MAX_PAGES`` pages
        read per case (the time per file is bounded)."""
        with self.ctx.db.session() as session:
            snapshots = load_snapshots(session, case_ids)
            documents = cases_document_checks(session, list(snapshots), max_pages=BULK_MAX_PAGES)
        context = self.context()
        out = []
        for cid, snap in snapshots.items():
            if cid in documents:
                content, best = documents[cid]
                results = tuple(checks_on_best(snap, best, context)) + tuple(content)
            else:
                results = tuple(run_checks(snap, context))
            out.append(CaseChecks(cid, snap.case_no, results))
        return out

    def campaign_case_ids(self, campaign_id: int) -> list[int]:
        with self.ctx.db.session() as session:
            if session.get(Campaign, campaign_id) is None:
                raise NotFoundError(f"评查活动 {campaign_id} 不存在。", campaign_id=campaign_id)
            return list(
                session.scalars(
                    select(CampaignCase.case_id).where(
                        CampaignCase.campaign_id == campaign_id, CampaignCase.removed.is_(False)
                    )
                )
            )

    # -- proposals in the review workspace -------------------------------------------

    def proposals(self, review_id: int) -> list[Proposal]:
        with self.ctx.db.session() as session:
            review = session.get(Review, review_id)
            if review is None:
                raise NotFoundError(f"评查记录 {review_id} 不存在。", review_id=review_id)
            return self._proposals_in(session, review)

    def accept(self, review_id: int, rule_id: str, item_code: str) -> SaveResult:
        """Save the proposed deduction (smallest the item allows, explanation as note, check id
        recorded) and the decision: one transaction, audited."""
        with self.ctx.db.session() as session:
            review = self._editable_review(session, review_id)
            proposal = self._find(session, review, rule_id, item_code)
            current = result_of(review, item_code)
            earlier = set(
                session.scalars(
                    select(CheckDecision.explanation).where(
                        CheckDecision.review_id == review_id, CheckDecision.item_code == item_code
                    )
                )
            )
            answer = Answer(proposal.answer)
            item = definition_of(session, review).item(item_code)
            assert item is not None  # the proposal was made from this standard's items
            amount = default_deduction(item) if answer is Answer.DEDUCT else DeductionSpec(None, None)
            saved = apply_answer(
                session,
                review,
                self.ctx.actor_name,
                item_code,
                answer,
                deduction=amount.deduction,
                occurrences=amount.occurrences,
                note=accepted_note(current.note if current else None, proposal.explanation, earlier),
                check_id=rule_id,
            )
            self._record(session, proposal, review_id, "accepted", None)
            return save_result(session, review, saved, rescore(session, review))

    def dismiss(self, review_id: int, rule_id: str, item_code: str, reason: str) -> None:
        if not reason or not reason.strip():
            raise ValidationError("驳回自动检查的扣分建议必须填写理由。")
        with self.ctx.db.session() as session:
            review = self._editable_review(session, review_id)
            proposal = self._find(session, review, rule_id, item_code)
            self._record(session, proposal, review_id, "dismissed", reason.strip())

    def withdraw(
        self, review_id: int, rule_id: str, item_code: str, restore: ItemResultInfo | None = None
    ) -> SaveResult | None:
        """Take back a decision (undo in the workspace): the proposal is open again. Undoing an
        accepted proposal also puts back the item's answer from before (``restore``; none: the
        item is cleared) and returns the new score; all in one transaction."""
        with self.ctx.db.session() as session:
            review = self._editable_review(session, review_id)
            proposal = self._find(session, review, rule_id, item_code)
            last = session.scalar(
                select(CheckDecision.decision)
                .where(
                    CheckDecision.review_id == review_id,
                    CheckDecision.rule_id == rule_id,
                    CheckDecision.item_code == item_code,
                )
                .order_by(CheckDecision.id.desc())
                .limit(1)
            )
            self._record(session, proposal, review_id, "withdrawn", None)
            if last != "accepted":
                return None
            if restore is None:
                clear_result(session, review, self.ctx.actor_name, item_code)
                return save_result(session, review, None, rescore(session, review))
            saved = apply_answer(
                session,
                review,
                self.ctx.actor_name,
                item_code,
                Answer(restore.answer),
                deduction=restore.deduction,
                occurrences=restore.occurrences,
                note=restore.note,
            )
            return save_result(session, review, saved, rescore(session, review))

    # -- session-level steps of the use cases above ----------------------------------

    def _editable_review(self, session: Session, review_id: int) -> Review:
        claim_review(session, review_id, self.ctx.actor_name)  # lock first: fresh answers and score
        review = load_review(session, review_id)
        ensure_editable(review, "该评查已提交并锁定；如需处理自动检查建议，请先填写理由重新打开。")
        return review

    def _proposals_in(self, session: Session, review: Review) -> list[Proposal]:
        std = definition_of(session, review)
        snapshot = load_snapshots(session, [review.case_id])[review.case_id]
        decisions = {
            (d.rule_id, d.item_code): d
            for d in session.scalars(
                select(CheckDecision).where(CheckDecision.review_id == review.id).order_by(CheckDecision.id)
            )
        }
        return proposals_for(std, self._case_results(session, review.case_id, snapshot), decisions)

    def _case_results(self, session: Session, case_id: int, snapshot: CaseSnapshot) -> list[CheckResult]:
        """The statutory checks on the best-supported values (confirmed > read from the
        documents > registry; each result names the source of the values it used), then the
        checks of what the read pages say."""
        content, best = case_document_checks(session, case_id)
        return [*checks_on_best(snapshot, best, self.context()), *content]

    def _find(self, session: Session, review: Review, rule_id: str, item_code: str) -> Proposal:
        for proposal in self._proposals_in(session, review):
            if proposal.rule_id == rule_id and proposal.item_code == item_code:
                return proposal
        raise NotFoundError(
            f"自动检查 {rule_id} 在评查项 {item_code} 上没有扣分建议（可能案件数据已更新）。",
            rule_id=rule_id,
            item=item_code,
        )

    def _record(
        self, session: Session, proposal: Proposal, review_id: int, decision: str, reason: str | None
    ) -> None:
        session.add(
            CheckDecision(
                review_id=review_id,
                rule_id=proposal.rule_id,
                item_code=proposal.item_code,
                decision=decision,
                reason=reason,
                explanation=proposal.explanation,
                actor=self.ctx.actor_name,
            )
        )
        audit_chain.record(
            session,
            actor=self.ctx.actor_name,
            entity="check",
            review_id=review_id,
            action=f"check_{decision}",
            after={"rule": proposal.rule_id, "item": proposal.item_code, "explanation": proposal.explanation},
            reason=reason,
        )


def best_snapshot(snapshot: CaseSnapshot, best: dict[str, Chosen]) -> tuple[CaseSnapshot, dict[str, Chosen]]:
    """The snapshot with the best-supported values put in, and (by snapshot field) the
    chosen values that differ from what the registry gave the snapshot."""
    overrides: dict[str, Any] = {}
    used: dict[str, Chosen] = {}
    for column, chosen in best.items():
        name = _DATE_FIELDS.get(column) or (column if column == "fine_amount" else None)
        if name is None:
            continue
        used[name] = chosen
        if chosen.source != REGISTRY:
            try:
                overrides[name] = dt.date.fromisoformat(chosen.value) if column.endswith("_date") \
                    else Decimal(chosen.value)
            except (ValueError, InvalidOperation):
                continue  # an unreadable value never replaces the registry's
    return (dataclasses.replace(snapshot, **overrides) if overrides else snapshot), used


def checks_on_best(snapshot: CaseSnapshot, best: dict[str, Chosen], context: CheckContext) -> list[CheckResult]:
    """Statutory checks on the best-supported values; a result that used a value from the
    documents says so, with every value it used and its source."""
    checked, used = best_snapshot(snapshot, best)
    if not any(c.source != REGISTRY for c in used.values()):
        return run_checks(snapshot, context)
    out: list[CheckResult] = []
    for result, seen in run_checks_traced(checked, context):
        chosen = [c for name, c in used.items() if name in seen and getattr(checked, name) is not None]
        if any(c.source != REGISTRY for c in chosen):
            note = "（所用数据：" + "；".join(c.describe() for c in chosen) + "）"
            result = dataclasses.replace(result, explanation=result.explanation + note)
        out.append(result)
    return out


def accepted_note(current: str | None, explanation: str, earlier: set[str | None]) -> str:
    """The note saved with an accepted proposal: the explanation, after what the reviewer had
    already written on the item (an older explanation of a check is replaced, not kept)."""
    if not current or current in earlier:
        return explanation
    if explanation in current:
        return current
    return f"{current}\n{explanation}"


def proposals_for(
    std: StandardDef, results: Iterable[CheckResult], decisions: dict[tuple[str, str | None], CheckDecision]
) -> list[Proposal]:
    """Map failed checks onto the standard items that list their rule id."""
    items_by_rule: dict[str, list[Item]] = defaultdict(list)
    for _cat, item in std.iter_items():
        for rule_id in item.check_ids:
            items_by_rule[rule_id].append(item)
    out = []
    for result in results:
        if result.outcome != CheckOutcome.FAIL:
            continue
        for item in items_by_rule.get(result.rule_id, ()):
            decided = decisions.get((result.rule_id, item.code))
            if decided is not None and decided.decision not in DECISIONS:
                decided = None  # withdrawn (undone): the proposal is open again
            out.append(
                Proposal(
                    rule_id=result.rule_id,
                    title=result.title,
                    item_code=item.code,
                    item_text=item.text,
                    explanation=result.explanation,
                    legal_basis=result.legal_basis,
                    uncertain=result.uncertain,
                    uncertain_note=result.uncertain_note,
                    severity=result.severity,
                    answer=proposal_answer(item).value,
                    decision=decided.decision if decided else None,
                    decision_reason=decided.reason if decided else None,
                    stale=bool(decided and decided.explanation != result.explanation),
                )
            )
    return out
