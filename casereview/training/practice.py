"""Practice reviews scored against an answer key (参考答案): pure comparison and cohort stats.

A *finding* is an item answered 扣分 with more than 0 points deducted, or 否决. Item by item:
- ``missed``: the key has a finding, the trainee has none;
- ``extra``: the trainee has a finding the key does not;
- ``veto``: both found something but one vetoed and the other only deducted;
- ``points``: both deducted, by different amounts;
- ``agree``: the same finding (same points), or neither found anything (符合 and 不适用
  are not told apart here: both mean "no deduction", and the score shows any difference);
- ``unanswered``: the trainee left the item open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from casereview.domain.enums import Answer
from casereview.scoring.engine import ItemAnswer, score
from casereview.standards.model import StandardDef

EPS = 1e-6
OUTCOME_LABELS = {
    "agree": "一致",
    "missed": "漏扣",
    "extra": "多扣",
    "veto": "否决不一致",
    "points": "分值不同",
    "unanswered": "未作答",
}
ANSWER_LABELS = {a.value: a.label for a in Answer}


@dataclass(frozen=True)
class ItemComparison:
    item_code: str
    item_text: str
    section: str
    key_answer: str | None
    trainee_answer: str | None
    key_points: float
    trainee_points: float
    outcome: str
    explanation: str | None = None  # the trainer's note for this item
    key_note: str | None = None
    trainee_note: str | None = None

    @property
    def agrees(self) -> bool:
        return self.outcome == "agree"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def key_is_finding(self) -> bool:
        return _is_finding(self.key_answer, self.key_points)


@dataclass(frozen=True)
class PracticeComparison:
    standard_code: str
    items: tuple[ItemComparison, ...]
    key_total: float
    trainee_total: float
    key_grade: str
    trainee_grade: str
    key_veto: bool
    trainee_veto: bool

    @property
    def points_difference(self) -> float:
        """Trainee total minus key total (positive: the trainee was too lenient)."""
        return round(self.trainee_total - self.key_total, 2)

    @property
    def veto_agrees(self) -> bool:
        return self.key_veto == self.trainee_veto

    def codes(self, outcome: str) -> tuple[str, ...]:
        return tuple(i.item_code for i in self.items if i.outcome == outcome)

    @property
    def missed(self) -> tuple[str, ...]:
        return self.codes("missed")

    @property
    def extra(self) -> tuple[str, ...]:
        return self.codes("extra")

    @property
    def points_mismatch(self) -> tuple[str, ...]:
        return self.codes("points")

    @property
    def agreement(self) -> float:
        """Share of items where the trainee agrees with the key (0..1)."""
        return sum(1 for i in self.items if i.agrees) / len(self.items) if self.items else 1.0

    @property
    def finding_recall(self) -> float:
        """Share of the key's findings the trainee also found (1.0 when the key has none)."""
        key_findings = [i for i in self.items if i.key_is_finding]
        if not key_findings:
            return 1.0
        return sum(1 for i in key_findings if i.outcome in ("agree", "points", "veto")) / len(key_findings)


def _is_finding(answer: str | None, points: float) -> bool:
    return answer == Answer.VETO.value or (answer == Answer.DEDUCT.value and points > EPS)


def compare(
    std: StandardDef,
    key: Mapping[str, ItemAnswer],
    trainee: Mapping[str, ItemAnswer],
    *,
    explanations: Mapping[str, str] | None = None,
    key_notes: Mapping[str, str | None] | None = None,
    trainee_notes: Mapping[str, str | None] | None = None,
) -> PracticeComparison:
    """Compare a trainee's answers with the key, item by item, in the standard's order."""
    explanations = explanations or {}
    key_notes = key_notes or {}
    trainee_notes = trainee_notes or {}
    key_score = score(std, key)
    trainee_score = score(std, trainee)
    rows: list[ItemComparison] = []
    for category, item in std.iter_items():
        k = key.get(item.code)
        t = trainee.get(item.code)
        k_ans = k.answer.value if k else None
        t_ans = t.answer.value if t else None
        k_pts = key_score.item_deductions.get(item.code, 0.0)
        t_pts = trainee_score.item_deductions.get(item.code, 0.0)
        k_find, t_find = _is_finding(k_ans, k_pts), _is_finding(t_ans, t_pts)
        if t is None:
            outcome = "unanswered"
        elif k_find and not t_find:
            outcome = "missed"
        elif t_find and not k_find:
            outcome = "extra"
        elif k_find and t_find and (k_ans == Answer.VETO.value) != (t_ans == Answer.VETO.value):
            outcome = "veto"
        elif k_find and t_find and abs(k_pts - t_pts) > EPS:
            outcome = "points"
        else:
            outcome = "agree"
        rows.append(
            ItemComparison(
                item_code=item.code,
                item_text=item.text,
                section=category.name,
                key_answer=k_ans,
                trainee_answer=t_ans,
                key_points=round(k_pts, 2),
                trainee_points=round(t_pts, 2),
                outcome=outcome,
                explanation=explanations.get(item.code) or None,
                key_note=key_notes.get(item.code),
                trainee_note=trainee_notes.get(item.code),
            )
        )
    return PracticeComparison(
        standard_code=std.id,
        items=tuple(rows),
        key_total=round(key_score.total, 2),
        trainee_total=round(trainee_score.total, 2),
        key_grade=key_score.grade,
        trainee_grade=trainee_score.grade,
        key_veto=bool(key_score.veto_hits),
        trainee_veto=bool(trainee_score.veto_hits),
    )


