"""``compute_statistics``: every figure of the dashboard, the report and the workbook.

Rules (documented here because users ask "why is this file counted / not counted"):

* **One final review per file.** Among a case's submitted, non-practice reviews the
  counted one is the final review: the 合议 (final) stage of a campaign, else a
  first-stage review made outside any campaign. A file whose campaign review is still in
  first review or re-check is *unfinished*: it is listed apart (``Statistics.unfinished``)
  and not counted, so no figure mixes final and provisional scores. Only
  ``StatsFilter(include_unfinished=True)`` counts such a file at its latest submitted
  review, and every text then says so. Practice reviews never count.
* **Items** are identified by (standard, code): A04 of the penalty standard and A04 of
  the coercion standard are different items and are never merged.
* **Points** of a problem are the points actually lost after the category cap (the
  register's "实际扣分"); the items' own deductions before caps are ``nominal``.
* **Rankings say what they rank**: ``items`` are ordered by the number of times deducted,
  ``items_by_points`` by points lost.
* **Filters.** Campaign, unit, case type and standard select reviews before the choice
  above; the period applies to the counted review. The period's date basis is the day the
  counted review was submitted by default (``review``): statistics reported upward cover
  "files reviewed in the period". ``decision`` uses the case's decision date instead, for
  reports that describe the enforcement year being reviewed. Files without the chosen date
  are excluded when a period is set.
* **Problems** are the deducted (points > 0) or vetoed items of the counted reviews.
* **Excellent / passed** follow the grade bands of each review's own standard: the top
  band is excellent, every band but the lowest is a pass.
* **Unit ranking**: by mean score, ties broken by the total score (more files reviewed at
  the same mean rank higher), then by name; equal mean and total share a rank.
* Scores are rounded 四舍五入 (half up, on Decimal) to 2 decimals and rates to 4
  (fractions), here and only here, so every output shows the same numbers; a rate with
  nothing to divide by is None (printed "—").
"""

from __future__ import annotations

import statistics as pystats
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from casereview.stats.model import (
    DATE_BASIS_DECISION,
    CategoryStats,
    DeductionRow,
    GradeCount,
    ItemStats,
    Rectification,
    ReviewerLoad,
    ReviewRow,
    Statistics,
    StatsFilter,
    StatsInput,
    UnitRectification,
    UnitStats,
)
from casereview.stats.numbers import rate, round_half_up, to_decimal

PROBLEM_CATEGORY_ORDER = ("立卷", "实体", "程序")
EXAMPLES_PER_ITEM = 3
NOTICE_CLOSED = frozenset({"verified", "closed"})
NOTICE_OPEN = frozenset({"issued", "responded", "rejected"})
DEFICIENCY_RESPONDED = frozenset({"responded", "verified"})
DEFICIENCY_CLOSED = frozenset({"closed"})

def _rate(part: int, whole: int) -> float | None:
    return rate(part, whole)


def _unit_rate(part: int, whole: int) -> float:
    """A rate whose denominator is never 0 (a unit row has at least one file)."""
    return rate(part, whole) or 0.0


def _r2(value: float | Decimal) -> float:
    return round_half_up(value, 2)


def is_final(row: ReviewRow) -> bool:
    """The review is a file's final result: a campaign's 合议 or a review outside campaigns."""
    return row.stage == "final" or (row.stage == "first" and row.campaign_id is None)


def _priority(row: ReviewRow) -> tuple[int, float, int]:
    if row.stage == "final":
        rank = 3
    elif row.stage == "first" and row.campaign_id is None:
        rank = 2
    else:
        rank = 1
    stamp = row.submitted_at.timestamp() if row.submitted_at else 0.0
    return rank, stamp, row.review_id


def _selected(row: ReviewRow, flt: StatsFilter) -> bool:
    if row.stage == "practice":
        return False
    if flt.campaign_id is not None and row.campaign_id != flt.campaign_id:
        return False
    if flt.unit_ids and row.unit_id not in flt.unit_ids:
        return False
    if flt.case_types and row.case_type not in flt.case_types:
        return False
    return not (flt.standard_codes and row.standard_code not in flt.standard_codes)


