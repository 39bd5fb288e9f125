"""Filling a database with generated data: the demo database and benchmark datasets."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from casereview.demo.casefile_pdf import plan_documents, plan_pages, render_case_file
from casereview.demo.generator import UNITS, DatasetSpec, generate_cases, officers_for_units, person_name
from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.services.cases import CASE_COLUMNS
from casereview.storage.models import (
    Account,
    Blob,
    Case,
    CaseOfficer,
    Document,
    Officer,
    Reviewer,
    Unit,
    table_of,
)

Progress = Callable[[int, int], None]
# Cases of the demo whose files are scans (image-only PDFs, ~12 pages each): enough for every
# OCR feature to have work, few enough that building the demo stays quick (OCR is not run here).
DEMO_SCANNED_CASES = 6


def _uniform_rows(table: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row every column (with the column's scalar default): Core executemany
    needs one key set, and generated records only carry the fields that apply."""
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default.arg if column.default is not None and column.default.is_scalar else None
        if column.default is not None and column.default.is_callable:
            default = column.default.arg(None)
        defaults[column.key] = default
    return [defaults | r for r in rows]


@dataclass(frozen=True)
class DatasetSummary:
    units: int
    officers: int
    cases: int
    documents: int
    reviews: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "units": self.units,
            "officers": self.officers,
            "cases": self.cases,
            "documents": self.documents,
            "reviews": self.reviews,
        }


