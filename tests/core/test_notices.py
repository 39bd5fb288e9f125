"""Rectification notices: issue with numbers and working-day deadlines, PDF and DOCX read
back, feedback → verification → closure with history, voiding, nothing issued deleted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from rectification_fixtures import UNITS, add_reviewed_cases, open_services, reviewed_services
from sqlalchemy import func, select

from casereview.cli.main import main as cli_main
from casereview.errors import ConflictError, ValidationError
from casereview.services.deficiencies import DeficiencyFilter
from casereview.storage.models import Blob, Notice, Transition

ISSUE = dt.date(2025, 9, 26)


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(str(path)).pages).replace("\n", "").replace(" ", "")


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_done_when_scenario(any_db: str, tmp_path: Path) -> None:
    """Notices to every unit with findings, printed, feedback recorded, rejected once,
    verified, closed: the register closes and every step is in the history."""
    services = open_services(any_db)
    add_reviewed_cases(services, per_unit=2, deductions=2)
    notices = services.notices.issue_all(issue_date=ISSUE, deadline_days=10)
    assert [n.number for n in notices] == ["评查整改〔2025〕1号", "评查整改〔2025〕2号"]
    assert {n.unit_name for n in notices} == set(UNITS)
    assert all(n.deadline == dt.date(2025, 10, 16) and n.finding_count == 4 for n in notices)
    assert services.deficiencies.list_deficiencies(DeficiencyFilter(status="pending")) == []

    for n in notices:
        services.notices.export_pdf(n.id, tmp_path / f"{n.id}.pdf")
        services.notices.export_docx(n.id, tmp_path / f"{n.id}.docx")

    attachment = tmp_path / "整改报告.txt"
    attachment.write_text("已补正立案登记表", encoding="utf-8")
    for n in notices:
        # verifying before any feedback is refused
        with pytest.raises(ConflictError, match="须先登记整改反馈"):
            services.notices.verify(n.id, True, "")
        services.notices.record_feedback(n.number, "逐项补正文书，组织全员培训", attachments=[attachment])
        with pytest.raises(ConflictError, match="未核验通过"):
            services.notices.close(n.id)
        with pytest.raises(ValidationError, match="理由"):
            services.notices.verify(n.id, False, " ")
        assert services.notices.verify(n.id, False, "佐证材料不全").status == "rejected"
        assert services.notices.record_feedback(n.id, "补交培训签到表").status == "responded"
        assert services.notices.verify(n.id, True, "已对照原问题及证据页核验").status == "verified"
        closed = services.notices.close(n.id, "整改到位")
        assert closed.status == "closed" and closed.open_count == 0

    register = services.deficiencies.list_deficiencies()
    assert len(register) == 8 and {d.status for d in register} == {"closed"}
    history = services.deficiencies.timeline(register[0].id)
    assert [e.to_status for e in history] == [
        "pending", "issued", "responded", "rejected", "responded", "verified", "closed"
    ]
    assert all(e.actor == "评查组长" for e in history)
    assert history[3].comment == "佐证材料不全"
    notice_history = services.notices.timeline(notices[0].id)
    assert [e.to_status for e in notice_history] == [
        "issued", "responded", "rejected", "responded", "verified", "closed"
    ]
    feedback = services.notices.detail(notices[0].id).feedback
    assert len(feedback) == 2 and feedback[0].attachments[0].name == "整改报告.txt"
    stored = services.notices.attachment_path(feedback[0].attachments[0].sha256)
    assert stored is not None and stored.read_text(encoding="utf-8") == "已补正立案登记表"
    with services.ctx.db.session() as session:
        assert session.get(Blob, feedback[0].attachments[0].sha256) is not None


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_pdf_and_docx_read_back(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'n.sqlite3', per_unit=2, deductions=2)
    notice = services.notices.issue(UNITS[0], issue_date=ISSUE, deadline_days=10)
    findings = services.deficiencies.list_deficiencies(DeficiencyFilter(notice_id=notice.id))
    pdf = services.notices.export_pdf(notice.number, tmp_path / "n.pdf")
    docx = services.notices.export_docx(notice.id, tmp_path / "n.docx")

    text = _pdf_text(pdf)
    assert "整改通知书" in text and notice.number in text and UNITS[0] in text
    assert "2025年10月16日" in text and "10个工作日" in text
    for d in findings:
        assert d.case_no in text and d.wording.replace(" ", "") in text and d.item_code in text
    assert "询问笔录第3页" in text
    assert "—1—" in text.replace(" ", "")  # GB/T 9704 page numbers
    # each problem carries its basis: the item's legal basis or the standard item
    assert "依据" in text and ("《中华人民共和国" in text or "》" in text)
    assert "整改通知书回执" in text
    again = services.notices.export_pdf(notice.number, tmp_path / "n2.pdf")
    assert again.read_bytes() == pdf.read_bytes()  # dated by the issue date: reproducible

    body = _docx_text(docx)
    assert "整改通知书" in body and notice.number in body and UNITS[0] in body and "2025年10月16日" in body
    for d in findings:
        assert d.case_no in body and d.wording in body
    # East Asian font names are set on the runs (not only the Latin font name)
    doc = Document(str(docx))
    run = doc.paragraphs[0].runs[0]
    fonts = run._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    again = services.notices.export_docx(notice.id, tmp_path / "n2.docx")
    assert again.read_bytes() == docx.read_bytes()


def test_nothing_issued_can_be_deleted_and_void_keeps_it_visible(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'n.sqlite3', per_unit=1, deductions=2)
    notice = services.notices.issue(UNITS[0], issue_date=ISSUE)
    ids = [d.id for d in services.deficiencies.list_deficiencies(DeficiencyFilter(notice_id=notice.id))]
    with pytest.raises(ConflictError, match="不能删除"):
        services.notices.delete(notice.id)
    with pytest.raises(ConflictError, match="不能删除"):
        services.deficiencies.delete(ids[0])
    with pytest.raises(ValidationError, match="理由"):
        services.notices.void(notice.id, "")
    voided = services.notices.void(notice.number, "发文单位名称有误")
    assert voided.status == "void" and voided.void_reason == "发文单位名称有误"
    assert voided.finding_count == 2  # from the snapshot: the voided notice still shows what it listed
    listed = services.notices.list_notices()
    assert [n.number for n in listed] == [notice.number]
    with pytest.raises(ConflictError, match="已作废"):
        services.notices.record_feedback(notice.id, "x")
    with pytest.raises(ConflictError, match="已作废"):
        services.notices.void(notice.id, "again")
    # its findings are pending again and can go on a new notice with the next number
    assert {d.status for d in services.deficiencies.list_deficiencies(DeficiencyFilter(ids=tuple(ids)))} == {"pending"}
    again = services.notices.issue(UNITS[0], ids, issue_date=ISSUE)
    assert again.number == "评查整改〔2025〕2号"
    # a deficiency once issued is never removed, even if the review is reopened and changed
    with pytest.raises(ConflictError, match="不能删除"):
        services.deficiencies.delete(ids[0])
    text = _pdf_text(services.notices.export_pdf(notice.id, tmp_path / "void.pdf"))
    assert "已作废" in text and "发文单位名称有误" in text
    with services.ctx.db.session() as session:
        assert session.scalar(select(func.count(Notice.id))) == 2
        assert session.scalar(select(func.count(Transition.id)).where(Transition.entity == "notice")) == 3


def test_issue_rules_and_settings(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'n.sqlite3', per_unit=1, deductions=2)
    other = services.deficiencies.list_deficiencies(DeficiencyFilter(unit=UNITS[1]))
    with pytest.raises(ValidationError, match="只能发给一个单位"):
        services.notices.issue(UNITS[0], [other[0].id], issue_date=ISSUE)
    with pytest.raises(ValidationError, match="晚于"):
        services.notices.issue(UNITS[0], issue_date=ISSUE, deadline=ISSUE)
    services.deficiencies.update_settings(number_pattern="{unit}评查整改〔{year}〕{seq:02d}号", deadline_days=5,
                                          issuer="某市司法局")
    with pytest.raises(ValidationError):
        services.deficiencies.update_settings(number_pattern="〔{year}〕号")
    draft = services.notices.draft(UNITS[0], issue_date=ISSUE)
    assert draft.number.endswith("评查整改〔2025〕01号") and draft.deadline == dt.date(2025, 10, 10)
    notice = services.notices.issue(UNITS[0], issue_date=ISSUE)
    assert notice.number == draft.number and notice.issuer == "某市司法局"
    with pytest.raises(ConflictError, match="待下发"):
        services.notices.issue(UNITS[0], [d.id for d in
                                          services.deficiencies.list_deficiencies(DeficiencyFilter(notice_id=notice.id))])
    with pytest.raises(ValidationError, match="没有待下发"):
        services.notices.issue(UNITS[0], issue_date=ISSUE)
    moved = services.notices.set_deadline(notice.id, dt.date(2025, 10, 31), "单位申请延期")
    assert moved.deadline == dt.date(2025, 10, 31)
    assert {d.due_date for d in services.deficiencies.list_deficiencies(DeficiencyFilter(notice_id=notice.id))} == {
        dt.date(2025, 10, 31)
    }


def test_due_summary_and_partial_verification(tmp_path: Path) -> None:
    services, _cases = reviewed_services(tmp_path / 'n.sqlite3', per_unit=1, deductions=2)
    a = services.notices.issue(UNITS[0], issue_date=ISSUE, deadline_days=10)
    b = services.notices.issue(UNITS[1], issue_date=dt.date(2025, 10, 9), deadline_days=10)  # due 10-23
    summary = services.notices.due_summary(dt.date(2025, 10, 20))
    assert [i.label for i in summary.overdue_notices] == [a.number]
    assert [i.label for i in summary.due_soon_notices] == [b.number]
    assert summary.overdue_deficiencies == 2 and summary.due_soon_deficiencies == 2
    assert "1 份通知书已超期" in summary.text
    overdue = services.deficiencies.list_deficiencies(DeficiencyFilter(overdue=True), today=dt.date(2025, 10, 20))
    assert {d.notice_number for d in overdue} == {a.number}
    # feedback answers the unit's duty: no longer overdue
    ids = [d.id for d in overdue]
    services.notices.record_feedback(a.id, "已整改")
    assert services.notices.due_summary(dt.date(2025, 10, 20)).overdue_notices == ()
    # verify one finding, reject the other: the notice follows the slowest
    services.notices.verify(a.id, True, "通过", deficiency_ids=[ids[0]])
    state = services.notices.verify(a.id, False, "未附佐证", deficiency_ids=[ids[1]])
    assert state.status == "rejected"
    with pytest.raises(ConflictError, match="只有已反馈的问题才能核验"):
        services.notices.verify(a.id, True, "x", deficiency_ids=[ids[1]])
    closed_one = services.notices.close(a.id, deficiency_ids=[ids[0]])
    assert closed_one.status == "rejected" and closed_one.open_count == 1


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.sqlite3"
    services, _cases = reviewed_services(db, per_unit=1, deductions=1)
    services.close()
    base = ["--actor", "组长", ]
    assert cli_main([*base, "notices", "issue", "--db", str(db), "--all-units", "--date", "2025-09-26",
                     "--deadline", "10"]) == 0
    assert "评查整改〔2025〕2号" in capsys.readouterr().out
    assert cli_main(["deficiencies", "list", "--db", str(db), "--json", "--overdue", "--today", "2025-10-20"]) == 0
    assert capsys.readouterr().out.count('"overdue": true') == 2
    pdf = tmp_path / "n.pdf"
    assert cli_main(["notices", "export", "评查整改〔2025〕1号", "--pdf", str(pdf), "--db", str(db)]) == 0
    assert pdf.stat().st_size > 1000
    assert cli_main(["notices", "verify", "1", "--accept", "--db", str(db)]) == 1
    assert "须先登记整改反馈" in capsys.readouterr().err
    assert cli_main([*base, "notices", "feedback", "1", "--measures", "已整改", "--db", str(db)]) == 0
    assert cli_main([*base, "notices", "verify", "1", "--accept", "--comment", "通过", "--db", str(db)]) == 0
    assert cli_main([*base, "notices", "close", "1", "--db", str(db)]) == 0
    assert "已销号" in capsys.readouterr().out
    assert cli_main(["deficiencies", "recategorise", "1", "乱检查", "--taxonomy", "sichuan-2025-three",
                     "--db", str(db)]) == 0
    out = tmp_path / "r.xlsx"
    assert cli_main(["deficiencies", "export", "--xlsx", str(out), "--db", str(db)]) == 0
    assert out.exists()
    assert cli_main(["notices", "void", "2", "--reason", "重发", "--db", str(db)]) == 0
    assert cli_main(["notices", "list", "--db", str(db), "--json"]) == 0
    listed = capsys.readouterr().out
    assert '"status": "void"' in listed and '"status": "closed"' in listed


def test_every_deficiency_state_change_is_in_the_audit_chain(tmp_path: Path) -> None:
    """The transitions table is the readable history; the chain makes it tamper-evident:
    creation, issue, feedback, verification (rejected, then accepted) and closure."""
    from casereview.storage.models import AuditEntry

    services, _cases = reviewed_services(tmp_path / "n.sqlite3", per_unit=1, deductions=1)
    notice = services.notices.issue(UNITS[0], issue_date=ISSUE, deadline_days=10)
    services.notices.set_deadline(notice.id, ISSUE + dt.timedelta(days=30), "单位申请延期")
    services.notices.record_feedback(notice.id, "已整改")
    services.notices.verify(notice.id, False, "未附佐证")
    services.notices.record_feedback(notice.id, "补交佐证")
    services.notices.verify(notice.id, True, "通过")
    services.notices.close(notice.id)
    deficiency_id = services.deficiencies.list_deficiencies(DeficiencyFilter(unit=UNITS[0]))[0].id
    with services.ctx.db.session() as session:
        moves = session.execute(
            select(Transition.from_status, Transition.to_status)
            .where(Transition.entity == "deficiency", Transition.entity_id == deficiency_id)
            .order_by(Transition.id)
        ).all()
        chained = session.execute(
            select(AuditEntry.before, AuditEntry.after, AuditEntry.actor)
            .where(AuditEntry.entity == "deficiency", AuditEntry.entity_id == deficiency_id,
                   AuditEntry.action == "transition")
            .order_by(AuditEntry.id)
        ).all()
        deadline = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "notice", AuditEntry.entity_id == notice.id, AuditEntry.action == "deadline"))
    assert [m[1] for m in moves] == ["pending", "issued", "responded", "rejected", "responded", "verified", "closed"]
    assert [(c.before["status"], c.after["status"]) for c in chained] == [tuple(m) for m in moves]
    assert all(c.actor for c in chained) and deadline == 1
    # the readable timeline shows each change once (not again from the chain)
    timeline = services.deficiencies.timeline(deficiency_id)
    assert len(timeline) == len(moves)
    assert services.audit.verify().ok
