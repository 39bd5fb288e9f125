"""Read-only view of one case: everything the statutory pre-checks look at.

This is the single place that lists the fields the rules need. The storage layer maps
its ``Case`` (and documents, officers) onto :class:`CaseSnapshot`; the rules never see
the database. Every date is optional: a rule that needs a missing date reports
"insufficient data" naming the field (see :data:`FIELD_LABELS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal

from casereview.domain.enums import CaseType, PartyType, Procedure

# Officer roles (OfficerSnapshot.role)
INVESTIGATOR = "investigator"  # 承办 / 调查执法人员
LEGAL_REVIEWER = "legal_reviewer"  # 法制审核人员
APPROVER = "approver"  # 审批（负责人）
HEARING_HOST = "hearing_host"  # 听证主持人
RECORDER = "recorder"  # 记录人
ROLES = (INVESTIGATOR, LEGAL_REVIEWER, APPROVER, HEARING_HOST, RECORDER)
ROLE_LABELS = {
    INVESTIGATOR: "执法人员",
    LEGAL_REVIEWER: "法制审核人员",
    APPROVER: "审批负责人",
    HEARING_HOST: "听证主持人",
    RECORDER: "记录人",
}

# Payment methods (CaseSnapshot.payment_method)
PAYMENT_BANK = "bank"
PAYMENT_E = "e-payment"
PAYMENT_ON_THE_SPOT = "on_the_spot"
PAYMENT_LABELS = {PAYMENT_BANK: "银行", PAYMENT_E: "电子支付系统", PAYMENT_ON_THE_SPOT: "当场收缴"}

# Service methods (CaseSnapshot.service_method); on-the-spot handing over needs no 7-day check
SERVICE_ON_THE_SPOT = "on_the_spot"

# Penalty types as written in decisions (CaseSnapshot.penalty_types)
WARNING = "警告"
CRITICISM = "通报批评"
FINE = "罚款"
CONFISCATE_GAINS = "没收违法所得"
CONFISCATE_PROPERTY = "没收非法财物"
SUSPEND_LICENCE = "暂扣许可证件"
LOWER_GRADE = "降低资质等级"
REVOKE_LICENCE = "吊销许可证件"
RESTRICT_ACTIVITY = "限制开展生产经营活动"
SUSPEND_BUSINESS = "责令停产停业"
CLOSE_DOWN = "责令关闭"
RESTRICT_PRACTICE = "限制从业"
DETENTION = "行政拘留"


@dataclass(frozen=True, slots=True)
class OfficerSnapshot:
    name: str
    cert_no: str | None = None  # 执法证号 (for legal reviewers: 法律职业资格 / 审核证号)
    cert_valid_from: dt.date | None = None
    cert_valid_to: dt.date | None = None
    role: str = INVESTIGATOR
    legal_qualification: bool | None = None  # first-time legal reviewers need it (Art. 58)


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    case_no: str
    case_type: CaseType = CaseType.PENALTY
    procedure: Procedure = Procedure.GENERAL
    province: str = ""  # e.g. "广东"
    domain: str = "general"  # transport / maritime / fishery / general ...
    party_type: PartyType = PartyType.UNKNOWN
    fine_amount: Decimal | None = None
    confiscation_value: Decimal | None = None
    penalty_types: tuple[str, ...] = ()

    # flags
    legal_review_required: bool = False
    collective_discussion_required: bool = False
    hearing_waived: bool = False
    notice_waived: bool = False
    coercive_measure: bool = False
    preservation: bool = False
    criminal_transfer: bool = False
    continuing_violation: bool = False
    harm_to_life_health: bool = False
    remote_area: bool = False  # 边远、水上、交通不便地区 (on-the-spot collection allowed, Art. 69)
    collection_difficult: bool = False  # 不当场收缴事后难以执行 (Art. 68(2))
    licence_granted: bool | None = None  # licensing: granted (licence must be delivered) or refused

    # dates
    violation_start: dt.date | None = None
    violation_end: dt.date | None = None
    discovery: dt.date | None = None
    filing: dt.date | None = None
    investigation_start: dt.date | None = None
    notice: dt.date | None = None
    notice_served: dt.date | None = None
    defence_received: dt.date | None = None
    hearing_requested: dt.date | None = None
    hearing_notified: dt.date | None = None
    hearing_held: dt.date | None = None
    legal_review: dt.date | None = None
    collective_discussion: dt.date | None = None
    decision: dt.date | None = None
    service: dt.date | None = None
    payment_due: dt.date | None = None
    paid: dt.date | None = None
    enforcement: dt.date | None = None
    closing: dt.date | None = None
    archiving: dt.date | None = None
    publication: dt.date | None = None
    preservation_start: dt.date | None = None
    preservation_disposal: dt.date | None = None
    seizure_start: dt.date | None = None
    seizure_extended_to: dt.date | None = None
    seizure_end: dt.date | None = None
    application: dt.date | None = None
    acceptance: dt.date | None = None
    supplement_notice: dt.date | None = None
    licence_delivered: dt.date | None = None
    simple_filed: dt.date | None = None

    # periods, amounts, methods
    extension_days: int = 0  # approved extension of the 90-day penalty period (calendar days)
    seizure_extension_days: int = 0  # approved extension of seizure/detention (≤ 30)
    seizure_excluded_days: int = 0  # testing/appraisal time excluded (行政强制法 第二十五条第三款)
    licensing_extension_workdays: int = 0  # approved extension of the 20-working-day decision (≤ 10)
    licensing_excluded_workdays: int = 0  # hearing/testing/expert time excluded (行政许可法 第四十五条)
    surcharge_amount: Decimal | None = None  # 加处罚款
    payment_method: str | None = None  # bank / e-payment / on_the_spot
    service_method: str | None = None  # on_the_spot / direct / post / e-service / public_notice ...

    officers: tuple[OfficerSnapshot, ...] = ()
    document_types: frozenset[str] = field(default_factory=frozenset)

    def officers_with_role(self, role: str) -> tuple[OfficerSnapshot, ...]:
        return tuple(o for o in self.officers if o.role == role)

    @property
    def fine_imposed(self) -> bool:
        return (self.fine_amount is not None and self.fine_amount > 0) or FINE in self.penalty_types


# Chinese labels of the snapshot fields, used in "insufficient data" messages.
FIELD_LABELS: dict[str, str] = {
    "case_no": "案号",
    "case_type": "案件类型",
    "procedure": "程序类型",
    "province": "省份",
    "domain": "执法领域",
    "party_type": "当事人类型",
    "fine_amount": "罚款金额",
    "confiscation_value": "没收金额/价值",
    "penalty_types": "处罚种类",
    "violation_start": "违法行为发生日期",
    "violation_end": "违法行为终了日期",
    "discovery": "发现违法行为日期",
    "filing": "立案日期",
    "investigation_start": "调查取证开始日期",
    "notice": "违法行为通知书（告知）日期",
    "notice_served": "告知送达日期",
    "defence_received": "陈述申辩日期",
    "hearing_requested": "申请听证日期",
    "hearing_notified": "听证通知日期",
    "hearing_held": "听证举行日期",
    "legal_review": "法制审核日期",
    "collective_discussion": "集体讨论日期",
    "decision": "处罚决定日期",
    "service": "决定书送达日期",
    "payment_due": "缴款期限",
    "paid": "缴款日期",
    "enforcement": "强制执行日期",
    "closing": "结案日期",
    "archiving": "归档日期",
    "publication": "公示日期",
    "preservation_start": "先行登记保存日期",
    "preservation_disposal": "登记保存处理决定日期",
    "seizure_start": "查封扣押开始日期",
    "seizure_extended_to": "查封扣押延长至",
    "seizure_end": "查封扣押解除/处理日期",
    "application": "许可申请日期",
    "acceptance": "许可受理日期",
    "supplement_notice": "补正通知日期",
    "licence_delivered": "许可证件送达日期",
    "simple_filed": "简易程序备案日期",
    "surcharge_amount": "加处罚款金额",
    "payment_method": "缴款方式",
    "service_method": "送达方式",
    "officers": "执法人员",
    "document_types": "案卷文书目录",
    "licence_granted": "是否准予许可",
}

DATE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(CaseSnapshot) if f.type in ("dt.date | None",)
)


def field_label(name: str) -> str:
    """What a user reads for a snapshot field: its Chinese label, never the key."""
    return FIELD_LABELS.get(name, name)
