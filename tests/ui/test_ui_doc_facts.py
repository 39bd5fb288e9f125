"""The 文书所载 tab: facts read from the pages beside the registry; a fact opens its page with
the place marked on the page image; confirming and taking a value into the case."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from casereview.services.app import Services
from casereview.storage.models import Case
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.cases import CaseReviewScreen

pytestmark = pytest.mark.gui


def _read_case_with_wrong_registry_date(path: Path) -> tuple[int, str]:
    """The last demo case (text layer: read in a second), its registry decision date moved two
    days earlier than the 决定书 says."""
    services = Services.open(path, as_system=True)
    try:
        rows = services.cases.fetch_rows(services.cases.query_ids())
        case_id = next(r.id for r in reversed(rows) if r.review_state == "not_started" and r.case_type == "penalty"
                       and services.cases.detail(r.id).fields.get("decision_date"))
        services.docintel.read_cases([case_id])
        with services.ctx.db.session() as session:
            case = session.get(Case, case_id)
            assert case is not None and case.decision_date is not None
            printed = case.decision_date.isoformat()
            case.decision_date = case.decision_date - timedelta(days=2)
        return case_id, printed
    finally:
        services.close()


def test_facts_pane_jump_highlight_confirm_accept(qtbot: Any, ui_ctx: AppContext) -> None:
    assert ui_ctx.db_path is not None
    case_id, printed = _read_case_with_wrong_registry_date(ui_ctx.db_path)
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768 - 70)
    window.show()
    qtbot.waitExposed(window)
    ui_ctx.bus.database_opened.emit(str(ui_ctx.db_path))
    ui_ctx.worker.flush()
    screen = window.screen("cases")
    assert isinstance(screen, CaseReviewScreen)
    screen.open_case(case_id)
    ws = screen.workspace
    pane = ws.doc_facts
    ws.facts.tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: any(r.field == "decision_date" for r in pane.model.rows), timeout=15000)
    row = next(i for i, r in enumerate(pane.model.rows) if r.field == "decision_date")
    fact_row = pane.model.rows[row]
    assert fact_row.value == printed and fact_row.agrees is False and fact_row.fact is not None
    assert "不一致" in pane.status.text() or "differ" in pane.status.text()
    pane.table.selectRow(row)
    assert printed in pane.detail.toPlainText() and "行政处罚决定书" in pane.detail.toPlainText()

    # a click opens the page and marks where the date was read
    pane._activate(row)
    ui_ctx.worker.flush()
    fact = fact_row.fact
    qtbot.waitUntil(lambda: ws.viewer.document_id == fact.document_id and ws.viewer.page == fact.page, timeout=10000)
    qtbot.wait(400)
    highlighter = ws.viewer.highlighter
    assert highlighter.active()
    [rect] = highlighter.rects_on(highlighter.pdf_overlay)
    overlay = highlighter.pdf_overlay
    assert 0 <= rect.left() < rect.right() <= overlay.width() and rect.height() > 4
    # the shown page's text, to select and copy
    page_text = next(ws.facts.tabs.widget(i) for i in range(ws.facts.tabs.count())
                     if ws.facts.tabs.widget(i).objectName() == "pageText")
    ws.facts.tabs.setCurrentWidget(page_text)
    ui_ctx.worker.flush()
    qtbot.waitUntil(lambda: "行政处罚决定书" in page_text.toPlainText(), timeout=10000)
    ws.facts.tabs.setCurrentWidget(pane)
    if os.environ.get("CASEREVIEW_SHOT_DIR"):
        window.grab().save(str(Path(os.environ["CASEREVIEW_SHOT_DIR"]) / "doc-facts-1366.png"))

    # confirm: saved (the checks use it), shown as confirmed
    pane.confirm()
    ui_ctx.worker.flush()
    qtbot.waitUntil(lambda: any(r.field == "decision_date" and r.confirmation for r in pane.model.rows), timeout=10000)
    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        result = next(r for r in services.checks.run_case(case_id).results
                      if r.rule_id == "penalty.decision_within_90_days")
        assert f"决定日期 {printed}" in result.explanation and "经评查人员确认" in result.explanation
    finally:
        services.close()

    # take it into the case: the registry tab shows the document's date
    row = next(i for i, r in enumerate(pane.model.rows) if r.field == "decision_date")
    pane.table.selectRow(row)
    assert pane.accept_button.isEnabled()
    pane.accept_into_case()
    ui_ctx.worker.flush()
    qtbot.waitUntil(lambda: ws.detail is not None and str(ws.detail.fields.get("decision_date")) == printed,
                    timeout=10000)
    qtbot.waitUntil(lambda: not any(r.field == "decision_date" and r.agrees is False for r in pane.model.rows),
                    timeout=10000)


def test_split_dialog_opens_with_the_proposed_ranges(qtbot: Any) -> None:
    from casereview.services.cases import DocumentInfo
    from ui.intake.doc_actions import SplitDialog

    doc = DocumentInfo(1, "其他", "整卷扫描", "pdf", 5, 1, 5, None, None, False)
    dialog = SplitDialog(doc, None, "1-2 立案登记表; 3-5 询问笔录", unread=1)
    qtbot.addWidget(dialog)
    assert dialog.ranges_text() == "1-2 立案登记表; 3-5 询问笔录" and dialog.check()
    assert dialog.findChild(QLabel, "splitProposal") is not None