def _in_period(row: ReviewRow, flt: StatsFilter) -> bool:
    if flt.date_from is None and flt.date_to is None:
        return True
    day = row.decision_date if flt.date_basis == DATE_BASIS_DECISION else row.review_date
    if day is None:
        return False
    if flt.date_from is not None and day < flt.date_from:
        return False
    return not (flt.date_to is not None and day > flt.date_to)


def split_counted(
    reviews: Iterable[ReviewRow], flt: StatsFilter = StatsFilter()
) -> tuple[list[ReviewRow], list[ReviewRow]]:
    """(counted, unfinished): the counted review of each file within the filter, and the
    latest review of each file that has no final review yet; both ordered by case number.
    With ``include_unfinished`` the unfinished files are counted too (and still listed)."""
    best: dict[int, ReviewRow] = {}
    for row in reviews:
        if not _selected(row, flt):
            continue
        current = best.get(row.case_id)
        if current is None or _priority(row) > _priority(current):
            best[row.case_id] = row
    chosen = [row for row in best.values() if _in_period(row, flt)]
    chosen.sort(key=lambda r: (r.case_no, r.review_id))
    unfinished = [r for r in chosen if not is_final(r)]
    if flt.include_unfinished:
        return chosen, unfinished
    return [r for r in chosen if is_final(r)], unfinished


def pick_counted(reviews: Iterable[ReviewRow], flt: StatsFilter = StatsFilter()) -> list[ReviewRow]:
    """The counted review of each file within the filter, ordered by case number."""
    return split_counted(reviews, flt)[0]


def _median(values: list[float]) -> float | None:
    return _r2(pystats.median([to_decimal(v) for v in values])) if values else None


def _unit_table(ledger: list[ReviewRow], problems: dict[int, int], points: dict[int, float]) -> list[UnitStats]:
    groups: dict[str, list[ReviewRow]] = defaultdict(list)
    for row in ledger:
        groups[row.unit_name or "（未填单位）"].append(row)
    rows: list[tuple[float, float, str, list[ReviewRow]]] = []
    for name, members in groups.items():
        exact = sum((to_decimal(r.score) for r in members), Decimal(0))
        rows.append((_r2(exact / len(members)), _r2(exact), name, members))
    rows.sort(key=lambda t: (-t[0], -t[1], t[2]))
    out: list[UnitStats] = []
    previous: tuple[float, float] | None = None
    rank = 0
    for index, (mean, total, name, members) in enumerate(rows, start=1):
        if (mean, total) != previous:
            rank = index
        previous = (mean, total)
        files = len(members)
        excellent = sum(1 for r in members if r.excellent)
        passed = sum(1 for r in members if r.passed)
        excellence_rate = _unit_rate(excellent, files)
        pass_rate = _unit_rate(passed, files)
        out.append(
            UnitStats(
                rank=rank,
                unit_name=name,
                files=files,
                total_score=total,
                mean_score=mean,
                median_score=_median([r.score for r in members]) or 0.0,
                excellent=excellent,
                passed=passed,
                excellence_rate=excellence_rate,
                pass_rate=pass_rate,
                problems=sum(problems.get(r.review_id, 0) for r in members),
                points=_r2(sum(points.get(r.review_id, 0.0) for r in members)),
                veto_files=sum(1 for r in members if r.veto),
                excellent_unit=excellence_rate >= 0.85 and passed == files,
            )
        )
    return out