# --------------------------------------------------------------------------- cohort


@dataclass(frozen=True)
class Attempt:
    """One submitted practice review of one trainee, compared with its key."""

    review_id: int
    reviewer_id: int | None
    reviewer_name: str
    practice_case_id: int
    practice_title: str
    comparison: PracticeComparison
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class TraineeSummary:
    reviewer_id: int | None
    reviewer_name: str
    attempts: int
    mean_agreement: float
    mean_recall: float
    missed: int
    extra: int
    points_mismatch: int
    veto_disagreements: int
    mean_abs_points_difference: float


@dataclass(frozen=True)
class ItemCohortStat:
    key: str  # standard slug : item code
    item_code: str
    item_text: str
    attempts: int
    agree: int
    missed: int
    extra: int
    other: int  # points / veto / unanswered differences

    @property
    def agreement(self) -> float:
        return self.agree / self.attempts if self.attempts else 1.0


@dataclass(frozen=True)
class CohortResults:
    attempts: tuple[Attempt, ...]
    trainees: tuple[TraineeSummary, ...]
    items: tuple[ItemCohortStat, ...]  # most missed first

    @property
    def most_missed(self) -> tuple[ItemCohortStat, ...]:
        return tuple(i for i in self.items if i.missed > 0)


def cohort(attempts: Sequence[Attempt]) -> CohortResults:
    """Per-trainee and per-item agreement with the keys over many attempts."""
    by_trainee: dict[tuple[int | None, str], list[Attempt]] = defaultdict(list)
    for a in attempts:
        by_trainee[(a.reviewer_id, a.reviewer_name)].append(a)
    trainees = []
    for (rid, name), mine in by_trainee.items():
        comps = [a.comparison for a in mine]
        trainees.append(
            TraineeSummary(
                reviewer_id=rid,
                reviewer_name=name,
                attempts=len(mine),
                mean_agreement=round(sum(c.agreement for c in comps) / len(comps), 4),
                mean_recall=round(sum(c.finding_recall for c in comps) / len(comps), 4),
                missed=sum(len(c.missed) for c in comps),
                extra=sum(len(c.extra) for c in comps),
                points_mismatch=sum(len(c.points_mismatch) for c in comps),
                veto_disagreements=sum(1 for c in comps if not c.veto_agrees),
                mean_abs_points_difference=round(sum(abs(c.points_difference) for c in comps) / len(comps), 2),
            )
        )
    trainees.sort(key=lambda t: (-t.mean_agreement, t.reviewer_name))
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    texts: dict[str, tuple[str, str]] = {}
    for a in attempts:
        for i in a.comparison.items:
            key = f"{a.comparison.standard_code}:{i.item_code}"
            texts[key] = (i.item_code, i.item_text)
            s = stats[key]
            s["attempts"] += 1
            bucket = i.outcome if i.outcome in ("agree", "missed", "extra") else "other"
            s[bucket] += 1
    items = [
        ItemCohortStat(
            key=key,
            item_code=texts[key][0],
            item_text=texts[key][1],
            attempts=s["attempts"],
            agree=s["agree"],
            missed=s["missed"],
            extra=s["extra"],
            other=s["other"],
        )
        for key, s in stats.items()
    ]
    items.sort(key=lambda i: (-i.missed, -(i.extra + i.other), i.agreement, i.key))
    return CohortResults(attempts=tuple(attempts), trainees=tuple(trainees), items=tuple(items))
