"""Pure campaign logic: seeded sampling, conflict-free assignment, agreement statistics."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.campaigns.agreement import ScoredPair, agreement, campaign_agreement
from casereview.campaigns.assignment import CaseSlot, Pair, Person, plan_assignments, ring_edges, violations
from casereview.campaigns.progress import CaseProgress, summarise
from casereview.campaigns.sampling import CaseKey, SampleSpec, UnitQuota, allocate, draw_sample, parse_quota
from casereview.errors import ValidationError


def _cases(n_units: int = 4, per_unit: int = 23) -> list[CaseKey]:
    types = ("penalty", "licensing", "coercion")
    return [
        CaseKey(u * 1000 + i, f"U{u}-{i:04d}", u, types[i % 7 % 3])
        for u in range(1, n_units + 1)
        for i in range(per_unit)
    ]


# -- sampling ------------------------------------------------------------------------------


def test_sample_is_reproducible_from_the_seed_and_independent_of_input_order() -> None:
    cases = _cases()
    spec = SampleSpec(UnitQuota("percent", 20))
    first = draw_sample(cases, spec, seed=42)
    again = draw_sample(list(reversed(cases)), spec, seed=42)
    assert first == again
    assert [d.draw_order for d in first] == list(range(1, len(first) + 1))
    other = draw_sample(cases, spec, seed=43)
    assert {d.case_id for d in other} != {d.case_id for d in first}


def test_percentage_rounds_up_per_unit_and_counts_are_capped() -> None:
    cases = _cases(per_unit=23)
    drawn = draw_sample(cases, SampleSpec(UnitQuota("percent", 20)), seed=1)
    per_unit = {u: sum(1 for d in drawn if d.unit_id == u) for u in range(1, 5)}
    assert per_unit == {1: 5, 2: 5, 3: 5, 4: 5}  # ceil(23 × 0.2) = 5
    spec = SampleSpec(UnitQuota("count", 3), per_unit={2: UnitQuota("count", 100)})
    drawn = draw_sample(cases, spec, seed=1)
    assert sum(1 for d in drawn if d.unit_id == 2) == 23
    assert sum(1 for d in drawn if d.unit_id == 1) == 3


def test_stratified_sample_splits_the_unit_size_by_case_type() -> None:
    assert allocate(5, {"a": 10, "b": 10, "c": 3}) == {"a": 2, "b": 2, "c": 1}
    assert sum(allocate(7, {"a": 1, "b": 50}).values()) == 7
    cases = _cases(n_units=1, per_unit=30)
    drawn = draw_sample(cases, SampleSpec(UnitQuota("count", 9), stratify_by_case_type=True), seed=5)
    by_type = {t: sum(1 for d in drawn if d.case_type == t) for t in ("penalty", "licensing", "coercion")}
    available = {t: sum(1 for c in cases if c.case_type == t) for t in by_type}
    assert sum(by_type.values()) == 9
    assert by_type == allocate(9, available)


def test_spec_round_trips_through_json_and_quota_parsing() -> None:
    spec = SampleSpec(UnitQuota("percent", 20), {3: UnitQuota("count", 2)}, True)
    assert SampleSpec.from_json(spec.to_json()) == spec
    assert parse_quota("20%") == UnitQuota("percent", 20)
    assert parse_quota("５".replace("５", "5")) == UnitQuota("count", 5)
    with pytest.raises(ValidationError, match="百分比"):
        parse_quota("abc")


# -- assignment ---------------------------------------------------------------------------


def _people(units: int, per_unit: int = 2) -> list[Person]:
    out = []
    for u in range(1, units + 1):
        for k in range(per_unit):
            out.append(Person(u * 10 + k, u, "reviewer" if k % 2 == 0 else "rechecker"))
    return out


def test_plan_is_balanced_and_crosses_units() -> None:
    people = _people(5)
    cases = [CaseSlot(i, i % 5 + 1) for i in range(40)]
    plan = plan_assignments(cases, people, seed=3, strict=False)
    assert not plan.unassigned
    case_units = {c.case_id: c.unit_id for c in cases}
    person_units = {p.reviewer_id: p.unit_id for p in people}
    assert violations(plan.pairs, case_units, person_units, strict=False) == []
    loads: dict[int, int] = {}
    for pair in plan.pairs:
        for pid in (pair.first_id, pair.rechecker_id):
            assert pid is not None
            loads[pid] = loads.get(pid, 0) + 1
    assert max(loads.values()) - min(loads.values()) <= 1


def test_strict_rule_plan_has_no_reciprocal_units_and_ring_is_one_way() -> None:
    import random

    edges = ring_edges(range(1, 9), random.Random(1))
    assert not any((b, a) in edges for a, b in edges)
    people = _people(6)
    cases = [CaseSlot(i, i % 6 + 1) for i in range(36)]
    plan = plan_assignments(cases, people, seed=9, strict=True)
    assert not plan.unassigned
    case_units = {c.case_id: c.unit_id for c in cases}
    person_units = {p.reviewer_id: p.unit_id for p in people}
    assert violations(plan.pairs, case_units, person_units, strict=True) == []


def test_two_units_under_the_strict_rule_cannot_be_fully_assigned() -> None:
    people = _people(2)
    cases = [CaseSlot(1, 1), CaseSlot(2, 2)]
    plan = plan_assignments(cases, people, seed=0, strict=True)
    assert plan.unassigned  # reported, never silently broken
    person_units = {p.reviewer_id: p.unit_id for p in people}
    assert violations(plan.pairs, {1: 1, 2: 2}, person_units, strict=True) == []


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1, 5)), st.sampled_from(["reviewer", "rechecker", "lead"])
        ),
        min_size=0,
        max_size=12,
    ),
    case_units=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=0, max_size=25),
    strict=st.booleans(),
    seed=st.integers(0, 10_000),
    preassigned=st.integers(0, 5),
)
def test_no_assignment_ever_breaks_the_conflict_rules(
    people: list[tuple[int | None, str]],
    case_units: list[int | None],
    strict: bool,
    seed: int,
    preassigned: int,
) -> None:
    roster = [Person(i + 1, unit, role) for i, (unit, role) in enumerate(people)]
    cases = [CaseSlot(100 + i, unit) for i, unit in enumerate(case_units)]
    units = {c.case_id: c.unit_id for c in cases}
    person_units = {p.reviewer_id: p.unit_id for p in roster}
    # A first batch is planned, then the rest is added to it (incremental assignment).
    head = plan_assignments(cases[:preassigned], roster, seed=seed, strict=strict)
    plan = plan_assignments(
        cases[preassigned:],
        roster,
        seed=seed + 1,
        strict=strict,
        existing=head.pairs,
        existing_case_units=units,
    )
    everything = [*head.pairs, *plan.pairs]
    assert violations(everything, units, person_units, strict=strict) == []
    missing = {(u.case_id, u.stage) for u in [*head.unassigned, *plan.unassigned]}
    for pair in everything:
        assert pair.first_id is not None or (pair.case_id, "first") in missing
        assert pair.rechecker_id is not None or (pair.case_id, "recheck") in missing


def test_violations_detects_each_rule() -> None:
    units = {1: 1, 2: 2}
    people = {10: 1, 20: 2, 21: 2}
    assert violations([Pair(1, 10, 21)], units, people, strict=False)  # own unit
    assert violations([Pair(1, 20, 20)], units, people, strict=False)  # same person twice
    assert violations([Pair(1, 20, 21), Pair(2, 10, None)], units, people, strict=True)  # 2→1 and 1→2
    assert not violations([Pair(1, 20, 21), Pair(2, 10, None)], units, people, strict=False)


# -- agreement ---------------------------------------------------------------------------


def test_kappa_matches_the_hand_computed_two_category_example() -> None:
    # 50 items: both pass 20, first pass / re-check deduct 5, first deduct / re-check pass 10, both deduct 15.
    # pₒ = 35/50 = 0.70; first 25/25, re-check 30/20 → pₑ = 0.5·0.6 + 0.5·0.4 = 0.50; κ = 0.2/0.5 = 0.40.
    pairs = (
        [("pass", "pass")] * 20
        + [("pass", "deduct")] * 5
        + [("deduct", "pass")] * 10
        + [("deduct", "deduct")] * 15
    )
    result = agreement(pairs)
    assert result.n == 50 and result.agreed == 35
    assert result.percent == 70.0
    assert result.expected == 0.5
    assert result.kappa == pytest.approx(0.4)


def test_kappa_with_three_categories_and_undefined_case() -> None:
    # pₒ = 0.8; pₑ = 0.7·0.7 + 0.2·0.3 + 0.1·0 = 0.55; κ = 0.25 / 0.45 = 0.5556
    pairs = [("pass", "pass")] * 6 + [("na", "na")] * 2 + [("pass", "na"), ("deduct", "pass")]
    assert agreement(pairs).kappa == pytest.approx(0.5556, abs=1e-4)
    same = agreement([("pass", "pass")] * 4)
    assert same.percent == 100.0 and same.kappa is None  # pₑ = 1: undefined, not a fake 1.0
    assert agreement([]).percent is None


def test_campaign_agreement_per_item_per_pair_and_lowest() -> None:
    pairs = [
        ScoredPair(
            1,
            10,
            20,
            {"A": "pass", "B": "pass", "C": "deduct"},
            {"A": "pass", "B": "deduct", "C": "deduct"},
            98,
            96,
        ),
        ScoredPair(
            2,
            10,
            20,
            {"A": "pass", "B": "pass", "C": "pass"},
            {"A": "pass", "B": "deduct", "C": "pass"},
            100,
            97,
        ),
        ScoredPair(3, 11, 21, {"A": "na", "B": "pass"}, {"A": "pass", "B": "pass", "X": "pass"}, 100, 100),
    ]
    stats = campaign_agreement(pairs)
    assert stats.cases == 3
    assert stats.overall.n == 8 and stats.overall.agreed == 5
    assert stats.lowest[0].item_code == "B"  # 1 of 3 agree
    assert stats.lowest[0].outcomes == {"pass→deduct": 2}
    assert [i.item_code for i in stats.lowest] == ["B", "A"]
    assert stats.score.mean_abs == pytest.approx((2 + 3 + 0) / 3, abs=0.01)
    assert stats.score.max_abs == 3 and stats.score.max_case_id == 2
    assert [p.reviewers for p in stats.per_pair] == [(10, 20), (11, 21)]
    assert stats.per_pair[0].cases == 2


def test_progress_summary_flags_who_is_behind() -> None:
    rows = [
        CaseProgress(1, 1, 10, 20, True, True, True),
        CaseProgress(2, 1, 10, 20, True, True, False),
        CaseProgress(3, 2, 11, 20, False, False, False),
        CaseProgress(4, 2, 11, 21, False, False, False),
    ]
    total, units, reviewers = summarise(rows, {1: "甲", 2: "乙"}, {10: ("张", "丙"), 11: ("李", "丙")})
    assert (total.assigned, total.scored, total.rechecked, total.reconciled) == (4, 2, 2, 1)
    assert [u.label for u in units] == ["甲", "乙"]
    behind = {r.name for r in reviewers if r.behind}
    assert "李" in behind and "张" not in behind
