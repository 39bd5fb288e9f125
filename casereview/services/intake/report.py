"""The import report: the result DTO with its text in Chinese (summary line, row problems,
the header mapping used, field-by-field updates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casereview.intake.registry import format_report
from casereview.intake.values import readable_name
from casereview.services.intake.types import RegistryImportResult, proposals

if TYPE_CHECKING:
    from casereview.services.intake.run import ImportRun


def import_result(run: ImportRun, seconds: float, profile_saved: str | None = None) -> RegistryImportResult:
    """The run's result with its whole report in Chinese (what the CLI prints and the wizard shows)."""
    stats = run.stats
    body = format_report(stats, run.problems, source=readable_name(run.path.name), warnings=run.warnings)
    options = run.options
    lines = [summary_line(run), body, "", "表头对应（第{}行{}）：".format(
        run.table.header_row, f"起 {run.table.header_rows} 行" if run.table.header_rows > 1 else "")]
    lines += ["  " + line for line in run.mapping.describe()]
    if profile_saved:
        lines.append(f"映射方案“{profile_saved}”已保存" + ("（试运行也保存映射方案）" if options.dry_run else "") + "。")
    if run.updates:
        lines.append("")
        lines.append("将更新的案件：" if options.dry_run or not run.saved else "已更新的案件：")
        for change in run.updates[:500]:
            lines.append(f"  第{change.row}行 {change.case_no}：" + "；".join(d.describe() for d in change.changes))
    if run.rejects_written:
        lines.append(f"未导入的 {run.rejects_written} 行已写入 {options.rejects_path}（含“错误原因”列）。")
    return RegistryImportResult(
        source=run.path, sheet=run.table.sheet, header_row=run.table.header_row, dry_run=options.dry_run,
        partial=options.partial, update_existing=options.update_existing, saved=run.saved,
        batch_id=run.batch_id if run.saved else None, rows_read=stats.rows_read,
        created=run.created, updated=run.updated, unchanged=run.unchanged,
        skipped_existing=run.skipped_existing, rejected=stats.rejected,
        units_created=run.units_created, officers_created=run.officers_created,
        problems=tuple(run.problems), warnings=tuple(run.warnings), updates=tuple(run.updates),
        new_case_nos=tuple(run.new_case_nos), rejects_path=options.rejects_path if run.rejects_written else None,
        rejects_written=run.rejects_written, notes=tuple(stats.notes), report="\n".join(lines), seconds=seconds,
        columns=proposals(run.table, run.mapping), mapping_warnings=tuple(run.mapping.warnings()),
        profile_saved=profile_saved,
    )

def summary_line(run: ImportRun) -> str:
    """The report's first line: what was (or would be) done."""
    options = run.options
    if options.dry_run:
        head = "试运行（未写入数据库）："
    elif not run.saved and run.stats.rejected:
        head = ("未导入：有问题的行，按“全部或全不”规则数据库未作任何修改"
                "（如要先导入有效的行，请选择“只导入有效行”，命令行加 --partial --rejects 未导入行.xlsx）。")
    else:
        head = "导入完成："
    verb = "将" if not run.saved else "已"
    existing = (f"更新 {run.updated} 件、未变化 {run.unchanged} 件" if options.update_existing
                else f"跳过已有案件 {run.skipped_existing} 件")
    return f"{head}读取 {run.stats.rows_read} 行，{verb}新增 {run.created} 件，{existing}，有问题 {run.stats.rejected} 行。"

