"""The `casereview` command end to end on a small demo database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import copy_db

from casereview.cli.main import main
from casereview.standards.loader import shipped_standard_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> Path:
    """The session's demo database (built once, as ``init --demo`` builds it), copied."""
    return copy_db(demo_db_template, tmp_path_factory.mktemp("cli") / "demo.sqlite3")


@pytest.mark.slow  # end-to-end/timing: full suite only, not the fast loop
def test_init_demo_then_standards_list(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["standards", "list", "--db", str(demo_db), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {s["code"] for s in listed} == {
        "gd-transport-penalty-general",
        "gd-transport-penalty-simple",
        "gd-transport-licensing",
        "gd-transport-coercion",
    }
    assert len(listed) == len(shipped_standard_paths())


def test_init_again_changes_nothing(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--db", str(demo_db), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "current" and report["standards_added"] == [] and report["backup"] is None


def test_score_hand_written_answers_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = {
        "answers": {
            "L03": {"answer": "扣分", "deduction": 1.5},  # range item
            "D02": {"answer": "deduct", "occurrences": 5},  # per occurrence, capped
            "E02": "veto",  # cannot be 优秀
        }
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    assert main(["score", "--standard", "gd-transport-penalty-general", "--answers", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    # 100 - 1.5 - 3 (5 x 1, capped at 3) = 95.5, which would be 优秀; the veto caps it below
    assert result["total"] == 95.5
    assert result["grade"] == "合格"


def test_score_rejects_a_bad_answers_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"answers": {"ZZ99": "pass"}}', encoding="utf-8")
    code = main(["score", "--standard", "gd-transport-penalty-general", "--answers", str(path)])
    assert code == 1
    assert "ZZ99" in capsys.readouterr().err


def test_standards_validate_reports_file_and_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "resources/standards/gd-transport-coercion.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    first_code = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("- code:"))
    broken.write_text(text.replace("max_points:", "max_points: -", 1), encoding="utf-8")
    assert main(["standards", "validate", str(broken)]) == 1
    err = capsys.readouterr().out
    assert "broken.yaml" in err
    del first_code


def test_check_prints_rules_for_a_case(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casereview.services.app import Services

    services = Services.open(demo_db, as_system=True)
    case_no = services.cases.list_rows(limit=1)[0].case_no
    capsys.readouterr()
    assert main(["check", case_no, "--db", str(demo_db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["case_no"] == case_no
    assert all({"rule_id", "title", "outcome", "legal_basis", "explanation"} <= set(r) for r in out["results"])


def test_calendar_workdays_over_spring_festival(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "workdays", "2024-01-30", "2024-02-19"]) == 0
    assert "间隔 11 个工作日" in capsys.readouterr().out


def test_missing_database_server_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards", "list", "--db", "postgresql+psycopg://x@127.0.0.1:1/none"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：无法连接数据库服务器") and "Traceback" not in err
