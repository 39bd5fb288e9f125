"""The pure statistics core: which review counts, filters, rankings, rates, rectification."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from casereview.stats import (
    DATE_BASIS_DECISION,
    DeductionRow,
    DeficiencyRow,
    NoticeRow,
    ReviewRow,
    StatsFilter,
    StatsInput,
    compute_statistics,
    pick_counted,
    split_counted,
)
from casereview.stats.compute import allocate_caps
from casereview.stats.numbers import fmt_num, fmt_pct


def row(
    review_id: int,
    case_id: int,
    score: float,
    *,
    stage: str = "first",
    campaign_id: int | None = None,
    unit: str = "甲单位",
    submitted: datetime | None = None,
    decision: date | None = None,
    reviewer: str = "张评",
    case_type: str = "penalty",
    standard: str = "std-a",
) -> ReviewRow:
    grade = "优秀" if score >= 90 else "合格" if score >= 60 else "不合格"
    return ReviewRow(
        review_id=review_id,
        case_id=case_id,
        case_no=f"案{case_id:03d}",
        stage=stage,
        campaign_id=campaign_id,
        submitted_at=submitted or datetime(2025, 3, 1, 10, 0) ,
        score=score,
        grade=grade,
        excellent=score >= 90,
        passed=score >= 60,
        veto=False,
        unit_id=hash(unit) % 1000,
        unit_name=unit,
        case_type=case_type,
        decision_date=decision,
        standard_code=standard,
        reviewer_name=reviewer,
    )


def ded(review_id: int, code: str, points: float, category: str = "程序", note: str = "") -> DeductionRow:
    return DeductionRow(review_id, code, f"项目{code}", "C1", "立案", category, points, note=note)


def test_final_review_beats_first_and_recheck_in_a_campaign() -> None:
    rows = [
        row(1, 1, 80, campaign_id=7),
        row(2, 1, 85, stage="recheck", campaign_id=7, submitted=datetime(2025, 3, 5)),
        row(3, 1, 83, stage="final", campaign_id=7, submitted=datetime(2025, 3, 4)),
    ]
    assert [r.review_id for r in pick_counted(rows)] == [3]


def test_unfinished_files_are_listed_not_counted_unless_asked() -> None:
    rows = [
        row(1, 1, 80, campaign_id=7, submitted=datetime(2025, 3, 1)),
        row(2, 1, 85, stage="recheck", campaign_id=7, submitted=datetime(2025, 3, 5)),
        row(4, 2, 70, campaign_id=7, submitted=datetime(2025, 4, 1)),
        row(5, 2, 75, campaign_id=None, submitted=datetime(2025, 3, 1)),  # authoritative outside a campaign
    ]
    counted, unfinished = split_counted(rows)
    assert {r.case_id: r.review_id for r in counted} == {2: 5}
    assert [r.review_id for r in unfinished] == [2]
    mixed = {r.case_id: r.review_id for r in pick_counted(rows, StatsFilter(include_unfinished=True))}
    assert mixed == {1: 2, 2: 5}
    stats = compute_statistics(StatsInput(rows, []))
    assert stats.files == 1 and len(stats.unfinished) == 1
    assert "另有 1 件尚未完成复核合议，未计入" in stats.scope_text()


def test_items_of_different_standards_sharing_a_code_are_not_merged() -> None:
    rows = [row(1, 1, 90, standard="coercion"), row(2, 2, 90, standard="penalty"), row(3, 3, 90, standard="penalty")]
    deductions = [
        DeductionRow(1, "A04", "文书填写规范", "A", "立卷", "立卷", 2, standard_code="coercion", standard_name="强制"),
        DeductionRow(2, "A04", "卷内文件排列顺序", "A", "立卷", "立卷", 1, standard_code="penalty", standard_name="处罚"),
        DeductionRow(3, "A04", "卷内文件排列顺序", "A", "立卷", "立卷", 1, standard_code="penalty", standard_name="处罚"),
    ]
    stats = compute_statistics(StatsInput(rows, deductions))
    assert [(i.standard_code, i.item_code, i.item_text, i.times) for i in stats.items] == [
        ("penalty", "A04", "卷内文件排列顺序", 2),
        ("coercion", "A04", "文书填写规范", 1),
    ]


def test_rounding_is_half_up_and_empty_rates_are_none() -> None:
    rows = [row(1, 1, 93.5), row(2, 2, 93.75)]  # mean 93.625
    stats = compute_statistics(StatsInput(rows, []))
    assert stats.mean_score == 93.63 and stats.unit_stats[0].mean_score == 93.63
    empty = compute_statistics(StatsInput([], []))
    assert empty.excellence_rate is None and empty.pass_rate is None
    assert empty.rectification.closure_rate is None
    assert fmt_pct(empty.pass_rate) == "—" and fmt_num(93.625) == "93.63" and fmt_pct(0.123456) == "12.35%"


def test_points_lost_follow_category_caps() -> None:
    caps = {"D": (25.0, False), "V": (None, True)}
    lost = allocate_caps([("D", 10), ("D", 10), ("D", 8), ("V", 5), ("E", 3)], caps)
    assert lost == [10, 10, 5, 0, 3]
    rows = [row(1, 1, 72)]
    deductions = [
        DeductionRow(1, "D01", "x", "D", "程序", "程序", 10, lost=10),
        DeductionRow(1, "D02", "y", "D", "程序", "程序", 18, lost=15),
    ]
    stats = compute_statistics(StatsInput(rows, deductions))
    assert stats.points_deducted == 25 and stats.points_nominal == 28
    assert stats.items[0].points + stats.items[1].points == 25


def test_practice_reviews_never_count() -> None:
    rows = [row(1, 1, 10, stage="practice"), row(2, 2, 95)]
    stats = compute_statistics(StatsInput(rows, []))
    assert stats.files == 1 and stats.mean_score == 95


def test_campaign_filter_applies_before_choosing() -> None:
    rows = [row(1, 1, 60, stage="final", campaign_id=1), row(2, 1, 90, campaign_id=2)]
    assert [r.review_id for r in pick_counted(rows, StatsFilter(campaign_id=2))] == []
    assert [r.review_id for r in pick_counted(rows, StatsFilter(campaign_id=2, include_unfinished=True))] == [2]
    assert [r.review_id for r in pick_counted(rows)] == [1]


def test_period_uses_review_date_by_default_and_decision_date_when_asked() -> None:
    rows = [
        row(1, 1, 90, submitted=datetime(2025, 1, 10), decision=date(2024, 12, 1)),
        row(2, 2, 80, submitted=datetime(2025, 2, 10), decision=date(2025, 1, 5)),
        row(3, 3, 70, submitted=datetime(2025, 2, 11), decision=None),
    ]
    jan = StatsFilter(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31))
    assert [r.review_id for r in pick_counted(rows, jan)] == [1]
    by_decision = StatsFilter(date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), date_basis=DATE_BASIS_DECISION)
    assert [r.review_id for r in pick_counted(rows, by_decision)] == [2]  # no decision date → excluded


def test_headline_figures_grades_and_problems() -> None:
    rows = [row(1, 1, 95), row(2, 2, 85), row(3, 3, 55), row(4, 4, 90), row(9, 4, 10, campaign_id=3)]
    deds = [ded(2, "L01", 2, note="立案超期"), ded(2, "L02", 3), ded(3, "L01", 2, note="立案超期"),
            ded(3, "S01", 5, category="实体"), ded(9, "L01", 90)]  # review 9 does not count
    stats = compute_statistics(StatsInput(rows, deds))
    assert stats.files == 4
    assert stats.mean_score == 81.25
    assert stats.median_score == 87.5
    assert (stats.excellent, stats.passed, stats.failed) == (2, 3, 1)
    assert stats.excellence_rate == 0.5 and stats.pass_rate == 0.75
    assert [(g.grade, g.count) for g in stats.grades] == [("优秀", 2), ("合格", 1), ("不合格", 1)]
    assert stats.problems == 4 and stats.problem_files == 2 and stats.points_deducted == 12
    top = stats.items[0]
    assert (top.item_code, top.times, top.points, top.share_of_files) == ("L01", 2, 4, 0.5)
    assert top.examples == ("立案超期",)
    assert [(c.name, c.times) for c in stats.categories] == [("实体", 1), ("程序", 3)]
    assert stats.problems_by_review == {2: 2, 3: 2}


def test_unit_ranking_by_mean_then_total_with_shared_ranks() -> None:
    rows = [
        row(1, 1, 90, unit="甲"), row(2, 2, 90, unit="甲"),  # mean 90, total 180
        row(3, 3, 90, unit="乙"),  # mean 90, total 90 → behind 甲
        row(4, 4, 95, unit="丙"), row(5, 5, 85, unit="丙"),  # mean 90, total 180 → ties with 甲
        row(6, 6, 99, unit="丁"),
    ]
    units = compute_statistics(StatsInput(rows, [])).unit_stats
    assert [(u.unit_name, u.rank) for u in units] == [("丁", 1), ("丙", 2), ("甲", 2), ("乙", 4)]
    by_name = {u.unit_name: u for u in units}
    assert by_name["甲"].excellent_unit and by_name["丁"].excellent_unit
    assert not by_name["丙"].excellent_unit  # excellence rate 50 %


def test_rectification_counts_notices_of_counted_deficiencies() -> None:
    rows = [row(1, 1, 80, unit="甲"), row(2, 2, 70, unit="乙")]
    deficiencies = [
        DeficiencyRow(1, 1, 1, "甲", "L01", "closed", notice_id=10),
        DeficiencyRow(2, 1, 1, "甲", "L02", "issued", notice_id=11),
        DeficiencyRow(3, 2, 2, "乙", "L01", "pending"),
        DeficiencyRow(4, 99, 9, "丙", "L01", "issued", notice_id=12),  # review 99 not counted
    ]
    notices = [
        NoticeRow(10, "N1", "甲", "closed", date(2025, 1, 1), date(2025, 2, 1)),
        NoticeRow(11, "N2", "甲", "issued", date(2025, 1, 1), date(2025, 2, 1)),
        NoticeRow(12, "N3", "丙", "issued", date(2025, 1, 1), date(2025, 2, 1)),
    ]
    stats = compute_statistics(StatsInput(rows, [], deficiencies, notices, today=date(2025, 3, 1)))
    r = stats.rectification
    assert r.deficiencies == 3
    assert r.by_status == {"closed": 1, "issued": 1, "pending": 1}
    assert (r.notices_issued, r.notices_closed, r.notices_open, r.notices_overdue) == (2, 1, 1, 1)
    assert r.closure_rate == 0.5
    jia = next(u for u in r.units if u.unit_name == "甲")
    assert (jia.deficiencies, jia.issued, jia.closed, jia.notices, jia.overdue) == (2, 2, 1, 2, 1)


def test_reviewer_workload_counts_every_stage() -> None:
    rows = [
        row(1, 1, 80, campaign_id=1, reviewer="甲"),
        row(2, 1, 82, stage="recheck", campaign_id=1, reviewer="乙"),
        row(3, 1, 81, stage="final", campaign_id=1, reviewer="乙"),
        row(4, 2, 90, reviewer="甲"),
    ]
    loads = {r.reviewer_name: r for r in compute_statistics(StatsInput(rows, [])).reviewers}
    assert (loads["甲"].first, loads["甲"].total, loads["甲"].mean_score_given) == (2, 2, 85)
    assert (loads["乙"].recheck, loads["乙"].final, loads["乙"].total) == (1, 1, 2)


def test_empty_input_gives_zero_figures() -> None:
    stats = compute_statistics(StatsInput([], []))
    assert stats.files == 0 and stats.mean_score is None and stats.pass_rate is None
    assert stats.unit_stats == [] and stats.items == []


@pytest.mark.parametrize("case_types,expected", [((), 2), (("licensing",), 1)])
def test_case_type_filter(case_types: tuple[str, ...], expected: int) -> None:
    rows = [row(1, 1, 80), row(2, 2, 70, case_type="licensing")]
    assert compute_statistics(StatsInput(rows, []), StatsFilter(case_types=case_types)).files == expected
