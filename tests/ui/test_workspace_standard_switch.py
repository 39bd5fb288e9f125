"""The score bar shows the standard a review is scored against; before the first answer the
reviewer switches it (a 简易程序 case to the general-procedure standard and back) through
ReviewService.switch_standard; after an answer the button is disabled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from casereview.domain.enums import Answer
from casereview.services.app import Services
from casereview.storage.models import Case
from tests.ui.test_ui_workspace import _window
from ui.context import AppContext
from ui.review import standard_switch

pytestmark = pytest.mark.gui


def _fresh_simple_case(services: Services) -> int:
    """A new, unreviewed 简易程序 penalty case (200 yuan, on the spot)."""
    with services.ctx.db.session() as session:
        case = Case(case_no="粤交执罚〔2024〕简测1号", case_type="penalty", procedure="simple", party_name="王五",
                    party_type="individual", fine_amount=200, penalty_types="罚款")
        session.add(case)
        session.flush()
        return int(case.id)


def test_switch_standard_from_the_score_bar(qtbot: Any, ui_ctx: AppContext, demo_db_path: Path,
                                            fake_dialogs: Any) -> None:
    services = Services.open(demo_db_path, as_system=True)
    case_id = _fresh_simple_case(services)
    _main, screen = _window(qtbot, ui_ctx)
    ws = screen.workspace
    ws.open_case(case_id)
    ui_ctx.worker.flush()
    assert ws.state is not None and ws.state.definition.id == "gd-transport-penalty-simple"
    button = ws.score_bar.standard
    assert button.isEnabled() and ws.state.standard.name in button.text()
    options = services.reviews.applicable_standards(case_id)
    general = next(o for o in options if o.code == "gd-transport-penalty-general")
    standard_switch._switch(ws, ws.state, general)  # what the menu's action runs
    ui_ctx.worker.flush()
    ui_ctx.worker.flush()
    assert not fake_dialogs.errors
    assert ws.state.definition.id == "gd-transport-penalty-general" and ws.state.review.id
    assert general.name in button.text() and ws.checklist.rowCount() > 60
    simple = options[0]
    standard_switch._switch(ws, ws.state, simple)
    ui_ctx.worker.flush()
    assert ws.state.definition.id == "gd-transport-penalty-simple"
    review_id = ws.state.review.id
    services.reviews.save_answer(review_id, ws.state.definition.item_codes()[0], Answer.PASS)
    ws.reload_state()
    ui_ctx.worker.flush()
    assert not button.isEnabled()
    # The first switch started the review on the chosen standard; the second one switched it.
    assert [e.action for e in services.audit.entries(review_id=review_id)][:3] == ["answer", "switch_standard",
                                                                                    "create"]
    if shot := __import__("os").environ.get("CASEREVIEW_SHOT"):
        ws.resize(1366, 700)
        ws.grab().save(shot)
    services.close()
