"""MaintenanceService (the app's 工具 → 阈值表与数据库检查): thresholds set through the service
are what the checks read, refused without the administrator's capability, audited; the
database check runs quick_check / integrity_check on the open file and is audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereview.errors import PermissionDenied, ValidationError
from casereview.services.app import Services


def test_threshold_set_through_the_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEREVIEW_DATA_DIR", str(tmp_path / "user"))
    services = Services.open(tmp_path / "m.sqlite3", as_system=True)
    try:
        m = services.maintenance
        tables = dict(m.threshold_tables())
        assert "hearing_large_amount" in tables
        path = m.set_threshold("hearing_large_amount", province="广东", domain="transport", party_type="individual",
                               value="5,000", effective_from="2024-01-01", source="粤交规〔2024〕1号")
        assert Path(path).is_file() and str(tmp_path / "user") in path
        mine = [r for r in m.thresholds() if r.origin == "用户设置"]
        assert len(mine) == 1 and mine[0].value != "（未填写）" and mine[0].source == "粤交规〔2024〕1号"
        with pytest.raises(ValidationError, match="不是数字"):
            m.set_threshold("hearing_large_amount", province="广东", domain="transport", party_type="individual",
                            value="五千", effective_from="2024-01-01", source="x")
        with pytest.raises(ValidationError, match="没有名为"):
            m.set_threshold("no_such", province="广东", domain="transport", party_type="individual",
                            value="1", effective_from="2024-01-01", source="x")
        result = m.db_check(full=True)
        assert result.ok and "完整检查通过" in result.message
        actions = [e.action for e in services.audit.entries(limit=5)]
        assert actions[:2] == ["db_check", "threshold_set"]
    finally:
        services.close()
    anonymous = Services.open(tmp_path / "m.sqlite3")
    try:
        assert anonymous.maintenance.threshold_tables()
        with pytest.raises(PermissionDenied):
            anonymous.maintenance.set_threshold("hearing_large_amount", province="广东", domain="transport",
                                                party_type="individual", value="1", effective_from="2024-01-01",
                                                source="x")
        with pytest.raises(PermissionDenied):
            anonymous.maintenance.db_check()
        with pytest.raises(PermissionDenied):
            anonymous.maintenance.delete_threshold("hearing_large_amount", province="广东", domain="transport",
                                                   party_type="individual", effective_from="2024-01-01")
    finally:
        anonymous.close()


def test_threshold_deleted_through_the_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user entry is removed (the checks fall back to the shipped table), audited with the
    value it had; a shipped entry or one that is not there is refused naming it."""
    from casereview.checks.thresholds import ThresholdTables
    from casereview.checks.user_thresholds import user_files

    monkeypatch.setenv("CASEREVIEW_DATA_DIR", str(tmp_path / "user"))
    services = Services.open(tmp_path / "d.sqlite3", as_system=True)
    try:
        m = services.maintenance
        shipped = len(m.thresholds())
        for province in ("广东", "湖南"):
            m.set_threshold("hearing_large_amount", province=province, domain="transport", party_type="individual",
                            value="5000", effective_from="2024-01-01", source="依据")
        assert len(m.thresholds()) == shipped + 2
        row = next(r for r in m.thresholds() if r.user_set and r.province == "广东")
        assert (row.domain, row.party_type, row.effective_from) == ("transport", "individual", "2024-01-01")
        path = m.delete_threshold(row.table, province=row.province, domain=row.domain, party_type=row.party_type,
                                  effective_from=row.effective_from)
        left = [r for r in m.thresholds() if r.user_set]
        assert [r.province for r in left] == ["湖南"] and len(m.thresholds()) == shipped + 1
        assert Path(path).is_file()
        tables = ThresholdTables.load(user_files())
        assert all(e.province != "广东" or "thresholds_user_" not in e.file
                   for e in tables.entries("hearing_large_amount"))
        entry = services.audit.entries(limit=1)[0]
        assert entry.action == "threshold_deleted" and entry.reason is not None and "广东" in entry.reason
        with pytest.raises(ValidationError, match=r"没有用户设置的条目.*程序自带的条目不能删除"):
            m.delete_threshold("hearing_large_amount", province="广东", domain="transport", party_type="individual",
                               effective_from="2024-01-01")
        # the last user entry goes: the user's file goes with it
        m.delete_threshold("hearing_large_amount", province="湖南", domain="transport", party_type="individual",
                           effective_from="2024-01-01")
        assert not Path(path).exists() and len(m.thresholds()) == shipped
    finally:
        services.close()
