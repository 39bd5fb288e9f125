"""Roles, capabilities and the acting account.

A role grants capabilities; every public service method needs one capability
(casereview.services.policy). The table here is the single place that says who may do
what, so the UI (which only mirrors it) and the services agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # 管理员
    LEAD = "lead"  # 组长
    REVIEWER = "reviewer"  # 评查人
    RECHECKER = "rechecker"  # 复核人
    TRAINER = "trainer"  # 培训
    TRAINEE = "trainee"  # 学员


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: "管理员",
    Role.LEAD: "组长",
    Role.REVIEWER: "评查人",
    Role.RECHECKER: "复核人",
    Role.TRAINER: "培训",
    Role.TRAINEE: "学员",
}


def role_code(text: str) -> str | None:
    text = text.strip()
    for code, label in ROLE_LABELS.items():
        if text in (code, label):
            return str(code)
    return None


class Cap(StrEnum):
    """What a service method needs."""

    PUBLIC = "public"  # also without signing in: read-only, nothing blind-protected
    READ = "read"  # any signed-in account (results filtered for blind re-checks)
    SCORE = "score"  # own reviews (checked per review)
    REOPEN = "reopen"  # reopen a submitted review
    CAMPAIGNS = "campaigns"  # campaigns, sampling, assignment, reconciliation
    NOTICES = "notices"  # deficiencies, notices, rectification
    STATISTICS = "statistics"  # statistics and reports across reviews
    IMPORT = "import"  # registry and document intake
    STANDARDS = "standards"  # standards, calendar, settings
    ACCOUNTS = "accounts"  # accounts and roster
    TRAINING = "training"  # training library and practice sets (curating)
    PRACTICE = "practice"  # doing practice cases
    SYSTEM = "system"  # only the program itself (demo build, tests, migrations)


ROLE_CAPS: dict[str, frozenset[Cap]] = {
    # statistics and campaign management: an administrator every campaign, a lead only the
    # campaigns they lead (casereview.services.stats scopes the rows, services.policy
    # .own_campaign the management calls)
    Role.ADMIN: frozenset({Cap.READ, Cap.STANDARDS, Cap.ACCOUNTS, Cap.REOPEN, Cap.IMPORT, Cap.PRACTICE,
                           Cap.STATISTICS, Cap.CAMPAIGNS}),
    Role.LEAD: frozenset(
        {Cap.READ, Cap.SCORE, Cap.REOPEN, Cap.CAMPAIGNS, Cap.NOTICES, Cap.STATISTICS, Cap.IMPORT, Cap.PRACTICE}
    ),
    Role.REVIEWER: frozenset({Cap.READ, Cap.SCORE, Cap.PRACTICE}),
    Role.RECHECKER: frozenset({Cap.READ, Cap.SCORE, Cap.PRACTICE}),
    Role.TRAINER: frozenset({Cap.READ, Cap.TRAINING, Cap.PRACTICE}),
    Role.TRAINEE: frozenset({Cap.PRACTICE}),
}

CAP_LABELS: dict[str, str] = {
    Cap.READ: "查看评查数据",
    Cap.SCORE: "评查打分",
    Cap.REOPEN: "重新打开已提交的评查",
    Cap.CAMPAIGNS: "管理评查活动（抽样、分配、合议）",
    Cap.NOTICES: "问题整改与整改通知书",
    Cap.STATISTICS: "统计与报告",
    Cap.IMPORT: "导入案件与案卷材料",
    Cap.STANDARDS: "管理评查标准、日历与设置",
    Cap.ACCOUNTS: "管理账号与评查人员名册",
    Cap.TRAINING: "管理培训资料与练习题",
    Cap.PRACTICE: "做练习",
    Cap.SYSTEM: "系统内部操作",
}


@dataclass(frozen=True)
class Actor:
    """The account a service call acts as. ``reviewer_id`` is its roster entry, if any."""

    account_id: int | None
    name: str
    display_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    unit_id: int | None = None
    reviewer_id: int | None = None
    system: bool = False

    @property
    def caps(self) -> frozenset[Cap]:
        if self.system:
            return frozenset(Cap)
        caps: set[Cap] = {Cap.PUBLIC}
        for role in self.roles:
            caps |= ROLE_CAPS.get(role, frozenset())
        return frozenset(caps)

    def can(self, cap: Cap) -> bool:
        return cap in self.caps

    def has_role(self, *roles: str) -> bool:
        return self.system or any(r in self.roles for r in roles)

    @property
    def role_labels(self) -> str:
        return "、".join(ROLE_LABELS.get(r, r) for r in sorted(self.roles)) or "—"


ANONYMOUS = Actor(account_id=None, name="", display_name="未登录")


def system_actor(display_name: str = "系统") -> Actor:
    """The program itself (demo build, first set-up, tests): every capability."""
    return Actor(account_id=None, name="system", display_name=display_name, system=True)
