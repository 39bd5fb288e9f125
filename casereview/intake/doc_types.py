"""Document types of a case file, as data.

The 24 forms of the current transport enforcement form set (交通运输行政执法文书式样,
domain notes section 3.1, numbered ``form_no``) plus the other parts of a file met in
review (cover, index, legal-review opinion, ...; section 3.2). ``aliases`` are the
names met in file names and document titles, used by ``classify``; the canonical
``name`` always counts as an alias. ``code`` is the stable value to store.

The lead may move this list into resources/; nothing here depends on where it lives.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DOC_TYPES", "DOC_TYPE_BY_CODE", "OTHER", "DocType", "doc_type_from_text"]


@dataclass(frozen=True, slots=True)
class DocType:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    form_no: int | None = None  # number in the transport form set, None for other parts


DOC_TYPES: tuple[DocType, ...] = (
    DocType("filing_register", "立案登记表", ("立案审批表", "立案呈批表", "立案登记", "立案审批", "立案报告"), 1),
    DocType("inquiry_record", "询问笔录", ("调查询问笔录", "询问记录", "调查笔录"), 2),
    DocType("survey_record", "勘验笔录", ("勘查笔录", "勘验检查笔录", "勘验记录"), 3),
    DocType("onsite_record", "现场笔录", ("现场检查笔录", "检查笔录", "现场检查记录"), 4),
    DocType("sampling_voucher", "抽样取证凭证", ("抽样取证",), 5),
    DocType("evidence_preservation_list", "证据登记保存清单",
            ("先行登记保存证据清单", "证据先行登记保存清单", "先行登记保存", "登记保存清单", "证据登记保存"), 6),
    DocType("evidence_preservation_release", "解除证据登记保存决定书",
            ("解除证据登记保存", "解除先行登记保存", "解除登记保存"), 7),
    DocType("coercive_measure_decision", "行政强制措施决定书",
            ("强制措施决定书", "查封扣押决定书", "扣押决定书", "查封决定书", "查封(扣押)决定书", "暂扣决定书"), 8),
    DocType("coercive_measure_extension", "延长行政强制措施期限通知书",
            ("延长强制措施期限", "延长查封扣押期限", "延长行政强制措施期限", "延长扣押期限"), 9),
    DocType("coercive_measure_release", "解除行政强制措施决定书",
            ("解除强制措施", "解除行政强制措施", "解除查封", "解除扣押", "解除查封扣押"), 10),
    DocType("violation_notice", "违法行为通知书",
            ("违法行为告知书", "行政处罚告知书", "处罚告知书", "事先告知书", "行政处罚事先告知书", "告知书",
             "处罚前告知"), 11),
    DocType("hearing_notice", "听证通知书", ("听证告知书", "举行听证通知书"), 12),
    DocType("hearing_record", "听证笔录", ("听证记录", "听证会笔录"), 13),
    DocType("onsite_penalty_decision", "当场行政处罚决定书",
            ("当场处罚决定书", "简易程序处罚决定书", "简易处罚决定书", "当场行政处罚"), 14),
    DocType("penalty_decision", "行政处罚决定书",
            ("处罚决定书", "不予行政处罚决定书", "不予处罚决定书", "行政处罚决定"), 15),
    DocType("correction_order", "责令改正违法行为通知书",
            ("责令改正通知书", "责令整改通知书", "责令限期改正通知书", "责令改正", "责令限期改正"), 16),
    DocType("payment_deferral_notice", "分期(延期)缴纳罚款通知书",
            ("分期缴纳罚款", "延期缴纳罚款", "延期(分期)缴纳罚款", "分期延期缴纳罚款", "暂缓缴纳罚款"), 17),
    DocType("enforcement_announcement", "执行公告", ("强制执行公告",), 18),
    DocType("demand_notice", "催告书", ("履行催告书", "催告通知书", "缴纳罚款催告书", "催缴通知书"), 19),
    DocType("coercive_enforcement_decision", "行政强制执行决定书", ("强制执行决定书",), 20),
    DocType("substitute_performance_decision", "代履行决定书", ("代履行",), 21),
    DocType("enforcement_suspension_notice", "中止(终结、恢复)行政强制执行通知书",
            ("中止行政强制执行", "终结行政强制执行", "恢复行政强制执行", "中止执行通知书", "终结执行通知书",
             "恢复执行通知书", "中止强制执行", "终结强制执行", "恢复强制执行"), 22),
    DocType("service_receipt", "送达回证", ("送达回执", "送达地址确认书", "邮寄送达凭证", "邮寄回执", "送达凭证"), 23),
    DocType("closing_report", "结案报告", ("结案审批表", "结案呈批表", "结案登记表", "结案审批"), 24),
    DocType("cover", "案卷封面", ("卷宗封面", "卷皮", "封面")),
    DocType("index", "卷内目录", ("卷内文件目录", "案卷目录", "目录")),
    DocType("legal_review_opinion", "法制审核意见",
            ("法制审核意见书", "法制审核表", "法制审核", "重大执法决定法制审核", "法制审查意见", "法制审查")),
    DocType("collective_discussion_record", "集体讨论记录",
            ("集体讨论笔录", "重大案件集体讨论", "集体讨论", "案审会记录", "案件审理委员会")),
    DocType("statement_defence_record", "陈述申辩笔录", ("陈述申辩书", "陈述申辩", "申辩书", "陈述书", "申辩笔录")),
    DocType("fine_receipt", "罚没票据",
            ("罚没收据", "罚没款收据", "罚款收据", "罚没款票据", "缴款凭证", "缴款书", "非税收入", "缴款回单",
             "银行缴款")),
    DocType("identity_proof", "身份证明",
            ("身份证", "身份证明", "营业执照", "法定代表人身份证明", "授权委托书", "居民身份证", "驾驶证")),
    DocType("other", "其他"),
)  # fmt: skip

DOC_TYPE_BY_CODE: dict[str, DocType] = {t.code: t for t in DOC_TYPES}
OTHER = DOC_TYPE_BY_CODE["other"]


def doc_type_from_text(text: str) -> DocType | None:
    """A type named exactly (code, name or alias), e.g. a reviewer's correction."""
    from casereview.intake.classify import normalise_title

    key = normalise_title(text)
    for doc_type in DOC_TYPES:
        if text.strip() == doc_type.code or key in {normalise_title(a) for a in (doc_type.name, *doc_type.aliases)}:
            return doc_type
    return None
