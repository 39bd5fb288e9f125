"""Dialogs of the campaigns screen: campaign editor, sampling, reassignment, agreed answer."""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import ReviewerRole
from ui.i18n import fmt, translator, with_note
from ui.labels import answer_text, case_type_text
from ui.screens.campaigns.labels import CAMPAIGN_STATUS_NAMES, campaign_status_text
from ui.widgets import date_edit, ok_cancel_buttons

if TYPE_CHECKING:
    from casereview.services.campaigns.roster import ReviewerInfo
    from casereview.services.campaigns.types import AssignmentInfo, CampaignInfo
    from casereview.services.cases import UnitInfo
    from casereview.services.standards import StandardVersionInfo

tr = translator("CampaignDialogs")

CASE_TYPES = ("penalty", "licensing", "coercion")  # shown with case_type_text


class _DateField(QWidget):
    """A date that may be left empty (check box + date editor)."""

    def __init__(self, value: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self)
        self.edit = date_edit(None, self)
        self.edit.setDate(QDate(value.year, value.month, value.day) if value else QDate.currentDate())
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        d = self.edit.date()
        return date(d.year(), d.month(), d.day())


class CampaignEditorDialog(QDialog):
    """Create or edit a campaign: name, organiser, period, scope, standards, re-check mode."""

    def __init__(
        self,
        units: list[UnitInfo],
        versions: list[StandardVersionInfo],
        campaign: CampaignInfo | None = None,
        parent: QWidget | None = None,
        leads: list[tuple[int, str]] | None = None,
        me: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.campaign = campaign
        self.setWindowTitle(tr("New review campaign") if campaign is None else tr("Edit review campaign"))
        # The campaign's lead: who manages it and whose statistics include it. Offered to
        # those who may manage the campaign (its lead, an administrator); the core checks.
        self.lead = QComboBox(self)
        self.lead.setObjectName("campaignLead")
        self.lead.addItem(tr("None (administrators manage it)"), None)
        for account_id, label in leads or []:
            self.lead.addItem(label, account_id)
        current = campaign.lead_account_id if campaign is not None else me
        self._lead_before = campaign.lead_account_id if campaign is not None else None
        self.lead.setCurrentIndex(max(self.lead.findData(current), 0) if current is not None else 0)
        self.setMinimumWidth(620)
        self.name = QLineEdit(campaign.name if campaign else "", self)
        self.organiser = QLineEdit((campaign.organiser or "") if campaign else "", self)
        self.start = _DateField(campaign.period_start if campaign else None, self)
        self.end = _DateField(campaign.period_end if campaign else None, self)
        scope_units = set(campaign.scope.unit_ids) if campaign else set()
        self.units = QListWidget(self)
        self.units.setMaximumHeight(150)
        for unit in units:
            entry = QListWidgetItem(fmt(tr("%1 (%2 cases)"), unit.name, unit.case_count))
            entry.setData(Qt.ItemDataRole.UserRole, unit.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if unit.id in scope_units else Qt.CheckState.Unchecked)
            self.units.addItem(entry)
        scope_types = set(campaign.scope.case_types) if campaign else set()
        self.types: dict[str, QCheckBox] = {}
        types_row = QHBoxLayout()
        for code in CASE_TYPES:
            box = QCheckBox(case_type_text(code), self)
            box.setChecked(code in scope_types)
            self.types[code] = box
            types_row.addWidget(box)
        types_row.addStretch(1)
        self.decided_from = _DateField(campaign.scope.decision_from if campaign else None, self)
        self.decided_to = _DateField(campaign.scope.decision_to if campaign else None, self)
        pinned = {s.case_type: s.version_id for s in campaign.standards} if campaign else {}
        self.standards: dict[str, QComboBox] = {}
        for code in CASE_TYPES:
            combo = QComboBox(self)
            combo.addItem(tr("Latest version (default)"), None)
            for v in versions:
                if v.case_type == code:
                    combo.addItem(
                        f"{v.name} v{v.version}" + ("" if v.is_latest else tr(" (older)")), v.version_id
                    )
            if code in pinned:
                combo.setCurrentIndex(max(combo.findData(pinned[code]), 0))
            self.standards[code] = combo
        self.blind = QRadioButton(tr("Blind re-check: the re-checker cannot see the first scores"), self)
        self.open = QRadioButton(
            tr("Open re-check: the re-checker confirms or changes the first scores"), self
        )
        (self.blind if (campaign is None or campaign.blind_recheck) else self.open).setChecked(True)
        self.strict = QCheckBox(tr("Strict conflict rule: two units never review each other"), self)
        self.strict.setChecked(bool(campaign and campaign.strict_conflict))
        self.status = QComboBox(self)
        for code in CAMPAIGN_STATUS_NAMES:
            self.status.addItem(campaign_status_text(code), code)
        if campaign is not None:
            self.status.setCurrentIndex(max(self.status.findData(campaign.status.value), 0))

        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Organiser"), self.organiser)
        form.addRow(tr("Campaign lead"), self.lead)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel(tr("to"), self))
        period.addWidget(self.end)
        form.addRow(tr("Period"), period)
        form.addRow(tr("Units reviewed (none = all)"), self.units)
        form.addRow(tr("Case types (none = all)"), types_row)
        decided = QHBoxLayout()
        decided.addWidget(self.decided_from)
        decided.addWidget(QLabel(tr("to"), self))
        decided.addWidget(self.decided_to)
        form.addRow(tr("Decision date"), decided)
        for code in CASE_TYPES:
            form.addRow(fmt(tr("Standard for %1"), case_type_text(code)), self.standards[code])
        mode = QGroupBox(tr("Re-check"), self)
        mode_layout = QVBoxLayout(mode)
        mode_layout.addWidget(self.blind)
        mode_layout.addWidget(self.open)
        mode_layout.addWidget(self.strict)
        if campaign is not None:
            form.addRow(tr("Status"), self.status)
        buttons = ok_cancel_buttons(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(mode)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.name.setFocus()
            self.name.setPlaceholderText(tr("A name is required"))
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        units = [
            self.units.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.units.count())
            if self.units.item(i).checkState() == Qt.CheckState.Checked
        ]
        out: dict[str, Any] = {
            "name": self.name.text().strip(),
            "organiser": self.organiser.text().strip() or None,
            "period_start": self.start.value(),
            "period_end": self.end.value(),
            "units": units,
            "case_types": [code for code, box in self.types.items() if box.isChecked()],
            "decision_from": self.decided_from.value(),
            "decision_to": self.decided_to.value(),
            "blind_recheck": self.blind.isChecked(),
            "strict_conflict": self.strict.isChecked(),
            "standards": {
                c: combo.currentData() for c, combo in self.standards.items() if combo.currentData()
            },
        }
        lead = self.lead.currentData()
        if lead is not None and (self.campaign is None or lead != self._lead_before):
            out["lead"] = lead  # only a chosen or changed lead is sent
        if self.campaign is not None:
            out["status"] = self.status.currentData()
            if out["status"] == self.campaign.status:
                out["status"] = None
            scope = self.campaign.scope
            if (
                sorted(units) == sorted(scope.unit_ids)
                and sorted(out["case_types"]) == sorted(scope.case_types)
                and out["decision_from"] == scope.decision_from
                and out["decision_to"] == scope.decision_to
            ):
                # Unchanged scope is not sent: a sampled campaign refuses scope edits.
                for key in ("units", "case_types", "decision_from", "decision_to"):
                    out.pop(key)
        return out


