"""Plain input rows and the result of ``compute_statistics``.

The statistics core never touches the database: casereview.services.stats fetches these
rows (one query each) and every consumer — the dashboard, the campaign report, the
workbook — calls the same pure function on them, so every figure agrees everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Which date the period filter applies to (see compute.py for the reasoning).
DATE_BASIS_REVIEW = "review"  # the day the counted review was submitted (default)
DATE_BASIS_DECISION = "decision"  # the case's decision date (处罚/许可决定日期)


@dataclass(frozen=True)
class StatsFilter:
    campaign_id: int | None = None
    unit_ids: tuple[int, ...] = ()
    case_types: tuple[str, ...] = ()
    standard_codes: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    date_basis: str = DATE_BASIS_REVIEW
    # False (default): a file counts only once its review is final — the 合议 result in a
    # campaign, or a review made outside any campaign. Files still in first review or
    # re-check are listed apart ("unfinished") and never mixed into the figures.
    include_unfinished: bool = False

    @property
    def counting_rule(self) -> str:
        """Which reviews count, in one Chinese sentence (printed on every output)."""
        if self.include_unfinished:
            return (
                "每件案卷计一份评查结果：已完成合议的取合议结果，活动外评查取其结果，"
                "尚未完成复核合议的暂按最近提交的评查结果计（非最终结果）"
            )
        return "只计已完成评查的案卷：评查活动中的案卷以合议（复核）确定的最终结果为准，活动外评查以提交的结果为准；尚未完成复核合议的案卷不计入"

    def describe(self) -> str:
        """Chinese one-liner of the scope (shown on reports and in the workbook)."""
        parts: list[str] = []
        if self.date_from or self.date_to:
            basis = "决定日期" if self.date_basis == DATE_BASIS_DECISION else "评查提交日期"
            start = self.date_from.isoformat() if self.date_from else "不限"
            end = self.date_to.isoformat() if self.date_to else "不限"
            parts.append(f"{basis} {start} 至 {end}")
        if self.case_types:
            from casereview.domain.enums import CaseType

            labels = []
            for ct in self.case_types:
                try:
                    labels.append(CaseType(ct).label)
                except ValueError:
                    labels.append(ct)
            parts.append("案件类型：" + "、".join(labels))
        if self.unit_ids:
            parts.append(f"限定 {len(self.unit_ids)} 个单位")
        if self.standard_codes:
            parts.append("评查标准：" + "、".join(self.standard_codes))
        if parts:
            return "；".join(parts)
        return "活动内全部案卷" if self.campaign_id is not None else "全部已评查的案卷"


@dataclass(frozen=True, slots=True)  # slots: tens of thousands per statistics run
class ReviewRow:
    """One submitted, non-practice review with the facts of its case (several per case possible)."""

    review_id: int
    case_id: int
    case_no: str
    stage: str  # first | recheck | final
    campaign_id: int | None
    submitted_at: datetime | None
    score: float
    grade: str
    excellent: bool  # grade is the standard's top band
    passed: bool  # grade is not the standard's failing band
    veto: bool
    unit_id: int | None = None
    unit_name: str = ""
    case_type: str = ""
    procedure: str = ""
    party_name: str = ""
    cause: str = ""
    decision_date: date | None = None
    standard_code: str = ""
    standard_name: str = ""
    standard_version: str = ""
    reviewer_id: int | None = None
    reviewer_name: str = ""
    rechecker_name: str = ""  # from the assignment or the recheck-stage review

    @property
    def review_date(self) -> date | None:
        return self.submitted_at.date() if self.submitted_at else None


@dataclass(frozen=True, slots=True)
class DeductionRow:
    """One deducted or vetoed item of a submitted review (points as computed by the engine)."""

    review_id: int
    item_code: str
    item_text: str
    category_code: str
    category_name: str
    problem_category: str  # 立卷 | 实体 | 程序
    points: float
    is_veto: bool = False
    note: str = ""
    standard_code: str = ""
    standard_name: str = ""
    # points actually lost after the category cap (None: the same as ``points``)
    lost: float | None = None

    @property
    def points_lost(self) -> float:
        return self.points if self.lost is None else self.lost

    @property
    def item_key(self) -> tuple[str, str]:
        """Items are identified by standard and code: A04 of two standards are two items."""
        return (self.standard_code, self.item_code)


@dataclass(frozen=True)
class DeficiencyRow:
    id: int
    review_id: int
    case_id: int
    unit_name: str
    item_code: str
    status: str  # pending | issued | responded | verified | rejected | closed
    notice_id: int | None = None
    campaign_id: int | None = None
    due_date: date | None = None


@dataclass(frozen=True)
class NoticeRow:
    id: int
    number: str
    unit_name: str
    status: str  # issued | responded | verified | rejected | closed | void
    issue_date: date | None
    deadline: date | None
    campaign_id: int | None = None


@dataclass(frozen=True)
class StatsInput:
    reviews: list[ReviewRow]
    deductions: list[DeductionRow]
    deficiencies: list[DeficiencyRow] = field(default_factory=list)
    notices: list[NoticeRow] = field(default_factory=list)
    grade_order: tuple[str, ...] = ("优秀", "合格", "不合格")
    campaign_name: str = ""
    today: date | None = None  # for "overdue"; None = no overdue figure
    skipped: list[str] = field(default_factory=list)  # unreadable stored records, by case and item


# ------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class GradeCount:
    grade: str
    count: int
    share: float | None  # 0..1; None when no file is counted


@dataclass(frozen=True)
class UnitStats:
    rank: int
    unit_name: str
    files: int
    total_score: float
    mean_score: float
    median_score: float
    excellent: int
    passed: int
    excellence_rate: float
    pass_rate: float
    problems: int
    points: float
    veto_files: int
    excellent_unit: bool  # excellence rate >= 85 % and pass rate 100 % (domain 2.4)


@dataclass(frozen=True)
class ItemStats:
    item_code: str
    item_text: str
    category_name: str
    problem_category: str
    times: int
    points: float  # points actually lost (after category caps)
    share_of_files: float | None
    examples: tuple[str, ...]  # raw notes of typical cases (anonymise before printing)
    example_cases: tuple[int, ...]  # review ids of the examples, same order
    standard_code: str = ""
    standard_name: str = ""
    nominal: float = 0.0  # the items' own deductions before category caps

    @property
    def key(self) -> str:
        """'standard/code': the identity of an item across standards (A04 ≠ A04)."""
        return f"{self.standard_code}/{self.item_code}"


@dataclass(frozen=True)
class CategoryStats:
    name: str
    times: int
    points: float
    share: float | None  # of all problems


@dataclass(frozen=True)
class UnitRectification:
    unit_name: str
    deficiencies: int
    issued: int
    responded: int
    closed: int
    pending: int
    notices: int
    notices_closed: int
    overdue: int


@dataclass(frozen=True)
class Rectification:
    deficiencies: int
    by_status: dict[str, int]
    notices_issued: int  # notices not voided
    notices_closed: int  # verified or closed (销号)
    notices_open: int
    notices_overdue: int
    closure_rate: float | None
    units: list[UnitRectification]


@dataclass(frozen=True)
class ReviewerLoad:
    reviewer_name: str
    first: int
    recheck: int
    final: int
    total: int
    mean_score_given: float | None


@dataclass(frozen=True)
class Statistics:
    filters: StatsFilter
    campaign_name: str
    grade_order: tuple[str, ...]
    files: int
    units: int
    problems: int  # deducted or vetoed items of the counted reviews
    problem_files: int  # files with at least one problem
    points_deducted: float
    veto_files: int
    mean_score: float | None
    median_score: float | None
    min_score: float | None
    max_score: float | None
    excellent: int
    passed: int
    failed: int
    excellence_rate: float | None
    pass_rate: float | None
    grades: list[GradeCount]
    unit_stats: list[UnitStats]
    items: list[ItemStats]
    categories: list[CategoryStats]  # by problem category (立卷 / 实体 / 程序)
    standard_categories: list[CategoryStats]  # by the standard's own categories
    rectification: Rectification
    reviewers: list[ReviewerLoad]
    ledger: list[ReviewRow]  # the counted (authoritative) review of each file, by case number
    problems_by_review: dict[int, int]
    points_by_review: dict[int, float]
    # files in scope whose review is not final yet (not counted unless include_unfinished)
    unfinished: list[ReviewRow] = field(default_factory=list)
    # stored records that could not be read: "案卷 X 评查项 A01：reason" (skipped, not fatal)
    skipped: tuple[str, ...] = ()
    points_nominal: float = 0.0  # sum of the items' own deductions before category caps

    @property
    def standards(self) -> tuple[str, ...]:
        """Names of the standards of the counted reviews, sorted."""
        return tuple(sorted({r.standard_name for r in self.ledger if r.standard_name}))

    def scope_text(self) -> str:
        """The scope in one Chinese paragraph: campaign, filters, standards, which reviews count."""
        parts = []
        if self.campaign_name:
            parts.append(f"评查活动：{self.campaign_name}")
        parts.append(f"范围：{self.filters.describe()}")
        if self.standards:
            parts.append("评查标准：" + "、".join(f"《{s}》" for s in self.standards))
        counted = f"计入统计：{self.files} 件案卷（{self.filters.counting_rule}）"
        if self.unfinished and not self.filters.include_unfinished:
            counted += f"；另有 {len(self.unfinished)} 件尚未完成复核合议，未计入"
        parts.append(counted)
        if self.skipped:
            parts.append(f"有 {len(self.skipped)} 条评查记录无法读取，已跳过")
        return "；".join(parts) + "。"

    def figures(self) -> dict[str, float | int | None]:
        """The headline figures by key (the dashboard cards and the workbook share these keys)."""
        r = self.rectification
        return {
            "files": self.files,
            "units": self.units,
            "problems": self.problems,
            "problem_files": self.problem_files,
            "veto_files": self.veto_files,
            "mean_score": self.mean_score,
            "median_score": self.median_score,
            "excellent": self.excellent,
            "passed": self.passed,
            "failed": self.failed,
            "excellence_rate": self.excellence_rate,
            "pass_rate": self.pass_rate,
            "notices_issued": r.notices_issued,
            "notices_closed": r.notices_closed,
            "deficiencies": r.deficiencies,
            "unfinished_files": len(self.unfinished),
        }


FIGURE_LABELS: dict[str, str] = {
    "files": "评查案卷数",
    "units": "涉及单位数",
    "problems": "发现问题数",
    "problem_files": "存在问题的案卷数",
    "veto_files": "触发否决项的案卷数",
    "mean_score": "平均分",
    "median_score": "中位数",
    "excellent": "优秀案卷数",
    "passed": "合格及以上案卷数",
    "failed": "不合格案卷数",
    "excellence_rate": "优秀率",
    "pass_rate": "合格率",
    "notices_issued": "下发整改通知书数",
    "notices_closed": "已销号整改通知书数",
    "deficiencies": "纳入整改的问题数",
    "unfinished_files": "尚未完成复核合议的案卷数",
}

DEFICIENCY_STATUS_LABELS: dict[str, str] = {
    "pending": "待下发",
    "issued": "已下发",
    "responded": "已反馈",
    "verified": "已核验",
    "rejected": "退回",
    "closed": "已销号",
}
