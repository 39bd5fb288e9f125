"""The content of a rectification notice (整改通知书) as plain data for the PDF and DOCX
writers, built once at issue time and stored as the notice's snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class NoticeFinding:
    case_no: str
    item_code: str
    item_text: str
    wording: str
    evidence: str = ""  # e.g. "询问笔录 第3页；现场笔录 第1页"
    points: float = 0.0
    is_veto: bool = False
    category: str = ""
    officers: str = ""
    deficiency_id: int | None = None
    legal_basis: str = ""  # the item's legal basis from its standard (may be empty)
    standard_name: str = ""

    @property
    def basis_text(self) -> str:
        """The legal basis, else the standard item the finding was judged by."""
        if self.legal_basis:
            return self.legal_basis
        return f"《{self.standard_name}》{self.item_code}" if self.standard_name else f"评查标准 {self.item_code}"

    @property
    def points_text(self) -> str:
        if self.is_veto:
            return "否决"
        return f"{self.points:g}"


@dataclass(frozen=True)
class NoticeDocument:
    number: str
    unit_name: str
    issue_date: dt.date
    deadline: dt.date
    findings: tuple[NoticeFinding, ...]
    requirements: str
    issuer: str
    campaign_name: str = ""
    deadline_days: int | None = None
    void_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"verification_code": …} printed as 附注
    # the issuing office at issue time (GB/T 9704 版头, 附注 and 版记)
    agency_code: str = ""
    contact: str = ""
    phone: str = ""
    copy_to: str = ""
    seal: bool = True

    def by_case(self) -> list[tuple[str, list[tuple[int, NoticeFinding]]]]:
        """Findings grouped by case number in first-seen order, numbered 1..n overall."""
        groups: dict[str, list[tuple[int, NoticeFinding]]] = {}
        for i, f in enumerate(self.findings, start=1):
            groups.setdefault(f.case_no, []).append((i, f))
        return list(groups.items())

    @property
    def case_count(self) -> int:
        return len({f.case_no for f in self.findings})

    @property
    def intro(self) -> str:
        basis = f"根据“{self.campaign_name}”工作安排" if self.campaign_name else "根据行政执法案卷评查工作安排"
        return (
            f"{basis}，经评查，你单位 {self.case_count} 件案卷存在以下 {len(self.findings)} 项问题，"
            "现通知你单位限期整改。"
        )

    @property
    def deadline_sentence(self) -> str:
        days = f"（{self.deadline_days} 个工作日内）" if self.deadline_days else ""
        return (
            f"请于{cn_date(self.deadline)}前{days}完成整改，并将整改报告及相关佐证材料（附回执）书面反馈"
            f"{self.issuer or '我单位'}。逾期未反馈的，视为未整改。"
        )

    def to_snapshot(self) -> dict[str, Any]:
        data = asdict(self)
        data["issue_date"] = self.issue_date.isoformat()
        data["deadline"] = self.deadline.isoformat()
        return data

    @classmethod
    def from_snapshot(cls, data: dict[str, Any], **override: Any) -> NoticeDocument:
        values = dict(data)
        values["issue_date"] = dt.date.fromisoformat(values["issue_date"])
        values["deadline"] = dt.date.fromisoformat(values["deadline"])
        values["findings"] = tuple(NoticeFinding(**f) for f in values.get("findings") or ())
        values.update(override)
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def evidence_text(evidence: list[dict[str, Any]] | None) -> str:
    """Evidence links as '询问笔录 第3页；现场笔录 第1页' (pages of one document merged)."""
    if not evidence:
        return ""
    pages: dict[str, list[int]] = {}
    for ref in evidence:
        title = str(ref.get("title") or f"文书{ref.get('document_id')}")
        pages.setdefault(title, [])
        page = ref.get("page")
        if isinstance(page, int) and page not in pages[title]:
            pages[title].append(page)
    return "；".join(
        f"{title} 第{'、'.join(str(p) for p in sorted(ps))}页" if ps else title for title, ps in pages.items()
    )
