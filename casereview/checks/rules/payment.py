"""罚缴分离, the 15-day payment period and the late-payment surcharge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from casereview.checks.registry import CheckContext, Verdict, rule
from casereview.checks.rules._common import (
    calendar_deadline,
    d,
    docs_recorded,
    fail,
    has_doc,
    insufficient,
    missing,
    na,
    ok,
    yuan,
)
from casereview.checks.rules._law import XZCF, XZQZ, XZQZ_IN_FORCE, penalty_law
from casereview.checks.snapshot import (
    PAYMENT_BANK,
    PAYMENT_E,
    PAYMENT_LABELS,
    PAYMENT_ON_THE_SPOT,
    CaseSnapshot,
)
from casereview.domain.enums import Procedure

RECEIPT_DOCS = ("罚没票据/缴款凭证", "罚没票据", "缴款凭证", "罚没款票据")
ON_THE_SPOT_TABLE = "on_the_spot_collection_limit"


@rule("penalty.fine_collection_separation", "罚缴分离：罚款由当事人到银行或电子支付缴纳，当场收缴须符合法定情形",
      f"{XZCF}第六十七条至第七十条", anchor=("decision",), item_hints=("罚缴分离", "执行"), severity="major")
def fine_collection_separation(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Bank / e-payment always pass; on-the-spot collection only for simple-procedure fines up
    to the on-the-spot limit, when later collection would be hard, or in remote areas."""
    basis = penalty_law(s.decision, "第六十七条至第七十条", "第四十六条至第四十九条")
    if not s.fine_imposed:
        return na("未处以罚款。", basis=basis)
    if s.payment_method is None:
        if s.paid is None:
            return insufficient("缺少数据：缴款方式和缴款日期，尚无法判断。", basis=basis)
        return insufficient("缺少数据：缴款方式。", basis=basis)
    if s.payment_method in (PAYMENT_BANK, PAYMENT_E):
        return ok(f"当事人通过{PAYMENT_LABELS[s.payment_method]}缴纳罚款，作出决定的机关未自行收缴。", basis=basis)
    if s.payment_method != PAYMENT_ON_THE_SPOT:
        return insufficient(f"缴款方式“{s.payment_method}”无法识别（应为银行、电子支付系统或当场收缴）。",
                            basis=basis)
    receipt_missing = docs_recorded(s) and not has_doc(s, *RECEIPT_DOCS)
    receipt_text = "；案卷中未见罚没票据/缴款凭证（第七十条）" if receipt_missing else ""
    grounds = []
    if s.remote_area:
        grounds.append("边远、水上、交通不便地区，当事人提出（第六十九条）")
    if s.procedure is Procedure.SIMPLE:
        if s.collection_difficult:
            grounds.append("不当场收缴事后难以执行（第六十八条第二项）")
        if s.fine_amount is not None and s.decision is not None:
            entry = ctx.thresholds.lookup(ON_THE_SPOT_TABLE, s.province, s.domain, s.party_type, s.decision)
            if entry is None or entry.value is None:
                return insufficient(f"阈值表“当场收缴罚款上限”中缺少 {d(s.decision)} 有效的条目。", basis=basis)
            if entry.satisfied_by(s.fine_amount):
                grounds.append(f"简易程序罚款 {yuan(s.fine_amount)}，不超过当场收缴上限 {entry.text()}")
            else:
                grounds_text = f"罚款 {yuan(s.fine_amount)} 超过当场收缴上限 {entry.text()}"
                if not grounds:
                    return fail(f"当场收缴罚款，但{grounds_text}，且无其他可以当场收缴的情形{receipt_text}。",
                                basis=basis)
        elif not grounds:
            return insufficient("缺少数据：罚款金额或决定日期。", basis=basis)
    if not grounds:
        return fail(f"普通程序案件当场收缴罚款，不属于可以当场收缴的情形（边远、水上、交通不便地区除外）{receipt_text}。",
                    basis=basis)
    if receipt_missing:
        return fail("当场收缴罚款（" + "；".join(grounds) + f"）{receipt_text}。", basis=basis)
    return ok("当场收缴罚款，符合法定情形：" + "；".join(grounds) + "。", basis=basis)


def _payment_deadline(s: CaseSnapshot, ctx: CheckContext) -> tuple[dt.date, str, tuple[int, ...]]:
    assert s.service is not None
    if s.payment_due is not None:
        return s.payment_due, f"缴款期限 {d(s.payment_due)}（已录入的缴款期限，含批准的延期）", ()
    deadline, note, years = calendar_deadline(ctx.calendar, s.service, 15)
    return deadline, f"收到决定书 {d(s.service)} 起 15 日，截止 {d(deadline)}{note}", years


