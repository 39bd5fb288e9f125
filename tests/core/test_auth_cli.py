"""The command line acts as an account: --user with CASEREVIEW_PASSWORD, or casereview login."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereview.cli.main import main
from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD

pytestmark = pytest.mark.real_sign_in


@pytest.fixture
def db(demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.setenv("CASEREVIEW_DATA_DIR", str(tmp_path / "userdata"))
    for name in ("CASEREVIEW_USER", "CASEREVIEW_PASSWORD", "CASEREVIEW_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return str(demo_db_path)


def test_unauthenticated_commands_only_read(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "list", "--db", db]) == 0
    assert main(["roster", "edit", "1", "--role", "lead", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "未登录" in err and "Traceback" not in err


def test_user_and_password_from_environment(db: str, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_PASSWORD", "wrong-password1")
    assert main(["--user", DEMO_ADMIN, "whoami", "--db", db]) == 1
    assert "密码错误" in capsys.readouterr().err
    monkeypatch.setenv("CASEREVIEW_PASSWORD", DEMO_PASSWORD)
    assert main(["--user", DEMO_ADMIN, "whoami", "--db", db]) == 0
    assert "管理员" in capsys.readouterr().out
    # the administrator may not issue notices
    assert main(["--user", DEMO_ADMIN, "notices", "issue", "--all-units", "--db", db]) != 0


def test_login_token_then_logout(db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_PASSWORD", DEMO_PASSWORD)
    assert main(["login", DEMO_ADMIN, "--db", db]) == 0
    monkeypatch.delenv("CASEREVIEW_PASSWORD")
    capsys.readouterr()
    assert main(["whoami", "--db", db]) == 0
    assert "系统管理员" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", db]) == 0
    assert "操作日志完整" in capsys.readouterr().out
    assert main(["logout", "--db", db]) == 0
    assert main(["whoami", "--db", db]) == 0
    assert "未登录" in capsys.readouterr().out


def test_audit_verify_names_a_sqlite3_edit_and_export_is_refused(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sqlite3

    monkeypatch.setenv("CASEREVIEW_PASSWORD", DEMO_PASSWORD)
    conn = sqlite3.connect(db)
    review_id, case_no = conn.execute(
        "SELECT r.id, c.case_no FROM reviews r JOIN cases c ON c.id = r.case_id "
        "WHERE r.status='submitted' AND r.stage='first' AND r.campaign_id IS NULL ORDER BY r.id LIMIT 1"
    ).fetchone()
    entry = conn.execute(f"SELECT min(id) FROM audit_log WHERE review_id={review_id}").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute(f"UPDATE audit_log SET actor='改名' WHERE id={entry}")
    conn.commit()
    conn.close()
    assert main(["--user", "陈组长", "audit", "verify", "--db", db]) == 3
    assert f"第 {entry} 条" in capsys.readouterr().out
    out = tmp_path / "form.pdf"
    assert main(["--user", "陈组长", "export", "review", case_no, "--pdf", str(out), "--db", db]) == 1
    assert "操作日志校验失败" in capsys.readouterr().err
    assert not out.exists()


def test_a_sqlite3_edit_is_named_by_audit_verify_and_blocks_the_export(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """#15 "Done when", on the demo database: a deduction added with sqlite3 to a submitted
    review, no audit row. The chain itself is intact, but `audit verify` names the review
    (exit 3) and its 评查表 export is refused with a clear message, no file written."""
    import sqlite3

    from casereview.services.app import Services

    system = Services.open(Path(db), as_system=True)
    try:
        assert system.audit.verify_reviews().ok  # a fresh demo database matches its log
        campaign_id = system.campaigns.list_campaigns()[0].id
        review_id = next(r for r in system.exports.campaign_review_ids(campaign_id))
        case_no = system.exports.review_form(review_id).case_no
    finally:
        system.close()
    monkeypatch.setenv("CASEREVIEW_PASSWORD", DEMO_PASSWORD)
    assert main(["--user", DEMO_ADMIN, "audit", "verify", "--db", db]) == 0
    assert "评查内容与日志一致" in capsys.readouterr().out
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE item_results SET answer='deduct', deduction=2 WHERE id=(SELECT min(id) FROM item_results "
                 f"WHERE review_id={review_id} AND answer='pass')")
    conn.commit()
    conn.close()
    assert main(["--user", DEMO_ADMIN, "audit", "verify", "--db", db]) == 3
    out = capsys.readouterr().out
    assert "操作日志完整" in out and f"评查 {review_id} 的现有内容" in out and "绕过本程序" in out
    target = tmp_path / "form.pdf"
    assert main(["--user", "陈组长", "export", "review", case_no, "--campaign", str(campaign_id),
                 "--pdf", str(target), "--db", db]) != 0
    assert "不能导出评查表" in capsys.readouterr().err
    assert not target.exists()


def test_campaign_lead_on_the_command_line(db: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead is shown; an administrator hands the campaign over with `campaigns edit
    --lead`; the former lead's management commands are then refused with one message."""
    monkeypatch.setenv("CASEREVIEW_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("CASEREVIEW_NEW_PASSWORD", DEMO_PASSWORD)
    assert main(["--user", "陈组长", "campaigns", "show", "1", "--db", db]) == 0
    assert "活动组长：陈组长" in capsys.readouterr().out
    assert main(["--user", DEMO_ADMIN, "accounts", "add", "李组长", "--role", "lead", "--db", db]) == 0
    assert main(["--user", DEMO_ADMIN, "campaigns", "edit", "1", "--lead", "李组长", "--db", db]) == 0
    capsys.readouterr()
    assert main(["--user", "陈组长", "campaigns", "list", "--db", db]) == 0
    assert "李组长" in capsys.readouterr().out
    assert main(["--user", "陈组长", "campaigns", "assign", "1", "--db", db]) != 0
    assert "不是由您担任组长" in capsys.readouterr().err
