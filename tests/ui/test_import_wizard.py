"""The import wizard and the document import dialog, end to end offscreen (pytest-qt)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from intake_fixtures import BAD_ID, TABLES, make_pdf, registry, rows

from casereview.services.app import Services
from casereview.services.intake import run as intake_run_module

SHOTS = os.environ.get("CASEREVIEW_IMPORT_SHOTS")


def shot(widget: Any, name: str, tmp_path: Path) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / f"{name}.png"))


def counts(db: Path) -> dict[str, int]:
    services = Services.open(db, as_system=True)
    try:
        from sqlalchemy import text

        with services.ctx.db.session() as session:
            return {t: int(session.scalar(text(f"SELECT COUNT(*) FROM {t}")) or 0) for t in TABLES}
    finally:
        services.close()


def test_wizard_end_to_end(qtbot: Any, ui_ctx: Any, tmp_path: Path) -> None:
    from ui.intake.wizard import RegistryImportWizard

    data = rows(12, start=900)
    data[4][4] = BAD_ID
    path = registry(tmp_path / "登记表.xlsx", data)
    before = counts(ui_ctx.db_path)
    changed: list[bool] = []
    ui_ctx.bus.cases_changed.connect(lambda: changed.append(True))
    wizard = RegistryImportWizard(ui_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    ui_ctx.worker.flush()
    page = wizard.file_page
    assert not page.isComplete()
    page.path_edit.setText(str(path))
    assert page.isComplete()
    shot(wizard, "1-file", tmp_path)
    wizard.next()
    ui_ctx.worker.flush()
    sheet = wizard.sheet_page
    assert sheet.isComplete(), sheet.status.text()
    assert sheet.header_spin.value() == 2 and sheet.table.rowCount() == 12
    assert sheet.table.item(0, 1).text() == "粤交执罚〔2024〕900号"
    shot(wizard, "2-sheet", tmp_path)
    wizard.next()
    mapping = wizard.mapping_page
    assert mapping.isComplete()
    assert mapping.mapping()["证件号码"] == "party_id_no"
    # Unmapping the case number column makes the page incomplete.
    mapping.combos[0].setCurrentIndex(0)
    assert not mapping.isComplete() and "案号" in mapping.status.text()
    mapping.combos[0].setCurrentIndex(mapping.combos[0].findData("case_no"))
    mapping.profile_name.setText("测试平台")
    mapping.save_profile()
    ui_ctx.worker.flush()
    assert "测试平台" in mapping.status.text()
    shot(wizard, "3-mapping", tmp_path)
    wizard.next()
    ui_ctx.worker.flush()
    check = wizard.check_page
    assert check.result is not None and check.result.rejected == 1 and check.result.created == 11
    assert not check.isComplete()  # all-or-nothing with a bad row: cannot import
    assert "第7行 E列「证件号码」" in check.report.toPlainText()
    shot(wizard, "4-check", tmp_path)
    check.rejects_edit.setText(str(tmp_path / "未导入.xlsx"))
    check.partial.setChecked(True)
    ui_ctx.worker.flush()
    assert check.isComplete()
    # The dry runs saved nothing (the profile was saved on purpose).
    assert counts(ui_ctx.db_path) == before | {"import_profiles": before["import_profiles"] + 1}
    wizard.next()
    ui_ctx.worker.flush()
    run = wizard.run_page
    assert run.done and run.result is not None and run.result.saved, run.status.text()
    assert run.result.created == 11 and (tmp_path / "未导入.xlsx").exists()
    shot(wizard, "5-run", tmp_path)
    assert changed
    after = counts(ui_ctx.db_path)
    assert after["cases"] == before["cases"] + 11 and after["import_profiles"] == before["import_profiles"] + 1


def test_wizard_cancel_leaves_database_unchanged(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.intake.wizard import RegistryImportWizard

    monkeypatch.setattr(intake_run_module, "BATCH_ROWS", 5)
    path = registry(tmp_path / "r.xlsx", rows(30, start=700))
    before = counts(ui_ctx.db_path)
    wizard = RegistryImportWizard(ui_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    wizard.next()
    ui_ctx.worker.flush()
    wizard.next()
    wizard.next()
    ui_ctx.worker.flush()
    assert wizard.check_page.isComplete()
    wizard.next()
    wizard.reject()  # closing the wizard while importing cancels the import
    ui_ctx.worker.flush()
    run = wizard.run_page
    assert run.done and run.result is None and "取消" in run.status.text()
    assert counts(ui_ctx.db_path) == before


def test_document_import_dialog(qtbot: Any, ui_ctx: Any, tmp_path: Path) -> None:
    from ui.intake.documents import DocumentImportDialog

    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        case_no = services.cases.list_rows(limit=1)[0].case_no
    finally:
        services.close()
    folder = tmp_path / "scans" / case_no.replace("〔", "[").replace("〕", "]")
    folder.mkdir(parents=True)
    make_pdf(folder / "询问笔录.pdf", "询问笔录", pages=2)
    (folder / "坏文件.pdf").write_bytes(b"")
    dialog = DocumentImportDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.start_button.isEnabled()
    dialog.folder_edit.setText(str(tmp_path / "scans"))
    assert dialog.start_button.isEnabled()
    dialog.start()
    ui_ctx.worker.flush()
    assert dialog.outcome is not None and len(dialog.outcome.imported) == 1
    report = dialog.report.toPlainText()
    assert "坏文件.pdf" in report and "空文件" in report
    shot(dialog, "6-documents", tmp_path)


def test_document_import_dialog_takes_a_zip(qtbot: Any, ui_ctx: Any, tmp_path: Path) -> None:
    import zipfile

    from ui.intake.documents import DocumentImportDialog

    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        case_no = services.cases.list_rows(limit=1)[0].case_no
    finally:
        services.close()
    make_pdf(tmp_path / "p.pdf", "询问笔录", pages=1)
    archive_path = tmp_path / "卷宗.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.write(tmp_path / "p.pdf", f"{case_no}/询问笔录.pdf")
    dialog = DocumentImportDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder_edit.setText(str(archive_path))
    assert dialog.start_button.isEnabled()
    dialog.start()
    ui_ctx.worker.flush()
    assert dialog.outcome is not None and len(dialog.outcome.imported) == 1
    assert "卷宗.zip" in dialog.outcome.imported[0].relative


def test_wizard_survives_a_reader_crash(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is read first in a child process: a reader that aborts there (fault injected)
    is one Chinese message on the sheet page; the app goes on and reads the next file."""
    from ui.intake.wizard import RegistryImportWizard

    bad = registry(tmp_path / "崩溃.xlsx", rows(3, start=950))
    monkeypatch.setenv("CASEREVIEW_PROBE_FAULT", "crash")
    wizard = RegistryImportWizard(ui_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    ui_ctx.worker.flush()
    wizard.file_page.path_edit.setText(str(bad))
    wizard.next()
    ui_ctx.worker.flush()
    page = wizard.sheet_page
    assert not page.isComplete() and "异常退出" in page.status.text() and "崩溃.xlsx" in page.status.text()
    monkeypatch.delenv("CASEREVIEW_PROBE_FAULT")
    good = registry(tmp_path / "登记表.xlsx", rows(3, start=960))
    wizard.back()
    wizard.file_page.path_edit.setText(str(good))
    wizard.next()
    ui_ctx.worker.flush()
    assert page.isComplete(), page.status.text()


def test_split_dialog_validates(qtbot: Any) -> None:
    from casereview.services.cases import DocumentInfo
    from ui.intake.doc_actions import DocTypeDialog, SplitDialog

    doc = DocumentInfo(1, "其他", "全卷", "pdf", 8, None, None, None, "全卷.pdf", False)
    dialog = SplitDialog(doc)
    qtbot.addWidget(dialog)
    assert "8" in dialog.findChildren(type(dialog.status))[0].text()
    dialog.edit.setText("1-3 立案登记表; 3-6 询问笔录")
    assert not dialog.check() and "重叠" in dialog.status.text()
    dialog.edit.setText("1-2 立案登记表; 3-9 询问笔录")
    assert not dialog.check() and "超出" in dialog.status.text()
    dialog.edit.setText("1-2 立案登记表; 3-6 询问笔录")
    assert dialog.check() and "7–8" in dialog.status.text()
    shot(dialog, "7-split", Path(os.environ.get("TMPDIR", "/tmp")))
    types = DocTypeDialog(doc)
    qtbot.addWidget(types)
    assert types.chosen() == "其他"
