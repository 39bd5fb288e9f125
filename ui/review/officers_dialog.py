"""案件信息 → 执法人员 编辑…: the reviewer enters or corrects the officers of the case as the
case file shows them (name, role, enforcement certificate number and its validity), so the
veto check penalty.officer_certificates_valid judges from real dates instead of saying 数据不足.
Saves through CaseService.set_officer / remove_officer (permission-checked, audited) on the
worker; the case facts are reloaded afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from ui.i18n import fmt, translator, with_note

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.cases import CaseDetail, OfficerInfo
    from ui.review.workspace import ReviewWorkspace

tr = translator("OfficersDialog")

ROLES = (
    ("investigator", QT_TRANSLATE_NOOP("OfficersDialog", "case handler")),
    ("legal_reviewer", QT_TRANSLATE_NOOP("OfficersDialog", "legal review")),
    ("approver", QT_TRANSLATE_NOOP("OfficersDialog", "approver")),
    ("hearing_host", QT_TRANSLATE_NOOP("OfficersDialog", "hearing host")),
    ("recorder", QT_TRANSLATE_NOOP("OfficersDialog", "recorder")),
)


def install(workspace: ReviewWorkspace) -> None:
    workspace.facts.officers_edit_requested.connect(lambda: open_dialog(workspace))


def open_dialog(workspace: ReviewWorkspace) -> OfficersDialog | None:
    if workspace.detail is None:
        return None
    dialog = OfficersDialog(workspace, workspace.detail)
    dialog.show()
    workspace.officers_dialog = dialog  # type: ignore[attr-defined]
    return dialog


class OfficersDialog(QDialog):
    def __init__(self, workspace: ReviewWorkspace, detail: CaseDetail) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.case_id = detail.id
        self.setWindowTitle(fmt(tr("Officers of %1"), detail.case_no))
        self.resize(560, 440)
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._selected)
        self.name = QLineEdit(self)
        self.role = QComboBox(self)
        for code, label in ROLES:
            self.role.addItem(tr(label), code)
        self.cert = QLineEdit(self)
        self.valid_from = QLineEdit(self)
        self.valid_to = QLineEdit(self)
        for edit in (self.valid_from, self.valid_to):
            edit.setPlaceholderText(tr("YYYY-MM-DD, blank if not shown"))
        self.save_button = QPushButton(tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton(tr("Remove from this case"), self)
        self.remove_button.clicked.connect(self.remove)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        hint = QLabel(tr("Enter what the certificate copy in the case file shows. A correction holds for the "
                         "officer's other cases of the same unit too."), self)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Role"), self.role)
        form.addRow(tr("Certificate no."), self.cert)
        form.addRow(tr("Valid from"), self.valid_from)
        form.addRow(tr("Valid to"), self.valid_to)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.officers: list[OfficerInfo] = []
        self._show(detail)

    def _show(self, detail: CaseDetail) -> None:
        self.officers = list(detail.officers)
        self.list.clear()
        for o in self.officers:
            validity = ""
            if o.cert_valid_from or o.cert_valid_to:
                validity = fmt(tr("valid %1 to %2"), o.cert_valid_from.isoformat() if o.cert_valid_from else "?",
                               o.cert_valid_to.isoformat() if o.cert_valid_to else "?")
            role = next((tr(label) for code, label in ROLES if code == o.role), o.role)
            self.list.addItem(with_note(o.name, ", ".join(p for p in (role, o.cert_no or "", validity) if p)))
        self.list.addItem(tr("+ Add an officer"))
        self.list.setCurrentRow(0)

    def _selected(self, row: int) -> None:
        officer = self.officers[row] if 0 <= row < len(self.officers) else None
        self.name.setText(officer.name if officer else "")
        self.name.setReadOnly(officer is not None)
        index = self.role.findData(officer.role if officer else "investigator")
        self.role.setCurrentIndex(max(index, 0))
        self.role.setEnabled(officer is None)
        self.cert.setText((officer.cert_no or "") if officer else "")
        self.valid_from.setText(officer.cert_valid_from.isoformat() if officer and officer.cert_valid_from else "")
        self.valid_to.setText(officer.cert_valid_to.isoformat() if officer and officer.cert_valid_to else "")
        self.remove_button.setEnabled(officer is not None)

    def save(self) -> None:
        case_id, name, role = self.case_id, self.name.text(), str(self.role.currentData())
        cert, start, end = self.cert.text(), self.valid_from.text(), self.valid_to.text()

        def run(services: Services) -> CaseDetail:
            services.cases.set_officer(case_id, name, role=role, cert_no=cert or None, valid_from=start or None,
                                       valid_to=end or None)
            return services.cases.detail(case_id)

        self._call(run, fmt(tr("Saved %1."), name))

    def remove(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.officers):
            return
        officer = self.officers[row]
        case_id = self.case_id

        def run(services: Services) -> CaseDetail:
            services.cases.remove_officer(case_id, officer.name, role=officer.role)
            return services.cases.detail(case_id)

        self._call(run, fmt(tr("Removed %1 from this case."), officer.name))

    def _call(self, run: object, done_text: str) -> None:
        def done(detail: CaseDetail) -> None:
            self.status.setText(done_text)
            self._show(detail)
            ws = self.workspace
            if ws.detail is not None and ws.detail.id == detail.id:
                ws.detail = detail
                ws.facts.set_case(detail)

        def failed(exc: BaseException) -> None:
            self.status.setText(fmt(tr("Not saved: %1"), getattr(exc, "message", None) or str(exc)))

        self.workspace.ctx.worker.call(run, done, failed, label="edit officers")  # type: ignore[arg-type]
