"""The campaign report (评查情况通报) as an ``OfficialDocument``, built once from
``Statistics`` and rendered by official_pdf and official_docx, so the PDF and the
editable Word file always say the same thing, with the same numbers as the dashboard
and the workbook (they all read one ``Statistics``).

Layout of the content (docs/official-documents.md): 一、基本情况 (scope, method, who
reviewed, which reviews count); 二、评查结果 (grades, scores, unit ranking); 三、存在的
主要问题 (by problem category, items identified by standard and code, typical wordings
anonymised); 四、整改情况; 五、下一步工作要求; attachments: the per-file score table
and, when there are any, the files whose review is not final yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casereview.exports.official import (
    Attachment,
    Block,
    Heading,
    OfficeInfo,
    OfficialDocument,
    Para,
    ReportTable,
    cn_number,
)
from casereview.stats.compute import PROBLEM_CATEGORY_ORDER
from casereview.stats.model import DEFICIENCY_STATUS_LABELS, ItemStats, Statistics
from casereview.stats.numbers import fmt_num, fmt_pct

TOP_ITEMS = 10
TYPICAL_PER_CATEGORY = 3

__all__ = ["Para", "ReportChart", "ReportTable", "build_report", "num", "pct"]


@dataclass(frozen=True)
class ReportChart:
    """A chart of the screens and training material (the 通报 itself carries tables)."""

    kind: str  # pie | bar | hbar
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    value_format: str = "{:g}"


def pct(value: float | None) -> str:
    return fmt_pct(value)


def num(value: float | None) -> str:
    return fmt_num(value)


def default_title(stats: Statistics) -> str:
    name = stats.campaign_name
    if not name:
        return "关于行政执法案卷评查情况的通报"
    return f"关于{name}情况的通报" if name.endswith("评查") else f"关于{name}评查情况的通报"


def build_report(
    stats: Statistics,
    examples: dict[str, list[str]] | None = None,
    *,
    title: str | None = None,
    generated: date | None = None,
    office: OfficeInfo | None = None,
    number: str | None = None,
    addressee: str | None = None,
    deadline_days: int = 20,
) -> OfficialDocument:
    """The 通报; ``examples`` are anonymised notes per item key ("standard/code")."""
    examples = examples or {}
    generated = generated or date.today()
    office = office or OfficeInfo(name="行政执法案卷评查工作组")
    if not number:
        # the sequence number is given when the document is signed; leave it blank
        number = f"{office.code}〔{generated.year}〕　号"
    units = [u.unit_name for u in stats.unit_stats]
    if addressee is None:
        addressee = "、".join(units) if 0 < len(units) <= 6 else "各有关单位"
    body: list[Block] = []
    body += _basics(stats, office)
    body += _results(stats)
    body += _problems(stats, examples)
    body += _rectification(stats)
    body += _next_steps(stats, office, deadline_days)
    attachments = [_score_table(stats)]
    if stats.unfinished:
        attachments.append(_unfinished_table(stats))
    return OfficialDocument(
        office=office,
        number=number,
        title=(title or default_title(stats)).rstrip("。．."),
        addressee=addressee,
        body=body,
        date=generated,
        attachments=attachments,
        kind="评查情况通报",
        # a figure that mixes final and provisional results is never presented as final
        draft=stats.filters.include_unfinished and bool(stats.unfinished),
    )


def _basics(stats: Statistics, office: OfficeInfo) -> list[Block]:
    what = stats.campaign_name or "行政执法案卷评查"
    standards = "、".join(f"《{s}》" for s in stats.standards) or "相应评查标准"
    reviewers = len(stats.reviewers)
    text = (
        f"根据工作安排，{office.name}组织开展了{what}。本次评查依据{standards}，实行“一卷一表”，"
        f"逐卷逐项评分{f'，共有 {reviewers} 名评查人员参加' if reviewers else ''}。"
    )
    scope = stats.scope_text()
    counted = (
        f"本通报的统计口径：{stats.filters.counting_rule}。共计入 {stats.units} 个单位的 {stats.files} 件案卷，"
        f"发现问题 {stats.problems} 个，涉及 {stats.problem_files} 件案卷。"
    )
    blocks: list[Block] = [Heading(1, "一、基本情况"), Para(text), Para(scope), Para(counted)]
    if stats.unfinished:
        if stats.filters.include_unfinished:
            blocks.append(Para(
                f"其中 {len(stats.unfinished)} 件案卷尚未完成复核合议，暂按最近提交的评查结果计入，"
                "相关数字不是最终结果（案卷清单见附件2）。"
            ))
        else:
            blocks.append(Para(
                f"另有 {len(stats.unfinished)} 件案卷尚未完成复核合议，其结果未计入本通报，"
                "待合议完成后另行统计（案卷清单见附件2）。"
            ))
    if stats.skipped:
        blocks.append(Para(f"有 {len(stats.skipped)} 条评查记录无法读取，未计入统计：{'；'.join(stats.skipped[:5])}。"))
    return blocks


def _results(stats: Statistics) -> list[Block]:
    blocks: list[Block] = [Heading(1, "二、评查结果")]
    if not stats.files:
        return [*blocks, Para("统计范围内没有已完成评查的案卷。")]
    blocks.append(Heading(2, "（一）总体情况"))
    grade_text = "，".join(f"{g.grade} {g.count} 件（占 {pct(g.share)}）" for g in stats.grades if g.count)
    blocks.append(Para(
        f"计入统计的 {stats.files} 件案卷平均分 {num(stats.mean_score)} 分，中位数 {num(stats.median_score)} 分，"
        f"最高 {num(stats.max_score)} 分，最低 {num(stats.min_score)} 分。其中{grade_text}；"
        f"优秀率 {pct(stats.excellence_rate)}，合格率 {pct(stats.pass_rate)}。"
        + (f"触发否决项的案卷 {stats.veto_files} 件。" if stats.veto_files else "")
    ))
    blocks.append(ReportTable(
        headers=("等次", "案卷数（件）", "占比"),
        rows=tuple((g.grade, str(g.count), pct(g.share)) for g in stats.grades),
        numeric=(1, 2),
        caption="表1　案卷等次分布",
    ))
    blocks.append(Heading(2, "（二）各单位情况"))
    best = [u.unit_name for u in stats.unit_stats if u.excellent_unit]
    blocks.append(Para(
        "各单位按案卷平均分排名（平均分相同的，按案卷总分排名）。"
        + (
            f"{'、'.join(best)}案卷优秀率达到85%且全部合格，评为案卷质量优秀单位。"
            if best
            else "本次评查没有单位同时达到优秀率85%和合格率100%。"
        )
    ))
    blocks.append(ReportTable(
        headers=("排名", "执法单位", "案卷数", "平均分", "优秀率", "合格率", "问题数", "扣分合计"),
        rows=tuple(
            (str(u.rank), u.unit_name, str(u.files), num(u.mean_score), pct(u.excellence_rate),
             pct(u.pass_rate), str(u.problems), num(u.points))
            for u in stats.unit_stats
        ),
        numeric=(0, 2, 3, 4, 5, 6, 7),
        caption="表2　各单位评查情况及排名（按平均分）",
    ))
    return blocks


def short_standard(name: str) -> str:
    """'交通运输行政处罚案卷评查标准（普通程序）' → '处罚（普通程序）' for narrow table columns."""
    text = name
    if "行政" in text:
        text = text[text.index("行政") + 2:]
    for tail in ("案卷评查标准", "评查标准", "案卷"):
        text = text.replace(tail, "")
    return text or name


def _item_label(it: ItemStats, several: bool) -> str:
    where = f"，{short_standard(it.standard_name)}标准" if several and it.standard_name else ""
    return f"{it.item_code} {it.item_text}（{it.times} 次{where}）"


def _problems(stats: Statistics, examples: dict[str, list[str]]) -> list[Block]:
    blocks: list[Block] = [Heading(1, "三、存在的主要问题")]
    if not stats.items:
        return [*blocks, Para("本次评查未发现扣分问题。")]
    capped = (
        f"（各评查项扣分合计 {num(stats.points_nominal)} 分，超出类别上限的部分不计）"
        if abs(stats.points_nominal - stats.points_deducted) > 0.004 else ""
    )
    blocks.append(Para(
        f"共发现问题 {stats.problems} 个，涉及 {stats.problem_files} 件案卷，实际扣分合计 "
        f"{num(stats.points_deducted)} 分{capped}。按问题分类统计见表3，扣分次数最多的评查项见表4。"
    ))
    blocks.append(ReportTable(
        headers=("问题分类", "问题数（个）", "扣分合计", "占问题总数"),
        rows=tuple((c.name, str(c.times), num(c.points), pct(c.share)) for c in stats.categories),
        numeric=(1, 2, 3),
        caption="表3　问题分类统计",
    ))
    several = len({it.standard_code for it in stats.items}) > 1
    top = stats.items[:TOP_ITEMS]
    if several:
        # grouped by standard: the same code means different items in different standards
        top = sorted(top, key=lambda it: (it.standard_name, -it.times, -it.points, it.item_code))
    blocks.append(ReportTable(
        headers=(("标准",) if several else ()) + ("评查项", "评查内容", "扣分次数", "扣分合计", "涉及案卷"),
        rows=tuple(
            ((short_standard(it.standard_name),) if several else ())
            + (it.item_code, it.item_text, str(it.times), num(it.points), pct(it.share_of_files))
            for it in top
        ),
        numeric=(3, 4, 5) if several else (2, 3, 4),
        caption=f"表4　扣分次数最多的评查项（前{len(top)}项，按扣分次数排序）",
    ))
    by_cat: dict[str, list[ItemStats]] = {}
    for it in stats.items:
        by_cat.setdefault(it.problem_category or "其他", []).append(it)
    order = sorted(by_cat, key=lambda c: (PROBLEM_CATEGORY_ORDER.index(c) if c in PROBLEM_CATEGORY_ORDER else 9, c))
    for n, cat in enumerate(order, start=1):
        items = by_cat[cat]
        blocks.append(Heading(2, f"（{cn_number(n)}）{cat}方面的问题"))
        blocks.append(Para(f"共 {sum(i.times for i in items)} 个，主要有："))
        for k, it in enumerate(items[:TYPICAL_PER_CATEGORY], start=1):
            shown = [e for e in examples.get(it.key, []) if e]
            text = f"{k}. {_item_label(it, several)}"
            text += f"。如：{'；'.join(shown)}。" if shown else "。"
            blocks.append(Para(text))
    return blocks


def _rectification(stats: Statistics) -> list[Block]:
    r = stats.rectification
    if not r.deficiencies:
        return []
    status_text = "，".join(f"{DEFICIENCY_STATUS_LABELS.get(k, k)} {v} 个" for k, v in r.by_status.items())
    return [
        Heading(1, "四、整改情况"),
        Para(
            f"上述 {stats.problems} 个问题中，已纳入整改台账 {r.deficiencies} 个（{status_text}）。"
            f"已下发整改通知书 {r.notices_issued} 份，已销号 {r.notices_closed} 份，尚未完成 {r.notices_open} 份"
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
            numeric=(1, 2, 3, 4, 5, 6),
            caption="表5　各单位整改情况",
        ),
    ]


def _next_steps(stats: Statistics, office: OfficeInfo, days: int) -> list[Block]:
    n = "五" if stats.rectification.deficiencies else "四"
    contact = f"，联系人：{office.contact}" if office.contact else ""
    phone = f"，电话：{office.phone}" if office.phone else ""
    return [
        Heading(1, f"{n}、下一步工作要求"),
        Heading(2, "（一）抓好问题整改。"),
        Para(
            f"各单位要对照问题清单逐卷逐项整改，能够补正的予以补正，不能补正的作出书面说明，"
            f"并于本通报印发之日起 {days} 个工作日内将整改情况及佐证材料报送{office.name}{contact}{phone}。"
        ),
        Heading(2, "（二）举一反三查找同类问题。"),
        Para("各单位要对照本通报指出的共性问题，对本单位同类案卷开展自查，防止同类问题再次发生。"),
        Heading(2, "（三）加强执法能力建设。"),
        Para("针对评查发现的问题，组织开展执法文书制作、证据收集和程序规范的专题培训，完善案卷归档制度，切实提高行政执法案卷质量。"),
    ]


def _score_table(stats: Statistics) -> Attachment:
    rows = tuple(
        (str(n), r.unit_name, r.case_no, num(r.score), r.grade, str(stats.problems_by_review.get(r.review_id, 0)))
        for n, r in enumerate(stats.ledger, start=1)
    )
    return Attachment(
        "案卷评查得分情况表",
        (ReportTable(headers=("序号", "执法单位", "案号", "得分", "等次", "问题数"), rows=rows, numeric=(0, 3, 5)),),
    )


def _unfinished_table(stats: Statistics) -> Attachment:
    rows = tuple(
        (str(n), r.unit_name, r.case_no, {"first": "初评", "recheck": "复核"}.get(r.stage, r.stage))
        for n, r in enumerate(stats.unfinished, start=1)
    )
    note = "以下案卷的复核合议尚未完成，" + (
        "暂按所列阶段的评查结果计入统计。" if stats.filters.include_unfinished else "其结果未计入本通报的统计。"
    )
    return Attachment(
        "尚未完成复核合议的案卷",
        (Para(note, "plain"), ReportTable(headers=("序号", "执法单位", "案号", "最近完成的评查阶段"), rows=rows,
                                          numeric=(0,))),
    )
