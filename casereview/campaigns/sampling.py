"""Seeded, reproducible sampling of case files for a campaign (随机抽取).

The draw must be demonstrably random and repeatable: anyone holding the seed, the
specification and the list of cases in scope gets exactly the same files in the same
order. To make that hold:

- cases are sorted by a stable key (case number, then id) before drawing, never by
  database order;
- units are processed in ascending id, case types in ascending code;
- a single ``random.Random(seed)`` is consumed in that fixed order (``Random.sample``
  on an int seed gives the same result on every CPython version since 3.2).

Per unit the size is a number or a percentage (rounded up so a small unit still gives
at least one file when the percentage is positive). With stratification the unit's size
is split across case types in proportion to their counts (largest remainder, ties to
the lower type code), so the strata add up to exactly the unit's size.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from casereview.errors import ValidationError

Mode = Literal["count", "percent"]


@dataclass(frozen=True)
class UnitQuota:
    mode: Mode
    value: float

    def size(self, available: int) -> int:
        if available <= 0 or self.value <= 0:
            return 0
        if self.mode == "count":
            return min(int(self.value), available)
        return min(available, math.ceil(available * self.value / 100 - 1e-9))

    def describe(self) -> str:
        if self.mode == "count":
            return f"{int(self.value)} 件"
        return f"{self.value:g}%"


@dataclass(frozen=True)
class SampleSpec:
    """How many files to draw: a default quota for every unit, optional per-unit overrides."""

    default: UnitQuota = field(default_factory=lambda: UnitQuota("percent", 20))
    per_unit: Mapping[int, UnitQuota] = field(default_factory=dict)
    stratify_by_case_type: bool = False

    def quota(self, unit_id: int) -> UnitQuota:
        return self.per_unit.get(unit_id, self.default)

    def to_json(self) -> dict[str, Any]:
        return {
            "default": {"mode": self.default.mode, "value": self.default.value},
            "per_unit": {
                str(k): {"mode": q.mode, "value": q.value} for k, q in sorted(self.per_unit.items())
            },
            "stratify_by_case_type": self.stratify_by_case_type,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> SampleSpec:
        if not data:
            return cls()
        default = data.get("default") or {"mode": "percent", "value": 20}
        return cls(
            default=_quota(default),
            per_unit={int(k): _quota(v) for k, v in (data.get("per_unit") or {}).items()},
            stratify_by_case_type=bool(data.get("stratify_by_case_type", False)),
        )

    def describe(self) -> str:
        text = f"每单位 {self.default.describe()}"
        if self.per_unit:
            text += f"（{len(self.per_unit)} 个单位另行指定）"
        if self.stratify_by_case_type:
            text += "，按案件类型分层"
        return text


def _quota(data: Mapping[str, Any]) -> UnitQuota:
    mode = data.get("mode")
    if mode not in ("count", "percent"):
        raise ValidationError(f"抽样方式“{mode}”无效，应为 count（件数）或 percent（百分比）。", mode=mode)
    return UnitQuota(mode, float(data.get("value", 0)))


def parse_quota(text: str) -> UnitQuota:
    """``"20%"`` → 20 percent, ``"5"`` → 5 files (CLI and dialog input)."""
    raw = text.strip().replace("％", "%")
    try:
        if raw.endswith("%"):
            value = float(raw[:-1])
            if not 0 < value <= 100:
                raise ValidationError(f"抽样比例“{text}”应在 0～100% 之间。", value=text)
            return UnitQuota("percent", value)
        count = int(raw)
    except ValueError as exc:
        raise ValidationError(
            f"抽样数量“{text}”无效：请写件数（如 5）或百分比（如 20%）。", value=text
        ) from exc
    if count < 0:
        raise ValidationError(f"抽样件数“{text}”不能为负数。", value=text)
    return UnitQuota("count", count)


@dataclass(frozen=True)
class CaseKey:
    """What the draw needs to know about a case in scope."""

    case_id: int
    case_no: str
    unit_id: int | None
    case_type: str


@dataclass(frozen=True)
class Drawn:
    case_id: int
    unit_id: int | None
    case_type: str
    draw_order: int  # 1-based, over the whole draw


def _stable(cases: Iterable[CaseKey]) -> list[CaseKey]:
    return sorted(cases, key=lambda c: (c.case_no, c.case_id))


def allocate(total: int, sizes: Mapping[str, int]) -> dict[str, int]:
    """Split ``total`` across strata in proportion to their sizes (largest remainder).

    Never gives a stratum more than it has; ties go to the lower stratum key."""
    available = sum(sizes.values())
    total = min(total, available)
    if total <= 0 or available <= 0:
        return {k: 0 for k in sizes}
    exact = {k: total * n / available for k, n in sizes.items()}
    out = {k: min(sizes[k], math.floor(v)) for k, v in exact.items()}
    order = sorted(sizes, key=lambda k: (-(exact[k] - math.floor(exact[k])), k))
    while sum(out.values()) < total:
        progressed = False
        for k in order:
            if sum(out.values()) >= total:
                break
            if out[k] < sizes[k]:
                out[k] += 1
                progressed = True
        if not progressed:  # pragma: no cover - total ≤ available makes this unreachable
            break
    return out


def draw_sample(cases: Sequence[CaseKey], spec: SampleSpec, seed: int) -> list[Drawn]:
    """Draw the sample; the same cases, spec and seed always give the same list."""
    rng = random.Random(seed)
    by_unit: dict[int, list[CaseKey]] = {}
    for case in cases:
        # Cases without a unit form their own group (key -1) so they can still be drawn.
        by_unit.setdefault(case.unit_id if case.unit_id is not None else -1, []).append(case)
    drawn: list[Drawn] = []
    for unit_key in sorted(by_unit):
        unit_cases = _stable(by_unit[unit_key])
        size = spec.quota(unit_key).size(len(unit_cases))
        if size <= 0:
            continue
        if spec.stratify_by_case_type:
            strata: dict[str, list[CaseKey]] = {}
            for case in unit_cases:
                strata.setdefault(case.case_type, []).append(case)
            shares = allocate(size, {k: len(v) for k, v in strata.items()})
            picked: list[CaseKey] = []
            for case_type in sorted(strata):
                picked += rng.sample(strata[case_type], shares[case_type])
        else:
            picked = rng.sample(unit_cases, size)
        for case in picked:
            drawn.append(Drawn(case.case_id, case.unit_id, case.case_type, len(drawn) + 1))
    return drawn
