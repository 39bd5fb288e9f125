"""评查活动: campaigns list and, for the selected campaign, its cases and sample, the
assignment (with reassignment), progress, reconciliation (合议) and agreement statistics.

It is a navigation entry of its own rather than a tab inside 案卷评查: a team lead plans,
draws, assigns and monitors here, while reviewers keep working from the case list. A case
opened from here opens in the 案卷评查 workspace at the stage the current user works on
(first review, re-check or 合议), as decided by ``CampaignService.review_for``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import CampaignStatus
from ui.context import AppContext
from ui.empty_state import empty_state
from ui.export_job import run_export
from ui.i18n import fmt, join_list, translator, with_note
from ui.labels import case_type_text
from ui.screens import ScreenSpec, register_screen
from ui.screens.campaigns.labels import FINALISED, UNASSIGNED, campaign_status_text, stage_text
from ui.screens.campaigns.recon import AgreementView, ReconcileView
from ui.tables import DONE, WARN, fill, make_table, pct, select_data, selected_data

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.campaigns.types import (
        AssignmentInfo,
        CampaignCaseInfo,
        CampaignInfo,
        ProgressReport,
    )

tr = translator("CampaignsScreen")


class CampaignsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.campaigns: list[CampaignInfo] = []
        self.current: CampaignInfo | None = None
        self.assignment_rows: list[AssignmentInfo] = []
        self._build()
        ctx.bus.database_opened.connect(lambda _db: self.reload() if ctx.may_load("campaigns") else None)
        ctx.bus.case_changed.connect(lambda _id: self.reload_current())

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.list = make_table([tr("Campaign"), tr("Status"), tr("Cases"), tr("Finalised")], self, stretch=0)
        self.empty = empty_state(self.list, lambda: tr("No review campaign yet. Create one with “New campaign…”."))
        self.list.itemSelectionChanged.connect(self._campaign_chosen)
        new = QPushButton(tr("New campaign…"), self)
        new.setObjectName("primary")
        new.clicked.connect(lambda: self._edit(None))
        self.edit_button = QPushButton(tr("Edit…"), self)
        self.edit_button.clicked.connect(lambda: self._edit(self.current))
        self.close_button = QPushButton(tr("Close campaign"), self)
        self.close_button.clicked.connect(self._close)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for b in (new, self.edit_button, self.close_button):
            buttons.addWidget(b)
        lv.addLayout(buttons)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("campaignSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_cases_tab(), tr("Cases and sample"))
        self.tabs.addTab(self._build_assign_tab(), tr("Assignment"))
        self.tabs.addTab(self._build_progress_tab(), tr("Progress"))
        self.recon = ReconcileView(self.ctx, self)
        self.tabs.addTab(self.recon, tr("Reconciliation"))
        self.agreement = AgreementView(self.ctx, self)
        self.tabs.addTab(self.agreement, tr("Agreement"))
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.summary)
        rv.addWidget(self.tabs, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([330, 1100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addWidget(splitter)
        self._enable()

    def _build_cases_tab(self) -> QWidget:
        page = QWidget(self)
        self.cases = make_table(
            [tr("Draw order"), tr("Case no."), tr("Unit"), tr("Case type"), tr("Decision date"), tr("Source"),
             tr("Reason")],
            page,
        )  # fmt: skip
        self.sample_button = QPushButton(tr("Draw sample…"), page)
        self.sample_button.clicked.connect(self._sample)
        self.verify_button = QPushButton(tr("Verify draw"), page)
        self.verify_button.clicked.connect(self._verify)
        self.add_button = QPushButton(tr("Add case…"), page)
        self.add_button.clicked.connect(self._add_case)
        self.remove_button = QPushButton(tr("Remove case…"), page)
        self.remove_button.clicked.connect(self._remove_case)
        self.export_button = QPushButton(tr("Export list…"), page)
        self.export_button.clicked.connect(self._export)
        row = QHBoxLayout()
        for b in (
            self.sample_button,
            self.verify_button,
            self.add_button,
            self.remove_button,
            self.export_button,
        ):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.cases, 1)
        return page

    def _build_assign_tab(self) -> QWidget:
        page = QWidget(self)
        self.assign_table = make_table(
            [tr("Case no."), tr("Unit"), tr("First reviewer"), tr("Re-checker"), tr("State")],
            page,
            stretch=None,
        )
        self.assign_table.doubleClicked.connect(lambda _i: self._open_case())
        self.assign_button = QPushButton(tr("Assign automatically"), page)
        self.assign_button.clicked.connect(self._assign)
        self.reassign_button = QPushButton(tr("Reassign…"), page)
        self.reassign_button.clicked.connect(self._reassign)
        self.open_button = QPushButton(tr("Open case at my stage"), page)
        self.open_button.clicked.connect(self._open_case)
        hint = QLabel(
            tr(
                "Nobody reviews a case of their own unit; first reviewer and re-checker are different people."
            ),
            page,
        )
        hint.setObjectName("hint")
        row = QHBoxLayout()
        for b in (self.assign_button, self.reassign_button, self.open_button):
            row.addWidget(b)
        row.addWidget(hint, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.assign_table, 1)
        return page

    def _build_progress_tab(self) -> QWidget:
        page = QWidget(self)
        self.progress_total = QLabel(page)
        self.progress_units = make_table(
            [
                tr("Unit reviewed"),
                tr("Assigned"),
                tr("Scored"),
                tr("Re-checked"),
                tr("Reconciled"),
                tr("Done"),
            ],
            page,
            stretch=0,
        )
        self.progress_people = make_table(
            [
                tr("Reviewer"),
                tr("Unit"),
                tr("First reviews done"),
                tr("Re-checks done"),
                tr("Open"),
                tr("Behind"),
            ],
            page,
            stretch=0,
        )
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.progress_total)
        layout.addWidget(self.progress_units, 1)
        layout.addWidget(QLabel(tr("By reviewer (who is behind comes first)"), page))
        layout.addWidget(self.progress_people, 2)
        return page

    def _enable(self) -> None:
        c = self.current
        has = c is not None
        # another lead's campaign: shown, not managed (the core refuses it anyway)
        manage = has and c is not None and c.may_manage
        open_ = manage and c is not None and c.status is not CampaignStatus.DONE
        self.edit_button.setEnabled(manage)
        self.close_button.setEnabled(open_)
        for b in (
            self.sample_button,
            self.add_button,
            self.remove_button,
            self.assign_button,
            self.reassign_button,
        ):
            b.setEnabled(open_)
        self.verify_button.setEnabled(has and c is not None and c.sample_seed is not None)
        self.export_button.setEnabled(has)
        self.open_button.setEnabled(has)

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.worker.call(lambda s: s.campaigns.list_campaigns(), self._got_campaigns, label="campaigns")

    def on_activated(self) -> None:
        if self.ctx.db_path is not None:  # before the database opens there is nothing to show
            self.reload()

    def _got_campaigns(self, campaigns: list[CampaignInfo]) -> None:
        self.empty.arm()
        keep = self.current.id if self.current else None
        self.campaigns = campaigns
        self.list.blockSignals(True)
        fill(
            self.list,
            [[c.name, campaign_status_text(c.status.value), c.case_count, c.final_count] for c in campaigns],
            [c.id for c in campaigns],
        )
        self.list.blockSignals(False)
        if not campaigns:
            self.current = None
            self.summary.setText(tr("No review campaign yet. Create one with “New campaign…”."))
            self._enable()
            return
        select_data(self.list, keep if keep is not None else campaigns[0].id)
        self._campaign_chosen()

    def _campaign_chosen(self) -> None:
        cid = selected_data(self.list)
        self.current = next((c for c in self.campaigns if c.id == cid), None)
        self._show_summary()
        self._enable()
        self._load_tab()

    def reload_current(self) -> None:
        if self.current is None:
            return
        cid = self.current.id
        self.ctx.worker.call(lambda s: s.campaigns.get(cid), self._got_one)

    def _got_one(self, info: CampaignInfo) -> None:
        self.campaigns = [info if c.id == info.id else c for c in self.campaigns]
        if self.current is not None and self.current.id == info.id:
            self.current = info
        for row in range(self.list.rowCount()):
            if selected_data(self.list) == info.id and row == self.list.currentRow():
                for col, value in enumerate(
                    [info.name, campaign_status_text(info.status.value), info.case_count, info.final_count]
                ):
                    item = self.list.item(row, col)
                    if item is not None:
                        item.setText(str(value))
        self._show_summary()
        self._enable()
        self._load_tab()

    def _show_summary(self) -> None:
        c = self.current
        if c is None:
            return
        scope_units = join_list(c.scope_unit_names) or tr("all units")
        types = join_list(case_type_text(t) for t in c.scope.case_types) or tr("all case types")
        period = f"{c.period_start or '…'} — {c.period_end or '…'}"
        seed = "—" if c.sample_seed is None else str(c.sample_seed)
        self.summary.setText(
            fmt(
                tr("<b>%1</b> · %2 · %3 · status <b>%4</b><br>Scope: %5; %6. Period %7. Sample: %8, seed <b>%9</b>. "
                   "%10 cases, %11 assigned, %12 finalised. %13"),
                c.name, c.organiser or "—", tr("blind re-check") if c.blind_recheck else tr("open re-check"),
                campaign_status_text(c.status.value), scope_units, types, period,
                c.sample_description, seed, c.case_count, c.assigned_count, c.final_count,
                tr("Strict conflict rule on.") if c.strict_conflict else "",
            )
            + " " + fmt(tr("Campaign lead: %1."), c.lead_name or tr("none (administrators manage it)"))
        )  # fmt: skip

    def _load_tab(self) -> None:
        c = self.current
        if c is None:
            for table in (self.cases, self.assign_table, self.progress_units, self.progress_people):
                table.setRowCount(0)
            return
        cid = c.id
        index = self.tabs.currentIndex()
        if index == 0:
            self.ctx.worker.call(lambda s: s.campaigns.cases(cid, include_removed=True), self._got_cases)
        elif index in (1, 3):
            self.ctx.worker.call(
                lambda s: s.campaigns.assignments(cid), lambda rows: self._got_assignments(cid, rows)
            )
        elif index == 2:
            self.ctx.worker.call(lambda s: s.campaigns.progress(cid), self._got_progress)
        elif index == 4:
            self.agreement.load(cid)

    def _got_cases(self, rows: list[CampaignCaseInfo]) -> None:
        fill(
            self.cases,
            [
                [r.draw_order if r.draw_order is not None else "", r.case_no, r.unit_name, r.case_type_label,
                 r.decision_date, r.source_label + (tr(" (removed)") if r.removed else ""), r.reason or ""]
                for r in rows
            ],
            [r.case_no for r in rows],
            [WARN if r.removed else None for r in rows],
        )  # fmt: skip

    def _got_assignments(self, campaign_id: int, rows: list[AssignmentInfo]) -> None:
        self.assignment_rows = rows
        fill(
            self.assign_table,
            [
                [a.case_no, a.unit_name, with_note(a.first_name, a.first_unit) if a.first_name else "—",
                 with_note(a.rechecker_name, a.rechecker_unit) if a.rechecker_name else "—", stage_text(a.stage_label)]
                for a in rows
            ],
            [a.case_id for a in rows],
            [DONE if a.stage_label == FINALISED else WARN if a.stage_label == UNASSIGNED else None for a in rows],
        )  # fmt: skip
        self.recon.set_assignments(campaign_id, rows)

    def _got_progress(self, report: ProgressReport) -> None:
        t = report.total
        self.progress_total.setText(
            fmt(
                tr("Assigned %1 · scored %2 · re-checked %3 · reconciled %4 (%5) · not yet assigned %6"),
                t.assigned, t.scored, t.rechecked, t.reconciled, pct(t.percent_done), report.unassigned,
            )
        )  # fmt: skip
        fill(
            self.progress_units,
            [
                [u.label, u.assigned, u.scored, u.rechecked, u.reconciled, pct(u.percent_done)]
                for u in report.units
            ],
        )
        fill(
            self.progress_people,
            [
                [r.name, r.unit, f"{r.first_done}/{r.first_assigned}", f"{r.recheck_done}/{r.recheck_assigned}",
                 r.pending, tr("behind") if r.behind else ""]
                for r in report.reviewers
            ],
            None,
            [WARN if r.behind else None for r in report.reviewers],
        )  # fmt: skip

    # -- campaign actions -------------------------------------------------------------------

    def _edit(self, campaign: CampaignInfo | None) -> None:
        def load(s: Services) -> tuple[Any, Any, Any, Any]:
            me = s.ctx.account
            return (s.cases.units(), s.standards.list_versions(), s.campaigns.lead_choices(),
                    me.account_id if "lead" in me.roles else None)

        self.ctx.worker.call(load, lambda r: self._open_editor(campaign, *r))

    def _open_editor(
        self, campaign: CampaignInfo | None, units: Any, versions: Any, leads: Any = None, me: int | None = None
    ) -> None:
        from ui.screens.campaigns.dialogs import CampaignEditorDialog

        dialog = CampaignEditorDialog(units, versions, campaign, self, leads=leads, me=me)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        if campaign is None:
            values.pop("status", None)
            name = values.pop("name")
            self.ctx.worker.call(lambda s: s.campaigns.create(name, **values), self._saved)
        else:
            cid = campaign.id
            self.ctx.worker.call(lambda s: s.campaigns.update(cid, **values), self._saved)

    def _saved(self, info: CampaignInfo) -> None:
        self.current = info
        self.ctx.bus.status_message.emit(fmt(tr("Campaign “%1” saved."), info.name))
        self.reload()

    def _close(self) -> None:
        c = self.current
        if c is None:
            return
        open_cases = c.case_count - c.final_count
        force, reason = False, None
        if open_cases > 0:
            reason = self.ctx.dialogs.ask_text(
                tr("Close campaign"),
                fmt(tr("%1 cases are not finalised yet. To close anyway, give the reason:"), open_cases),
            )
            if not reason:
                return
            force = True
        elif not self.ctx.dialogs.confirm(fmt(tr("Close campaign “%1”?"), c.name)):
            return
        cid = c.id
        self.ctx.worker.call(lambda s: s.campaigns.close(cid, force=force, reason=reason), self._saved)

    # -- sample -----------------------------------------------------------------------------

    def _sample(self) -> None:
        c = self.current
        if c is None:
            return
        cid = c.id
        self.ctx.worker.call(
            lambda s: s.campaigns.scope_count(cid), lambda scope: self._sample_dialog(c, scope)
        )

    def _sample_dialog(self, campaign: CampaignInfo, scope: dict[str, int]) -> None:
        from ui.screens.campaigns.dialogs import SamplingDialog

        dialog = SamplingDialog(campaign, scope, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mode, value, stratify, seed, replace = dialog.values()
        cid = campaign.id

        def draw(s: Services) -> Any:
            from casereview.services.types import SampleSpec, UnitQuota

            spec = SampleSpec(UnitQuota("percent" if mode == "percent" else "count", value), {}, stratify)
            return s.campaigns.sample(cid, spec, seed=seed, replace=replace)

        self.ctx.worker.call(draw, self._sampled)

    def _sampled(self, result: Any) -> None:
        self.ctx.dialogs.info(
            fmt(tr("Drew %1 of %2 cases in scope with seed %3. The seed is stored with the campaign."),
                len(result.drawn), result.population, result.seed)
        )  # fmt: skip
        self.tabs.setCurrentIndex(0)
        self.reload_current()

    def _verify(self) -> None:
        c = self.current
        if c is not None:
            cid = c.id
            self.ctx.worker.call(
                lambda s: s.campaigns.verify_sample(cid), lambda r: self.ctx.dialogs.info(r[1])
            )

    def _add_case(self) -> None:
        c = self.current
        if c is None:
            return
        case_no = self.ctx.dialogs.ask_text(tr("Add case"), tr("Case number:"))
        if not case_no:
            return
        reason = self.ctx.dialogs.ask_text(
            tr("Add case"), tr("Reason for adding it by hand (kept in the log):")
        )
        if not reason:
            return
        cid = c.id
        self.ctx.worker.call(
            lambda s: s.campaigns.add_case(cid, case_no.strip(), reason), lambda _r: self.reload_current()
        )

    def _remove_case(self) -> None:
        c = self.current
        case_no = selected_data(self.cases)
        if c is None or not case_no:
            self.ctx.dialogs.info(tr("Select a case in the list first."))
            return
        reason = self.ctx.dialogs.ask_text(
            tr("Remove case"), fmt(tr("Reason for removing %1 (kept in the log):"), case_no)
        )
        if not reason:
            return
        cid = c.id
        self.ctx.worker.call(
            lambda s: s.campaigns.remove_case(cid, case_no, reason), lambda _r: self.reload_current()
        )

    def _export(self) -> None:
        c = self.current
        if c is None:
            return
        path = self.ctx.dialogs.save_file(
            tr("Export the drawn list"), tr("Excel workbook (*.xlsx);;CSV (*.csv)"), f"{c.name}-{tr('drawn list')}.xlsx"
        )
        if path is None:
            return
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        cid = c.id
        target = path
        run_export(self.ctx, self, target, tr("Writing the drawn list…"), lambda _r: fmt(tr("Exported to %1"), target),
                   to_path=lambda s, part: s.campaigns.export_sample(cid, part))

    # -- assignment -------------------------------------------------------------------------

    def _assign(self) -> None:
        c = self.current
        if c is None:
            return
        cid = c.id
        self.ctx.worker.call(lambda s: s.campaigns.assign(cid), self._assigned)

    def _assigned(self, report: Any) -> None:
        text = fmt(tr("%1 cases assigned."), report.assigned)
        if report.unassigned:
            text += "\n" + fmt(tr("%1 could not be assigned:"), len(report.unassigned)) + "\n"
            text += "\n".join(fmt(tr("%1: %2"), with_note(no, stage_text(stage)), why)
                               for no, stage, why in report.unassigned[:10])
        self.ctx.dialogs.info(text)
        self.tabs.setCurrentIndex(1)
        self.reload_current()

    def _selected_assignment(self) -> AssignmentInfo | None:
        case_id = selected_data(self.assign_table)
        found = next((a for a in self.assignment_rows if a.case_id == case_id), None)
        if found is None:
            self.ctx.dialogs.info(tr("Select a case in the assignment table first."))
        return found

    def _reassign(self) -> None:
        a = self._selected_assignment()
        c = self.current
        if a is None or c is None:
            return
        self.ctx.worker.call(
            lambda s: s.roster.list(include_inactive=False),
            lambda roster: self._reassign_dialog(c, a, roster),
        )

    def _reassign_dialog(self, campaign: CampaignInfo, a: AssignmentInfo, roster: Any) -> None:
        from ui.screens.campaigns.dialogs import ReassignDialog

        dialog = ReassignDialog(a, roster, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, recheck, reason = dialog.values()
        cid, case_no = campaign.id, a.case_no
        self.ctx.worker.call(
            lambda s: s.campaigns.reassign(
                cid, case_no, first=first, rechecker=recheck, reason=reason or None
            ),
            lambda _r: self.reload_current(),
        )

    def _open_case(self) -> None:
        """Open the selected case in the 案卷评查 workspace at the current user's stage."""
        a = self._selected_assignment()
        c = self.current
        if a is None or c is None:
            return
        window = self.window()
        screen = window.screen("cases") if hasattr(window, "screen") else None  # type: ignore[call-arg]
        workspace = getattr(screen, "workspace", None)
        if screen is None or workspace is None or not hasattr(workspace, "open_campaign_case"):
            self.ctx.dialogs.info(tr("The review workspace is not available in this build."))
            return
        case_id, cid = a.case_id, c.id

        def check(s: Services) -> Any:
            return s.campaigns.review_for(case_id, cid, s.ctx.actor_id)

        def go(access: Any) -> None:
            if access.stage is None:
                self.ctx.dialogs.info(access.message)
                return
            window.show_screen("cases")  # type: ignore[attr-defined]
            screen.stack.setCurrentWidget(workspace)
            workspace.open_campaign_case(case_id, cid)
            self.ctx.bus.status_message.emit(fmt(tr("%1: %2"), a.case_no, access.message))

        self.ctx.worker.call(check, go)

    # -- screenshot -------------------------------------------------------------------------

    def prepare_screenshot(self) -> None:
        self.reload()
        self.ctx.worker.flush()
        self.tabs.setCurrentIndex(1)
        self.ctx.worker.flush()


def _factory(ctx: AppContext, parent: QWidget | None = None) -> Any:
    return CampaignsScreen(ctx, parent)


register_screen(
    ScreenSpec(key="campaigns", title=QT_TRANSLATE_NOOP("Navigation", "Campaigns"), factory=_factory)
)