@rule("penalty.payment_within_15_days", "当事人自收到决定书之日起十五日内缴纳罚款；逾期的依法处理",
      f"{XZCF}第六十七条第三款、第七十二条", anchor=("decision",), item_hints=("执行", "罚款缴纳"), severity="minor")
def payment_within_15_days(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Paid within 15 days of receiving the decision (or the approved deferred date); late
    payment without surcharge, deferral or enforcement is reported for the reviewer."""
    basis = penalty_law(s.decision, "第六十七条第三款、第七十二条", "第四十六条第三款、第五十一条")
    if not s.fine_imposed:
        return na("未处以罚款。", basis=basis)
    if s.payment_method == PAYMENT_ON_THE_SPOT and s.paid is not None and s.decision == s.paid:
        return ok(f"当场缴纳（{d(s.paid)}）。", basis=basis)
    if m := missing(s, "service", purpose="计算缴款期限", basis=basis):
        return m
    deadline, text, years = _payment_deadline(s, ctx)
    if s.paid is not None:
        if s.paid <= deadline:
            return ok(f"{text}；缴款日期 {d(s.paid)}，按期缴纳。", years, basis=basis)
        late = (s.paid - deadline).days
        head = f"{text}；缴款日期 {d(s.paid)}，逾期 {late} 日"
        if s.surcharge_amount and s.surcharge_amount > 0:
            return ok(head + f"，已加处罚款 {yuan(s.surcharge_amount)}。", years, basis=basis)
        if s.enforcement is not None:
            return ok(head + f"，已于 {d(s.enforcement)} 采取强制执行措施。", years, basis=basis)
        return fail(head + "，未见加处罚款、延期缴纳批准或强制执行记录，请核实。", years, basis=basis)
    if s.enforcement is not None:
        return ok(f"{text}；未录入缴款日期，已于 {d(s.enforcement)} 采取强制执行措施。", years, basis=basis)
    # No payment date is a gap in the data, not evidence of non-payment: ask for the receipt.
    where = "请查看案卷中的罚没票据或缴款凭证（银行回单、电子缴款凭证），补录缴款日期"
    if s.closing is not None:
        receipt = "；案卷文书目录中也没有罚没票据/缴款凭证" if docs_recorded(s) and not has_doc(s, *RECEIPT_DOCS) else ""
        return insufficient(f"{text}；未录入缴款日期，也未见强制执行记录，案件已于 {d(s.closing)} 结案{receipt}。{where}。",
                            years, basis=basis)
    return insufficient(f"{text}；缺少数据：缴款日期。{where}。", years, basis=basis)


@rule("penalty.late_payment_surcharge_cap", "加处罚款每日 3%，总额不超过罚款数额",
      f"{XZCF}第七十二条第一款第一项；{XZQZ}第四十五条", applies_from=XZQZ_IN_FORCE,
      anchor=("decision",), item_hints=("执行", "加处罚款"), severity="major")
def late_payment_surcharge_cap(s: CaseSnapshot, ctx: CheckContext) -> Verdict:
    """Surcharge ≤ fine (and ≤ 3 % of the fine per day late when the dates are known)."""
    basis = (f"{XZCF}第七十二条第一款第一项" if s.decision and s.decision >= dt.date(2021, 7, 15)
             else f"{XZQZ}第四十五条；{penalty_law(s.decision, '', '第五十一条第一项')}")
    if not s.surcharge_amount or s.surcharge_amount <= 0:
        return na("未加处罚款。", basis=basis)
    if m := missing(s, "fine_amount", purpose="核对加处罚款上限", basis=basis):
        return m
    assert s.fine_amount is not None
    surcharge, fine = s.surcharge_amount, s.fine_amount
    if surcharge > fine:
        return fail(f"加处罚款 {yuan(surcharge)} 超过罚款数额 {yuan(fine)}。", basis=basis)
    if s.service is not None and s.paid is not None:
        deadline, text, years = _payment_deadline(s, ctx)
        late = max((s.paid - deadline).days, 0)
        cap = min(fine, (fine * Decimal("0.03") * late).quantize(Decimal("0.01")))
        head = f"{text}；缴款日期 {d(s.paid)}，逾期 {late} 日，按每日 3% 最多 {yuan(cap)}"
        if surcharge > cap:
            return fail(head + f"，实际加处 {yuan(surcharge)}，超过应加数额。", years, basis=basis)
        return ok(head + f"，实际加处 {yuan(surcharge)}，未超过罚款数额 {yuan(fine)}。", years, basis=basis)
    return ok(f"加处罚款 {yuan(surcharge)}，未超过罚款数额 {yuan(fine)}（缺少送达或缴款日期，未核对逾期天数）。",
              basis=basis)
