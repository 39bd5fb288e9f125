"""The administrator's set-up as the app's dialog runs it: a connection test that says what
it found, Chinese messages for each way a connection fails, set-up/upgrade of the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from casereview.errors import CaseReviewError
from casereview.services.server_admin import build_url, check_server, set_up


def test_check_then_set_up_then_current(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_CONFIG_DIR", str(tmp_path / "config"))
    before = check_server(pg_url)
    assert before.schema == "empty" and "尚未建立" in before.describe() and "PostgreSQL" in before.describe()
    report, saved = set_up(pg_url, app_role="cr_app_admin_test", app_password="Str0ng-密码-2026")
    assert saved is not None and saved.is_file() and "Str0ng" not in saved.read_text(encoding="utf-8")
    assert report.grants["audit_log"] == "SELECT, INSERT"
    after = check_server(pg_url)
    assert after.schema == "current" and "已是最新" in after.describe()
    assert "pg_dump" in after.backup_advice()


def test_each_failure_has_its_own_chinese_message(pg_url: str) -> None:
    url = make_url(pg_url)
    cases = {
        "db_auth": url.set(username="no_such_role_cr"),
        "db_missing": url.set(database="no_such_database_cr"),
        "db_unreachable": url.set(port=9),
    }
    for code, bad in cases.items():
        with pytest.raises(CaseReviewError) as err:
            check_server(bad.render_as_string(hide_password=False))
        assert err.value.code == code, (code, err.value.message)
        assert "Traceback" not in err.value.message and not err.value.message.isascii()


def test_build_url_checks_the_form() -> None:
    url = build_url("db.example", 5432, "casereview", "postgres", "p@ss:word")
    assert make_url(url).password == "p@ss:word" and make_url(url).host == "db.example"
    with pytest.raises(CaseReviewError, match="端口"):
        build_url("db", 70000, "casereview", "postgres")
    with pytest.raises(CaseReviewError, match="请填写"):
        build_url("", 5432, "casereview", "postgres")
