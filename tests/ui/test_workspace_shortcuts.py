"""Every keyboard shortcut of the review workspace does one thing: two actions on one key means
Qt fires neither ("ambiguous shortcut") and the officer's key silently does nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from PySide6.QtGui import QAction

from ui.review.workspace import ReviewWorkspace

pytestmark = pytest.mark.gui


def test_no_two_workspace_actions_share_a_key(qtbot: Any, ui_ctx: Any) -> None:
    ws = ReviewWorkspace(ui_ctx)
    qtbot.addWidget(ws)
    keys = Counter(
        seq.toString()
        for action in ws.findChildren(QAction)
        for seq in action.shortcuts()
        if not seq.isEmpty()
    )
    assert keys, "the workspace defines its shortcuts as actions"
    assert [key for key, n in keys.items() if n > 1] == []