def _item_table(
    deductions: list[DeductionRow], ledger_by_review: dict[int, ReviewRow], files: int
) -> list[ItemStats]:
    by_item: dict[tuple[str, str], list[DeductionRow]] = defaultdict(list)
    for d in deductions:
        by_item[d.item_key].append(d)
    out: list[ItemStats] = []
    for (std_code, code), rows in by_item.items():
        first = rows[0]
        ordered = sorted(rows, key=lambda d: (ledger_by_review[d.review_id].case_no, d.review_id))
        examples: list[str] = []
        example_ids: list[int] = []
        for d in ordered:
            note = (d.note or "").strip()
            if note and note not in examples:
                examples.append(note)
                example_ids.append(d.review_id)
            if len(examples) >= EXAMPLES_PER_ITEM:
                break
        out.append(
            ItemStats(
                item_code=code,
                item_text=first.item_text,
                category_name=first.category_name,
                problem_category=first.problem_category,
                times=len(rows),
                points=_r2(sum(d.points_lost for d in rows)),
                share_of_files=_rate(len({d.review_id for d in rows}), files),
                examples=tuple(examples),
                example_cases=tuple(example_ids),
                standard_code=std_code,
                standard_name=first.standard_name,
                nominal=_r2(sum(d.points for d in rows)),
            )
        )
    out.sort(key=lambda s: (-s.times, -s.points, s.standard_name, s.item_code))
    return out


def _category_table(deductions: list[DeductionRow], key: str) -> list[CategoryStats]:
    times: Counter[str] = Counter()
    points: dict[str, float] = defaultdict(float)
    for d in deductions:
        name = getattr(d, key) or "其他"
        times[name] += 1
        points[name] += d.points_lost
    total = sum(times.values())
    names = list(times)
    if key == "problem_category":
        names.sort(key=lambda n: (PROBLEM_CATEGORY_ORDER.index(n) if n in PROBLEM_CATEGORY_ORDER else 9, n))
    else:
        names.sort(key=lambda n: (-times[n], n))
    return [CategoryStats(n, times[n], _r2(points[n]), _rate(times[n], total)) for n in names]


def _rectification(data: StatsInput, counted_ids: set[int]) -> Rectification:
    deficiencies = [d for d in data.deficiencies if d.review_id in counted_ids]
    by_status = Counter(d.status for d in deficiencies)
    notice_ids = {d.notice_id for d in deficiencies if d.notice_id is not None}
    notices = [n for n in data.notices if n.id in notice_ids and n.status != "void"]
    closed = [n for n in notices if n.status in NOTICE_CLOSED]
    open_ = [n for n in notices if n.status in NOTICE_OPEN]

    overdue = [
        n for n in open_ if data.today is not None and n.deadline is not None and n.deadline < data.today
    ]
    units: dict[str, Counter[str]] = defaultdict(Counter)
    for d in deficiencies:
        u = units[d.unit_name or "（未填单位）"]
        u["deficiencies"] += 1
        if d.status != "pending":
            u["issued"] += 1
        if d.status in DEFICIENCY_RESPONDED | DEFICIENCY_CLOSED:
            u["responded"] += 1
        if d.status in DEFICIENCY_CLOSED:
            u["closed"] += 1
        if d.status == "pending":
            u["pending"] += 1
    for n in notices:
        u = units[n.unit_name or "（未填单位）"]
        u["notices"] += 1
        if n.status in NOTICE_CLOSED:
            u["notices_closed"] += 1
    for n in overdue:
        units[n.unit_name or "（未填单位）"]["overdue"] += 1
    unit_rows = [
        UnitRectification(
            unit_name=name,
            deficiencies=c["deficiencies"],
            issued=c["issued"],
            responded=c["responded"],
            closed=c["closed"],
            pending=c["pending"],
            notices=c["notices"],
            notices_closed=c["notices_closed"],
            overdue=c["overdue"],
        )
        for name, c in sorted(units.items())
    ]
    return Rectification(
        deficiencies=len(deficiencies),
        by_status=dict(sorted(by_status.items())),
        notices_issued=len(notices),
        notices_closed=len(closed),
        notices_open=len(open_),
        notices_overdue=len(overdue),
        closure_rate=_rate(len(closed), len(notices)),
        units=unit_rows,
    )


