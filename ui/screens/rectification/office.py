"""发文机关设置: the issuing office printed on every 整改通知书 and 评查情况通报 (GB/T 9704
版头, 文号, 落款, 附注 and 版记) and the rectification defaults — what ``casereview notices
settings`` edits, saved through the service (validated, audited, one transaction)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.i18n import fmt, translator
from ui.widgets import ok_cancel_buttons

if TYPE_CHECKING:
    from casereview.services.app import Services
    from casereview.services.deficiencies import RectificationSettings

tr = translator("RectificationDialogs")


class OfficeSettingsDialog(QDialog):
    def __init__(self, settings: RectificationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Issuing office"))
        self.settings = settings
        self.issuer = QLineEdit(settings.issuer, self)
        self.code = QLineEdit(settings.agency_code, self)
        self.code.setPlaceholderText(fmt(tr("e.g. %1"), "云交法"))  # zh-data: an example agency code
        self.pattern = QLineEdit(settings.number_pattern, self)
        self.contact = QLineEdit(settings.contact, self)
        self.phone = QLineEdit(settings.phone, self)
        self.copy_to = QLineEdit(settings.copy_to, self)
        self.copy_to.setPlaceholderText(fmt(tr("e.g. %1"), "市司法局"))  # zh-data: an example office
        self.seal = QCheckBox(tr("Leave room for the seal over the signature and date"), self)
        self.seal.setChecked(settings.seal)
        self.deadline = QSpinBox(self)
        self.deadline.setRange(1, 365)
        self.deadline.setValue(settings.deadline_days)
        self.deadline.setSuffix(tr(" working days"))
        self.due_soon = QSpinBox(self)
        self.due_soon.setRange(0, 60)
        self.due_soon.setValue(settings.due_soon_days)
        self.due_soon.setSuffix(tr(" working days"))
        self.requirements = QPlainTextEdit(settings.requirements, self)
        self.requirements.setMinimumHeight(90)

        office = QGroupBox(tr("Issuing office (letterhead, signature, note and distribution)"), self)
        form = QFormLayout(office)
        form.addRow(tr("Office name"), self.issuer)
        form.addRow(tr("Agency code"), self.code)
        form.addRow(tr("Number pattern"), self.pattern)
        example = ("{code}〔{year}〕{seq}号", "云交法〔2026〕12号")  # zh-data: a pattern and its number
        hint = QLabel(fmt(tr("{code} agency code, {year} year, {seq} sequence: %1 gives %2"), *example), office)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form.addRow("", hint)
        form.addRow(tr("Contact person"), self.contact)
        form.addRow(tr("Telephone"), self.phone)
        form.addRow(tr("Copies to"), self.copy_to)
        form.addRow("", self.seal)
        defaults = QGroupBox(tr("Rectification defaults"), self)
        form2 = QFormLayout(defaults)
        form2.addRow(tr("Deadline"), self.deadline)
        form2.addRow(tr("Remind before"), self.due_soon)
        form2.addRow(tr("Requirements"), self.requirements)

        layout = QVBoxLayout(self)
        layout.addWidget(office)
        layout.addWidget(defaults)
        layout.addWidget(ok_cancel_buttons(self))
        self.resize(620, 600)

    def values(self) -> dict[str, Any]:
        """The fields as ``update_settings`` takes them (empty text clears contact, phone, copies)."""
        return {
            "issuer": self.issuer.text().strip(),
            "agency_code": self.code.text().strip(),
            "number_pattern": self.pattern.text().strip(),
            "contact": self.contact.text().strip(),
            "phone": self.phone.text().strip(),
            "copy_to": self.copy_to.text().strip().rstrip("。"),  # zh-data: the 版记 adds its own full stop
            "seal": self.seal.isChecked(),
            "deadline_days": self.deadline.value(),
            "due_soon_days": self.due_soon.value(),
            "requirements": self.requirements.toPlainText().strip(),
        }


def edit_office_settings(ctx: AppContext, parent: QWidget, on_saved: Any,
                         settings: RectificationSettings | None = None) -> None:
    """Load the settings, show the dialog, save; a rejected value (e.g. a pattern with {code}
    but no agency code) is shown and the dialog opens again with what was typed."""
    if settings is None:
        ctx.worker.call(lambda s: s.deficiencies.settings(),
                        lambda loaded: edit_office_settings(ctx, parent, on_saved, loaded))
        return
    dialog = OfficeSettingsDialog(settings, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    values = dialog.values()

    def save(services: Services) -> RectificationSettings:
        return services.deficiencies.update_settings(**values)

    def failed(exc: BaseException) -> None:
        ctx.dialogs.error(exc)
        edit_office_settings(ctx, parent, on_saved, replace(settings, **values))

    ctx.worker.call(save, on_saved, failed)
