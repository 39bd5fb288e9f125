"""Campaigns screen (offscreen Qt): lists the demo campaign, opens a campaign case at the
current user's stage in the review workspace, and reconciles a disagreement."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.gui


def _window(ui_ctx: Any) -> Any:
    from ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    window.resize(1200, 800)
    window.show_screen("campaigns")
    screen = window.screen("campaigns")
    screen.reload()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    return window, screen


def stage_text(label: str) -> str:
    from ui.screens.campaigns.labels import stage_text as shown

    return shown(label)


def _row_with(table: Any, column: int, text: str) -> int:
    for row in range(table.rowCount()):
        if table.item(row, column).text() == text:
            return row
    raise AssertionError(f"no row with {text!r}")


def test_open_campaign_case_at_the_users_stage(ui_ctx: Any) -> None:
    window, screen = _window(ui_ctx)
    assert screen.list.rowCount() == 1 and screen.current is not None
    screen.tabs.setCurrentIndex(1)
    ui_ctx.worker.flush()
    row = _row_with(screen.assign_table, 4, stage_text("待初评"))  # the core's stage, shown translated
    target = screen.assignment_rows[row]
    ui_ctx.worker.call(lambda s: s.roster.choose(target.first_id))
    ui_ctx.worker.flush()
    screen.assign_table.selectRow(row)
    screen._open_case()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    workspace = window.screen("cases").workspace
    assert workspace.state is not None
    assert workspace.state.review.stage == "first"
    assert workspace.state.review.campaign_id == screen.current.id
    assert workspace.state.review.reviewer_id == target.first_id
    # Someone else of the roster is told why they cannot open it.
    ui_ctx.worker.call(lambda s: s.roster.choose(target.rechecker_id))
    ui_ctx.worker.flush()
    screen._open_case()
    ui_ctx.worker.flush()
    assert (
        any("盲评复核" in text for text in ui_ctx.dialogs.infos) or workspace.state.review.stage == "recheck"
    )
    window.close()


def test_reconciliation_view_records_agreed_answers_and_finalises(ui_ctx: Any) -> None:
    window, screen = _window(ui_ctx)
    screen.tabs.setCurrentIndex(3)
    ui_ctx.worker.flush()
    recon_view = screen.recon
    row = _row_with(recon_view.cases, 2, stage_text("待合议"))
    recon_view.cases.selectRow(row)
    ui_ctx.worker.flush()
    recon = recon_view.recon
    assert recon is not None and recon.disagreements
    assert not recon_view.finalize_button.isEnabled()
    for index in range(len(recon.disagreements)):
        recon_view.items.selectRow(index)
        recon_view.reason.setText("经合议，采纳复核意见")
        recon_view._take("recheck")
        ui_ctx.worker.flush()
    assert recon_view.recon is not None and not recon_view.recon.unresolved
    assert recon_view.finalize_button.isEnabled()
    recon_view._finalize()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert recon_view.recon is not None and recon_view.recon.final_status == "submitted"
    assert not ui_ctx.dialogs.errors
    screen.tabs.setCurrentIndex(4)
    ui_ctx.worker.flush()
    assert "一致率" in screen.agreement.summary.text() or "agreement" in screen.agreement.summary.text()
    window.close()


def test_sign_in_remembers_the_name_never_the_password(ui_ctx: Any) -> None:
    from casereview.demo.build import DEMO_PASSWORD
    from ui.main_window import MainWindow
    from ui.signin import KEY_NAME, install_sign_in

    window = MainWindow(ui_ctx)
    sign_in = install_sign_in(window, ui_ctx, ask=True)
    ui_ctx.worker.call(lambda s: s.accounts.sign_out())
    ui_ctx.worker.flush()
    dialog = sign_in.ask_sign_in()
    assert dialog.isVisible()
    dialog.name.setText("陈组长")
    dialog.password.setText("wrong-password1")
    dialog._submit()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert "密码错误" in dialog.message.text() and dialog.isVisible() and dialog.password.text() == ""
    dialog.password.setText(DEMO_PASSWORD)
    dialog.keep.setChecked(True)
    dialog._submit()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert sign_in.current is not None and sign_in.current.name == "陈组长"
    assert not dialog.isVisible() and "陈组长" in sign_in.label.text()
    settings = ui_ctx.settings()
    assert settings.value(KEY_NAME) == "陈组长"
    assert all(DEMO_PASSWORD not in str(settings.value(k)) for k in settings.allKeys())
    # the core now acts as the lead: a reviewer-only action is refused by the services
    ui_ctx.worker.call(lambda s: s.accounts.list_accounts())
    ui_ctx.worker.flush()
    assert any("无权" in str(e) for e in ui_ctx.dialogs.errors)
    # next start: kept signed in for this OS user, no dialog
    again = install_sign_in(window, ui_ctx, ask=True)
    again.start()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert again._dialog is None and again.current is not None and again.current.name == "陈组长"
    # switching account revokes the kept sign-in and asks again, with the last name filled in
    again.sign_out_and_ask()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert again._dialog is not None and again._dialog.name.text() == "陈组长"
    assert again._dialog.password.text() == ""
    window.close()


def test_the_campaign_lead_is_chosen_in_the_editor(ui_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """An administrator hands the campaign to another lead in the editor (through the
    service: audited, checked); the new lead's own campaigns default to her; the former
    lead can no longer edit it."""
    from PySide6.QtWidgets import QDialog

    from casereview.demo.build import DEMO_ADMIN, DEMO_PASSWORD
    from ui.screens.campaigns import dialogs

    ui_ctx.worker.call(lambda s: s.accounts.create("李组长", "李组长", ["lead"], DEMO_PASSWORD))
    ui_ctx.worker.call(lambda s: s.sign_in(DEMO_ADMIN, DEMO_PASSWORD))
    ui_ctx.worker.flush()
    window, screen = _window(ui_ctx)
    seen: dict[str, Any] = {}

    def choose(lead: str, name: str | None = None) -> Any:
        def fake_exec(self: Any) -> QDialog.DialogCode:
            seen["labels"] = [self.lead.itemText(i) for i in range(self.lead.count())]
            seen["current"] = self.lead.currentText()
            self.lead.setCurrentIndex(self.lead.findText(lead))
            if name:
                self.name.setText(name)
            return QDialog.DialogCode.Accepted

        return fake_exec

    def edit(campaign: Any) -> None:
        screen._edit(campaign)
        for _ in range(4):
            ui_ctx.worker.flush()

    campaign_id = screen.current.id
    monkeypatch.setattr(dialogs.CampaignEditorDialog, "exec", choose("李组长"))
    edit(screen.current)
    assert seen["current"] == "陈组长" and "李组长" in seen["labels"]
    assert screen.current.id == campaign_id and screen.current.lead_name == "李组长"
    assert "李组长" in screen.summary.text()
    assert not ui_ctx.dialogs.errors

    ui_ctx.worker.call(lambda s: s.sign_in("李组长", DEMO_PASSWORD))
    ui_ctx.worker.flush()
    monkeypatch.setattr(dialogs.CampaignEditorDialog, "exec", choose("李组长", "李组长的新活动"))
    edit(None)
    assert seen["current"] == "李组长"  # a lead's new campaign is hers by default
    assert screen.current.name == "李组长的新活动" and screen.current.lead_name == "李组长"

    ui_ctx.worker.call(lambda s: s.sign_in("陈组长", DEMO_PASSWORD))
    ui_ctx.worker.flush()
    screen.reload()
    for _ in range(3):
        ui_ctx.worker.flush()
    from ui.tables import select_data

    select_data(screen.list, campaign_id)
    ui_ctx.worker.flush()
    assert screen.current is not None and screen.current.id == campaign_id and not screen.current.may_manage
    # no longer hers: shown, but nothing to manage is enabled
    assert not screen.edit_button.isEnabled() and not screen.assign_button.isEnabled()
    assert not screen.sample_button.isEnabled() and screen.open_button.isEnabled()
    monkeypatch.setattr(dialogs.CampaignEditorDialog, "exec", choose("陈组长"))
    edit(next(c for c in screen.campaigns if c.id == campaign_id))
    assert any("不是由您担任组长" in str(e) for e in ui_ctx.dialogs.errors)  # the core refused her
    window.close()


def test_the_audit_menu_names_a_review_edited_behind_the_apps_back(ui_ctx: Any) -> None:
    """Tools → Verify the audit log: the chain is intact, but a review whose answers were
    changed with sqlite3 is named (the check runs in the worker)."""
    import sqlite3

    from ui.main_window import MainWindow
    from ui.signin import install_sign_in

    window = MainWindow(ui_ctx)
    sign_in = install_sign_in(window, ui_ctx, ask=False)
    sign_in.verify_audit()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert ui_ctx.dialogs.infos and "绕过本程序" not in ui_ctx.dialogs.infos[-1]
    conn = sqlite3.connect(ui_ctx.db_path)
    review_id = conn.execute("SELECT min(review_id) FROM item_results WHERE answer='pass'").fetchone()[0]
    conn.execute(f"UPDATE item_results SET note='事后改动' WHERE id=(SELECT min(id) FROM item_results "
                 f"WHERE review_id={review_id})")
    conn.commit()
    conn.close()
    sign_in.verify_audit()
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    shown = ui_ctx.dialogs.infos[-1]
    assert f"评查 {review_id} 的现有内容" in shown and "绕过本程序" in shown
    window.close()
