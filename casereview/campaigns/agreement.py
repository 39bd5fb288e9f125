"""Agreement between first review and re-check (评查一致性): percent agreement, Cohen's kappa
and score differences, overall, per item and per reviewer pair.

An *observation* is one item of one case answered in both the first review and the
re-check; its outcome is one of the answer categories pass / deduct / na / veto.

Cohen's kappa: κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the share of observations with the
same outcome and pₑ = Σₖ p₁ₖ·p₂ₖ is the agreement expected by chance from each side's
marginal shares. When pₑ = 1 (both sides used one and the same category throughout)
κ is undefined (0/0) and reported as ``None``; percent agreement still says 100 %.
Kappa is most useful for spotting vague items while piloting a standard (Cochrane
handbook 7.2.6), so the items with the lowest agreement are listed first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

CATEGORIES: tuple[str, ...] = ("pass", "deduct", "na", "veto")


@dataclass(frozen=True)
class Agreement:
    n: int  # observations
    agreed: int
    percent: float | None  # 0..100, None when n == 0
    kappa: float | None
    expected: float | None  # pₑ

    @property
    def disagreed(self) -> int:
        return self.n - self.agreed


def agreement(pairs: Iterable[tuple[str, str]], categories: Sequence[str] = CATEGORIES) -> Agreement:
    """Percent agreement and Cohen's kappa over (first outcome, re-check outcome) pairs."""
    pairs = list(pairs)
    n = len(pairs)
    if n == 0:
        return Agreement(0, 0, None, None, None)
    agreed = sum(1 for a, b in pairs if a == b)
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    cats = list(dict.fromkeys([*categories, *first, *second]))
    po = agreed / n
    pe = sum((first[c] / n) * (second[c] / n) for c in cats)
    kappa = None if abs(1 - pe) < 1e-12 else (po - pe) / (1 - pe)
    return Agreement(n, agreed, round(po * 100, 2), None if kappa is None else round(kappa, 4), round(pe, 4))


@dataclass(frozen=True)
class ScoredPair:
    """One case scored twice: first review and re-check (item code → outcome)."""

    case_id: int
    first_reviewer: int | None
    rechecker: int | None
    first: Mapping[str, str]
    recheck: Mapping[str, str]
    first_total: float | None = None
    recheck_total: float | None = None


@dataclass(frozen=True)
class ScoreDifference:
    cases: int
    mean_abs: float | None
    max_abs: float | None
    max_case_id: int | None


@dataclass(frozen=True)
class ItemAgreement:
    item_code: str
    stats: Agreement
    outcomes: dict[str, int]  # "pass→deduct": count, only the disagreements


@dataclass(frozen=True)
class PairAgreement:
    reviewers: tuple[int | None, int | None]  # (first reviewer, re-checker)
    cases: int
    stats: Agreement
    score: ScoreDifference


@dataclass(frozen=True)
class CampaignAgreement:
    cases: int
    overall: Agreement
    score: ScoreDifference
    per_item: list[ItemAgreement]
    per_pair: list[PairAgreement]
    lowest: list[ItemAgreement]


def observations(pair: ScoredPair) -> list[tuple[str, str, str]]:
    """(item, first outcome, re-check outcome) for items answered on both sides."""
    return [
        (code, pair.first[code], pair.recheck[code]) for code in sorted(pair.first) if code in pair.recheck
    ]


def score_difference(pairs: Iterable[ScoredPair]) -> ScoreDifference:
    diffs = [
        (abs(p.first_total - p.recheck_total), p.case_id)
        for p in pairs
        if p.first_total is not None and p.recheck_total is not None
    ]
    if not diffs:
        return ScoreDifference(0, None, None, None)
    worst = max(diffs, key=lambda d: (d[0], -d[1]))
    return ScoreDifference(
        len(diffs), round(sum(d for d, _ in diffs) / len(diffs), 2), round(worst[0], 2), worst[1]
    )


def campaign_agreement(pairs: Sequence[ScoredPair], *, lowest: int = 10) -> CampaignAgreement:
    """All the statistics of one campaign from its double-scored cases."""
    all_obs: list[tuple[str, str]] = []
    by_item: dict[str, list[tuple[str, str]]] = {}
    by_pair: dict[tuple[int | None, int | None], list[ScoredPair]] = {}
    for pair in pairs:
        for code, a, b in observations(pair):
            all_obs.append((a, b))
            by_item.setdefault(code, []).append((a, b))
        by_pair.setdefault((pair.first_reviewer, pair.rechecker), []).append(pair)
    per_item = [
        ItemAgreement(
            code,
            agreement(obs),
            dict(sorted(Counter(f"{a}→{b}" for a, b in obs if a != b).items())),
        )
        for code, obs in sorted(by_item.items())
    ]
    per_pair = [
        PairAgreement(
            key,
            len(group),
            agreement((a, b) for p in group for _, a, b in observations(p)),
            score_difference(group),
        )
        for key, group in sorted(by_pair.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1] or 0))
    ]
    disagreeing = [i for i in per_item if i.stats.disagreed > 0]
    disagreeing.sort(
        key=lambda i: (
            i.stats.percent if i.stats.percent is not None else 100.0,
            i.stats.kappa if i.stats.kappa is not None else 1.0,
            -i.stats.n,
            i.item_code,
        )
    )
    return CampaignAgreement(
        cases=len(pairs),
        overall=agreement(all_obs),
        score=score_difference(pairs),
        per_item=per_item,
        per_pair=per_pair,
        lowest=disagreeing[:lowest],
    )


OUTCOME_LABELS = {"pass": "符合", "deduct": "扣分", "na": "不适用", "veto": "否决"}


def outcome_label(key: str) -> str:
    """ "pass→deduct" → "符合→扣分" (the disagreement keys of ``ItemAgreement.outcomes``)."""
    return "→".join(OUTCOME_LABELS.get(part, part) for part in key.split("→"))


def format_kappa(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def kappa_reading(value: float | None) -> str:
    """Landis & Koch's usual wording, shown next to the number."""
    if value is None:
        return "无法计算"
    if value < 0:
        return "低于偶然一致"
    for limit, text in ((0.2, "轻微"), (0.4, "一般"), (0.6, "中等"), (0.8, "较高")):
        if value <= limit:
            return text
    return "几乎完全一致"
