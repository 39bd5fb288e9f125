"""Core texts in the interface language: a catalogue of the Chinese sentences the core returns
for display (service errors, sign-in and permission refusals, automatic-check titles, labels)
with their English wording, applied at the UI boundary.

The core keeps writing Chinese: exports, notices, the audit log and the CLI stay in the
official language. ``display(text)`` gives the text in the calling thread's display language
(``casereview.domain.display.set_label_language``, which the desktop app sets in its GUI
thread from ``--lang``): an exact entry, or a template whose ``{name}`` parts are data
(an account name, a date) and are kept — translated themselves when they are a catalogued
term, such as the role 管理员 or the right 统计与报告.

``catalogued(text)`` tells whether a text has an English wording; a test fails on a
user-visible core text that has none.
"""

from __future__ import annotations

import re
from functools import cache

from casereview.domain.display import label_language

# Chinese template → English template. ``{name}`` matches any text (kept, or translated when it
# is itself a catalogued term).
CATALOGUE: dict[str, str] = {
    # -- signing in and permissions (casereview.services.accounts / policy) ----------------
    "账号“{account}”（{roles}）无权{right}。": "Account “{account}” ({roles}) may not do this: {right}.",
    "未登录：请先登录后再{right}（casereview login 或 --user 账号）。":
        "Not signed in: sign in first (casereview login or --user NAME). Needed: {right}.",
    "请先用密码登录。": "Sign in with your password first.",
    "请先登录再修改密码。": "Sign in before changing the password.",
    "账号“{account}”不存在或密码错误。": "Account “{account}” does not exist or the password is wrong.",
    "账号“{account}”已停用，请联系管理员。": "Account “{account}” is deactivated; ask an administrator.",
    "账号“{account}”因连续输错密码已锁定，请 {minutes} 分钟后再试，或请管理员重置密码。":
        "Account “{account}” is locked after repeated wrong passwords: try again in {minutes} minutes, "
        "or ask an administrator to reset the password.",
    "账号“{account}”尚未设置密码，请管理员为其设置初始密码。":
        "Account “{account}” has no password yet; ask an administrator to set a first password.",
    "密码错误。账号“{account}”已锁定 {minutes} 分钟。":
        "Wrong password. Account “{account}” is locked for {minutes} minutes.",
    "账号“{account}”不存在或密码错误（再错 {left} 次将锁定）。":
        "Account “{account}” does not exist or the password is wrong ({left} more wrong attempts lock it).",
    "登录凭据无效，请重新登录（casereview login）。": "The kept sign-in is not valid; sign in again (casereview login).",
    "登录凭据已被撤销，请重新登录。": "The kept sign-in was revoked; sign in again.",
    "登录凭据已于 {date} 过期，请重新登录。": "The kept sign-in expired on {date}; sign in again.",
    "盲评复核进行中：复核人及其单位在复核提交前不能导出或查看初评结论。":
        "A blind re-check is under way: the re-checker and their unit cannot export or see the first "
        "review's findings until the re-check is submitted.",
    "评查活动“{campaign}”不是由您担任组长的活动，不能代他人打开评查。":
        "You are not the lead of campaign “{campaign}”: you cannot open a review for someone else.",
    "操作 {call} 未登记权限规则，已拒绝。": "The action {call} has no permission rule and was refused.",
    "未登录": "Not signed in",
    # -- rights (casereview.accounts.roles.CAP_LABELS) and roles (ROLE_LABELS) --------------
    "查看评查数据": "view review data",
    "评查打分": "score reviews",
    "重新打开已提交的评查": "reopen submitted reviews",
    "管理评查活动（抽样、分配、合议）": "manage review campaigns (sampling, assignment, panel review)",
    "问题整改与整改通知书": "rectification and rectification notices",
    "统计与报告": "statistics and reports",
    "导入案件与案卷材料": "import cases and case files",
    "管理评查标准、日历与设置": "manage standards, calendar and settings",
    "管理账号与评查人员名册": "manage accounts and the reviewer roster",
    "管理培训资料与练习题": "manage training material and practice cases",
    "做练习": "do practice cases",
    "系统内部操作": "internal system operations",
    "管理员": "administrator",
    "组长": "lead",
    "评查人": "reviewer",
    "复核人": "re-checker",
    "培训": "trainer",
    "学员": "trainee",
    # -- statistics scope (casereview.stats.model) -------------------------------------------
    "全部已评查的案卷": "all reviewed files",
    "活动内全部案卷": "all files of the campaign",
    # -- automatic checks: titles (casereview.checks.rules) ---------------------------------
    "举行听证七个工作日前通知当事人": "Party notified of the hearing seven working days before it",
    "作出处罚决定前告知拟处罚内容及陈述申辩、听证权利":
        "Before the decision, the party told of the intended penalty and the rights to state a defence "
        "and to a hearing",
    "先行登记保存的证据七个工作日内作出处理决定":
        "Decision on evidence registered and preserved within seven working days",
    "准予许可的，十个工作日内颁发、送达许可证件": "Licence issued and served within ten working days of approval",
    "加处罚款每日 3%，总额不超过罚款数额": "Late-payment surcharge 3 % a day, in total no more than the fine",
    "受理后二十个工作日内作出许可决定（经批准可延长十个工作日）":
        "Licensing decision within twenty working days of acceptance (ten more with approval)",
    "听证主持人不是本案调查人员": "The hearing officer is not one of the case's investigators",
    "听证申请期限（2021-07-15 前三日，之后五个工作日）":
        "Time to request a hearing (three days before 2021-07-15, five working days after)",
    "处罚决定作出后七个工作日内公示": "Decision published within seven working days",
    "应当告知听证权利的案件已告知并保障听证权利":
        "Where a hearing right applies, the party was told of it and it was honoured",
    "当事人不在场的，处罚决定书七个工作日内送达":
        "Decision served within seven working days when the party was not present",
    "当事人自收到决定书之日起十五日内缴纳罚款；逾期的依法处理":
        "Fine paid within fifteen days of receiving the decision; late payment dealt with by law",
    "当场处罚决定按期报所属行政机关备案（交通运输五日内）":
        "On-the-spot decision filed with the authority in time (transport: within five days)",
    "执法人员持有有效执法证件": "Officers hold valid enforcement certificates",
    "查封、扣押期限不超过三十日，经批准延长不超过三十日":
        "Sealing or seizure no longer than thirty days, extended by at most thirty with approval",
    "案卷包含程序及触发情形所要求的文书": "The file holds the documents its procedure and circumstances require",
    "法制审核在处罚决定之前进行（应当审核的案件）": "Legal review before the decision (where required)",
    "申请材料不齐全的，五个工作日内一次告知补正":
        "Incomplete application: everything missing told at once within five working days",
    "立案、调查、告知、决定、送达、结案日期顺序合理":
        "Dates in a sound order: filing, investigation, notice, decision, service, closing",
    "简易程序仅适用于警告、通报批评或法定数额以下罚款":
        "Simplified procedure only for warnings, public criticism or fines below the legal amount",
    "罚缴分离：罚款由当事人到银行或电子支付缴纳，当场收缴须符合法定情形":
        "Fines paid to a bank or electronically, not to the officers; on-the-spot collection only where the "
        "law allows",
    "自立案之日起九十日内作出处罚决定": "Decision within ninety days of filing",
    "行政强制措施由两名以上行政执法人员实施": "Coercive measures carried out by at least two officers",
    "调查、法制审核、审批决定由不同人员承担（办审定分离）":
        "Investigation, legal review and decision by different people",
    "调查取证在立案之后进行": "Evidence gathered after the case was filed",
    "调查取证执法人员不少于两人": "Evidence gathered by at least two officers",
    "违法行为在追责时效（二年/五年）内被发现": "Violation found within the limitation period (two / five years)",
    "陈述申辩期限届满或当事人陈述申辩后才作出决定":
        "Decision only after the defence period ended or the party's defence was heard",
    "集体讨论在处罚决定之前进行（情节复杂或重大违法）":
        "Collective discussion before the decision (complex or serious cases)",
    "未采取先行登记保存。": "No evidence was registered and preserved.",
    # -- how an item deducts (casereview.scoring.engine.allowed_deduction) ------------------
    "否决项（{veto}）": "veto item ({veto})",
    "不计分": "not scored",
    "扣 {amount} 分，本项 {max} 分": "deduct {amount} points, item worth {max}",
    "每次扣 {amount} 分，最多扣 {cap} 分": "deduct {amount} points each time, at most {cap}",
    "可扣 {min}～{max} 分，本项 {total} 分": "deduct {min}–{max} points, item worth {total}",
    "扣除本项全部 {max} 分": "deduct all {max} points of the item",
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """The entries with ``{name}`` parts as anchored patterns, the longest (most specific) first."""
    out = []
    for chinese, english in CATALOGUE.items():
        if "{" not in chinese:
            continue
        parts = _PLACEHOLDER.split(chinese)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        out.append((re.compile(f"^{regex}$", re.DOTALL), english))
    out.sort(key=lambda entry: -len(entry[0].pattern))
    return out


def _term(value: str) -> str:
    """A data part: a catalogued term (or a 、-list of them) in English, anything else as is."""
    if value in CATALOGUE:
        return CATALOGUE[value]
    parts = value.split("、")
    if len(parts) > 1 and all(p in CATALOGUE for p in parts):
        return ", ".join(CATALOGUE[p] for p in parts)
    return value


def english(text: str) -> str | None:
    """The English wording of a core text, or None when it is not catalogued."""
    if text in CATALOGUE:
        return CATALOGUE[text]
    if "、" in text and all(part in CATALOGUE for part in text.split("、")):  # a list of terms (roles)
        return _term(text)
    for pattern, template in _templates():
        match = pattern.match(text)
        if match:
            values = {name: _term(value) for name, value in match.groupdict().items()}
            return template.format(**values)
    return None


def catalogued(text: str) -> bool:
    return english(text) is not None


def display(text: str) -> str:
    """``text`` in the calling thread's display language (Chinese texts pass unchanged in Chinese)."""
    if label_language() != "en" or not text:
        return text
    translated = english(text)
    return text if translated is None else translated