def _reviewer_loads(reviews: list[ReviewRow], flt: StatsFilter) -> list[ReviewerLoad]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    scores: dict[str, list[float]] = defaultdict(list)
    for row in reviews:
        if not _selected(row, flt) or not _in_period(row, flt):
            continue
        name = row.reviewer_name or "（未指定）"
        per[name][row.stage] += 1
        if row.stage == "first":
            scores[name].append(row.score)
    out = [
        ReviewerLoad(
            reviewer_name=name,
            first=c["first"],
            recheck=c["recheck"],
            final=c["final"],
            total=sum(c.values()),
            mean_score_given=_r2(sum((to_decimal(s) for s in scores[name]), Decimal(0)) / len(scores[name]))
            if scores[name]
            else None,
        )
        for name, c in per.items()
    ]
    out.sort(key=lambda r: (-r.total, r.reviewer_name))
    return out


def compute_statistics(data: StatsInput, flt: StatsFilter = StatsFilter()) -> Statistics:
    """All figures for the reviews in ``data`` within ``flt`` (pure; see the module docstring)."""
    ledger, unfinished = split_counted(data.reviews, flt)
    by_review = {r.review_id: r for r in ledger}
    deductions = [d for d in data.deductions if d.review_id in by_review]
    problems: Counter[int] = Counter(d.review_id for d in deductions)
    points: dict[int, float] = defaultdict(float)
    for d in deductions:
        points[d.review_id] += d.points_lost
    files = len(ledger)
    scores = [r.score for r in ledger]
    excellent = sum(1 for r in ledger if r.excellent)
    passed = sum(1 for r in ledger if r.passed)
    grade_counts = Counter(r.grade for r in ledger)
    order = list(data.grade_order) + sorted(g for g in grade_counts if g not in data.grade_order)
    return Statistics(
        filters=flt,
        campaign_name=data.campaign_name,
        grade_order=tuple(order),
        files=files,
        units=len({r.unit_name for r in ledger}),
        problems=len(deductions),
        problem_files=len(problems),
        points_deducted=_r2(sum(d.points_lost for d in deductions)),
        veto_files=sum(1 for r in ledger if r.veto),
        mean_score=_r2(sum((to_decimal(s) for s in scores), Decimal(0)) / files) if files else None,
        median_score=_median(scores),
        min_score=min(scores) if scores else None,
        max_score=max(scores) if scores else None,
        excellent=excellent,
        passed=passed,
        failed=files - passed,
        excellence_rate=_rate(excellent, files),
        pass_rate=_rate(passed, files),
        grades=[GradeCount(g, grade_counts.get(g, 0), _rate(grade_counts.get(g, 0), files)) for g in order],
        unit_stats=_unit_table(ledger, problems, points),
        items=_item_table(deductions, by_review, files),
        categories=_category_table(deductions, "problem_category"),
        standard_categories=_category_table(deductions, "category_name"),
        rectification=_rectification(data, set(by_review)),
        reviewers=_reviewer_loads(data.reviews, flt),
        ledger=ledger,
        problems_by_review=dict(problems),
        points_by_review={k: _r2(v) for k, v in points.items()},
        unfinished=unfinished,
        skipped=tuple(data.skipped),
        points_nominal=_r2(sum(d.points for d in deductions)),
    )


def allocate_caps(
    findings: Iterable[tuple[str, float]], caps: dict[str, tuple[float | None, bool]]
) -> list[float]:
    """Points actually lost by each finding after its category's cap, as the scoring engine
    counts them: ``findings`` are (category code, nominal points) in the standard's item
    order; ``caps`` maps a category to (max points or None, veto tier). A category's
    deductions are taken in item order until its cap is used up; a veto-tier category
    takes no points (its items act through their veto effect)."""
    remaining: dict[str, float] = {}
    out: list[float] = []
    for category, nominal in findings:
        cap, veto_tier = caps.get(category, (None, False))
        if veto_tier:
            out.append(0.0)
            continue
        left = remaining.get(category, float("inf") if cap is None else cap)
        lost = max(0.0, min(nominal, left))
        remaining[category] = left - lost
        out.append(round_half_up(lost, 4))
    return out