def _ensure_units_and_officers(
    services: Services, spec: DatasetSpec
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Units by 1-based index and their officer ids (created once, reused on later runs)."""
    unit_ids: dict[int, int] = {}
    officers: dict[int, list[int]] = {}
    with services.ctx.db.session() as session:
        for index, (name, city) in enumerate(UNITS, start=1):
            unit = session.scalar(select(Unit).where(Unit.name == name))
            if unit is None:
                unit = Unit(
                    name=name, short_name=f"{city}支队", region=city, province="广东", domain="transport"
                )
                session.add(unit)
                session.flush()
            unit_ids[index] = unit.id
        if not session.scalar(select(func.count(Officer.id))):
            session.execute(
                insert(Officer),
                [
                    {k: v for k, v in row.items() if k != "unit_index"}
                    | {"unit_id": unit_ids[row["unit_index"]]}
                    for row in officers_for_units(spec)
                ],
            )
        for officer_id, unit_id in session.execute(select(Officer.id, Officer.unit_id)):
            index = next(i for i, u in unit_ids.items() if u == unit_id)
            officers.setdefault(index, []).append(officer_id)
    return unit_ids, officers


def build_dataset(
    services: Services,
    spec: DatasetSpec,
    *,
    documents: bool = True,
    progress: Progress | None = None,
    batch: int = 2000,
    scans: int = 0,
) -> DatasetSummary:
    """Insert ``spec.cases`` generated cases (with officers and, optionally, documents).
    The documents of the first ``scans`` cases are scanned copies (images only, seals,
    signatures, a few document defects), for the OCR features to have real work."""
    unit_ids, officers = _ensure_units_and_officers(services, spec)
    with services.ctx.db.session() as session:
        officer_names = {oid: (name, cert or "") for oid, name, cert in
                         session.execute(select(Officer.id, Officer.name, Officer.cert_no))}
    scanned = 0
    store = services.ctx.blob_store
    rng = random.Random(spec.seed + 99)
    done = doc_count = 0
    with services.ctx.db.session() as session:
        next_id = (session.scalar(select(func.max(Case.id))) or 0) + 1
        existing = set(session.scalars(select(Case.case_no)))
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal doc_count, scanned
        with services.ctx.db.session() as session:
            case_rows, officer_rows, blob_rows, doc_rows = [], [], {}, []
            for rec in pending:
                case_rows.append(
                    {k: v for k, v in rec.items() if k in CASE_COLUMNS}
                    | {"id": rec["id"], "unit_id": unit_ids[rec["unit_index"]]}
                )
                staff = officers[rec["unit_index"]]
                chosen = rng.sample(staff, k=min(len(staff), rec["officer_slots"] + 1))
                roles = ["investigator"] * rec["officer_slots"] + ["legal_reviewer"]
                officer_rows += [
                    {"case_id": rec["id"], "officer_id": oid, "role": role}
                    for oid, role in zip(chosen, roles, strict=False)
                ]
                if documents:
                    rec["officer_names"] = [officer_names[oid] for oid, role in zip(chosen, roles, strict=False)
                                            if role == "investigator" and oid in officer_names]
                    planned = plan_documents(rec, rng, rng.random() < spec.defect_rate)
                    scan = scanned < scans and rec["case_type"] == "penalty" and rec.get("procedure") != "simple"
                    if scan:
                        _document_defects(rec, scanned)
                    pdf, ranges = render_case_file(rec, planned)
                    if scan:
                        from casereview.docintel.scans import scan_pdf

                        pdf = scan_pdf(pdf, plan_pages(rec, planned), seed=rec["id"],
                                       agency=UNITS[rec["unit_index"] - 1][0])
                        scanned += 1
                    stored = store.put_bytes(pdf, ".pdf")
                    blob_rows[stored.sha256] = {"sha256": stored.sha256, "size": stored.size, "ext": ".pdf"}
                    for order, (doc_type, first, last) in enumerate(ranges):
                        doc_rows.append(
                            {
                                "case_id": rec["id"],
                                "blob_sha256": stored.sha256,
                                "doc_type": doc_type,
                                "type_confirmed": True,
                                "title": doc_type,
                                "original_name": f"{rec['case_no']}.pdf",
                                "kind": "pdf",
                                "page_count": last - first + 1,
                                "page_start": first,
                                "page_end": last,
                                "sort_order": order,
                            }
                        )
            session.execute(insert(table_of(Case)), _uniform_rows(table_of(Case), case_rows))
            session.execute(insert(table_of(CaseOfficer)), officer_rows)
            if blob_rows:
                known = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(list(blob_rows)))))
                fresh = [row for sha, row in blob_rows.items() if sha not in known]
                if fresh:
                    session.execute(insert(table_of(Blob)), fresh)
            if doc_rows:
                session.execute(insert(table_of(Document)), doc_rows)
            doc_count += len(doc_rows)
        pending.clear()

    for rec in generate_cases(spec):
        if rec["case_no"] in existing:
            continue
        rec["id"] = next_id
        next_id += 1
        pending.append(rec)
        done += 1
        if len(pending) >= batch:
            flush()
            if progress:
                progress(done, spec.cases)
    if pending:
        flush()
    if progress:
        progress(done, spec.cases)
    with services.ctx.db.session() as session:
        n_officers = session.scalar(select(func.count(Officer.id))) or 0
    return DatasetSummary(len(unit_ids), n_officers, done, doc_count)


def _document_defects(rec: dict[str, Any], k: int) -> None:
    """Defects of the documents themselves, in turn over the scanned cases, so that each
    document check has something true to find: the 决定书 lacks its 复议/诉讼 element and
    bears a date two days after the registry's; a 决定书 without seal; an unsigned 送达回证."""
    kind = k % 4
    if kind == 0:
        rec["doc_defects"] = ("no_remedy",)
        if rec.get("decision_date"):
            rec["doc_date_override"] = {"行政处罚决定书": rec["decision_date"] + timedelta(days=2)}
    elif kind == 1:
        rec["doc_defects"] = ("no_seal",)
    elif kind == 2:
        rec["doc_defects"] = ("unsigned_receipt",)


def ensure_roster(services: Services, seed: int = 2026) -> list[int]:
    """Two reviewers per unit plus a team lead and a trainer (the review roster)."""
    rng = random.Random(seed + 5)
    with services.ctx.db.session() as session:
        if session.scalar(select(func.count(Reviewer.id))):
            return list(session.scalars(select(Reviewer.id).order_by(Reviewer.id)))
        units = list(session.scalars(select(Unit).order_by(Unit.id)))
        rows = [
            Reviewer(name="陈组长", unit_id=units[0].id, role="lead"),
            Reviewer(name="林培训", unit_id=units[0].id, role="trainer"),
        ]
        for unit in units:
            rows += [
                Reviewer(name=person_name(rng), unit_id=unit.id, role="reviewer"),
                Reviewer(name=person_name(rng), unit_id=unit.id, role="rechecker"),
            ]
        session.add_all(rows)
        session.flush()
        add_demo_accounts(session, rows)
        return [r.id for r in rows]


# Documented in README ("演示账号"): every demo account signs in with this password.
DEMO_PASSWORD = "demo2026"
DEMO_ADMIN = "admin"
DEMO_TRAINEE = "学员小周"


def add_demo_accounts(session: Session, roster: list[Reviewer]) -> None:
    """Accounts for the demo: an administrator, one per roster person (login name = the
    person's name) and a trainee, all with ``DEMO_PASSWORD``."""
    from casereview.accounts.passwords import hash_password
    from casereview.services.accounts import account_snapshot, create_roster_account
    from casereview.storage import audit_chain

    digest = hash_password(DEMO_PASSWORD)  # one hash for all: Argon2 is slow on purpose
    admin = Account(name=DEMO_ADMIN, display_name="系统管理员", roles=["admin"], active=True,
                    password_hash=digest, must_change_password=False, failed_attempts=0)
    session.add(admin)
    trainee = Reviewer(name=DEMO_TRAINEE, unit_id=roster[0].unit_id, role="trainee")
    session.add(trainee)
    session.flush()
    accounts = [admin]
    for person in [*roster, trainee]:
        account = create_roster_account(session, person)
        account.password_hash = digest
        account.must_change_password = False
        accounts.append(account)
    for account in accounts:  # accounts are changes like any other: in the audit chain
        audit_chain.record(session, actor="演示数据", entity="account", entity_id=account.id, action="create",
                           after=account_snapshot(account), reason="演示数据库")


def add_demo_reviews(services: Services, count: int, *, seed: int = 2026, submit_share: float = 0.6) -> int:
    """Score some cases the way a reviewer would: mostly 符合, a few deductions with the
    item's standard wording; part of them submitted, the rest left in progress."""
    rng = random.Random(seed + 11)
    reviewer_ids = ensure_roster(services, seed)
    case_ids = services.cases.query_ids()
    made = 0
    for case_id in rng.sample(case_ids, k=min(count, len(case_ids))):
        services.ctx.actor_id = rng.choice(reviewer_ids[2:])
        state = services.reviews.open_review(case_id)
        items = list(state.definition.iter_items())
        finish = rng.random() < submit_share
        cut = len(items) if finish else rng.randrange(3, max(4, len(items) // 2))
        for category, item in items[:cut]:
            answer, kwargs = _demo_answer(rng, category.veto_tier, item)
            services.reviews.save_answer(state.review.id, item.code, answer, **kwargs)
        if finish:
            services.reviews.submit(state.review.id)
        made += 1
    services.ctx.actor_id = None
    return made


def _demo_answer(rng: random.Random, veto_tier: bool, item: Any) -> tuple[Answer, dict[str, Any]]:
    if veto_tier:
        return (Answer.VETO, {"note": "经审查，" + item.text}) if rng.random() < 0.02 else (Answer.PASS, {})
    roll = rng.random()
    if roll < 0.08 and item.not_applicable_when:
        return Answer.NOT_APPLICABLE, {}
    if roll > 0.88:
        rule = item.deduction
        note = rng.choice(item.phrases) if item.phrases else item.text
        mode = rule.mode.value
        if mode == "per_occurrence":
            return Answer.DEDUCT, {"occurrences": rng.randrange(1, 3), "note": note}
        if mode == "range":
            low = rule.min if rule.min is not None else 0.5
            return Answer.DEDUCT, {"deduction": float(low), "note": note}
        if mode == "fixed":
            return Answer.DEDUCT, {"deduction": float(rule.amount or item.max_points), "note": note}
        return Answer.DEDUCT, {"note": note}
    return Answer.PASS, {}


def build_demo_into(services: Services, *, cases: int = 240, seed: int = 2026) -> dict[str, int]:
    """The demo database: a realistic office dataset with reviews in progress."""
    services.standards.sync_shipped()
    summary = build_dataset(services, DatasetSpec(cases=cases, seed=seed), documents=True,
                            scans=DEMO_SCANNED_CASES if cases >= 100 else 1)
    reviews = add_demo_reviews(services, count=max(10, cases // 5), seed=seed)
    from casereview.demo.campaign import build_demo_campaign

    campaign = build_demo_campaign(services)
    return summary.as_dict() | {"reviews": reviews, "campaign_cases": campaign["campaign_cases"]}


def build_demo(db_path: str | Path) -> Path:
    """Create the demo database at ``db_path`` unless it already holds cases (GUI --demo)."""
    services = Services.open(db_path, as_system=True)
    try:
        if services.cases.count() == 0:
            build_demo_into(services)
    finally:
        services.close()
    return Path(db_path)