class SamplingDialog(QDialog):
    """Draw per unit a number or a percentage (optionally stratified), with a visible seed."""

    def __init__(self, campaign: CampaignInfo, scope: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fmt(tr("Draw the sample — %1"), campaign.name))
        self.setMinimumWidth(560)
        self.mode = QComboBox(self)
        self.mode.addItem(tr("Percentage of each unit's cases"), "percent")
        self.mode.addItem(tr("Number of cases per unit"), "count")
        self.value = QDoubleSpinBox(self)
        self.value.setRange(0, 10000)
        self.value.setDecimals(0)
        self.value.setValue(20)
        self.stratify = QCheckBox(tr("Stratify by case type within each unit"), self)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(random.SystemRandom().randrange(1, 2**31 - 1))
        new_seed = QPushButton(tr("New random seed"), self)
        new_seed.clicked.connect(lambda: self.seed.setValue(random.SystemRandom().randrange(1, 2**31 - 1)))
        self.replace = QCheckBox(tr("Replace the existing draw (only before assignment)"), self)
        self.replace.setVisible(campaign.sample_seed is not None)
        self.table = QTableWidget(len(scope), 2, self)
        self.table.setHorizontalHeaderLabels([tr("Unit"), tr("Cases in scope")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, (unit, count) in enumerate(scope.items()):
            self.table.setItem(row, 0, QTableWidgetItem(unit))
            self.table.setItem(row, 1, QTableWidgetItem(str(count)))
        self.table.setMaximumHeight(200)

        form = QFormLayout()
        quota = QHBoxLayout()
        quota.addWidget(self.mode, 1)
        quota.addWidget(self.value)
        form.addRow(tr("Per unit"), quota)
        form.addRow("", self.stratify)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(new_seed)
        form.addRow(tr("Random seed"), seed_row)
        note = QLabel(
            tr(
                "The seed and the rule are stored with the campaign and printed on the exported list, "
                "so anyone can re-run the draw and get the same files."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        buttons = ok_cancel_buttons(self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Draw"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.replace)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, float, bool, int, bool]:
        return (
            str(self.mode.currentData()),
            float(self.value.value()),
            self.stratify.isChecked(),
            int(self.seed.value()),
            self.replace.isChecked(),
        )


class ReassignDialog(QDialog):
    """Choose another first reviewer and/or re-checker; the core checks the conflict rules."""

    def __init__(
        self, assignment: AssignmentInfo, roster: list[ReviewerInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(fmt(tr("Reassign %1"), assignment.case_no))
        self.first = QComboBox(self)
        self.rechecker = QComboBox(self)
        for combo, current in ((self.first, assignment.first_id), (self.rechecker, assignment.rechecker_id)):
            for person in roster:
                if person.active and person.role in (ReviewerRole.REVIEWER, ReviewerRole.RECHECKER, ReviewerRole.LEAD):
                    combo.addItem(person.display, person.id)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Why (kept in the log)"))
        form = QFormLayout()
        form.addRow(tr("Case"), QLabel(with_note(assignment.case_no, assignment.unit_name), self))
        form.addRow(tr("First reviewer"), self.first)
        form.addRow(tr("Re-checker"), self.rechecker)
        form.addRow(tr("Reason"), self.reason)
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[int, int, str]:
        return int(self.first.currentData()), int(self.rechecker.currentData()), self.reason.text().strip()


class AgreedAnswerDialog(QDialog):
    """An agreed answer that neither side gave (e.g. a different deduction), with the reason."""

    def __init__(self, item_code: str, item_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fmt(tr("Agreed answer for %1"), item_code))
        self.answer = QComboBox(self)
        for code in ("pass", "deduct", "na", "veto"):
            self.answer.addItem(answer_text(code), code)
        self.deduction = QDoubleSpinBox(self)
        self.deduction.setRange(0, 100)
        self.deduction.setDecimals(1)
        self.deduction.setSpecialValueText(tr("by the item's rule"))
        self.occurrences = QSpinBox(self)
        self.occurrences.setRange(0, 99)
        self.occurrences.setSpecialValueText(tr("once"))
        self.note = QLineEdit(self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("Required"))
        text = QLabel(f"{item_code} {item_text}", self)
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(text)
        form.addRow(tr("Answer"), self.answer)
        form.addRow(tr("Deduction"), self.deduction)
        form.addRow(tr("Occurrences"), self.occurrences)
        form.addRow(tr("Finding wording"), self.note)
        form.addRow(tr("Reason"), self.reason)
        buttons = ok_cancel_buttons(self, self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.reason.setFocus()
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        answer = self.answer.currentData()
        return {
            "answer": answer,
            "deduction": (self.deduction.value() or None) if answer == "deduct" else None,
            "occurrences": (self.occurrences.value() or None) if answer == "deduct" else None,
            "note": self.note.text().strip() or None,
            "reason": self.reason.text().strip(),
        }
