"""Changes the server could not take (unreachable) in the review workspace: kept in the local
journal (``ui.review.unsaved``), shown on the checklist as if saved but marked, with a banner
that offers to retry and to copy them."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from casereview.services.types import Answer
from casereview.services.unsaved import ReviewChange
from ui.i18n import fmt, translator
from ui.review.unsaved import show_unsaved

tr = translator("ReviewWorkspace")


class WorkspaceOffline:
    """Part of ``ReviewWorkspace``: the unsaved-changes banner and the provisional display."""

    def _build_unsaved_banner(self) -> None:
        self.unsaved_banner = QFrame(self)
        self.unsaved_banner.setObjectName("unsavedBanner")
        self.unsaved_banner.setStyleSheet(
            "QFrame#unsavedBanner { background: #fde2e2; border: 1px solid #e0a0a0; }"
            " QFrame#unsavedBanner QLabel { color: #8a1c1c; font-weight: bold; }")
        row = QHBoxLayout(self.unsaved_banner)
        row.setContentsMargins(8, 4, 8, 4)
        self.unsaved_label = QLabel(self.unsaved_banner)
        self.unsaved_label.setWordWrap(True)
        retry = QPushButton(tr("Try again now"), self.unsaved_banner)
        retry.clicked.connect(self.unsaved.replay_now)
        copy = QPushButton(tr("Copy unsaved changes"), self.unsaved_banner)
        copy.clicked.connect(self.unsaved.copy_to_clipboard)
        for button in (retry, copy):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.unsaved_label, 1)
        row.addWidget(retry)
        row.addWidget(copy)
        self.unsaved_banner.setVisible(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.unsaved_banner)

    def _keep_unsaved(self, change: ReviewChange) -> None:
        assert self.state is not None
        review = self.state.review
        self.unsaved.keep(
            case_id=review.case_id, case_no=self.detail.case_no if self.detail else review.case_no,
            stage=review.stage.value, campaign_id=review.campaign_id, review_id=review.id,
            base_version=self.versions.expected(review.id) if review.id else None, change=change,
        )
        self._show_provisional(change)

    def _show_provisional(self, change: ReviewChange) -> None:
        """Show the reviewer's change on the checklist (marked unsaved) as if it were saved."""
        from casereview.services.dto import ItemResultInfo

        code, p = change.item_code, change.params
        before = self.checklist.results.get(code)
        info: ItemResultInfo | None = before
        if change.kind == "answer":
            note = (before.note if before else None) if p.get("keep_note", True) else p.get("note")
            info = ItemResultInfo(code, Answer(p["answer"]), p.get("deduction"), p.get("occurrences"), note,
                                  None, before.evidence if before else ())
        elif change.kind == "note" and before is not None:
            info = dataclasses.replace(before, note=p.get("note"))
        elif change.kind == "restore":
            raw = p.get("snapshot")
            info = None if raw is None else ItemResultInfo(
                code, Answer(raw["answer"]), raw.get("deduction"), raw.get("occurrences"), raw.get("note"), None,
                before.evidence if before else ())
        if info is not before:
            self.checklist.update_item(code, info, None)
            current = self.current_item()
            if current is not None and current.code == code:
                self.editor.show_item(current, info, self.locked)

    def _unsaved_changed(self) -> None:
        entries = self.unsaved.entries()
        codes = show_unsaved(self, entries)
        had = set(self.checklist.unsaved)
        self.checklist.set_unsaved(codes)
        self.unsaved_banner.setVisible(bool(entries))
        if entries:
            self.unsaved_label.setText(fmt(
                tr("%1 changes are not saved on the server yet (it cannot be reached). They are kept on this PC "
                   "(%2) and saved automatically when the server is back."), len(entries), self.unsaved.journal.path))
        if had and not codes:
            self.reload_state()  # saved (or dropped after a conflict): show what the server holds
