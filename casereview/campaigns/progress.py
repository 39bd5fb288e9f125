"""Campaign progress (进度): per campaign, unit and reviewer — assigned, scored (first review
submitted), re-checked (re-check submitted), reconciled (final review submitted) — and who
is behind.

"Behind" is relative, since a campaign has no fixed daily quota: a person with work still
open whose completion rate is more than ``BEHIND_MARGIN`` below the team's rate, or with
any open work once the campaign period has ended.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

BEHIND_MARGIN = 0.15


@dataclass(frozen=True)
class CaseProgress:
    case_id: int
    unit_id: int | None
    first_id: int | None
    rechecker_id: int | None
    first_done: bool
    recheck_done: bool
    final_done: bool


@dataclass(frozen=True)
class ProgressRow:
    key: int | None
    label: str
    assigned: int
    scored: int
    rechecked: int
    reconciled: int

    @property
    def percent_done(self) -> float:
        return round(100 * self.reconciled / self.assigned, 1) if self.assigned else 0.0


@dataclass(frozen=True)
class ReviewerProgress:
    reviewer_id: int
    name: str
    unit: str
    first_assigned: int
    first_done: int
    recheck_assigned: int
    recheck_done: int
    behind: bool

    @property
    def assigned(self) -> int:
        return self.first_assigned + self.recheck_assigned

    @property
    def done(self) -> int:
        return self.first_done + self.recheck_done

    @property
    def pending(self) -> int:
        return self.assigned - self.done

    @property
    def rate(self) -> float:
        return self.done / self.assigned if self.assigned else 1.0


def _row(key: int | None, label: str, rows: Sequence[CaseProgress]) -> ProgressRow:
    return ProgressRow(
        key,
        label,
        assigned=sum(1 for r in rows if r.first_id is not None or r.rechecker_id is not None),
        scored=sum(r.first_done for r in rows),
        rechecked=sum(r.recheck_done for r in rows),
        reconciled=sum(r.final_done for r in rows),
    )


def summarise(
    cases: Sequence[CaseProgress],
    unit_names: Mapping[int, str],
    people: Mapping[int, tuple[str, str]],  # reviewer id → (name, unit name)
    *,
    period_end: date | None = None,
    today: date | None = None,
) -> tuple[ProgressRow, list[ProgressRow], list[ReviewerProgress]]:
    """(whole campaign, per unit, per reviewer) — reviewers sorted with the most open work first."""
    total = _row(None, "合计", cases)
    by_unit: dict[int | None, list[CaseProgress]] = {}
    for c in cases:
        by_unit.setdefault(c.unit_id, []).append(c)
    units = [
        _row(u, unit_names.get(u, "（无单位）") if u is not None else "（无单位）", rows)
        for u, rows in sorted(by_unit.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]
    counts: dict[int, list[int]] = {}
    for c in cases:
        if c.first_id is not None:
            slot = counts.setdefault(c.first_id, [0, 0, 0, 0])
            slot[0] += 1
            slot[1] += c.first_done
        if c.rechecker_id is not None:
            slot = counts.setdefault(c.rechecker_id, [0, 0, 0, 0])
            slot[2] += 1
            slot[3] += c.recheck_done
    assigned = sum(v[0] + v[2] for v in counts.values())
    team_rate = sum(v[1] + v[3] for v in counts.values()) / assigned if assigned else 1.0
    overdue = period_end is not None and (today or date.today()) > period_end
    reviewers = []
    for rid, (fa, fd, ra, rd) in counts.items():
        name, unit = people.get(rid, (f"#{rid}", ""))
        rate = (fd + rd) / (fa + ra) if fa + ra else 1.0
        pending = fa + ra - fd - rd
        behind = pending > 0 and (overdue or rate + BEHIND_MARGIN < team_rate)
        reviewers.append(ReviewerProgress(rid, name, unit, fa, fd, ra, rd, behind))
    reviewers.sort(key=lambda r: (not r.behind, -r.pending, r.name))
    return total, units, reviewers


def stage_label(
    first_id: int | None, recheck_id: int | None, fs: str | None, rs: str | None, final: str | None
) -> str:
    """Where one campaign case stands, from its assignment and the status ("draft",
    "submitted", None when not started) of its first, re-check and final reviews."""
    if final == "submitted":
        return "已定稿"
    if first_id is None or recheck_id is None:
        return "待分配"
    if final == "draft":
        return "合议中"
    if fs == "submitted" and rs == "submitted":
        return "待合议"
    if fs != "submitted":
        return "初评中" if fs == "draft" else "待初评"
    return "复核中" if rs == "draft" else "待复核"
