"""casereview campaigns ...: review campaigns (评查活动) from the command line.

list | create | show | edit | close | sample | add-case | remove-case | assign | reassign |
progress | agreement | export-sample, plus score (a roster person scores their stage of a
case from an answers file) and reconcile (the side-by-side comparison and 合议).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from casereview.campaigns.agreement import OUTCOME_LABELS, format_kappa, kappa_reading, outcome_label
from casereview.campaigns.labels import CAMPAIGN_STATUSES
from casereview.campaigns.sampling import SampleSpec, parse_quota
from casereview.cli.common import add_command, help_handler, open_services, print_json, print_table
from casereview.domain.enums import ReviewStatus
from casereview.errors import ValidationError
from casereview.services.app import Services
from casereview.services.campaigns.types import CampaignInfo, Reconciliation
from casereview.services.reviews import ReviewState


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，请写成 2025-01-31") from exc


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1", "是"):
        return True
    if value in ("no", "n", "false", "0", "否"):
        return False
    raise argparse.ArgumentTypeError(f"“{text}”无效，请写 yes 或 no")


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",") if p.strip()]


def _standards(values: list[str] | None) -> dict[str, str] | None:
    if not values:
        return None
    out = {}
    for value in values:
        case_type, sep, ref = value.partition("=")
        if not sep or not ref.strip():
            raise ValidationError(
                f"--standard “{value}”格式应为 案件类型=标准（如 penalty=gd-transport-penalty-general）。"
            )
        out[case_type.strip()] = ref.strip()
    return out


def _as(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="as_person", metavar="PERSON", help="以名册中的此人身份操作（编号或姓名）")


def _scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--organiser", help="组织单位")
    p.add_argument("--start", type=_date, help="活动开始日期")
    p.add_argument("--end", type=_date, help="活动结束日期")
    p.add_argument("--units", help="被评查单位，逗号分隔（全称、简称或编号；默认全部单位）")
    p.add_argument("--case-types", help="案件类型，逗号分隔：penalty,licensing,coercion（默认全部）")
    p.add_argument("--decided-from", type=_date, help="决定日期起")
    p.add_argument("--decided-to", type=_date, help="决定日期止")
    p.add_argument("--standard", action="append", metavar="TYPE=REF", help="某类案件使用的标准版本（可重复）")
    p.add_argument("--lead", metavar="ACCOUNT", help="活动组长的账号（其统计只含本人担任组长的活动；组长新建时默认本人）")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("campaigns", help="评查活动：抽样、交叉分配、复核、合议、一致性统计")
    csub = p.add_subparsers(dest="campaigns_command", metavar="子命令")
    p.set_defaults(handler=help_handler(p))

    add_command(csub, "list", run_list, "列出评查活动")

    q = add_command(csub, "create", run_create, "新建评查活动")
    q.add_argument("name", help="活动名称")
    _scope_options(q)
    q.add_argument("--open-recheck", action="store_true", help="公开复核（复核人可见初评结论；默认盲评复核）")
    q.add_argument("--strict", action="store_true", help="严格回避：被评查单位之间不得互相评查")

    q = add_command(csub, "show", run_show, "查看活动详情、案件与分配")
    q.add_argument("campaign", help="活动编号或名称")

    q = add_command(csub, "edit", run_edit, "修改评查活动")
    q.add_argument("campaign")
    q.add_argument("--name")
    _scope_options(q)
    q.add_argument("--blind", type=_yes_no, help="yes 盲评复核 / no 公开复核")
    q.add_argument("--strict", type=_yes_no, help="yes/no 严格回避")
    q.add_argument("--status", help="状态：" + "、".join(f"{k}（{v}）" for k, v in CAMPAIGN_STATUSES.items()))

    q = add_command(csub, "close", run_close, "结束活动（状态改为已完成）")
    q.add_argument("campaign")
    q.add_argument("--force", action="store_true", help="尚有案卷未定稿时也结束")
    q.add_argument("--reason", help="强制结束的理由")

    q = add_command(csub, "sample", run_sample, "按单位随机抽样（可复现）")
    q.add_argument("campaign")
    q.add_argument("--per-unit", default="20%", help="每单位抽取件数或比例，如 5 或 20%%（默认 20%%）")
    q.add_argument(
        "--unit", action="append", metavar="UNIT=QUOTA", help="为某单位另行指定，如 广州支队=3（可重复）"
    )
    q.add_argument("--stratify", action="store_true", help="按案件类型分层抽取")
    q.add_argument("--seed", type=int, help="随机种子（默认随机生成并保存）")
    q.add_argument("--replace", action="store_true", help="替换原抽样结果（仅在分配前）")
    q.add_argument("--verify", action="store_true", help="不抽样，只用保存的种子复验抽样结果")

    for name, helptext in (("add-case", "手工添加案件（须写理由）"), ("remove-case", "移出案件（须写理由）")):
        q = add_command(csub, name, run_add_case if name == "add-case" else run_remove_case, helptext)
        q.add_argument("campaign")
        q.add_argument("case", help="案号")
        q.add_argument("--reason", required=True, help="理由（记入日志）")

    q = add_command(csub, "assign", run_assign, "自动分配初评人和复核人（均衡工作量，交叉回避）")
    q.add_argument("campaign")
    q.add_argument("--seed", type=int, help="分配用随机种子（默认由抽样种子派生）")

    q = add_command(csub, "reassign", run_reassign, "改派某案的初评人或复核人")
    q.add_argument("campaign")
    q.add_argument("case", help="案号")
    q.add_argument("--first", help="新初评人（编号或姓名）")
    q.add_argument("--rechecker", help="新复核人（编号或姓名）")
    q.add_argument("--reason", help="改派理由")

    q = add_command(csub, "progress", run_progress, "进度：按单位、按人员")
    q.add_argument("campaign")

    q = add_command(csub, "agreement", run_agreement, "初评与复核一致性统计（一致率、Kappa、分差）")
    q.add_argument("campaign")

    q = add_command(csub, "export-sample", run_export, "导出抽样清单（含随机种子），CSV 或 XLSX")
    q.add_argument("campaign")
    q.add_argument("--out", required=True, type=Path, help="输出文件 .csv 或 .xlsx")

    q = add_command(csub, "score", run_score, "以名册人员身份为其负责的阶段（初评/复核）录入答案文件")
    _as(q)
    q.add_argument("campaign")
    q.add_argument("case", help="案号")
    q.add_argument(
        "--answers", type=Path, help="答案文件（格式同 casereview score）；不给则只显示该打开的阶段"
    )
    q.add_argument("--submit", action="store_true", help="录入后提交")

    q = add_command(csub, "reconcile", run_reconcile, "合议：查看初评与复核的不一致项，逐项确定结论并定稿")
    _as(q)
    q.add_argument("campaign")
    q.add_argument("case", help="案号")
    q.add_argument("--item", help="评查项代码")
    q.add_argument("--take", choices=["first", "recheck"], help="采用初评或复核的结论")
    q.add_argument("--answer", help="直接给出合议结论：pass / deduct / na / veto")
    q.add_argument("--deduction", type=float)
    q.add_argument("--occurrences", type=int)
    q.add_argument("--note", help="问题表述")
    q.add_argument("--reason", help="合议理由（逐项必填）")
    q.add_argument("--confirm", action="store_true", help="确认一致并定稿（两次评查完全一致时）")
    q.add_argument("--finalize", action="store_true", help="全部不一致项合议后定稿提交")


def _services(args: argparse.Namespace) -> Services:
    services = open_services(args)
    person = getattr(args, "as_person", None)
    if person:
        try:
            services.roster.choose(person)
        except Exception:
            services.close()
            raise
    return services


def _print_info(c: CampaignInfo) -> None:
    scope = c.scope
    print(f"评查活动 #{c.id}：{c.name}")
    print(
        f"  组织单位：{c.organiser or '—'}    状态：{c.status_label}    复核方式：{c.recheck_mode_label}"
        f"    严格回避：{'是' if c.strict_conflict else '否'}"
    )
    period = f"{c.period_start or '—'} 至 {c.period_end or '—'}"
    print(f"  活动期间：{period}    活动组长：{c.lead_name or '无（由管理员管理）'}")
    print(
        f"  范围：单位 {'、'.join(c.scope_unit_names) or '全部'}；案件类型 "
        f"{'、'.join(scope.case_types) or '全部'}；决定日期 {scope.decision_from or '—'} 至 {scope.decision_to or '—'}"
    )
    for s in c.standards:
        print(f"  {s.case_type_label}标准：{s.label}（版本编号 {s.version_id}）")
    seed = "—" if c.sample_seed is None else str(c.sample_seed)
    print(f"  抽样：{c.sample_description}，随机种子 {seed}")
    print(f"  案件 {c.case_count} 件，已分配 {c.assigned_count} 件，已定稿 {c.final_count} 件")


def _out(args: argparse.Namespace, value: Any, text: str) -> None:
    if args.json:
        print_json(value)
    else:
        print(text)


def _final(state: ReviewState) -> dict[str, Any]:
    return {"final_review_id": state.review.id, "score": state.score.total, "grade": state.score.grade}


def _with(args: argparse.Namespace, fn: Any) -> int:
    services = _services(args)
    try:
        return int(fn(services) or 0)
    finally:
        services.close()


def run_list(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        rows = s.campaigns.list_campaigns()
        if args.json:
            print_json(rows)
            return 0
        if not rows:
            print("还没有评查活动。用 casereview campaigns create 新建。")
            return 0
        print_table(
            ["编号", "名称", "组织单位", "活动组长", "状态", "复核方式", "案件", "已分配", "已定稿", "种子"],
            [
                [
                    c.id,
                    c.name,
                    c.organiser or "",
                    c.lead_name or "—",
                    c.status_label,
                    c.recheck_mode_label,
                    c.case_count,
                    c.assigned_count,
                    c.final_count,
                    c.sample_seed if c.sample_seed is not None else "",
                ]
                for c in rows
            ],
        )
        return 0

    return _with(args, go)


def run_create(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        c = s.campaigns.create(
            args.name,
            organiser=args.organiser,
            period_start=args.start,
            period_end=args.end,
            units=_split(args.units),
            case_types=_split(args.case_types),
            decision_from=args.decided_from,
            decision_to=args.decided_to,
            blind_recheck=not args.open_recheck,
            strict_conflict=args.strict,
            standards=_standards(args.standard),
            lead=args.lead,
        )
        if args.json:
            print_json(c)
        else:
            print("已新建。")
            _print_info(c)
        return 0

    return _with(args, go)


def run_show(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        c = s.campaigns.get(args.campaign)
        assignments = s.campaigns.assignments(c.id)
        removed = [x for x in s.campaigns.cases(c.id, include_removed=True) if x.removed]
        if args.json:
            print_json({"campaign": c, "assignments": assignments, "removed": removed})
            return 0
        _print_info(c)
        if assignments:
            print()
            print_table(
                ["案号", "单位", "初评人", "复核人", "进度"],
                [
                    [
                        a.case_no,
                        a.unit_name,
                        f"{a.first_name}（{a.first_unit}）" if a.first_name else "",
                        f"{a.rechecker_name}（{a.rechecker_unit}）" if a.rechecker_name else "",
                        a.stage_label,
                    ]
                    for a in assignments
                ],
            )
        for x in removed:
            print(f"已移出：{x.case_no}（理由：{x.reason}）")
        return 0

    return _with(args, go)


def run_edit(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        kwargs: dict[str, Any] = {}
        for key, attr in (
            ("organiser", "organiser"),
            ("period_start", "start"),
            ("period_end", "end"),
            ("decision_from", "decided_from"),
            ("decision_to", "decided_to"),
        ):
            if getattr(args, attr) is not None:
                kwargs[key] = getattr(args, attr)
        c = s.campaigns.update(
            args.campaign,
            name=args.name,
            units=_split(args.units),
            case_types=_split(args.case_types),
            blind_recheck=args.blind,
            strict_conflict=args.strict,
            standards=_standards(args.standard),
            status=args.status,
            lead=args.lead,
            **kwargs,
        )
        if args.json:
            print_json(c)
        else:
            print("已修改。")
            _print_info(c)
        return 0

    return _with(args, go)


def run_close(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        c = s.campaigns.close(args.campaign, force=args.force, reason=args.reason)
        if args.json:
            print_json(c)
        else:
            print(f"评查活动“{c.name}”已结束（{c.status_label}）。已定稿 {c.final_count}/{c.case_count} 件。")
        return 0

    return _with(args, go)


def run_sample(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        if args.verify:
            ok, text = s.campaigns.verify_sample(args.campaign)
            if args.json:
                print_json({"ok": ok, "message": text})
            else:
                print(text)
            return 0 if ok else 1
        per_unit = {}
        for value in args.unit or ():
            unit, sep, quota = value.rpartition("=")
            if not sep:
                raise ValidationError(f"--unit “{value}”格式应为 单位=件数或比例，如 广州支队=3 或 广州支队=30%。")
            per_unit[s.cases.find_unit_id(unit)] = parse_quota(quota)
        spec = SampleSpec(parse_quota(args.per_unit), per_unit, args.stratify)
        result = s.campaigns.sample(args.campaign, spec, seed=args.seed, replace=args.replace)
        if args.json:
            print_json(result)
            return 0
        print(
            f"已抽样：范围内 {result.population} 件，抽取 {len(result.drawn)} 件，随机种子 {result.seed}（已保存）。"
        )
        print_table(
            ["顺序", "案号", "单位", "类型", "决定日期"],
            [
                [d.draw_order, d.case_no, d.unit_name, d.case_type_label, d.decision_date]
                for d in result.drawn
            ],
        )
        return 0

    return _with(args, go)


def run_add_case(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        row = s.campaigns.add_case(args.campaign, args.case, args.reason)
        _out(args, row, f"已添加案件 {row.case_no}（{row.source_label}），理由：{row.reason}")
        return 0

    return _with(args, go)


def run_remove_case(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        row = s.campaigns.remove_case(args.campaign, args.case, args.reason)
        _out(args, row, f"已移出案件 {row.case_no}，理由：{row.reason}")
        return 0

    return _with(args, go)


def run_assign(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        report = s.campaigns.assign(args.campaign, seed=args.seed)
        if args.json:
            print_json(report)
            return 0 if not report.unassigned else 1
        print(f"已分配 {report.assigned} 件。")
        loads: dict[str, list[int]] = {}
        for a in report.assignments:
            if a.first_name:
                loads.setdefault(f"{a.first_name}（{a.first_unit}）", [0, 0])[0] += 1
            if a.rechecker_name:
                loads.setdefault(f"{a.rechecker_name}（{a.rechecker_unit}）", [0, 0])[1] += 1
        print_table(["人员", "初评", "复核"], [[k, v[0], v[1]] for k, v in sorted(loads.items())])
        for case_no, stage, reason in report.unassigned:
            print(f"未能分配：{case_no} 的{stage}人——{reason}")
        return 0 if not report.unassigned else 1

    return _with(args, go)


def run_reassign(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        a = s.campaigns.reassign(
            args.campaign, args.case, first=args.first, rechecker=args.rechecker, reason=args.reason
        )
        if args.json:
            print_json(a)
        else:
            print(
                f"案件 {a.case_no}：初评人 {a.first_name}（{a.first_unit}），复核人 {a.rechecker_name}（{a.rechecker_unit}）"
            )
        return 0

    return _with(args, go)


def run_progress(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        report = s.campaigns.progress(args.campaign)
        if args.json:
            print_json(report)
            return 0
        t = report.total
        print(
            f"合计：{t.assigned} 件已分配，已初评 {t.scored}，已复核 {t.rechecked}，已定稿 {t.reconciled}"
            f"（{t.percent_done}%）；未分配 {report.unassigned} 件"
        )
        print()
        print_table(
            ["被评查单位", "已分配", "已初评", "已复核", "已定稿", "完成率"],
            [
                [u.label, u.assigned, u.scored, u.rechecked, u.reconciled, f"{u.percent_done}%"]
                for u in report.units
            ],
        )
        print()
        print_table(
            ["人员", "单位", "初评（完成/分配）", "复核（完成/分配）", "待办", "进度"],
            [
                [
                    r.name,
                    r.unit,
                    f"{r.first_done}/{r.first_assigned}",
                    f"{r.recheck_done}/{r.recheck_assigned}",
                    r.pending,
                    "落后" if r.behind else "",
                ]
                for r in report.reviewers
            ],
        )
        return 0

    return _with(args, go)


def run_agreement(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        report = s.campaigns.agreement(args.campaign)
        if args.json:
            print_json(report)
            return 0
        st = report.stats
        o = st.overall
        if not st.cases:
            print("还没有同时完成初评和复核的案卷，无法计算一致性。")
            return 0
        print(
            f"双人评查案卷 {st.cases} 件，比对评查项 {o.n} 次，一致 {o.agreed} 次，一致率 {o.percent}%，"
            f"Cohen's κ = {format_kappa(o.kappa)}（{kappa_reading(o.kappa)}）"
        )
        if st.score.cases:
            print(f"总分差：平均绝对差 {st.score.mean_abs} 分，最大 {st.score.max_abs} 分")
        print(f"已合议定稿 {report.reconciled_cases} 件；有分歧尚未定稿 {report.open_disagreements} 件")
        print()
        print("一致性最低的评查项（可能表述含糊，建议修订标准或统一尺度）：")
        print_table(
            ["评查项", "比对", "一致率", "κ", "分歧"],
            [
                [
                    report.item_labels.get(i.item_code, i.item_code)[:40],
                    i.stats.n,
                    f"{i.stats.percent}%",
                    format_kappa(i.stats.kappa),
                    "；".join(f"{outcome_label(k)}×{v}" for k, v in i.outcomes.items()),
                ]
                for i in st.lowest
            ],
        )
        print()
        print("按评查人组合：")
        print_table(
            ["初评人", "复核人", "案卷", "一致率", "κ", "平均分差", "最大分差"],
            [
                [
                    report.reviewer_names.get(p.reviewers[0] or 0, ""),
                    report.reviewer_names.get(p.reviewers[1] or 0, ""),
                    p.cases,
                    f"{p.stats.percent}%",
                    format_kappa(p.stats.kappa),
                    p.score.mean_abs,
                    p.score.max_abs,
                ]
                for p in st.per_pair
            ],
        )
        return 0

    return _with(args, go)


def run_export(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        path = s.campaigns.export_sample(args.campaign, args.out)
        _out(args, {"path": str(path)}, f"已导出抽样清单：{path}")
        return 0

    return _with(args, go)


def run_score(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        campaign_id = s.campaigns.resolve(args.campaign)
        case_id = s.cases.case_id(args.case)
        if s.ctx.actor_id is None:
            raise ValidationError("请用 --as 指定以名册中哪位人员的身份评查。")
        access, state = s.campaigns.open_for(case_id, campaign_id, s.ctx.actor_id)
        if state is None:
            if args.json:
                print_json({"access": access})
            else:
                print(f"{s.ctx.actor}：{access.message}")
            return 1
        if args.answers:
            from casereview.standards.answers_file import load_answers_file

            if state.review.locked:
                raise ValidationError(f"{access.stage_label}已提交，不能再录入。")
            answers = load_answers_file(args.answers)
            for code, answer in answers.answers.items():
                s.reviews.save_answer(
                    state.review.id,
                    code,
                    answer.answer,
                    deduction=answer.deduction,
                    occurrences=answer.occurrences,
                    note=answers.notes.get(code),
                )
            if args.submit:
                s.reviews.submit(state.review.id)
            state = s.reviews.state(state.review.id)
        if args.json:
            print_json(
                {
                    "access": access,
                    "review_id": state.review.id,
                    "status": state.review.status,
                    "score": state.score.total,
                    "grade": state.score.grade,
                }
            )
        else:
            print(f"{s.ctx.actor}：{access.message}")
            print(
                f"{access.stage_label}评查记录 #{state.review.id}（{'已提交' if state.review.locked else '评查中'}）："
                f"已答 {state.score.answered_count}/{state.score.item_count} 项，得分 {state.score.total}，{state.score.grade}"
            )
        return 0

    return _with(args, go)


def _print_recon(r: Reconciliation) -> None:
    print(
        f"案件 {r.case_no}（{r.unit_name}）  初评 {r.first_reviewer}：{r.first_total} 分 {r.first_grade}；"
        f"复核 {r.rechecker}：{r.recheck_total} 分 {r.recheck_grade}"
    )
    state = {None: "未开始", ReviewStatus.DRAFT: "合议中", ReviewStatus.SUBMITTED: "已定稿"}[r.final_status]
    final = f"，合议结果 {r.final_total} 分 {r.final_grade}" if r.final_review_id else ""
    print(f"不一致 {len(r.disagreements)} 项，未合议 {len(r.unresolved)} 项；合议：{state}{final}")
    if not r.disagreements:
        print("两次评查完全一致，可“确认一致并定稿”（--confirm）。")
        return

    def side(x: Any, pts: float) -> str:
        if x is None:
            return "未答"
        text = {"pass": "符合", "deduct": f"扣 {pts:g} 分", "na": "不适用", "veto": "否决"}.get(
            x.answer, x.answer
        )
        pages = "、".join(f"{e.document_title}第{e.page}页" for e in x.evidence)
        return text + (f"｜{x.note}" if x.note else "") + (f"｜证据：{pages}" if pages else "")

    print_table(
        ["评查项", "初评", "复核", "合议结论（理由）"],
        [
            [
                f"{i.item_code} {i.item_text[:18]}",
                side(i.first, i.first_points),
                side(i.recheck, i.recheck_points),
                (
                    f"{OUTCOME_LABELS.get(i.agreed.answer, i.agreed.answer)}（{i.agreed.reconcile_reason}）"
                    if i.agreed and i.agreed.reconcile_reason
                    else ""
                ),
            ]
            for i in r.disagreements
        ],
    )


def run_reconcile(args: argparse.Namespace) -> int:
    def go(s: Services) -> int:
        campaign_id = s.campaigns.resolve(args.campaign)
        case_id = s.cases.case_id(args.case)
        if args.item:
            if not args.reason:
                raise ValidationError("合议某一评查项时必须用 --reason 写明理由。")
            s.campaigns.resolve_item(
                case_id,
                campaign_id,
                args.item,
                reason=args.reason,
                take=args.take,
                answer=args.answer,
                deduction=args.deduction,
                occurrences=args.occurrences,
                note=args.note,
            )
        if args.confirm:
            state = s.campaigns.confirm_agreement(case_id, campaign_id)
            _out(
                args,
                _final(state),
                f"已确认一致并定稿：合议记录 #{state.review.id}，{state.score.total} 分 {state.score.grade}",
            )
            return 0
        if args.finalize:
            state = s.campaigns.finalize(case_id, campaign_id)
            _out(
                args,
                _final(state),
                f"已合议定稿：合议记录 #{state.review.id}，{state.score.total} 分 {state.score.grade}",
            )
            return 0
        recon = s.campaigns.reconciliation(case_id, campaign_id)
        if args.json:
            print_json(recon)
        else:
            _print_recon(recon)
        return 0

    return _with(args, go)
