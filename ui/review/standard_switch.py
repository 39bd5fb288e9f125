"""Changing the standard a review is scored against, from the score bar: before the first
answer only (a 简易程序 case opened under the general-procedure standard, or back). The
choices and the switch go through ReviewService (permission-checked, audited), on the worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QMenu

from casereview.services.dto import ReviewState, StandardVersionInfo
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.app import Services
    from ui.review.workspace import ReviewWorkspace

tr = translator("ScoreBar")


def changeable(state: ReviewState) -> bool:
    return not state.review.locked and not state.results and state.review.stage != "practice"


def install(workspace: ReviewWorkspace) -> None:
    workspace.score_bar.standard_change_requested.connect(lambda: choose_standard(workspace))


def choose_standard(workspace: ReviewWorkspace) -> None:
    state = workspace.state
    if state is None or not changeable(state):
        return
    case_id = state.review.case_id
    workspace.ctx.worker.call(lambda s: s.reviews.applicable_standards(case_id),
                              lambda options: _menu(workspace, state, options), label="applicable standards")


def _menu(workspace: ReviewWorkspace, state: ReviewState, options: list[StandardVersionInfo]) -> None:
    if workspace.state is not state:
        return  # the case or its review changed meanwhile
    menu = QMenu(workspace)
    for option in options:
        action = menu.addAction(fmt(tr("%1 %2 (%3 items)"), option.name, option.version, option.item_count))
        action.setCheckable(True)
        action.setChecked(option.version_id == state.review.standard_version_id)
        action.triggered.connect(lambda _checked=False, chosen=option: _switch(workspace, state, chosen))
    button = workspace.score_bar.standard
    menu.exec(button.mapToGlobal(button.rect().bottomLeft()) if button.isVisible() else QCursor.pos())


def _switch(workspace: ReviewWorkspace, state: ReviewState, chosen: StandardVersionInfo) -> None:
    if chosen.version_id == state.review.standard_version_id:
        return
    review = state.review
    chosen_id, version = chosen.version_id, review.version

    def run(services: Services) -> ReviewState:
        if review.id:
            return services.reviews.switch_standard(review.id, chosen_id, expected_version=version)
        # Only looked at so far: the review starts now, on the chosen standard.
        return services.reviews.open_review(review.case_id, stage=review.stage, campaign_id=review.campaign_id,
                                            standard_version_id=chosen_id)

    def done(new: ReviewState) -> None:
        if workspace.state is None or workspace.state.review.case_id != new.review.case_id:
            return
        workspace._apply_state(new, reset=True)
        workspace.ctx.bus.status_message.emit(fmt(tr("Now scored against %1 %2."), chosen.name, chosen.version))
        if workspace.detail is not None:
            workspace.review_loaded.emit(new, workspace.detail)

    workspace.ctx.worker.call(run, done, label="switch standard")
