"""发文机关设置 in the 问题整改 screen: the dialog shows the stored office, saves through the
service (audited), a refused value is explained and the dialog comes back with what was
typed; the next notice prints the new office."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("CASEREVIEW_SHOTS")


def test_office_settings_dialog_saves_through_the_service(ui_ctx: Any, qapp: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog
    from sqlalchemy import select

    from casereview.storage.models import AuditEntry
    from ui.screens.rectification import RectificationScreen
    from ui.screens.rectification.office import OfficeSettingsDialog

    shown: list[dict[str, Any]] = []
    answers = [
        # first try: a pattern with {code} but no agency code is refused by the service
        {"issuer": "云浮市交通运输局", "code": "", "pattern": "{code}〔{year}〕{seq}号"},
        {"code": "云交法"},
    ]

    def fake_exec(dialog: OfficeSettingsDialog) -> int:
        shown.append(dialog.values())
        step = answers.pop(0)
        if "issuer" in step:
            dialog.issuer.setText(step["issuer"])
        dialog.code.setText(step["code"])
        if "pattern" in step:
            dialog.pattern.setText(step["pattern"])
        dialog.contact.setText("张三")
        dialog.phone.setText("0766-1234567")
        dialog.copy_to.setText("市司法局。")
        dialog.seal.setChecked(False)
        dialog.deadline.setValue(20)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(Path(SHOTS) / f"office-settings-{len(shown)}.png"))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(OfficeSettingsDialog, "exec", fake_exec)
    screen = RectificationScreen(ui_ctx)
    screen.edit_office()
    for _ in range(6):
        ui_ctx.worker.flush()

    # the first dialog showed the stored defaults; the refusal came as one message ...
    assert shown[0]["issuer"] == "行政执法案卷评查工作组" and shown[0]["seal"] is True
    assert len(ui_ctx.dialogs.errors) == 1 and "机关代字" in str(ui_ctx.dialogs.errors[0])
    # ... and the dialog came back with what had been typed
    assert shown[1]["issuer"] == "云浮市交通运输局" and shown[1]["contact"] == "张三"
    assert ui_ctx.dialogs.infos and "saved" in ui_ctx.dialogs.infos[-1]

    got: list[Any] = []
    ui_ctx.worker.call(lambda s: s.deficiencies.settings(), got.append)

    def audits(services: Any) -> list[Any]:
        with services.ctx.db.session() as session:
            return list(session.scalars(select(AuditEntry.after).where(AuditEntry.action == "rectification_settings")))

    ui_ctx.worker.call(audits, got.append)
    ui_ctx.worker.flush()
    settings, logged = got
    assert (settings.issuer, settings.agency_code, settings.contact, settings.phone, settings.copy_to) == (
        "云浮市交通运输局", "云交法", "张三", "0766-1234567", "市司法局")
    assert settings.seal is False and settings.deadline_days == 20
    assert len(logged) == 1 and logged[0]["agency_code"] == "云交法"  # one audited save, not the refused one
