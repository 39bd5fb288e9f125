"""A team lead manages only the campaigns they lead (administrators every campaign), the
campaign's lead is set through the service with an audit entry, and the reconciliation
(合议) of a case is never held by its own first reviewer or re-checker (一人审查、一人复核)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from casereview.campaigns.sampling import SampleSpec
from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD
from casereview.errors import PermissionDenied
from casereview.services.app import Services
from casereview.storage.models import Assignment, AuditEntry, Review

LEAD = "陈组长"  # leads the demo campaign
OTHER = "李组长"  # a second team lead, created by the tests

NOT_YOURS = "不是由您担任组长"


def _as(path: Path, name: str | None) -> Services:
    services = Services.open(path)
    if name is not None:
        services.sign_in(name, DEMO_PASSWORD)
    return services


def _setup(path: Path) -> dict[str, Any]:
    s = Services.open(path, as_system=True)
    try:
        s.accounts.create(OTHER, OTHER, ["lead"], DEMO_PASSWORD)
        campaign = s.campaigns.list_campaigns()[0]
        assignments = s.campaigns.assignments(campaign.id)
        pending = next(a for a in assignments if a.stage_label == "待合议")
        people = {p.name: p for p in s.roster.list()}
        return {"campaign": campaign, "pending": pending, "assignments": assignments, "people": people}
    finally:
        s.close()


def _management_calls(cid: int, case_id: int, tmp: Path) -> dict[str, Any]:
    """Every call that manages one campaign, as (label → callable on a Services)."""
    return {
        "update": lambda s: s.campaigns.update(cid, name="改名"),
        "close": lambda s: s.campaigns.close(cid, force=True, reason="结束"),
        "scope_count": lambda s: s.campaigns.scope_count(cid),
        "sample": lambda s: s.campaigns.sample(cid, SampleSpec(), seed=1, replace=True),
        "export_sample": lambda s: s.campaigns.export_sample(cid, tmp / "sample.xlsx"),
        "add_case": lambda s: s.campaigns.add_case(cid, 1, "补充"),
        "remove_case": lambda s: s.campaigns.remove_case(cid, case_id, "剔除"),
        "assign": lambda s: s.campaigns.assign(cid, seed=1),
        "reassign": lambda s: s.campaigns.reassign(cid, case_id, rechecker=6, reason="改派"),
        "agreement": lambda s: s.campaigns.agreement(cid),
        "reconciliation": lambda s: s.campaigns.reconciliation(case_id, cid),
        "resolve_item": lambda s: s.campaigns.resolve_item(case_id, cid, "X", reason="r", take="first"),
        "finalize": lambda s: s.campaigns.finalize(case_id, cid),
        "confirm_agreement": lambda s: s.campaigns.confirm_agreement(case_id, cid),
        "campaign_review_ids": lambda s: s.exports.campaign_review_ids(cid),
        "export_campaign_reviews": lambda s: s.exports.export_campaign_reviews(cid, tmp / "forms"),
        "export_assignment": lambda s: s.exchange.export_assignment(cid, 5, tmp / "a.crpkg"),
        "issue_for_campaign": lambda s: s.notices.issue_for_campaign(cid),
        "issue_all": lambda s: s.notices.issue_all(campaign_id=cid),
    }


def test_a_lead_cannot_manage_another_leads_campaign(demo_db_path: Path, tmp_path: Path) -> None:
    info = _setup(demo_db_path)
    cid, case_id = info["campaign"].id, info["pending"].case_id
    other = _as(demo_db_path, OTHER)
    try:
        for label, call in _management_calls(cid, case_id, tmp_path).items():
            with pytest.raises(PermissionDenied, match=NOT_YOURS):
                call(other)
            assert label
        # opening the case in that campaign gives no reconciliation stage, nor anyone's review
        access, state = other.campaigns.open_for(case_id, cid)
        assert access.stage is None and state is None
        with pytest.raises(PermissionDenied, match="不是由您担任组长"):
            other.campaigns.open_for(case_id, cid, info["pending"].first_id)
        # reading is still allowed
        assert other.campaigns.get(cid).lead_name == LEAD
        assert other.campaigns.progress(cid) is not None
        # her own campaign is hers to manage
        mine = other.campaigns.create("李组长的活动")
        assert mine.lead_name == OTHER
        assert other.campaigns.update(mine.id, organiser="市司法局").organiser == "市司法局"
        assert other.campaigns.scope_count(mine.id)
    finally:
        other.close()
    # nothing was changed by the refused calls, and every refusal is in the audit chain
    s = Services.open(demo_db_path, as_system=True)
    try:
        assert s.campaigns.get(cid).name == info["campaign"].name
        refused = [e for e in s.audit.entries(limit=500) if e.action == "refused"]
        assert len(refused) >= len(_management_calls(cid, case_id, tmp_path))
        assert s.audit.verify().ok
    finally:
        s.close()


def test_the_campaigns_lead_and_an_administrator_manage_it(demo_db_path: Path, tmp_path: Path) -> None:
    info = _setup(demo_db_path)
    cid = info["campaign"].id
    lead = _as(demo_db_path, LEAD)
    try:
        assert lead.campaigns.update(cid, organiser="省交通运输厅").organiser == "省交通运输厅"
        assert lead.campaigns.agreement(cid) is not None
        assert lead.campaigns.scope_count(cid)
        assert lead.campaigns.reconciliation(info["pending"].case_id, cid).case_id == info["pending"].case_id
        assert any(OTHER in name for _id, name in lead.campaigns.lead_choices())
    finally:
        lead.close()
    admin = _as(demo_db_path, DEMO_ADMIN)
    try:
        assert admin.campaigns.agreement(cid) is not None
        assert admin.campaigns.reconciliation(info["pending"].case_id, cid) is not None
        other_id = next(i for i, name in admin.campaigns.lead_choices() if name.startswith(OTHER))
        handed = admin.campaigns.update(cid, lead=other_id)
        assert handed.lead_name == OTHER
        made = admin.campaigns.create("管理员建的活动", lead=LEAD)
        assert made.lead_name == LEAD
        with pytest.raises(PermissionDenied, match="无权"):
            admin.notices.issue_for_campaign(cid)  # notices stay with leads
    finally:
        admin.close()
    # the hand-over is audited with the account before and after, and it took effect
    s = Services.open(demo_db_path, as_system=True)
    try:
        with s.ctx.db.session() as session:
            edits = session.scalars(select(AuditEntry).where(AuditEntry.entity == "campaign",
                                                             AuditEntry.action == "edit")).all()
            handovers = [e for e in edits
                         if (e.before or {}).get("lead_account_id") != (e.after or {}).get("lead_account_id")]
            assert handovers and handovers[-1].actor == "系统管理员" and handovers[-1].account_id is not None
        assert s.audit.verify().ok
    finally:
        s.close()
    lead = _as(demo_db_path, LEAD)
    try:
        with pytest.raises(PermissionDenied, match=NOT_YOURS):
            lead.campaigns.update(cid, organiser="x")
    finally:
        lead.close()


def test_a_reviewer_manages_no_campaign(demo_db_path: Path, tmp_path: Path) -> None:
    info = _setup(demo_db_path)
    cid, case_id = info["campaign"].id, info["pending"].case_id
    reviewer = _as(demo_db_path, info["pending"].first_name)
    try:
        for call in _management_calls(cid, case_id, tmp_path).values():
            with pytest.raises(PermissionDenied, match="无权"):
                call(reviewer)
        with pytest.raises(PermissionDenied, match="无权"):
            reviewer.campaigns.lead_choices()
    finally:
        reviewer.close()


def test_the_lead_who_rechecked_a_case_cannot_reconcile_it(demo_db_path: Path) -> None:
    """一人审查、一人复核: the reconciliation decides between the two scorings, so neither
    scorer holds it; an administrator (or another lead given the campaign) does."""
    info = _setup(demo_db_path)
    cid, pending = info["campaign"].id, info["pending"]
    lead_person = info["people"][LEAD]
    s = Services.open(demo_db_path, as_system=True)
    try:  # the campaign's lead is this case's re-checker (a small team: she re-checked it herself)
        with s.ctx.db.session() as session:
            a = session.scalar(select(Assignment).where(Assignment.campaign_id == cid,
                                                        Assignment.case_id == pending.case_id))
            assert a is not None
            a.rechecker_id = lead_person.id
            for r in session.scalars(select(Review).where(Review.campaign_id == cid, Review.case_id == pending.case_id,
                                                          Review.stage == "recheck")):
                r.reviewer_id = lead_person.id
    finally:
        s.close()
    lead = _as(demo_db_path, LEAD)
    try:
        for call in (
            lambda: lead.campaigns.reconciliation(pending.case_id, cid),
            lambda: lead.campaigns.resolve_item(pending.case_id, cid, "A1", reason="r", take="first"),
            lambda: lead.campaigns.finalize(pending.case_id, cid),
            lambda: lead.campaigns.confirm_agreement(pending.case_id, cid),
        ):
            with pytest.raises(PermissionDenied, match="一人审查、一人复核"):
                call()
        access, state = lead.campaigns.open_for(pending.case_id, cid)
        assert access.stage == "recheck" and access.read_only  # her own submitted re-check, not the 合议
        assert state is None or state.review.stage != "final"
    finally:
        lead.close()
    admin = _as(demo_db_path, DEMO_ADMIN)
    try:
        recon = admin.campaigns.reconciliation(pending.case_id, cid)
        for item in recon.unresolved:
            admin.campaigns.resolve_item(pending.case_id, cid, item.item_code, reason="经合议采纳复核意见",
                                         take="recheck" if item.recheck else "first")
        final = admin.campaigns.finalize(pending.case_id, cid)
        assert final.review.stage == "final" and final.review.locked
    finally:
        admin.close()


def test_a_lead_rechecking_blind_cannot_reopen_the_first_review(demo_db_path: Path, tmp_path: Path) -> None:
    """A lead may reopen reviews, but not a first scoring hidden from her because she is
    the blind re-checker of the case: reopening returns the review."""
    info = _setup(demo_db_path)
    cid = info["campaign"].id
    waiting = next(a for a in info["assignments"] if a.stage_label == "待复核")
    s = Services.open(demo_db_path, as_system=True)
    try:
        first_review = s.campaigns.review_for(waiting.case_id, cid, waiting.first_id).review_id
        assert first_review is not None
        with s.ctx.db.session() as session:
            a = session.scalar(select(Assignment).where(Assignment.campaign_id == cid,
                                                        Assignment.case_id == waiting.case_id))
            assert a is not None
            a.rechecker_id = info["people"][LEAD].id
    finally:
        s.close()
    lead = _as(demo_db_path, LEAD)
    try:
        with pytest.raises(PermissionDenied, match="盲评复核"):
            lead.reviews.reopen(first_review, "核对初评")
        with pytest.raises(PermissionDenied, match="盲评复核"):
            lead.reviews.state(first_review)
        with pytest.raises(PermissionDenied, match="盲评复核"):  # asking as the first reviewer
            lead.campaigns.visible_first_review(waiting.case_id, cid, waiting.first_id)
        with pytest.raises(PermissionDenied, match="盲评复核"):  # opening it on the first reviewer's behalf
            lead.campaigns.open_for(waiting.case_id, cid, waiting.first_id)
        with pytest.raises(PermissionDenied, match="盲评复核"):  # the first reviewer's package holds it
            lead.exchange.export_assignment(cid, waiting.first_id, tmp_path / "first.crpkg")
        assert not (tmp_path / "first.crpkg").exists()
    finally:
        lead.close()
    admin = _as(demo_db_path, DEMO_ADMIN)
    try:
        assert admin.reviews.reopen(first_review, "核对初评").review.status == "draft"
    finally:
        admin.close()


def test_exporting_a_files_form_by_case_number_checks_whose_review_it_is(demo_db_path: Path) -> None:
    """`export review CASE`: the review found for the file is checked like one named by id.
    Before, a reviewer not involved in the case got its form, and the blind re-checker a
    lead's message about statistics."""
    import io

    info = _setup(demo_db_path)
    cid = info["campaign"].id
    waiting = next(a for a in info["assignments"] if a.stage_label == "待复核")
    people = {p.id: p for p in info["people"].values()}
    outsider = next(p for p in people.values() if p.role == "rechecker" and p.id != waiting.rechecker_id
                    and p.unit_id != people[waiting.rechecker_id].unit_id)
    for name, expected in ((outsider.name, "不是分配给您的"), (waiting.rechecker_name, "盲评复核")):
        s = _as(demo_db_path, name)
        try:
            out = io.BytesIO()
            with pytest.raises(PermissionDenied, match=expected):
                s.exports.export_review_pdf(waiting.case_no, out, campaign_id=cid)
            assert out.getvalue() == b""
        finally:
            s.close()
    first = _as(demo_db_path, waiting.first_name)
    try:
        out = io.BytesIO()
        assert first.exports.export_review_pdf(waiting.case_no, out, campaign_id=cid).case_no == waiting.case_no
        assert out.getvalue().startswith(b"%PDF")
    finally:
        first.close()


def test_another_lead_cannot_open_the_final_review_directly(demo_db_path: Path) -> None:
    """reviews.open_review(stage="final") is the same 合议 as the campaign's reconciliation."""
    info = _setup(demo_db_path)
    cid, pending = info["campaign"].id, info["pending"]
    other = _as(demo_db_path, OTHER)
    try:
        with pytest.raises(PermissionDenied, match=NOT_YOURS):
            other.reviews.open_review(pending.case_id, stage="final", campaign_id=cid)
    finally:
        other.close()
    lead = _as(demo_db_path, LEAD)
    try:
        assert lead.reviews.open_review(pending.case_id, stage="final", campaign_id=cid).review.stage == "final"
    finally:
        lead.close()
