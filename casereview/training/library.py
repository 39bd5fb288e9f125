"""The common-error library (常见问题库): confirmed findings grouped by item and by category.

Pure functions over ``FindingRecord`` values (one per confirmed deficiency of a real,
non-practice review). A finding is dated by its case's decision date (when the error was
made), falling back to the filing date and then to the date the deficiency was recorded,
so the quarterly trend shows when the errors happened, not when the review ran.

Library keys: an item is ``<standard slug>:<item code>`` (item codes repeat across
standards: A01 of the penalty standard is not A01 of the licensing one); a problem
category is ``category:<name>`` (立卷 / 实体 / 程序).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

CATEGORY_PREFIX = "category:"


def item_key(standard_code: str, item_code: str) -> str:
    return f"{standard_code}:{item_code}"


def category_key(category: str) -> str:
    return f"{CATEGORY_PREFIX}{category}"


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_range(first: date, last: date) -> list[str]:
    """Every quarter label from ``first`` to ``last`` inclusive (so empty quarters show as 0)."""
    out: list[str] = []
    year, q = first.year, (first.month - 1) // 3
    end = (last.year, (last.month - 1) // 3)
    while (year, q) <= end:
        out.append(f"{year}Q{q + 1}")
        q += 1
        if q == 4:
            year, q = year + 1, 0
    return out


@dataclass(frozen=True)
class EvidencePage:
    document_id: int
    page: int  # 1-based page within the document
    title: str = ""


@dataclass(frozen=True)
class FindingRecord:
    """One confirmed deficiency with what the library needs about its case."""

    deficiency_id: int
    standard_code: str
    standard_name: str
    item_code: str
    item_text: str
    section: str  # the standard's category name (e.g. 调查取证)
    category: str  # problem category (立卷 / 实体 / 程序)
    points: float
    is_veto: bool
    wording: str
    case_id: int
    case_type: str
    unit_id: int | None
    campaign_id: int | None
    when: date
    evidence: tuple[EvidencePage, ...] = ()

    @property
    def key(self) -> str:
        return item_key(self.standard_code, self.item_code)


@dataclass(frozen=True)
class LibraryScope:
    """Which findings count: period (by the finding's date) and scope."""

    date_from: date | None = None
    date_to: date | None = None
    campaign_id: int | None = None
    unit_id: int | None = None
    case_type: str | None = None

    def admits(self, rec: FindingRecord) -> bool:
        if self.date_from is not None and rec.when < self.date_from:
            return False
        if self.date_to is not None and rec.when > self.date_to:
            return False
        if self.campaign_id is not None and rec.campaign_id != self.campaign_id:
            return False
        if self.unit_id is not None and rec.unit_id != self.unit_id:
            return False
        return self.case_type is None or rec.case_type == self.case_type


@dataclass(frozen=True)
class ItemGroup:
    key: str
    standard_code: str
    standard_name: str
    item_code: str
    item_text: str
    section: str
    category: str
    count: int  # findings
    case_count: int
    unit_count: int
    points_total: float
    veto_count: int
    trend: tuple[tuple[str, int], ...]  # (quarter, count) over the library's quarters
    example_ids: tuple[int, ...]  # suggested examples (best first)
    wordings: tuple[tuple[str, int], ...] = ()  # most frequent reviewer wordings

    @property
    def share_label(self) -> str:
        return f"{self.count} 次 / {self.case_count} 件"


@dataclass(frozen=True)
class CategoryGroup:
    key: str
    category: str
    count: int
    case_count: int
    item_keys: tuple[str, ...]  # most frequent first
    trend: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Library:
    scope: LibraryScope
    total: int
    case_count: int
    quarters: tuple[str, ...]
    items: tuple[ItemGroup, ...]
    categories: tuple[CategoryGroup, ...]
    records: dict[int, FindingRecord] = field(default_factory=dict, compare=False, repr=False)

    def item(self, key: str) -> ItemGroup | None:
        return next((g for g in self.items if g.key == key), None)

    def category(self, key: str) -> CategoryGroup | None:
        return next((g for g in self.categories if g.key == key), None)


def pick_examples(records: Sequence[FindingRecord], limit: int = 3) -> tuple[int, ...]:
    """Typical examples: prefer findings with a page link, the most common wording first,
    then distinct cases and wordings, most recent first (deterministic)."""
    freq = Counter(r.wording for r in records)
    ordered = sorted(
        records, key=lambda r: (not r.evidence, -freq[r.wording], -r.when.toordinal(), r.deficiency_id)
    )
    chosen: list[int] = []
    seen_cases: set[int] = set()
    seen_wordings: set[str] = set()
    for strict in (True, False):
        for r in ordered:
            if len(chosen) >= limit:
                break
            if r.deficiency_id in chosen:
                continue
            if strict and (r.case_id in seen_cases or r.wording in seen_wordings):
                continue
            chosen.append(r.deficiency_id)
            seen_cases.add(r.case_id)
            seen_wordings.add(r.wording)
    return tuple(chosen)


def _trend(records: Iterable[FindingRecord], quarters: Sequence[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(quarter_of(r.when) for r in records)
    return tuple((q, counts.get(q, 0)) for q in quarters)


def build_library(records: Iterable[FindingRecord], scope: LibraryScope | None = None, *, examples: int = 3) -> Library:
    """Group the findings the scope admits by item and by problem category, most frequent first."""
    scope = scope or LibraryScope()
    kept = [r for r in records if scope.admits(r)]
    quarters: tuple[str, ...] = ()
    if kept:
        first = scope.date_from or min(r.when for r in kept)
        last = scope.date_to or max(r.when for r in kept)
        quarters = tuple(quarter_range(first, last))
    by_item: dict[str, list[FindingRecord]] = defaultdict(list)
    by_cat: dict[str, list[FindingRecord]] = defaultdict(list)
    for r in kept:
        by_item[r.key].append(r)
        by_cat[r.category or "未分类"].append(r)
    items = []
    for key, recs in by_item.items():
        head = recs[0]
        items.append(
            ItemGroup(
                key=key,
                standard_code=head.standard_code,
                standard_name=head.standard_name,
                item_code=head.item_code,
                item_text=head.item_text,
                section=head.section,
                category=head.category or "未分类",
                count=len(recs),
                case_count=len({r.case_id for r in recs}),
                unit_count=len({r.unit_id for r in recs if r.unit_id is not None}),
                points_total=round(sum(r.points for r in recs), 2),
                veto_count=sum(1 for r in recs if r.is_veto),
                trend=_trend(recs, quarters),
                example_ids=pick_examples(recs, examples),
                wordings=tuple(Counter(r.wording for r in recs if r.wording).most_common(5)),
            )
        )
    items.sort(key=lambda g: (-g.count, -g.case_count, g.key))
    rank = {g.key: i for i, g in enumerate(items)}
    categories = []
    for name, recs in by_cat.items():
        keys = sorted({r.key for r in recs}, key=lambda k: rank[k])
        categories.append(
            CategoryGroup(
                key=category_key(name),
                category=name,
                count=len(recs),
                case_count=len({r.case_id for r in recs}),
                item_keys=tuple(keys),
                trend=_trend(recs, quarters),
            )
        )
    categories.sort(key=lambda g: (-g.count, g.category))
    return Library(
        scope=scope,
        total=len(kept),
        case_count=len({r.case_id for r in kept}),
        quarters=quarters,
        items=tuple(items),
        categories=tuple(categories),
        records={r.deficiency_id: r for r in kept},
    )
