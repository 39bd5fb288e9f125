"""Missing is not wrong: for every rule, taking away one piece of data never turns a
verdict into 不符合 (so never into a deduction or veto proposal). Absent data is 数据不足,
naming what to enter in words (no raw field keys) and, for documents, what to look at.

Table test over every rule × every case of the demo database (varied: late, early, missing,
hearing, coercion, licensing, simple procedure) × every data field the rules read."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest

from casereview.checks import CaseSnapshot, CheckContext, CheckOutcome, run_checks
from casereview.checks.registry import all_rules
from casereview.checks.snapshot import DATE_FIELDS
from casereview.services.app import Services
from casereview.services.checks import load_snapshots

FAIL, INSUF = CheckOutcome.FAIL, CheckOutcome.INSUFFICIENT_DATA

# Data a registry or case file may simply not carry (flags are facts, not data gaps).
OPTIONAL = (*DATE_FIELDS, "fine_amount", "confiscation_value", "surcharge_amount", "payment_method",
            "service_method", "licence_granted")


def _without(s: CaseSnapshot) -> Iterator[tuple[str, CaseSnapshot]]:
    for name in OPTIONAL:
        if getattr(s, name) is not None:
            yield name, dataclasses.replace(s, **{name: None})
    if s.penalty_types:
        yield "penalty_types", dataclasses.replace(s, penalty_types=())
    if s.document_types:
        yield "document_types", dataclasses.replace(s, document_types=frozenset())
    if s.officers:
        yield "officers", dataclasses.replace(s, officers=())
        yield "cert_no", dataclasses.replace(s, officers=tuple(dataclasses.replace(o, cert_no=None)
                                                               for o in s.officers))
        yield "cert_validity", dataclasses.replace(s, officers=tuple(
            dataclasses.replace(o, cert_valid_from=None, cert_valid_to=None) for o in s.officers))
        yield "legal_qualification", dataclasses.replace(s, officers=tuple(
            dataclasses.replace(o, legal_qualification=None) for o in s.officers))


@pytest.fixture(scope="module")
def snapshots(demo_db_template: object) -> list[CaseSnapshot]:
    from pathlib import Path

    assert isinstance(demo_db_template, Path)
    services = Services.open(demo_db_template, as_system=True)
    try:
        with services.ctx.db.session() as session:
            from sqlalchemy import select

            from casereview.storage.models import Case

            ids = list(session.scalars(select(Case.id).order_by(Case.id)))
            return list(load_snapshots(session, ids).values())
    finally:
        services.close()


def test_absent_data_never_fails_a_rule(snapshots: list[CaseSnapshot]) -> None:
    ctx = CheckContext.default()
    offences: dict[tuple[str, str], str] = {}
    checked = 0
    for s in snapshots:
        before = {r.rule_id: r.outcome for r in run_checks(s, ctx)}
        for name, variant in _without(s):
            for result in run_checks(variant, ctx):
                checked += 1
                if result.outcome is FAIL and before.get(result.rule_id) is not FAIL:
                    offences.setdefault((result.rule_id, name), f"{s.case_no}: {result.explanation}")
    assert checked > 1000
    assert not offences, "\n".join(f"{rule} without {field}: {why}" for (rule, field), why in sorted(offences.items()))


def test_every_rule_with_nothing_recorded_asks_in_words() -> None:
    """A bare case (only the case number, type and procedure): every rule answers 数据不足 or
    不适用, and its explanation names what to enter without raw keys such as (paid)."""
    ctx = CheckContext.default()
    raw_key = re.compile(r"[（(][a-z_]+[)）]|\b[a-z]+_[a-z_]+\b")
    seen: set[str] = set()
    from casereview.domain.enums import CaseType, Procedure

    for case_type in CaseType:
        for procedure in Procedure:
            bare = CaseSnapshot(case_no="空白〔2024〕1号", case_type=case_type, procedure=procedure)
            for result in run_checks(bare, ctx):
                seen.add(result.rule_id)
                assert result.outcome is not FAIL, f"{result.rule_id}: {result.explanation}"
                assert not raw_key.search(result.explanation), f"{result.rule_id}: {result.explanation}"
    assert {r.id for r in all_rules() if not r.policy} <= seen
