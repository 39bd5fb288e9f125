"""账号管理 (administrators): the accounts, their roles and state, and what was done to them.

Create, edit (full name, unit, roles), reset a password, deactivate / reactivate (never
delete: the audit log keeps pointing at the account) and revoke kept sign-ins. Every
action is one call to ``casereview.services`` (accounts), which checks that the signed-in
account may manage accounts and writes the change to the audit chain; the lower table
shows that chain's entries about the selected account, in local time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import display
from ui.context import AppContext
from ui.empty_state import empty_state
from ui.i18n import fmt, translator
from ui.models.rows_model import RowsTableModel
from ui.screens import ScreenSpec, register_screen
from ui.screens.accounts_dialogs import AccountDialog, ResetPasswordDialog, role_names

if TYPE_CHECKING:
    from casereview.services.accounts import AccountInfo
    from casereview.services.app import Services
    from casereview.services.audit import AuditRow
    from casereview.services.cases import UnitInfo

tr = translator("AccountsScreen")


def N_(text: str) -> str:
    return QT_TRANSLATE_NOOP("AccountsScreen", text)


# What the audit chain calls the changes to an account (casereview.services.accounts).
ACTION_NAMES: dict[str, str] = {
    "init_admin": N_("created as the first administrator"),
    "create": N_("created"),
    "update": N_("changed"),
    "password_reset": N_("password reset by an administrator"),
    "password_changed": N_("password changed by its owner"),
    "password_change_refused": N_("password change refused (wrong current password)"),
    "sign_in_refused": N_("sign-in refused"),
    "token_issued": N_("kept sign-in issued"),
    "token_revoked": N_("kept sign-in revoked"),
    "tokens_revoked": N_("all kept sign-ins revoked"),
}


def _local(at: Any) -> str:
    from casereview.services.types import local_text

    return str(local_text(at))


def state_text(a: AccountInfo) -> str:
    if not a.active:
        return tr("Deactivated")
    if a.locked_until is not None:
        return fmt(tr("Locked until %1"), _local(a.locked_until)[11:])
    if not a.has_password:
        return tr("No password yet")
    if a.must_change_password:
        return tr("Must change password")
    return tr("Active")


def change_text(row: AuditRow) -> str:
    name = ACTION_NAMES.get(row.action)
    return tr(name) if name else row.action


class AccountModel(RowsTableModel["AccountInfo"]):
    HEADERS = (N_("Account"), N_("Full name"), N_("Unit"), N_("Roles"), N_("State"), N_("Last sign-in"))
    header_tr = staticmethod(tr)

    def display(self, a: AccountInfo, column: int) -> Any:
        return (
            a.name, a.display_name, a.unit or "—", role_names(a.roles), state_text(a),
            _local(a.last_login_at) if a.last_login_at else "—",
        )[column]

    def role_data(self, a: AccountInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not a.active:
            return QColor("#8a8f98")
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and a.locked_until is not None:
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return role_names(a.roles)
        return None


class AccountsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AccountModel(self)
        self.units: list[UnitInfo] = []
        self._build()
        ctx.bus.database_opened.connect(lambda _db: self.reload() if ctx.may_load("accounts") else None)

    # -- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(tr("Accounts"), self)
        title.setObjectName("screenTitle")
        note = QLabel(tr("Who may sign in and what each account may do. Accounts are deactivated, never "
                         "deleted: the audit log keeps pointing at them. Every change here is recorded."), self)
        note.setObjectName("hint")
        note.setWordWrap(True)
        self.new_button = QPushButton(tr("New account…"), self)
        self.new_button.clicked.connect(self.new_account)
        self.edit_button = QPushButton(tr("Edit / roles…"), self)
        self.edit_button.clicked.connect(self.edit_account)
        self.reset_button = QPushButton(tr("Reset password…"), self)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button = QPushButton(tr("Deactivate"), self)
        self.active_button.clicked.connect(self.toggle_active)
        self.revoke_button = QPushButton(tr("Revoke kept sign-ins"), self)
        self.revoke_button.setToolTip(tr("Ends every “keep me signed in” of this account (a lost or shared PC)"))
        self.revoke_button.clicked.connect(self.revoke_tokens)
        self.show_inactive = QCheckBox(tr("Show deactivated"), self)
        self.show_inactive.setChecked(True)
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.show_inactive)
        for button in (self.new_button, self.edit_button, self.reset_button, self.active_button,
                       self.revoke_button):
            head.addWidget(button)

        self.table = QTableView(self)
        self.table.setObjectName("accountsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 150), (1, 120), (2, 170), (4, 140), (5, 140)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda _cur, _prev: self._selection_changed())
        self.table.doubleClicked.connect(lambda _index: self.edit_account())
        self.refusal = ""  # why the list is not shown to the signed-in account
        self.empty = empty_state(self.table, self._empty_text)

        self.history_title = QLabel(tr("Changes to the selected account (audit log, local time)"), self)
        self.history = QTableWidget(0, 4, self)
        self.history.setObjectName("accountHistory")
        self.history.setHorizontalHeaderLabels([tr("Time"), tr("By"), tr("What"), tr("Details")])
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 140), (1, 120), (2, 260)):
            self.history.setColumnWidth(column, width)
        self.history_empty = empty_state(self.history, lambda: tr(
            "No change to this account is recorded yet. Edits, role changes, password resets and "
            "deactivation are listed here with who made them.") if self.selected() is not None else
            tr("Select an account above to see the changes made to it."))
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_title)
        lower_layout.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([420, 200])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(head)
        layout.addWidget(note)
        layout.addWidget(split, 1)
        self._selection_changed()

    # -- data -----------------------------------------------------------------------

    def _empty_text(self) -> str:
        if self.refusal:
            return fmt(tr("%1\nSign in as an administrator (File → Switch account…) to manage accounts."),
                       self.refusal)
        if not self.show_inactive.isChecked():
            return tr("No active account. Tick “Show deactivated” to see deactivated ones, or create one with "
                      "“New account…”.")
        return tr("No account yet. Create the first administrator with “New account…”; everyone then signs in "
                  "with their own account.")

    def on_activated(self) -> None:
        if not self.model.rows:
            self.reload()

    def reload(self, select_name: str | None = None) -> None:
        include_inactive = self.show_inactive.isChecked()
        current = select_name or (self.selected().name if self.selected() else None)

        def load(s: Services) -> tuple[list[AccountInfo], list[UnitInfo]]:
            return s.accounts.list_accounts(include_inactive=include_inactive), s.cases.units()

        def shown(result: tuple[list[AccountInfo], list[UnitInfo]]) -> None:
            self.refusal = ""
            self.model.set_rows(result[0])
            self.empty.arm()
            self.units = result[1]
            names = [a.name for a in self.model.rows]
            if names:
                self.table.selectRow(names.index(current) if current in names else 0)
            self._selection_changed()

        self.ctx.worker.call(load, shown, self._refused)

    def _refused(self, exc: BaseException) -> None:
        """An account without the right to manage accounts sees why, not an empty table."""
        self.refusal = display(str(exc))
        self.model.set_rows([])
        self.empty.arm()
        self.history.setRowCount(0)
        self.history_title.setText(str(exc))
        self._selection_changed()

    def selected(self) -> AccountInfo | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _selection_changed(self) -> None:
        account = self.selected()
        for button in (self.edit_button, self.reset_button, self.active_button, self.revoke_button):
            button.setEnabled(account is not None)
        self.active_button.setText(tr("Reactivate") if account is not None and not account.active else tr("Deactivate"))
        if account is None:
            self.history.setRowCount(0)
            return
        self.history_title.setText(
            fmt(tr("Changes to “%1” (audit log, local time)"), account.name)
        )
        account_id = account.id
        self.ctx.worker.call(
            lambda s: s.audit.entries(limit=100, entity="account", entity_id=account_id),
            lambda rows: self._show_history(account_id, rows),
            lambda exc: self.history.setRowCount(0),
        )

    def _show_history(self, account_id: int, rows: list[AuditRow]) -> None:
        account = self.selected()
        if account is None or account.id != account_id:
            return  # the selection moved on meanwhile
        self.history.setRowCount(len(rows))
        self.history_empty.arm()
        for r, row in enumerate(rows):
            for c, value in enumerate((_local(row.at), row.actor or "—", change_text(row), row.reason or "")):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(r, c, item)

    # -- actions --------------------------------------------------------------------

    def _done(self, name: str, message: str) -> None:
        self.ctx.bus.status_message.emit(message)
        self.reload(select_name=name)

    def new_account(self) -> None:
        dialog = AccountDialog(self.units, None, self)

        def submit(d: AccountDialog) -> None:
            name, display, roles, unit = d.name.text().strip(), d.display_name.text().strip(), d.roles(), d.unit_id()
            password = d.password.text() or None
            self.ctx.worker.call(
                lambda s: s.accounts.create(name, display, roles, password, unit=unit),
                lambda info: (d.accept(), self._done(info.name, fmt(tr("Account “%1” created."), info.name))),
                lambda exc: d.show_message(str(exc)),
            )

        dialog.submit = submit
        dialog.open()

    def edit_account(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = AccountDialog(self.units, account, self)

        def submit(d: AccountDialog) -> None:
            display, roles, unit = d.display_name.text().strip(), d.roles(), d.unit_id()
            account_id = account.id
            # "no unit" is sent as "" (the service's way of clearing it); None would mean "unchanged"
            self.ctx.worker.call(
                lambda s: s.accounts.update(account_id, display_name=display, roles=roles,
                                            unit=unit if unit is not None else ""),
                lambda info: (d.accept(), self._done(info.name, fmt(tr("Account “%1” saved."), info.name))),
                lambda exc: d.show_message(str(exc)),
            )

        dialog.submit = submit
        dialog.open()

    def reset_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = ResetPasswordDialog(account, self)

        def submit(d: ResetPasswordDialog) -> None:
            password, account_id = d.password.text(), account.id
            self.ctx.worker.call(
                lambda s: s.accounts.reset_password(account_id, password),
                lambda info: (d.accept(), self._done(info.name, fmt(tr("New password set for “%1”."), info.name))),
                lambda exc: d.show_message(str(exc)),
            )

        dialog.submit = submit
        dialog.open()

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        activate = not account.active
        question = (fmt(tr("Reactivate “%1” (%2)? The account can sign in again."), account.name,
                        account.display_name) if activate else
                    fmt(tr("Deactivate “%1” (%2)? The account can no longer sign in; its reviews and "
                           "audit entries stay."), account.name, account.display_name))
        if not self.ctx.dialogs.confirm(question):
            return
        account_id, name = account.id, account.name
        self.ctx.worker.call(
            lambda s: s.accounts.update(account_id, active=activate),
            lambda _info: self._done(name, fmt(tr("Account “%1” reactivated.") if activate else
                                               tr("Account “%1” deactivated."), name)),
        )

    def revoke_tokens(self) -> None:
        account = self.selected()
        if account is None:
            return
        name = account.name
        self.ctx.worker.call(
            lambda s: s.accounts.revoke_all_tokens(name),
            lambda count: self._done(name, fmt(tr("%1 kept sign-ins of “%2” revoked."), count, name)),
        )

    def prepare_screenshot(self) -> None:
        self.reload()
        self.ctx.worker.flush()
        self.ctx.worker.flush()


register_screen(ScreenSpec(key="accounts", title=QT_TRANSLATE_NOOP("Navigation", "Accounts"), factory=AccountsScreen))
