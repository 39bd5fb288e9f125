"""The deficiency register (问题整改) and rectification notices (整改通知书) are scoped per
lead as statistics are: a team lead sees and acts on the findings and notices of the
campaigns they lead plus those of daily reviews (no campaign) of their own unit; an
administrator everything; reviewers nothing; refusals are audited (issue #15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD
from casereview.errors import PermissionDenied
from casereview.services.app import Services
from casereview.services.deficiencies import DeficiencyFilter
from casereview.storage.models import AuditEntry, Deficiency

LEAD = "陈组长"
OTHER = "李组长"


def _as(path: Path, name: str) -> Services:
    services = Services.open(path)
    services.sign_in(name, DEMO_PASSWORD)
    return services


def _refusals(path: Path, call: str) -> int:
    system = Services.open(path, as_system=True)
    try:
        with system.ctx.db.session() as session:
            rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == "permission",
                                                            AuditEntry.action == "refused")).all()
            return sum(1 for a in rows if (a.after or {}).get("call") == call)
    finally:
        system.close()


def test_register_and_notices_per_lead(demo_db_path: Path) -> None:
    system = Services.open(demo_db_path, as_system=True)
    try:
        campaign = system.campaigns.list_campaigns()[0]
        lead_unit = system.accounts.get(LEAD).unit_id
        every = system.deficiencies.list_deficiencies()
        in_campaign = [d for d in every if d.campaign_id == campaign.id]
        assert in_campaign
        # a daily review's finding of another unit than the lead's, and one of the lead's own unit
        with system.ctx.db.session() as session:
            rows = session.scalars(select(Deficiency).order_by(Deficiency.id)).all()
            units = sorted({d.unit_id for d in rows if d.unit_id is not None})
            other_unit = next(u for u in units if u != lead_unit)
            daily = [d for d in rows if d.campaign_id is None]
            assert len(daily) >= 2, "the demo has daily-review findings"
            daily[0].unit_id = lead_unit
            daily[1].unit_id = other_unit
            own_daily, foreign_daily = daily[0].id, daily[1].id
        system.accounts.create(OTHER, OTHER, ["lead"], DEMO_PASSWORD, unit=other_unit)
        system.accounts.create("王主任", "王主任", ["admin", "lead"], DEMO_PASSWORD, unit=other_unit)
        people = system.roster.list()
        reviewer = next(p.name for p in people if p.role == "reviewer")
        unit_with_pending = next(u.unit_id for u in system.deficiencies.units(campaign.id) if u.pending)
        notice = system.notices.issue(unit_with_pending, campaign_id=campaign.id)
        total = len(system.deficiencies.list_deficiencies())
    finally:
        system.close()

    admin = _as(demo_db_path, DEMO_ADMIN)  # the administrator role alone does not do rectification
    try:
        with pytest.raises(PermissionDenied):
            admin.deficiencies.list_deficiencies()
    finally:
        admin.close()
    admin = _as(demo_db_path, "王主任")  # an administrator who is also a lead: every finding and notice
    try:
        assert len(admin.deficiencies.list_deficiencies()) == total
        assert [n.id for n in admin.notices.list_notices()] == [notice.id]
        admin.deficiencies.get(foreign_daily)
        admin.deficiencies.get(in_campaign[0].id)
        admin.notices.detail(notice.id)
    finally:
        admin.close()

    lead = _as(demo_db_path, LEAD)
    try:
        mine = {d.id for d in lead.deficiencies.list_deficiencies()}
        assert {d.id for d in in_campaign} <= mine and own_daily in mine and foreign_daily not in mine
        assert set(lead.deficiencies.register_ids().ids) == mine
        assert [n.id for n in lead.notices.list_notices()] == [notice.id]
        attachment = demo_db_path.parent / "整改报告.txt"
        attachment.write_text("已整改", encoding="utf-8")
        lead.notices.record_feedback(notice.id, "逐项整改", attachments=[attachment])
        sha = lead.notices.detail(notice.id).feedback[0].attachments[0].sha256
        assert lead.notices.attachment_path(sha) is not None
        with pytest.raises(PermissionDenied, match="其他单位的日常评查"):
            lead.deficiencies.get(foreign_daily)
    finally:
        lead.close()

    other = _as(demo_db_path, OTHER)
    try:
        seen = {d.id for d in other.deficiencies.list_deficiencies()}
        assert foreign_daily in seen and not seen & {d.id for d in in_campaign} and own_daily not in seen
        assert other.deficiencies.campaigns() == []
        assert all(u.unit_id == other_unit for u in other.deficiencies.units())
        assert other.notices.list_notices() == []
        assert other.notices.due_summary().overdue_notices == ()
        before = _refusals(demo_db_path, "notices.void")
        with pytest.raises(PermissionDenied, match="不是由您担任组长"):
            other.notices.void(notice.id, "不是我的")
        assert _refusals(demo_db_path, "notices.void") == before + 1
        with pytest.raises(PermissionDenied, match="附件"):
            other.notices.attachment_path(sha)
        for call in (lambda: other.notices.detail(notice.number), lambda: other.notices.close(notice.id),
                     lambda: other.notices.verify(notice.id, True, "验收"),
                     lambda: other.notices.set_deadline(notice.id, notice.deadline, "延期"),
                     lambda: other.deficiencies.set_wording(in_campaign[0].id, "改写"),
                     lambda: other.deficiencies.timeline(in_campaign[0].id),
                     lambda: other.deficiencies.recategorise([in_campaign[0].id], "x"),
                     lambda: other.notices.issue(unit_with_pending, [in_campaign[-1].id]),
                     lambda: other.notices.issue_for_campaign(campaign.id)):
            with pytest.raises(PermissionDenied):
                call()
        # issuing "everything pending" sweeps in only the lead's own findings
        issued = other.notices.issue_all()
        assert {n.unit_id for n in issued} == {other_unit}
        assert {d.id for n in issued for d in other.deficiencies.list_deficiencies(DeficiencyFilter(notice_id=n.id))} \
            <= seen
    finally:
        other.close()

    system = Services.open(demo_db_path, as_system=True)
    try:
        assert system.notices.get(notice.id).status == "responded"  # nothing changed by the refusals
    finally:
        system.close()

    r = _as(demo_db_path, reviewer)
    try:
        with pytest.raises(PermissionDenied):
            r.deficiencies.list_deficiencies()
        with pytest.raises(PermissionDenied):
            r.notices.list_notices()
    finally:
        r.close()
