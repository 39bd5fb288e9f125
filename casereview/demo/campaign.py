"""A demo review campaign (评查活动) over the demo data.

A team lead creates a campaign over five units, draws a 20 % sample (fixed seed), assigns
it across units, and the roster scores it: most cases get a submitted first review, many
a blind re-check by someone of another unit with a few items scored differently; part of
them are reconciled into final reviews (so the deficiency register has findings for
several units), a couple of disagreements are left open for the reconciliation view.

Answers are written in bulk (one transaction per review) rather than one audited call per
item, to keep ``casereview init --demo`` fast; submission and reconciliation go through
the services, so locking, scores and deficiencies are exactly what a user would get.
"""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select

from casereview.campaigns.sampling import SampleSpec, UnitQuota
from casereview.demo.build import _demo_answer, ensure_roster
from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.services.queries.reviews import rescore
from casereview.standards.model import Item, StandardDef
from casereview.storage import audit_chain
from casereview.storage.models import ItemResult, Review, Unit, utcnow

DEMO_SEED = 20250601


def _deduct_answer(item: Item, rng: random.Random) -> dict[str, Any]:
    rule = item.deduction
    note = rng.choice(item.phrases) if item.phrases else item.text
    mode = rule.mode.value
    if mode == "per_occurrence":
        return {"answer": Answer.DEDUCT.value, "occurrences": rng.randrange(1, 3), "note": note}
    if mode == "range":
        low = rule.min if rule.min is not None else 0.5
        return {"answer": Answer.DEDUCT.value, "deduction": float(low), "note": note}
    if mode == "fixed":
        return {
            "answer": Answer.DEDUCT.value,
            "deduction": float(rule.amount or item.max_points),
            "note": note,
        }
    return {"answer": Answer.DEDUCT.value, "note": note}


def _first_answers(std: StandardDef, rng: random.Random) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for category, item in std.iter_items():
        answer, kwargs = _demo_answer(rng, category.veto_tier, item)
        if category.veto_tier:
            answer = Answer.PASS  # keep demo campaign files out of the veto zone: findings stay itemised
            kwargs = {}
        out[item.code] = {"answer": answer.value} | kwargs
    return out


def _recheck_answers(
    std: StandardDef, first: dict[str, dict[str, Any]], rng: random.Random, changes: int
) -> dict[str, dict[str, Any]]:
    """The re-checker agrees with most items and sees ``changes`` of them differently."""
    out = {code: dict(value) for code, value in first.items()}
    scorable = [item for cat, item in std.iter_items() if not cat.veto_tier and item.max_points > 0]
    for item in rng.sample(scorable, k=min(changes, len(scorable))):
        if out[item.code]["answer"] == Answer.DEDUCT.value:
            out[item.code] = {"answer": Answer.PASS.value}
        else:
            out[item.code] = _deduct_answer(item, rng)
    return out


def _write(services: Services, review_id: int, answers: dict[str, dict[str, Any]]) -> None:
    with services.ctx.db.session() as session:
        review = session.get(Review, review_id)
        assert review is not None
        for existing in list(review.results):
            review.results.remove(existing)
        session.flush()
        for code, value in answers.items():
            review.results.append(
                ItemResult(
                    item_code=code,
                    answer=value["answer"],
                    deduction=value.get("deduction"),
                    occurrences=value.get("occurrences"),
                    note=value.get("note"),
                    updated_at=utcnow(),
                )
            )
        session.flush()
        rescore(session, review)
        audit_chain.record(
            session, actor=services.ctx.actor_name, entity="review", entity_id=review.id, review_id=review.id,
            action="demo_answers", after={"items": len(answers)},
        )


def build_demo_campaign(services: Services, *, seed: int = DEMO_SEED) -> dict[str, int]:
    """Create the demo campaign; returns counts of what was made."""
    rng = random.Random(seed)
    ensure_roster(services)
    with services.ctx.db.session() as session:
        unit_ids = list(session.scalars(select(Unit.id).order_by(Unit.id)))[:5]
    lead = next((p for p in services.roster.list() if p.role == "lead"), None)
    if lead is not None:
        services.roster.choose(lead.id)
    campaigns = services.campaigns
    campaign = campaigns.create(
        "2025年度交通运输行政执法案卷交叉评查",
        organiser="广东省交通运输厅法制处",
        units=unit_ids,
        blind_recheck=True,
        strict_conflict=False,
        lead=lead.name if lead is not None else None,  # 陈组长's campaign: her statistics
    )
    sample = campaigns.sample(campaign.id, SampleSpec(UnitQuota("percent", 20)), seed=seed)
    report = campaigns.assign(campaign.id, seed=seed)
    cases = report.assignments
    order = list(cases)
    rng.shuffle(order)
    n = len(order)
    first_done = order[: int(n * 0.75)]
    recheck_done = first_done[: int(n * 0.55)]
    open_disagreements = 0
    made = {"campaign_cases": len(sample.drawn), "first": 0, "recheck": 0, "final": 0, "open": 0}
    for index, a in enumerate(order):
        if a not in first_done or a.first_id is None or a.rechecker_id is None:
            continue
        services.roster.choose(a.first_id)
        _access, first = campaigns.open_for(a.case_id, campaign.id, a.first_id)
        assert first is not None
        first_answers = _first_answers(first.definition, rng)
        _write(services, first.review.id, first_answers)
        services.reviews.submit(first.review.id)
        made["first"] += 1
        if a not in recheck_done:
            continue
        services.roster.choose(a.rechecker_id)
        _access, recheck = campaigns.open_for(a.case_id, campaign.id, a.rechecker_id)
        assert recheck is not None
        changes = 0 if index % 3 == 0 else rng.choice((1, 1, 2, 3))
        _write(services, recheck.review.id, _recheck_answers(first.definition, first_answers, rng, changes))
        services.reviews.submit(recheck.review.id)
        made["recheck"] += 1
        # Leave the first two disagreeing cases open for the reconciliation view.
        if changes and open_disagreements < 2:
            open_disagreements += 1
            made["open"] += 1
            continue
        if lead is not None:
            services.roster.choose(lead.id)
        recon = campaigns.reconciliation(a.case_id, campaign.id)
        if recon.all_agree:
            campaigns.confirm_agreement(a.case_id, campaign.id)
        else:
            for item in recon.disagreements:
                take = "recheck" if rng.random() < 0.6 else "first"
                reason = (
                    "经合议，卷内材料可见该问题，采纳复核意见"
                    if take == "recheck"
                    else "经合议，卷内材料已能证明该项符合要求，维持初评意见"
                )
                campaigns.resolve_item(a.case_id, campaign.id, item.item_code, reason=reason, take=take)
            campaigns.finalize(a.case_id, campaign.id)
        made["final"] += 1
    if lead is not None:
        services.roster.choose(lead.id)
    services.ctx.actor, services.ctx.actor_id = None, None
    return made
