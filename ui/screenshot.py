"""``casereview-gui --screenshot DIR``: render every main screen offscreen to PNG files."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from casereview.services.app import Services
from casereview.services.types import Answer
from ui.context import AppContext
from ui.main_window import MainWindow

log = logging.getLogger(__name__)
SCREEN = (1440, 900)
# What a maximised window does not get of the screen: the Windows taskbar (40 px) and the
# window's title bar (30 px, scaled like everything else).
TASKBAR, TITLE_BAR = 40, 30
# The showcase case for the workspace shot: among the first SCANNED listed cases, open at most
# OPENED unreviewed ones and run the checks on at most CHECKED of those.
SCANNED, OPENED, CHECKED = 300, 40, 6
# Who is signed in for each shot, as in a real session: the demo's lead scores and follows up
# rectification, its trainer keeps the training library, its administrator the rest (the status
# bar said 未登录 when the shots ran as the program). Other databases stay as the program.
SHOT_ACCOUNTS = {"cases": "陈组长", "rectification": "陈组长", "training": "林培训"}  # zh-data: demo accounts
SHOT_ADMIN = "admin"


def window_size(screen: tuple[int, int], scale: float) -> tuple[int, int]:
    """The logical size of a maximised window on a ``screen`` (physical pixels) at ``scale``."""
    width, height = screen
    return round(width / scale), round((height - TASKBAR - TITLE_BAR * scale) / scale)


def settle(ctx: AppContext, seconds: float = 0.3) -> None:
    """Let queued DB jobs and rendering (thumbnails, PDF tiles) finish."""
    ctx.worker.flush()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    ctx.worker.flush()


_last = [time.perf_counter()]


def _grab(widget: QWidget, path: Path) -> Path:
    widget.grab().save(str(path))
    now = time.perf_counter()
    log.info("screenshot %s (%.1f s)", path, now - _last[0])
    _last[0] = now
    return path


def _case_with_pdf(services: Services, ids: list[int]) -> int | None:
    """A case worth showing: not reviewed yet, with a multi-page PDF document (else any PDF).

    Bounded work (a case's detail costs ~70 ms and its checks ~0.4 s on a 10,000-case
    database): only unreviewed cases among the first rows are opened, and the checks run on
    at most ``CHECKED`` of them."""
    rows = services.cases.fetch_rows(ids[:SCANNED])
    fresh = [r.id for r in rows if r.review_state == "not_started"] or [r.id for r in rows]
    fallback = multi_page = None
    checked = 0
    for case_id in fresh[:OPENED]:
        pdfs = [d for d in services.cases.detail(case_id).documents if d.kind == "pdf"]
        if not pdfs:
            continue
        fallback = fallback or case_id
        if any(d.page_count > 1 for d in pdfs):
            multi_page = multi_page or case_id
            # Prefer a case on which automatic checks fire (the workspace shows their proposals).
            checked += 1
            if len(services.checks.run_case(case_id).failed) >= 2:
                return case_id
            if checked >= CHECKED:
                break
    return multi_page or fallback or (ids[0] if ids else None)


def take_screenshots(
    window: MainWindow, ctx: AppContext, out_dir: Path, *, may_write: bool = True,
    screen: tuple[int, int] | None = None, scale: float = 1.0,
) -> list[Path]:
    """Every screen at the size of a maximised window on ``screen`` (physical pixels; the PNGs
    have that resolution) with display scaling ``scale`` (set as QT_SCALE_FACTOR before start)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    window.resize(*window_size(screen or SCREEN, scale))
    window.show()
    settle(ctx)
    paths: list[Path] = []
    for number, key in enumerate(window.specs, start=1):
        if may_write:  # signing in records the time on the scratch copy
            _sign_in_as(window, ctx, SHOT_ACCOUNTS.get(key, SHOT_ADMIN))
        started = time.perf_counter()
        window.show_screen(key)
        screen = window.screen(key)
        shown = time.perf_counter()
        prepare = getattr(screen, "prepare_screenshot", None)
        if callable(prepare):
            prepare()
        prepared = time.perf_counter()
        settle(ctx)
        log.info("%s: built %.1f s, prepared %.1f s, settled %.1f s", key, shown - started,
                 prepared - shown, time.perf_counter() - prepared)
        paths.append(_grab(window, out_dir / f"{number:02d}-{key}.png"))
        if key == "cases":
            paths.append(_workspace_shot(window, ctx, out_dir, may_write))
            window.show_screen("cases")
            window.screen("cases").show_list()  # type: ignore[union-attr]
    return paths


