"""Fixtures for the deficiency and notice tests: units with cases whose first-stage reviews
(outside any campaign, hence authoritative) are submitted with a few deductions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from casereview.domain.enums import Answer, CaseType
from casereview.services.app import Services
from casereview.storage.models import Case, Document, Unit

UNITS = ("甲市交通运输综合行政执法支队", "乙市交通运输综合行政执法支队")


def open_services(url: str) -> Services:
    services = Services.open(url, actor="评查组长", as_system=True)
    services.standards.sync_shipped()
    return services


def _deduct_kwargs(item: Any, note: str) -> dict[str, Any]:
    rule = item.deduction
    mode = rule.mode.value
    if mode == "per_occurrence":
        return {"occurrences": 1, "note": note}
    if mode == "range":
        return {"deduction": float(rule.min if rule.min is not None else 0.5), "note": note}
    if mode == "fixed":
        return {"deduction": float(rule.amount or item.max_points), "note": note}
    return {"note": note}


def add_reviewed_cases(services: Services, per_unit: int = 2, deductions: int = 2) -> dict[str, list[int]]:
    """Cases per unit, each reviewed and submitted with ``deductions`` deducted items
    (the first with an evidence link). Returns case ids by unit name."""
    out: dict[str, list[int]] = {}
    docs: dict[int, int] = {}
    with services.ctx.db.session() as session:
        for u, name in enumerate(UNITS, start=1):
            unit = Unit(name=name, short_name=f"{name[:2]}支队")
            session.add(unit)
            session.flush()
            for k in range(per_unit):
                case = Case(
                    case_no=f"粤交执罚〔2025〕{u}{k:03d}号",
                    unit_id=unit.id,
                    case_type=CaseType.PENALTY.value,
                    procedure="general",
                    party_name="某运输公司",
                    fine_amount=Decimal("2000.00"),
                    filing_date=date(2025, 3, 1),
                    decision_date=date(2025, 4, 1),
                )
                session.add(case)
                session.flush()
                doc = Document(case_id=case.id, title="询问笔录", doc_type="询问笔录", page_count=4)
                session.add(doc)
                session.flush()
                docs[case.id] = doc.id
                out.setdefault(name, []).append(case.id)
    for case_ids in out.values():
        for case_id in case_ids:
            state = services.reviews.open_review(case_id)
            review_id = state.review.id
            deducted = 0
            doc_id = docs[case_id]
            for cat, item in state.definition.iter_items():
                if not cat.veto_tier and deducted < deductions and item.max_points >= 1:
                    note = item.phrases[0] if item.phrases else item.text
                    services.reviews.save_answer(review_id, item.code, Answer.DEDUCT, **_deduct_kwargs(item, note))
                    if deducted == 0:
                        services.reviews.add_evidence(review_id, item.code, doc_id, 3)
                    deducted += 1
                else:
                    services.reviews.save_answer(review_id, item.code, Answer.PASS)
            services.reviews.submit(review_id)
    return out


def reviewed_services(path: Path, per_unit: int = 2, deductions: int = 2) -> tuple[Services, dict[str, list[int]]]:
    """``open_services`` on a SQLite file at ``path`` holding ``add_reviewed_cases``' data,
    copied from a template built once per test session."""
    from conftest import cached_sqlite

    def build(template: Path) -> dict[str, list[int]]:
        services = open_services(f"sqlite:///{template}")
        try:
            return add_reviewed_cases(services, per_unit=per_unit, deductions=deductions)
        finally:
            services.close()

    cases = cached_sqlite(f"reviewed-{per_unit}-{deductions}", path, build)
    return open_services(f"sqlite:///{path}"), cases
