"""The dialogs of the 账号管理 screen: create / edit an account, set a new password.

They only collect values; the screen sends them to ``casereview.services`` (accounts) in
the worker and shows the core's message inside the still-open dialog when it refuses
(a taken name, a weak password, a missing permission), so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import fmt, join_list, translator
from ui.widgets import ok_cancel_buttons

if TYPE_CHECKING:
    from casereview.services.accounts import AccountInfo
    from casereview.services.cases import UnitInfo

tr = translator("AccountsScreen")

# Role codes (casereview.accounts.roles.Role) with their English names; the Chinese ones
# (管理员, 组长 …) come from the translation like every other text.
ROLE_NAMES: dict[str, str] = {
    "admin": QT_TRANSLATE_NOOP("AccountsScreen", "Administrator"),
    "lead": QT_TRANSLATE_NOOP("AccountsScreen", "Team lead"),
    "reviewer": QT_TRANSLATE_NOOP("AccountsScreen", "Reviewer"),
    "rechecker": QT_TRANSLATE_NOOP("AccountsScreen", "Rechecker"),
    "trainer": QT_TRANSLATE_NOOP("AccountsScreen", "Trainer"),
    "trainee": QT_TRANSLATE_NOOP("AccountsScreen", "Trainee"),
}
ROLE_HINTS: dict[str, str] = {
    "admin": QT_TRANSLATE_NOOP("AccountsScreen", "accounts, standards, calendar, settings, reopening reviews"),
    "lead": QT_TRANSLATE_NOOP("AccountsScreen", "campaigns, reconciliation, notices, statistics of own campaigns"),
    "reviewer": QT_TRANSLATE_NOOP("AccountsScreen", "only the reviews assigned to them"),
    "rechecker": QT_TRANSLATE_NOOP("AccountsScreen", "only the re-checks assigned to them"),
    "trainer": QT_TRANSLATE_NOOP("AccountsScreen", "training library and practice sets"),
    "trainee": QT_TRANSLATE_NOOP("AccountsScreen", "practice cases only"),
}


def role_names(codes: tuple[str, ...] | list[str]) -> str:
    return join_list(tr(ROLE_NAMES.get(c, c)) for c in codes) or "—"


class _MessageDialog(QDialog):
    """A dialog that shows the core's refusal in red and stays open."""

    def _message_label(self) -> QLabel:
        label = QLabel("", self)
        label.setObjectName("accountMessage")
        label.setWordWrap(True)
        label.setStyleSheet("color: #b3261e;")
        return label

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.buttons.setEnabled(True)

    message: QLabel


class AccountDialog(_MessageDialog):
    """New account (name, full name, unit, roles, optional first password) or an existing
    account's full name, unit and roles. ``submit(dialog)`` is called on OK."""

    def __init__(self, units: list[UnitInfo], account: AccountInfo | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.setWindowTitle(tr("Edit account") if account else tr("New account"))
        self.setMinimumWidth(600)
        self.name = QLineEdit(account.name if account else "", self)
        self.name.setObjectName("accountName")
        self.name.setMaxLength(60)
        if account is not None:
            self.name.setReadOnly(True)
            self.name.setToolTip(tr("The account name cannot change: the audit log refers to it."))
        self.display_name = QLineEdit(account.display_name if account else "", self)
        self.display_name.setObjectName("accountDisplayName")
        self.display_name.setMaxLength(60)
        self.unit = QComboBox(self)
        self.unit.setObjectName("accountUnit")
        self.unit.addItem(tr("— no unit —"), None)
        for unit in units:
            self.unit.addItem(unit.name, unit.id)
        if account is not None and account.unit_id is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(account.unit_id)))
        self.role_boxes: dict[str, QCheckBox] = {}
        roles = QWidget(self)
        grid = QGridLayout(roles)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (code, name) in enumerate(ROLE_NAMES.items()):
            box = QCheckBox(tr(name), roles)
            box.setObjectName(f"role_{code}")
            box.setChecked(account is not None and code in account.roles)
            hint = QLabel(tr(ROLE_HINTS[code]), roles)
            hint.setObjectName("hint")
            hint.setWordWrap(True)  # English hints are long; never cut them at the dialog's edge
            grid.addWidget(box, row, 0)
            grid.addWidget(hint, row, 1)
            self.role_boxes[code] = box
        grid.setColumnStretch(1, 1)
        self.password = QLineEdit(self)
        self.password.setObjectName("accountPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("empty: set it later with “Reset password”"))
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("accountConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(tr("Account:"), self.name)
        form.addRow(tr("Full name:"), self.display_name)
        form.addRow(tr("Unit:"), self.unit)
        form.addRow(tr("Roles:"), roles)
        if account is None:
            form.addRow(tr("First password:"), self.password)
            form.addRow(tr("Repeat password:"), self.confirm)
            note = QLabel(tr("At least 8 characters with letters and digits. The owner must change it at "
                             "the first sign-in."), self)
        else:
            self.password.hide()
            self.confirm.hide()
            note = QLabel(tr("Roles take effect at the account's next sign-in."), self)
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.message = self._message_label()
        self.buttons = ok_cancel_buttons(self, self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.display_name if account else self.name).setFocus(Qt.FocusReason.OtherFocusReason)
        self.submit: Callable[[AccountDialog], None] | None = None

    def roles(self) -> list[str]:
        return [code for code, box in self.role_boxes.items() if box.isChecked()]

    def unit_id(self) -> int | None:
        data = self.unit.currentData()
        return int(data) if data is not None else None

    def _check(self) -> None:
        if not self.name.text().strip():
            self.show_message(tr("Enter the account name."))
            return
        if not self.roles():
            self.show_message(tr("Tick at least one role."))
            return
        if self.account is None and self.password.text() != self.confirm.text():
            self.show_message(tr("The two passwords differ."))
            return
        self.buttons.setEnabled(False)
        if self.submit is not None:
            self.submit(self)


class ResetPasswordDialog(_MessageDialog):
    def __init__(self, account: AccountInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Reset password"))
        self.setMinimumWidth(420)
        intro = QLabel(
            fmt(tr("Set a new first password for “%1” (%2). The owner must change it at the next sign-in; "
                   "a lock-out after wrong passwords is lifted."), account.name, account.display_name),
            self,
        )
        intro.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("resetPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("resetConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(tr("New password:"), self.password)
        form.addRow(tr("Repeat password:"), self.confirm)
        self.message = self._message_label()
        self.buttons = ok_cancel_buttons(self, self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.submit: Callable[[ResetPasswordDialog], None] | None = None

    def _check(self) -> None:
        if self.password.text() != self.confirm.text():
            self.show_message(tr("The two passwords differ."))
            return
        self.buttons.setEnabled(False)
        if self.submit is not None:
            self.submit(self)