def _sign_in_as(window: MainWindow, ctx: AppContext, name: str) -> None:
    """Sign ``name`` in with the demo password, as the sign-in dialog would; on a database
    without that demo account the shots stay as the program (nothing shown as signed in)."""
    from casereview.services.runtime import DEMO_PASSWORD

    sign_in: Any = getattr(window, "_sign_in", None)
    if sign_in is None or (sign_in.current is not None and sign_in.current.name == name):
        return
    signed: list[Any] = []
    ctx.worker.call(lambda s: s.sign_in(name, DEMO_PASSWORD), signed.append,
                    lambda exc: log.info("screenshots stay as the program: %s", exc))
    settle(ctx, 0)
    if signed:
        # Each screen reloads as the new account when it is shown for its shot (a reload of
        # every screen would ask 问题整改 for data an administrator may not see).
        sign_in._signed_in(signed[0], reload=False)


def _workspace_shot(window: MainWindow, ctx: AppContext, out_dir: Path, may_write: bool) -> Path:
    from ui.screens.cases import CaseReviewScreen

    screen = window.screen("cases")
    assert isinstance(screen, CaseReviewScreen)
    ids = list(screen.list_page.model.ids)
    found: list[int | None] = []
    started = time.perf_counter()
    ctx.worker.call(lambda s: _case_with_pdf(s, ids), found.append)
    settle(ctx, 0)
    log.info("showcase case %s found in %.1f s", found, time.perf_counter() - started)
    if not found or found[0] is None:
        return _grab(window, out_dir / "01b-review-workspace-empty.png")
    screen.open_case(found[0])
    settle(ctx)
    workspace = screen.workspace
    state = workspace.state
    if may_write and state is not None and not workspace.locked and len(state.results) < 3:
        _answer_some(workspace, ctx)
    checks = getattr(workspace, "checks_controller", None)
    proposals = checks.view.proposals if checks is not None and checks.view is not None else ()
    if proposals:  # show a proposed deduction in the item editor
        workspace.select_item(proposals[0].item_code)
        workspace.focus_checklist()
    settle(ctx, 2.0)  # QPdfView renders the page in its own thread; on a busy PC that takes a while
    return _grab(window, out_dir / "01b-review-workspace.png")


def _answer_some(workspace: Any, ctx: AppContext) -> None:
    """A realistic half-scored case: a few passes, one deduction with a note and a linked page."""
    from ui.review.commands import AnswerSpec

    definition = workspace.state.definition
    scoring = [item for _c, item in definition.iter_items() if item.max_points > 0]
    for item in scoring[:5]:
        workspace.select_item(item.code)
        workspace.answer(Answer.PASS.value)
    settle(ctx, 0)
    deduct = next((i for i in scoring[5:] if i.deduction.mode.value == "per_occurrence"), None) or scoring[5]
    workspace.select_item(deduct.code)
    occurrences = 2 if deduct.deduction.mode.value == "per_occurrence" else None
    deduction = float(deduct.deduction.min or 0) if deduct.deduction.mode.value == "range" else None
    workspace.send_answer(deduct.code, AnswerSpec(Answer.DEDUCT.value, deduction, occurrences))
    settle(ctx, 0)
    multi = next((d for d in workspace.detail.documents if d.kind == "pdf" and d.page_count > 1), None)
    if multi is not None:
        workspace.show_document(multi.id, 2)  # shows the page thumbnails and page navigation
        settle(ctx, 0.3)
    note = deduct.phrases[0] if deduct.phrases else "现场笔录未载明告知当事人陈述申辩权利"  # zh-data: a note
    workspace.save_note(note)
    workspace.link_current_page()
    settle(ctx, 0)
    workspace.select_item(deduct.code)
    workspace.focus_checklist()
