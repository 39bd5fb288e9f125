"""Registry import into the database: all-or-nothing, cancel, partial + rejects, updates
with field diffs, idempotent re-import, dry run, profiles, CLI (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from intake_fixtures import BAD_ID, GOOD_ID, HEADERS, TABLES, registry, rows  # noqa: F401
from sqlalchemy import select, text

from casereview.cli.main import main as cli
from casereview.errors import NotFoundError, ValidationError
from casereview.intake.synthetic import make_uscc, write_xlsx
from casereview.services.app import Services
from casereview.services.intake import ImportCancelled, RegistryImportOptions
from casereview.services.intake import run as intake_run_module
from casereview.storage.models import Case, CaseOfficer, Officer, Unit


def snapshot(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an import may touch."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with services.ctx.db.session() as session:
        for table in TABLES:
            out[table] = [tuple(r) for r in session.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
    return out


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    s = Services.open(tmp_path / "import.sqlite3", as_system=True)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def pg_or_sqlite(any_db: str) -> Iterator[Services]:
    s = Services.open(any_db, as_system=True)
    try:
        yield s
    finally:
        s.close()


def test_import_stores_cases_units_officers(pg_or_sqlite: Services, tmp_path: Path) -> None:
    services = pg_or_sqlite
    path = registry(tmp_path / "r.xlsx", rows(30))
    result = services.intake.run(path)
    assert result.saved and result.created == 30 and result.rejected == 0
    assert result.units_created == 2 and result.officers_created == 4  # 李四/王五 in each of the two units
    assert result.batch_id is not None
    detail = services.cases.detail("粤交执罚〔2024〕3号")
    assert detail.unit_name == "广州市交通运输局"
    assert detail.fields["party_type"] == "organisation"
    assert detail.fields["filing_date"] == date(2024, 1, 4)
    assert detail.fields["decision_date"] == date(2024, 4, 4)
    assert detail.fields["fine_amount"] == Decimal("1003.00")
    assert detail.fields["procedure"] == "general"
    assert sorted((o.name, o.role) for o in detail.officers) == [("李四", "investigator"), ("王五", "investigator")]
    with services.ctx.db.session() as session:
        assert session.scalar(select(Unit.id).where(Unit.name == "深圳市交通运输局")) is not None
        assert len(session.scalars(select(CaseOfficer.id)).all()) == 60
        assert len(session.scalars(select(Officer.id)).all()) == 4
    # More cases afterwards (ids continue, existing officers reused)
    more = registry(tmp_path / "r2.xlsx", rows(5, start=31))
    second = services.intake.run(more)
    assert second.created == 5 and second.officers_created == 0 and second.units_created == 0
    assert services.cases.count() == 35
    # The ORM still inserts after the bulk path (ids / sequences consistent).
    with services.ctx.db.session() as session:
        session.add(Case(case_no="手工录入1", case_type="penalty"))


def test_one_bad_row_saves_nothing(pg_or_sqlite: Services, tmp_path: Path) -> None:
    services = pg_or_sqlite
    services.intake.run(registry(tmp_path / "seed.xlsx", rows(3, start=100)))
    before = snapshot(services)
    data = rows(20)
    data[7][4] = BAD_ID
    result = services.intake.run(registry(tmp_path / "r.xlsx", data))
    assert not result.saved and result.rejected == 1 and result.batch_id is None
    assert snapshot(services) == before
    (problem,) = result.problems
    assert problem.row == 10 and problem.column == "E" and problem.header == "证件号码"
    assert "校验位" in problem.reason
    assert "第10行 E列「证件号码」" in result.report and "数据库未作任何修改" in result.report
    assert result.created == 19  # what would have been created, in the report


def test_cancel_rolls_back(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake_run_module, "BATCH_ROWS", 10)
    services.intake.run(registry(tmp_path / "seed.xlsx", rows(3, start=500)))
    before = snapshot(services)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(ImportCancelled):
        services.intake.run(registry(tmp_path / "r.xlsx", rows(45)), progress=progress, cancel=lambda: len(seen) >= 2)
    assert seen and seen[0] == 10
    assert snapshot(services) == before
    # and the same import runs fine afterwards
    assert services.intake.run(tmp_path / "r.xlsx").created == 45


def test_partial_import_writes_rejects_with_reasons(services: Services, tmp_path: Path) -> None:
    data = rows(10)
    data[2][4] = BAD_ID
    data[5][5] = "2024-02-30"
    data[8][0] = data[1][0]  # duplicate case number
    rejects = tmp_path / "rejects.xlsx"
    result = services.intake.run(registry(tmp_path / "r.xlsx", data),
                                 RegistryImportOptions(partial=True, rejects_path=rejects))
    assert result.saved and result.created == 7 and result.rejected == 3 and result.rejects_written == 3
    assert services.cases.count() == 7
    sheet = openpyxl.load_workbook(rejects).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-2:] == ("原行号", "错误原因")
    assert [v[-2] for v in values[1:]] == [5, 8, 11]
    reasons = [str(v[-1]) for v in values[1:]]
    assert "校验位" in reasons[0] and "不存在" in reasons[1] and "重复" in reasons[2]
    assert values[1][0] == data[2][0]  # original cells kept for fixing and re-importing


def test_partial_requires_rejects_path(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        services.intake.run(registry(tmp_path / "r.xlsx", rows(2)), RegistryImportOptions(partial=True))


def test_update_lists_field_diffs_and_reimport_changes_nothing(pg_or_sqlite: Services, tmp_path: Path) -> None:
    services = pg_or_sqlite
    path = registry(tmp_path / "r.xlsx", rows(6))
    services.intake.run(path)
    before = snapshot(services)
    # Same file again, both modes: nothing changes, no batch recorded.
    again = services.intake.run(path)
    assert again.created == 0 and again.skipped_existing == 6 and again.batch_id is None
    assert snapshot(services) == before
    same = services.intake.run(path, RegistryImportOptions(update_existing=True))
    assert same.updated == 0 and same.unchanged == 6 and same.batch_id is None
    assert snapshot(services) == before

    changed = rows(6)
    changed[1][0] = "粤交执罚[2024]2号"  # bracket variant of the stored number
    changed[1][7] = "5000元"
    changed[1][3] = "张二改"
    changed[4][1] = "佛山市交通运输局"
    changed[4][8] = "李四、王五、赵六"
    new_file = registry(tmp_path / "r2.xlsx", changed)
    skip = services.intake.run(new_file)
    assert skip.skipped_existing == 6 and skip.updated == 0 and snapshot(services) == before
    dry = services.intake.run(new_file, RegistryImportOptions(update_existing=True, dry_run=True))
    assert dry.updated == 2 and not dry.saved and snapshot(services) == before
    result = services.intake.run(new_file, RegistryImportOptions(update_existing=True))
    assert result.saved and result.updated == 2 and result.unchanged == 4 and result.created == 0
    assert [u.case_no for u in result.updates] == ["粤交执罚〔2024〕2号", "粤交执罚〔2024〕5号"]
    diffs = {d.field: (d.old_text, d.new_text) for d in result.updates[0].changes}
    assert diffs == {"party_name": ("张2", "张二改"), "fine_amount": ("1,002.00", "5,000.00")}
    second = {d.field: (d.old_text, d.new_text) for d in result.updates[1].changes}
    assert second["unit_name"] == ("广州市交通运输局", "佛山市交通运输局")
    assert second["officers"][1] == "李四、王五、赵六"
    assert "已更新的案件" in result.report and "罚款金额：1,002.00 → 5,000.00" in result.report
    detail = services.cases.detail("粤交执罚〔2024〕2号")
    assert detail.fields["fine_amount"] == Decimal("5000.00") and detail.fields["party_name"] == "张二改"
    other = services.cases.detail("粤交执罚〔2024〕5号")
    assert other.unit_name == "佛山市交通运输局"
    assert sorted(o.name for o in other.officers) == ["李四", "王五", "赵六"]
    # and once more: nothing left to change
    assert services.intake.run(new_file, RegistryImportOptions(update_existing=True)).updated == 0


def test_dry_run_writes_nothing(services: Services, tmp_path: Path) -> None:
    before = snapshot(services)
    rejects = tmp_path / "rejects.xlsx"
    data = rows(8)
    data[3][4] = BAD_ID
    result = services.intake.run(
        registry(tmp_path / "r.xlsx", data),
        RegistryImportOptions(dry_run=True, partial=True, rejects_path=rejects, save_profile_as="试出的方案"),
    )
    assert result.dry_run and not result.saved and result.created == 7 and result.rejected == 1
    assert len(result.new_case_nos) == 7 and "试运行" in result.report
    # The mapping tried in a dry run is saved (configuration); no case data changes.
    after = snapshot(services)
    assert [row[1] for row in after.pop("import_profiles")] == ["试出的方案"]
    before.pop("import_profiles")
    assert after == before
    assert not rejects.exists()


def test_gbk_csv_serial_dates_and_merged_header(services: Services, tmp_path: Path) -> None:
    csv_path = tmp_path / "gbk.csv"
    lines = ["案件登记表（导出）", "案号,当事人,证件号码,立案日期,罚款金额,执法人员",
             f"粤交执罚〔2024〕1号,张三,{GOOD_ID},45356,\"5,000.00元\",李四/王五",
             f"粤交执罚〔2024〕2号,某公司,{make_uscc(__import__('random').Random(1))},2024.3.6,0.5万元,李四"]
    csv_path.write_bytes("\r\n".join(lines).encode("gbk"))
    result = services.intake.run(csv_path)
    assert result.created == 2, result.report
    first = services.cases.detail("粤交执罚〔2024〕1号")
    assert first.fields["filing_date"] == date(2024, 3, 5)  # Excel serial 45356
    assert first.fields["fine_amount"] == Decimal("5000.00")
    second = services.cases.detail("粤交执罚〔2024〕2号")
    assert second.fields["fine_amount"] == Decimal("5000.00") and second.fields["party_type"] == "organisation"

    merged = tmp_path / "merged.xlsx"
    write_xlsx(merged, [["登记表"], ["案号", "当事人", "日期", None], [None, None, "立案日期", "处罚决定日期"],
                        ["粤交执罚〔2024〕9号", "王五", 45356.0, date(2024, 4, 1)]],
               merged=["A2:A3", "B2:B3", "C2:D2"])
    result = services.intake.run(merged)
    assert result.created == 1, result.report
    stored = services.cases.detail("粤交执罚〔2024〕9号")
    assert stored.fields["filing_date"] == date(2024, 3, 5) and stored.fields["decision_date"] == date(2024, 4, 1)


def test_preview_and_profiles(services: Services, tmp_path: Path) -> None:
    path = registry(tmp_path / "r.xlsx", rows(25))
    preview = services.intake.preview(path, n=5)
    assert preview.header_row == 2 and preview.sheet == "案件登记" and preview.sheets == ("案件登记",)
    assert len(preview.rows) == 5 and preview.rows[0][0] == 3
    assert preview.rows[0][1][0] == "粤交执罚〔2024〕1号"
    assert preview.mapping["证件号码"] == "party_id_no" and not preview.missing_required
    # The user renames a column in the wizard, saves it as a profile, imports with it by name.
    mapping = dict(preview.mapping)
    mapping.pop("执法人员")
    services.intake.save_profile("平台甲", mapping, sheet="案件登记", header_row=2)
    assert [p.name for p in services.intake.profiles()] == ["平台甲"]
    result = services.intake.run(path, RegistryImportOptions(profile="平台甲"))
    assert result.created == 25 and result.officers_created == 0
    # A JSON profile file works too; an unknown name is a clear error.
    profile_file = tmp_path / "p.json"
    profile_file.write_text(json.dumps({"name": "文件方案", "columns": mapping}, ensure_ascii=False), encoding="utf-8")
    assert services.intake.load_profile(str(profile_file)).columns == mapping
    with pytest.raises(NotFoundError):
        services.intake.load_profile("没有这个方案")
    # Header row given by hand: row 1 (the title) maps nothing → a clear error.
    with pytest.raises(ValidationError, match="找不到案号列"):
        services.intake.run(path, RegistryImportOptions(header_row=1))


def test_cli_import_list_show_mappings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.sqlite3")
    path = registry(tmp_path / "r.xlsx", rows(4))
    assert cli(["cases", "import", str(path), "--db", db, "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 4 and out["saved"] is False
    assert cli(["cases", "import", str(path), "--db", db, "--save-mapping", "甲", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 4
    assert cli(["cases", "list", "--db", db, "--json", "--unit", "深圳"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["case_no"] for r in listed] == ["粤交执罚〔2024〕2号", "粤交执罚〔2024〕4号"]
    assert cli(["cases", "show", "粤交执罚[2024]2号", "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["fields"]["party_name"] == "张2" and {o["name"] for o in shown["officers"]} == {"李四", "王五"}
    assert cli(["cases", "show", "粤交执罚〔2024〕2号", "--db", db]) == 0
    assert "承办人" in capsys.readouterr().out
    assert cli(["cases", "mappings", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "甲"
    bad = rows(2, start=10)
    bad[0][4] = BAD_ID
    assert cli(["cases", "import", str(registry(tmp_path / "bad.xlsx", bad)), "--db", db, "--mapping", "甲"]) == 1
    assert "校验位" in capsys.readouterr().out
    rejects = tmp_path / "rej.xlsx"
    assert cli(["cases", "import", str(tmp_path / "bad.xlsx"), "--db", db, "--partial", "--rejects", str(rejects),
                "--update"]) == 0
    assert rejects.exists()
    assert cli(["cases", "list", "--db", db, "--search", "2024〕11号"]) == 0
    assert "共 1 件" in capsys.readouterr().out
