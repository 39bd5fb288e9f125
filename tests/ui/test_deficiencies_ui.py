"""The 问题整改 screen: register loads, the notice editor previews and issues, feedback and
verification dialogs collect what the services need, notices list with their history."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui

SHOTS = os.environ.get("CASEREVIEW_SHOTS")  # set to a folder to keep the dialog images


def _shot(widget: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


def test_rectification_screen_end_to_end(ui_ctx: Any, qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.screens.rectification import RectificationScreen
    from ui.screens.rectification.dialogs import (
        DueReminderDialog,
        FeedbackDialog,
        NoticeEditorDialog,
        VerifyDialog,
    )

    screen = RectificationScreen(ui_ctx)
    screen.resize(1300, 800)
    screen.reload()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    rows = screen.register_tab.deficiencies.rows
    assert rows and all(d.status == "pending" for d in rows)
    assert screen.register_tab.settings is not None and screen.register_tab.taxonomies[0].key == "default"

    # select the pending findings of one unit and open the editor
    unit_id = rows[0].unit_id
    assert unit_id is not None
    mine = [d for d in rows if d.unit_id == unit_id]
    dialog = NoticeEditorDialog(ui_ctx, unit_id, mine[0].unit_name, mine, screen.register_tab.settings, None, screen)
    dialog.resize(1180, 780)
    dialog.refresh_preview()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    QCoreApplication.processEvents()
    assert "〔" in dialog.number.text() and dialog.preview.pixmap() is not None
    assert not dialog.preview.pixmap().isNull()
    _shot(dialog, "notice-editor.png")
    dialog.issue()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert dialog.issued is not None and dialog.issued.finding_count == len(mine)
    screen.register_tab.show_issued([dialog.issued])
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert ui_ctx.dialogs.infos and dialog.issued.number in ui_ctx.dialogs.infos[-1]
    assert screen.tabs.currentWidget() is screen.notices_tab  # issuing shows the notices
    assert [n.number for n in screen.notices_tab.notices.rows] == [dialog.issued.number]
    screen.notices_tab.notice_table.selectRow(0)
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert dialog.issued.number in screen.notices_tab.notice_detail.toPlainText()
    assert screen.notices_tab.notice_timeline.topLevelItemCount() == 1
    _shot(screen, "notices-tab.png")

    # feedback dialog values feed record_feedback
    notice = screen.notices_tab.notices.rows[0]
    detail: list[Any] = []
    ui_ctx.worker.call(lambda s: s.notices.detail(notice.id), detail.append)
    ui_ctx.worker.flush()
    feedback = FeedbackDialog(ui_ctx, notice, list(detail[0].deficiencies), screen)
    feedback.measures.setPlainText("已逐项补正")
    values = feedback.values()
    assert values["deficiency_ids"] == [d.id for d in detail[0].deficiencies]
    ui_ctx.worker.call(lambda s: s.notices.record_feedback(notice.id, **values))
    ui_ctx.worker.call(lambda s: s.notices.detail(notice.id), detail.append)
    ui_ctx.worker.flush()
    verify = VerifyDialog(detail[-1], screen)
    assert len(verify.responded) == len(mine) and "已逐项补正" in verify.view.toPlainText()
    _shot(verify, "verify.png")
    verify.reject_radio.setChecked(True)
    verify._ok()  # no reason: stays open
    assert verify.result() == 0
    verify.accept_radio.setChecked(True)
    v = verify.values()
    ui_ctx.worker.call(lambda s: s.notices.verify(notice.id, v["accept"], "通过", deficiency_ids=v["deficiency_ids"]))
    ui_ctx.worker.call(lambda s: s.notices.close(notice.id))
    ui_ctx.worker.flush()
    screen.refresh_all()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert screen.notices_tab.notices.rows[0].status == "closed"
    assert not ui_ctx.dialogs.errors

    summary: list[Any] = []
    import datetime as dt

    ui_ctx.worker.call(lambda s: s.notices.issue_all(issue_date=dt.date(2025, 9, 26), deadline_days=10))
    ui_ctx.worker.call(lambda s: s.notices.due_summary(dt.date(2025, 10, 20)), summary.append)
    ui_ctx.worker.flush()
    reminder = DueReminderDialog(summary[0], screen)
    assert reminder.tree.topLevelItemCount() == len(summary[0].overdue_notices) > 0
    _shot(reminder, "due-reminder.png")
    for widget in (reminder, verify, feedback, dialog, screen):
        widget.close()
        widget.deleteLater()
    QCoreApplication.processEvents()
