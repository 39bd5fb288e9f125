"""案件信息 → 执法人员 编辑…: the reviewer enters an officer's certificate validity as the case
file shows it; it is saved through CaseService.set_officer (audited) and the case facts show it;
a bad date is explained and nothing is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casereview.services.app import Services
from tests.ui.test_ui_workspace import _unreviewed_case, _window
from ui.context import AppContext
from ui.review import officers_dialog

pytestmark = pytest.mark.gui


def test_edit_officer_certificate_in_case_facts(qtbot: Any, ui_ctx: AppContext, demo_db_path: Path,
                                                fake_dialogs: Any) -> None:
    services = Services.open(demo_db_path, as_system=True)
    case_id = _unreviewed_case(services)
    _main, screen = _window(qtbot, ui_ctx)
    ws = screen.workspace
    ws.open_case(case_id)
    ui_ctx.worker.flush()
    assert "officers:edit" in ws.facts.facts.toHtml()
    dialog = officers_dialog.open_dialog(ws)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(dialog.list.count() - 1)  # + add an officer
    dialog.name.setText("测试员")
    dialog.cert.setText("44010099999")
    dialog.valid_from.setText("2020-01-01")
    dialog.valid_to.setText("2020-13-01")
    dialog.save()
    ui_ctx.worker.flush()
    assert "13" in dialog.status.text() and "测试员" not in [o.name for o in services.cases.detail(case_id).officers]
    dialog.valid_to.setText("2030-12-31")
    dialog.save()
    ui_ctx.worker.flush()
    stored = next(o for o in services.cases.detail(case_id).officers if o.name == "测试员")
    assert stored.cert_no == "44010099999" and stored.cert_valid_to is not None
    assert stored.cert_valid_to.isoformat() == "2030-12-31"
    assert "2030-12-31" in ws.facts.facts.toPlainText()
    assert services.audit.entries(entity="officer")[0].action == "officer_added"
    assert not fake_dialogs.errors
    if shot := __import__("os").environ.get("CASEREVIEW_SHOT"):
        dialog.grab().save(shot)
    services.close()
