"""``casereview-gui --screenshot DIR``: render every main screen offscreen to PNG files."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from casereview.domain.enums import Answer
from casereview.services.app import Services
from ui.context import AppContext
from ui.main_window import MainWindow

log = logging.getLogger(__name__)
SIZE = (1440, 900)


def settle(ctx: AppContext, seconds: float = 0.3) -> None:
    """Let queued DB jobs and rendering (thumbnails, PDF tiles) finish."""
    ctx.worker.flush()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    ctx.worker.flush()


def _grab(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    log.info("screenshot %s", path)
    return path


def _case_with_pdf(services: Services, ids: list[int]) -> int | None:
    for case_id in ids[:200]:
        detail = services.cases.detail(case_id)
        if any(d.kind == "pdf" for d in detail.documents):
            return case_id
    return ids[0] if ids else None


def take_screenshots(window: MainWindow, ctx: AppContext, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZE)
    window.show()
    settle(ctx)
    paths: list[Path] = []
    for number, key in enumerate(window.specs, start=1):
        window.show_screen(key)
        screen = window.screen(key)
        prepare = getattr(screen, "prepare_screenshot", None)
        if callable(prepare):
            prepare()
        settle(ctx)
        paths.append(_grab(window, out_dir / f"{number:02d}-{key}.png"))
        if key == "cases":
            paths.append(_workspace_shot(window, ctx, out_dir))
            window.show_screen("cases")
            window.screen("cases").show_list()  # type: ignore[union-attr]
    return paths


def _workspace_shot(window: MainWindow, ctx: AppContext, out_dir: Path) -> Path:
    from ui.screens.cases import CaseReviewScreen

    screen = window.screen("cases")
    assert isinstance(screen, CaseReviewScreen)
    ids = list(screen.list_page.model.ids)
    found: list[int | None] = []
    ctx.worker.call(lambda s: _case_with_pdf(s, ids), found.append)
    settle(ctx, 0)
    if not found or found[0] is None:
        return _grab(window, out_dir / "01b-review-workspace-empty.png")
    screen.open_case(found[0])
    settle(ctx)
    workspace = screen.workspace
    if workspace.state is not None and not workspace.locked and len(workspace.state.results) < 3:
        # Show a realistic half-scored case: a few passes and one deduction.
        codes = [c for c in workspace.state.definition.item_codes()][:6]
        for code in codes[:4]:
            workspace.select_item(code)
            workspace.answer(Answer.PASS.value)
            settle(ctx, 0)
        deductible = next(
            (item for _c, item in workspace.state.definition.iter_items() if item.max_points > 0 and
             item.code not in codes[:4]), None)
        if deductible is not None:
            workspace.select_item(deductible.code)
            workspace.answer(Answer.DEDUCT.value)
            settle(ctx, 0)
            workspace.focus_checklist()
    workspace.viewer.goto_page(1)
    settle(ctx, 0.6)
    return _grab(window, out_dir / "01b-review-workspace.png")
