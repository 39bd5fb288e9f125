"""A missing 较大数额 is set by command, never by editing resources/: the check's message names
the command, `casereview thresholds set` saves the entry in the user folder, and the next
check judges the case by it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from casereview.checks.registry import CheckContext, CheckOutcome, run_checks
from casereview.checks.snapshot import CaseSnapshot
from casereview.checks.user_thresholds import user_files
from casereview.cli.main import main
from casereview.domain.enums import PartyType
from casereview.errors import ValidationError


def _guangdong_transport(ctx: CheckContext) -> str:
    s = CaseSnapshot(case_no="粤交执罚〔2024〕1号", province="广东", domain="transport", party_type=PartyType.INDIVIDUAL,
                     fine_amount=Decimal(8000), penalty_types=("罚款",), notice=dt.date(2024, 3, 20),
                     decision=dt.date(2024, 4, 1), document_types=frozenset({"立案登记表", "行政处罚决定书"}))
    [result] = run_checks(s, ctx, ["penalty.hearing_right_offered"])
    return f"{result.outcome.value}|{result.explanation}"


@pytest.mark.real_sign_in
def test_missing_threshold_says_which_command_sets_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], demo_db_path: Path) -> None:
    from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD

    monkeypatch.setenv("CASEREVIEW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CASEREVIEW_PASSWORD", DEMO_PASSWORD)
    db = str(demo_db_path)
    before = _guangdong_transport(CheckContext.default())
    assert before.startswith(CheckOutcome.INSUFFICIENT_DATA.value)
    assert "casereview thresholds set hearing_large_amount --province 广东 --domain transport" in before
    assert "YAML" not in before and "yaml" not in before and "resources" not in before

    setting = ["thresholds", "set", "hearing_large_amount", "--db", db, "--province", "广东", "--domain", "transport",
               "--party", "individual", "--value", "5000", "--from", "2021-07-15",
               "--source", "测试用：某省交通运输厅听证标准"]
    # not signed in, or a team lead: refused, nothing written (the service checks the right)
    assert main(setting) == 1
    assert main(["--user", "陈组长", *setting]) == 1
    assert not user_files()
    capsys.readouterr()
    assert main(["--user", DEMO_ADMIN, *setting]) == 0
    assert "已保存" in capsys.readouterr().out
    files = user_files()
    assert [f.parent for f in files] == [tmp_path]
    after = _guangdong_transport(CheckContext.default(threshold_extra=files))
    assert after.startswith(CheckOutcome.FAIL.value) and "5,000" in after  # 8,000 ≥ 5,000 and no hearing notice

    assert main(["thresholds", "list", "hearing_large_amount", "--json"]) == 0
    assert "用户设置" in capsys.readouterr().out

    from casereview.services.app import Services

    services = Services.open(demo_db_path, as_system=True)
    try:
        assert "threshold_set" in {e.action for e in services.audit.entries(entity="setting")}
    finally:
        services.close()
    assert main(["--user", DEMO_ADMIN, "thresholds", "delete", "hearing_large_amount", "--db", db, "--province", "广东",
                 "--domain", "transport", "--party", "individual", "--from", "2021-07-15"]) == 0
    assert "已删除" in capsys.readouterr().out
    assert _guangdong_transport(CheckContext.default(threshold_extra=user_files())).startswith(
        CheckOutcome.INSUFFICIENT_DATA.value)


def test_set_refuses_bad_input(tmp_path: Path) -> None:
    from casereview.checks.user_thresholds import set_threshold

    kwargs = {"province": "广东", "domain": "transport", "party_type": "individual", "value": Decimal(1),
              "effective_from": dt.date(2021, 7, 15), "source": "x", "folder": tmp_path}
    with pytest.raises(ValidationError, match="hearing_large_amount"):
        set_threshold("no_such_table", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="执法领域"):
        set_threshold("hearing_large_amount", **{**kwargs, "domain": "roads"})  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="依据"):
        set_threshold("hearing_large_amount", **{**kwargs, "source": " "})  # type: ignore[arg-type]
