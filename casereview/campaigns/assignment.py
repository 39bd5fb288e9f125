"""Cross-review assignment (交叉评查): who scores and who re-checks each campaign case.

Rules (hard, never broken by the automatic plan or by a manual change):
1. nobody reviews a case of their own unit;
2. the first reviewer and the re-checker of a case are different people;
3. optional strict rule: no reciprocal pairs of units — once someone of unit A reviews
   (or re-checks) a case of unit B in the campaign, nobody of unit B may review a case of
   unit A (counters "going easy on each other", 相互照顾).

Balance: greedy least-loaded. Cases are taken in a seeded random order; each goes to the
eligible person with the fewest cases so far (first and re-check both count), ties broken
by the seeded generator. Under the strict rule the plan prefers the unit pairs of a
seeded circular orientation (units on a ring, each reviewing the next units clockwise),
which can always be completed when units have staff, and only falls back to other
non-reciprocal pairs when the ring offers nobody.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from casereview.campaigns.labels import FIRST_ROLES, RECHECK_ROLES, REVIEW_ROLES


@dataclass(frozen=True)
class Person:
    reviewer_id: int
    unit_id: int | None
    role: str
    name: str = ""


@dataclass(frozen=True)
class CaseSlot:
    case_id: int
    unit_id: int | None


@dataclass(frozen=True)
class Pair:
    """The assignment of one case (either side may be missing while being planned)."""

    case_id: int
    first_id: int | None
    rechecker_id: int | None


@dataclass(frozen=True)
class Unassigned:
    case_id: int
    stage: str  # first | recheck
    reason: str


@dataclass
class Plan:
    pairs: list[Pair] = field(default_factory=list)
    unassigned: list[Unassigned] = field(default_factory=list)


Edge = tuple[int, int]  # (reviewer's unit, case's unit)


def edges_of(
    pairs: Iterable[Pair], case_units: Mapping[int, int | None], person_units: Mapping[int, int | None]
) -> set[Edge]:
    """The unit pairs (reviewer unit → case unit) used by the given assignments."""
    out: set[Edge] = set()
    for pair in pairs:
        case_unit = case_units.get(pair.case_id)
        for pid in (pair.first_id, pair.rechecker_id):
            if pid is None:
                continue
            unit = person_units.get(pid)
            if unit is not None and case_unit is not None:
                out.add((unit, case_unit))
    return out


def violations(
    pairs: Sequence[Pair],
    case_units: Mapping[int, int | None],
    person_units: Mapping[int, int | None],
    *,
    strict: bool,
) -> list[str]:
    """Every broken rule in a set of assignments (empty when all is well)."""
    problems: list[str] = []
    for pair in pairs:
        case_unit = case_units.get(pair.case_id)
        if pair.first_id is not None and pair.first_id == pair.rechecker_id:
            problems.append(f"案件 {pair.case_id}：初评人与复核人为同一人")
        for pid in (pair.first_id, pair.rechecker_id):
            if pid is not None and case_unit is not None and person_units.get(pid) == case_unit:
                problems.append(f"案件 {pair.case_id}：评查人 {pid} 属于被评查单位")
    if strict:
        edges = edges_of(pairs, case_units, person_units)
        for a, b in sorted(edges):
            if a < b and (b, a) in edges:
                problems.append(f"单位 {a} 与单位 {b} 互相评查")
    return problems


def conflict_reason(
    person: Person,
    case_unit: int | None,
    edges: set[Edge],
    *,
    strict: bool,
    unit_names: Mapping[int, str] | None = None,
) -> str | None:
    """Why ``person`` may not review a case of ``case_unit`` (None when allowed).

    ``edges`` are the unit pairs already used in the campaign by *other* assignments."""
    names = unit_names or {}

    def name(unit: int) -> str:
        return names.get(unit, f"单位 {unit}")

    if person.unit_id is None or case_unit is None:
        return None
    if person.unit_id == case_unit:
        return f"{person.name or person.reviewer_id}属于被评查单位“{name(case_unit)}”，不能评查本单位案件（交叉评查回避规则）"
    if strict and (case_unit, person.unit_id) in edges:
        return (
            f"严格回避规则：本活动中“{name(case_unit)}”的人员已在评查“{name(person.unit_id)}”的案件，"
            f"“{name(person.unit_id)}”的人员不能再评查“{name(case_unit)}”的案件（不得互相评查）"
        )
    return None


def reassignment_problem(
    case: CaseSlot,
    case_no: str,
    first: Person | None,
    rechecker: Person | None,
    *,
    others: Sequence[Pair],
    case_units: Mapping[int, int | None],
    person_units: Mapping[int, int | None],
    inactive: Collection[int] = (),
    strict: bool,
    unit_names: Mapping[int, str] | None = None,
) -> str | None:
    """Why a manual change to one case's pair breaks a rule (None when allowed).

    ``others`` are the campaign's other assignments (their unit pairs count for the strict
    rule); ``inactive`` the people no longer on duty. The same rules the plan obeys, worded
    for the person making the change."""
    names = unit_names or {}
    if first is not None and rechecker is not None and first.reviewer_id == rechecker.reviewer_id:
        return f"初评人和复核人不能是同一人（{first.name}）：本活动实行“一人评查、一人复核”。"
    edges = edges_of(others, case_units, person_units)
    for person, label in ((first, "初评人"), (rechecker, "复核人")):
        if person is None:
            continue
        if person.reviewer_id in inactive:
            return f"{person.name} 已停用，不能分配为{label}。"
        why = conflict_reason(person, case.unit_id, edges, strict=strict, unit_names=names)
        if why:
            return f"不能把案件 {case_no} 的{label}改为{person.name}：{why}。"
    if strict:
        # The two people of this case must not create a reciprocal pair between themselves either.
        pair = Pair(
            case.case_id,
            first.reviewer_id if first else None,
            rechecker.reviewer_id if rechecker else None,
        )
        mine = edges_of([pair], case_units, person_units)
        for a, b in mine:
            if (b, a) in edges or (b, a) in mine:
                return (
                    f"不能这样分配案件 {case_no}：严格回避规则下“{names.get(a, a)}”与“{names.get(b, b)}”不得互相评查。"
                )
    return None


def ring_edges(units: Iterable[int], rng: random.Random) -> set[Edge]:
    """A seeded circular orientation: each unit reviews the next ⌊(n-1)/2⌋ units on the ring.

    No pair appears in both directions, and each unit is reviewed by as many units as
    it reviews, so the strict rule can be met with balanced work."""
    ring = sorted(set(units))
    rng.shuffle(ring)
    n = len(ring)
    out: set[Edge] = set()
    for i, unit in enumerate(ring):
        for step in range(1, (n - 1) // 2 + 1):
            out.add((unit, ring[(i + step) % n]))
    if n % 2 == 0 and n >= 2:
        # The opposite pairs (distance n/2) are used in one direction only: the first half's.
        for i in range(n // 2):
            out.add((ring[i], ring[i + n // 2]))
    return out


def plan_assignments(
    cases: Sequence[CaseSlot],
    people: Sequence[Person],
    *,
    seed: int,
    strict: bool,
    existing: Sequence[Pair] = (),
    existing_case_units: Mapping[int, int | None] | None = None,
) -> Plan:
    """Fill the missing first reviewer / re-checker of ``cases``.

    ``existing`` holds assignments already made in the campaign (they count for load and,
    under the strict rule, for the unit pairs already in use). A case listed in both keeps
    what it has and only gets its missing side."""
    rng = random.Random(seed)
    by_id = {p.reviewer_id: p for p in people}
    person_units = {p.reviewer_id: p.unit_id for p in people}
    case_units: dict[int, int | None] = dict(existing_case_units or {})
    case_units.update({c.case_id: c.unit_id for c in cases})
    current: dict[int, Pair] = {p.case_id: p for p in existing}
    load: dict[int, int] = {p.reviewer_id: 0 for p in people}
    for pair in current.values():
        for pid in (pair.first_id, pair.rechecker_id):
            if pid in load:
                load[pid] += 1
    edges = edges_of(current.values(), case_units, person_units)
    all_units = {u for u in person_units.values() if u is not None} | {
        c.unit_id for c in cases if c.unit_id is not None
    }
    preferred = ring_edges(all_units, rng) if strict else set()

    order = list(cases)
    rng.shuffle(order)
    plan = Plan()
    for slot in order:
        pair = current.get(slot.case_id, Pair(slot.case_id, None, None))
        first, recheck = pair.first_id, pair.rechecker_id
        for stage in ("first", "recheck"):
            if (first if stage == "first" else recheck) is not None:
                continue
            other = recheck if stage == "first" else first
            pool_roles = FIRST_ROLES if stage == "first" else RECHECK_ROLES
            chosen = _choose(
                slot, people, pool_roles, other, edges, load, preferred, rng, strict=strict
            ) or _choose(slot, people, REVIEW_ROLES, other, edges, load, preferred, rng, strict=strict)
            if chosen is None:
                label = "初评人" if stage == "first" else "复核人"
                plan.unassigned.append(
                    Unassigned(
                        slot.case_id,
                        stage,
                        f"没有符合回避规则的{label}可分配（本单位人员不能评查本单位案件）",
                    )
                )
                continue
            load[chosen] += 1
            unit = by_id[chosen].unit_id
            if unit is not None and slot.unit_id is not None:
                edges.add((unit, slot.unit_id))
            if stage == "first":
                first = chosen
            else:
                recheck = chosen
        new = Pair(slot.case_id, first, recheck)
        current[slot.case_id] = new
        plan.pairs.append(new)
    plan.pairs.sort(key=lambda p: p.case_id)
    return plan


def _choose(
    slot: CaseSlot,
    people: Sequence[Person],
    roles: frozenset[str],
    other: int | None,
    edges: set[Edge],
    load: Mapping[int, int],
    preferred: set[Edge],
    rng: random.Random,
    *,
    strict: bool,
) -> int | None:
    eligible = [
        p
        for p in people
        if p.role in roles
        and p.reviewer_id != other
        and conflict_reason(p, slot.unit_id, edges, strict=strict) is None
    ]
    if not eligible:
        return None
    if strict and slot.unit_id is not None:
        # Stay on the ring (or on pairs already used) while it offers someone.
        on_ring = [
            p
            for p in eligible
            if p.unit_id is None
            or (p.unit_id, slot.unit_id) in preferred
            or (p.unit_id, slot.unit_id) in edges
        ]
        eligible = on_ring or eligible
    ties = {p.reviewer_id: rng.random() for p in eligible}
    best = min(eligible, key=lambda p: (load[p.reviewer_id], ties[p.reviewer_id]))
    return best.reviewer_id
