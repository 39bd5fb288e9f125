"""The sign-in and change-password dialogs (imported when first shown: their widget classes
cost start-up time, and most starts sign in silently with a kept token)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import translator

tr = translator("SignIn")


class SignInDialog(QDialog):
    """Account + password (+ keep signed in). ``submit`` is called with the three values;
    the dialog stays open showing the core's message until sign-in succeeds."""

    def __init__(self, last_name: str, keep: bool, parent: QWidget | None = None, *,
                 create_admin: bool = False) -> None:
        super().__init__(parent)
        self.create_admin = create_admin
        self.setWindowTitle(tr("Create the administrator account") if create_admin else tr("Sign in to CaseReview"))
        self.setMinimumWidth(420)
        intro = QLabel(
            tr("This database has no administrator yet. Create the administrator account: it manages "
               "accounts, standards and settings. Keep the password safe; nobody can read it back.")
            if create_admin else
            tr("Sign in with your account. Everything you do is recorded under it."),
            self,
        )  # fmt: skip
        intro.setWordWrap(True)
        self.name = QLineEdit(last_name, self)
        self.name.setObjectName("signinName")
        self.display_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("signinPassword")
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep = QCheckBox(tr("Keep me signed in on this computer for this Windows user (30 days)"), self)
        self.keep.setChecked(keep)
        self.keep.setToolTip(
            tr("A revocable sign-in token is kept in your user folder. Anyone using this Windows "
               "account then acts as you: only tick it on a PC used by you alone.")
        )  # fmt: skip
        self.message = QLabel("", self)
        self.message.setObjectName("signinMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(tr("Account:"), self.name)
        if create_admin:
            form.addRow(tr("Full name:"), self.display_name)
        form.addRow(tr("Password:"), self.password)
        if create_admin:
            form.addRow(tr("Repeat password:"), self.confirm)
            self.keep.hide()
        else:  # not in the layout: keep them from drawing at the dialog's corner
            self.display_name.hide()
            self.confirm.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("Create and sign in") if create_admin else tr("Sign in")
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keep)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if last_name else self.name).setFocus(Qt.FocusReason.OtherFocusReason)
        self.submit: Any = None

    def _submit(self) -> None:
        if not self.name.text().strip():
            self.show_message(tr("Enter the account name."))
            return
        if self.create_admin and self.password.text() != self.confirm.text():
            self.show_message(tr("The two passwords differ."))
            return
        self.buttons.setEnabled(False)
        if self.submit is not None:
            self.submit(self)

    def show_message(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(text)
        self.password.clear()
        self.confirm.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Change password"))
        self.old = QLineEdit(self)
        self.new = QLineEdit(self)
        self.again = QLineEdit(self)
        for edit in (self.old, self.new, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(tr("At least 8 characters with letters and digits, not your account name."), self)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Current password:"), self.old)
        form.addRow(tr("New password:"), self.new)
        form.addRow(tr("Repeat new password:"), self.again)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.submit: Any = None

    def _check(self) -> None:
        if self.new.text() != self.again.text():
            self.message.setText(tr("The two passwords differ."))
            return
        if self.submit is not None:
            self.submit(self)
