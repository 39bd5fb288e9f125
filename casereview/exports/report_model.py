"""The campaign report (评查情况通报) as plain content: sections of paragraphs, tables and
charts, built once from ``Statistics`` and rendered by report_pdf and report_docx, so the
PDF and the editable Word file always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casereview.stats.model import DEFICIENCY_STATUS_LABELS, Statistics

TOP_ITEMS = 10
TYPICAL_ITEMS = 5


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body | note


@dataclass(frozen=True)
class ReportTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative widths
    numeric: tuple[int, ...] = ()  # right-aligned columns
    caption: str = ""


@dataclass(frozen=True)
class ReportChart:
    kind: str  # pie | bar | hbar
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    value_format: str = "{:g}"


Block = Para | ReportTable | ReportChart


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReportModel:
    title: str
    subtitle: str
    sections: list[Section]


def pct(value: float) -> str:
    return f"{value * 100:.2f}%"


def num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def build_report(
    stats: Statistics,
    examples: dict[str, list[str]] | None = None,
    *,
    title: str | None = None,
    generated: date | None = None,
) -> ReportModel:
    """Content of the 评查情况通报; ``examples`` are anonymised notes per item code."""
    examples = examples or {}
    generated = generated or date.today()
    name = stats.campaign_name
    if not title:
        # "…交叉评查" + "情况通报", never "…评查评查情况通报"
        title = (f"{name}情况通报" if name.endswith("评查") else f"{name}评查情况通报") if name else "行政执法案卷评查情况通报"
    sections = [
        _scope(stats),
        _overall(stats),
        _units(stats),
        _problems(stats, examples),
        _rectification(stats),
        Section(
            "六、下一步工作要求",
            [
                Para(
                    "各单位要对照问题清单逐卷逐项整改，举一反三查找同类问题，在整改通知书规定的期限内"
                    "报送整改情况及佐证材料；对评查中发现的共性问题，要组织专题学习，完善执法文书制作和"
                    "案卷归档制度，切实提高行政执法案卷质量。"
                )
            ],
        ),
    ]
    subtitle = f"（{generated.year} 年 {generated.month} 月 {generated.day} 日）"
    return ReportModel(title=title, subtitle=subtitle, sections=sections)


def _scope(stats: Statistics) -> Section:
    standards = sorted({f"《{r.standard_name}》" for r in stats.ledger})
    scope = stats.filters.describe()
    method = (
        f"本次评查依据{'、'.join(standards) if standards else '相应评查标准'}，实行“一卷一表”，逐卷逐项评分；"
        "每件案卷以合议（复核）确定的结果为准，未组织复核的以最近提交的评查结果计。"
    )
    text = (
        f"评查范围：{(stats.campaign_name + '，') if stats.campaign_name else ''}{scope}。"
        f"共评查 {stats.units} 个单位的 {stats.files} 件案卷，发现问题 {stats.problems} 个，"
        f"涉及 {stats.problem_files} 件案卷。"
    )
    return Section("一、评查范围和方法", [Para(text), Para(method)])


def _overall(stats: Statistics) -> Section:
    blocks: list[Block] = []
    if not stats.files:
        return Section("二、总体情况", [Para("统计范围内没有已提交的评查结果。")])
    blocks.append(
        Para(
            f"评查案卷平均分 {num(stats.mean_score)} 分，中位数 {num(stats.median_score)} 分，"
            f"最高 {num(stats.max_score)} 分，最低 {num(stats.min_score)} 分。"
            f"其中优秀 {stats.excellent} 件，优秀率 {pct(stats.excellence_rate)}；合格及以上 {stats.passed} 件，"
            f"合格率 {pct(stats.pass_rate)}；不合格 {stats.failed} 件。"
            + (f"触发否决项的案卷 {stats.veto_files} 件。" if stats.veto_files else "")
        )
    )
    blocks.append(
        ReportTable(
            headers=("等次", "案卷数", "占比"),
            rows=tuple((g.grade, str(g.count), pct(g.share)) for g in stats.grades),
            widths=(2, 1, 1),
            numeric=(1, 2),
            caption="表 1　案卷等次分布",
        )
    )
    blocks.append(
        ReportChart(
            "pie",
            "图 1　案卷等次分布",
            tuple(g.grade for g in stats.grades if g.count),
            tuple(float(g.count) for g in stats.grades if g.count),
            "{:.0f}",
        )
    )
    return Section("二、总体情况", blocks)


def _units(stats: Statistics) -> Section:
    if not stats.unit_stats:
        return Section("三、各单位评查情况", [Para("无。")])
    best = [u.unit_name for u in stats.unit_stats if u.excellent_unit]
    blocks: list[Block] = [
        Para(
            "各单位按案卷平均分排名（平均分相同的，按案卷总分排名）。"
            + (
                f"{'、'.join(best)}案卷优秀率达到 85% 且全部合格，评为案卷质量优秀单位。"
                if best
                else "本次评查没有单位同时达到优秀率 85% 和合格率 100%。"
            )
        ),
        ReportTable(
            headers=("排名", "执法单位", "案卷数", "平均分", "优秀率", "合格率", "问题数"),
            rows=tuple(
                (
                    str(u.rank),
                    u.unit_name,
                    str(u.files),
                    num(u.mean_score),
                    pct(u.excellence_rate),
                    pct(u.pass_rate),
                    str(u.problems),
                )
                for u in stats.unit_stats
            ),
            widths=(0.7, 4.2, 1, 1, 1.1, 1.1, 1),
            numeric=(2, 3, 4, 5, 6),
            caption="表 2　各单位评查情况及排名",
        ),
        ReportChart(
            "bar",
            "图 2　各单位案卷平均分",
            tuple(_short_unit(u.unit_name) for u in stats.unit_stats),
            tuple(u.mean_score for u in stats.unit_stats),
            "{:.1f}",
        ),
    ]
    return Section("三、各单位评查情况", blocks)


def _short_unit(name: str) -> str:
    """Chart labels: '广州市交通运输局综合行政执法支队' → '广州市' style short names."""
    for cut in ("市", "县", "区"):
        if cut in name[:5]:
            return name[: name.index(cut) + 1]
    return name[:6]


def _problems(stats: Statistics, examples: dict[str, list[str]]) -> Section:
    if not stats.items:
        return Section("四、发现的主要问题", [Para("本次评查未发现扣分问题。")])
    blocks: list[Block] = [
        Para(
            f"共发现问题 {stats.problems} 个，扣分合计 {num(stats.points_deducted)} 分。按问题分类统计如下。"
        ),
        ReportTable(
            headers=("问题分类", "问题数", "扣分合计", "占比"),
            rows=tuple((c.name, str(c.times), num(c.points), pct(c.share)) for c in stats.categories),
            widths=(2, 1, 1, 1),
            numeric=(1, 2, 3),
            caption="表 3　问题分类统计",
        ),
    ]
    top = stats.items[:TOP_ITEMS]
    blocks.append(
        ReportTable(
            headers=("序号", "评查项", "评查内容", "次数", "扣分", "涉及案卷"),
            rows=tuple(
                (str(i), it.item_code, it.item_text, str(it.times), num(it.points), pct(it.share_of_files))
                for i, it in enumerate(top, start=1)
            ),
            widths=(0.6, 0.9, 5, 0.7, 0.8, 1),
            numeric=(3, 4, 5),
            caption=f"表 4　扣分最多的评查项（前 {len(top)} 项）",
        )
    )
    blocks.append(
        ReportChart(
            "hbar",
            "图 3　扣分次数最多的评查项",
            tuple(f"{it.item_code} {it.item_text[:14]}" for it in top),
            tuple(float(it.times) for it in top),
            "{:.0f}",
        )
    )
    blocks.append(Para("典型问题（已隐去当事人等个人信息）：", "body"))
    for n, it in enumerate(stats.items[:TYPICAL_ITEMS], start=1):
        shown = [e for e in examples.get(it.item_code, []) if e]
        text = f"（{_cn(n)}）{it.item_text}。共 {it.times} 次"
        text += f"，如：{'；'.join(shown)}。" if shown else "。"
        blocks.append(Para(text))
    return Section("四、发现的主要问题", blocks)


def _rectification(stats: Statistics) -> Section:
    r = stats.rectification
    if not r.deficiencies:
        return Section("五、整改情况", [Para("统计范围内尚无纳入整改的问题。")])
    status_text = "，".join(f"{DEFICIENCY_STATUS_LABELS.get(k, k)} {v} 个" for k, v in r.by_status.items())
    blocks: list[Block] = [
        Para(
            f"纳入整改的问题 {r.deficiencies} 个（{status_text}）。已下发整改通知书 {r.notices_issued} 份，"
            f"已销号 {r.notices_closed} 份，尚未完成 {r.notices_open} 份"
            + (f"，其中逾期 {r.notices_overdue} 份" if r.notices_overdue else "")
            + f"；通知书销号率 {pct(r.closure_rate)}。"
        ),
        ReportTable(
            headers=("执法单位", "问题数", "已下发", "已反馈", "已销号", "通知书", "逾期"),
            rows=tuple(
                (u.unit_name, str(u.deficiencies), str(u.issued), str(u.responded), str(u.closed), str(u.notices),
                 str(u.overdue))
                for u in r.units
            ),
            widths=(4, 1, 1, 1, 1, 1, 1),
            numeric=(1, 2, 3, 4, 5, 6),
            caption="表 5　各单位整改情况",
        ),
    ]
    return Section("五、整改情况", blocks)


_CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return _CN[n - 1] if 1 <= n <= 10 else str(n)
