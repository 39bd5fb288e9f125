"""Signing in to the app: who acts is an account, checked by the core.

After a database opens: a new database (no administrator yet) asks for the first
administrator account; otherwise a token kept for this OS user ("keep me signed in",
setting stated in the dialog) signs in silently; else the sign-in dialog asks for the
account (the last name is remembered, never the password). File → 切换账号 / 修改密码.
Every call goes to ``casereview.services`` in the DB worker; the core refuses what the
account may not do, the UI only shows who is signed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow

from casereview.services.types import display as core_text
from ui.context import AppContext
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.accounts import AccountInfo
    from casereview.services.app import Services
    from ui.signin_dialogs import PasswordDialog, SignInDialog

tr = translator("SignIn")
# Screens an account without this capability does not see (the core refuses anyway;
# hiding only spares a refusal message). Codes of casereview.accounts.roles.Cap.
SCREEN_CAPS = {"rectification": "notices", "statistics": "statistics", "campaigns": "read",
               "training": "practice", "accounts": "accounts"}
KEY_NAME = "signin/last_name"
KEY_KEEP = "signin/keep"


class SignIn:
    """Owns the signed-in state shown in the status bar and the File-menu actions."""

    def __init__(self, window: QMainWindow, ctx: AppContext, *, ask: bool) -> None:
        self.window = window
        self.ctx = ctx
        self.ask = ask
        self.current: AccountInfo | None = None
        self._dialog: SignInDialog | None = None
        self.label = QLabel(tr("Not signed in"), window)
        self.label.setObjectName("currentUser")
        window.statusBar().addPermanentWidget(self.label)
        self.switch_action = QAction(tr("Switch account…"), window)
        self.switch_action.triggered.connect(self.sign_out_and_ask)
        self.password_action = QAction(tr("Change password…"), window)
        self.password_action.triggered.connect(self.change_password)
        menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        if menus:
            file_menu: Any = menus[0]
            first = file_menu.actions()[0] if file_menu.actions() else None
            for action in (self.switch_action, self.password_action):
                if first is not None:
                    file_menu.insertAction(first, action)
                else:
                    file_menu.addAction(action)
        self.verify_action = QAction(tr("Verify the audit log…"), window)
        self.verify_action.triggered.connect(self.verify_audit)
        self.code_action = QAction(tr("Check a printed verification code…"), window)
        self.code_action.triggered.connect(self.check_code)
        tools = next((m for m in menus[1:] if m is not None and m.objectName() == "toolsMenu"), None)
        target_menu: Any = tools or (menus[-2] if len(menus) >= 2 else (menus[0] if menus else None))
        if target_menu is not None:
            target_menu.addSeparator()
            target_menu.addAction(self.verify_action)
            target_menu.addAction(self.code_action)
        ctx.worker.opened.connect(lambda _db: self.start())
        if ask:
            window.screens_wait_for_sign_in = True  # type: ignore[attr-defined]
            self._mirror_actions(None)  # an administrator's menu items wait for the sign-in

    # -- start-up -------------------------------------------------------------------

    def start(self) -> None:
        """After a database opened: first administrator, kept token, or the dialog."""
        if not self.ask:
            return

        def probe(s: Services) -> tuple[bool, AccountInfo | None]:
            if s.accounts.needs_admin():
                return True, None
            from casereview.services import login_store

            token = login_store.load(s.ctx.db.url)
            if token is not None:
                try:
                    return False, s.accounts.sign_in_token(token)
                except Exception:
                    login_store.forget(s.ctx.db.url)
            return False, None

        self.ctx.worker.call(probe, self._probed)

    def _probed(self, result: tuple[bool, AccountInfo | None]) -> None:
        needs_admin, info = result
        if info is not None:
            self._signed_in(info)
            return
        self.ask_sign_in(create_admin=needs_admin)

    def ask_sign_in(self, *, create_admin: bool = False) -> SignInDialog:
        if self._dialog is not None and self._dialog.isVisible():
            return self._dialog
        from ui.signin_dialogs import SignInDialog

        settings = self.ctx.settings()
        dialog = SignInDialog(
            "" if create_admin else str(settings.value(KEY_NAME, "") or ""),
            settings.value(KEY_KEEP, False, type=bool),
            self.window,
            create_admin=create_admin,
        )
        dialog.submit = self._submit
        self._dialog = dialog
        # Window-modal, not blocking: the worker's answers arrive while it is shown.
        dialog.open()
        return dialog

    def _submit(self, dialog: SignInDialog) -> None:
        name, password, keep = dialog.name.text().strip(), dialog.password.text(), dialog.keep.isChecked()
        display = dialog.display_name.text().strip() or name
        create_admin = dialog.create_admin

        def job(s: Services) -> AccountInfo:
            if create_admin:
                s.accounts.init_admin(name, display, password)
            info = s.sign_in(name, password)
            from casereview.services import login_store

            if keep and not create_admin:
                login_store.save(s.ctx.db.url, info.name, s.accounts.issue_token())
            return info

        def done(info: AccountInfo) -> None:
            settings = self.ctx.settings()
            settings.setValue(KEY_NAME, info.name)
            settings.setValue(KEY_KEEP, keep)
            dialog.accept()
            self._signed_in(info)

        self.ctx.worker.call(job, done, lambda exc: dialog.show_message(core_text(str(exc))))

    def _mirror_roles(self, info: AccountInfo | None) -> None:
        self.ctx.hidden_screens = {key for key, need in SCREEN_CAPS.items() if info is None or need not in info.caps}
        nav = getattr(self.window, "nav", None)
        if nav is None:
            return
        for row in range(nav.count()):
            item = nav.item(row)
            need = SCREEN_CAPS.get(str(item.data(Qt.ItemDataRole.UserRole)))
            item.setHidden(bool(need) and (info is None or need not in info.caps))

    def _mirror_actions(self, info: AccountInfo | None) -> None:
        """Menu actions marked with the property ``needsCap`` (a Cap code) are shown only to
        an account holding it (the core refuses anyway)."""
        for action in self.window.findChildren(QAction):
            need = action.property("needsCap")
            if need:
                action.setVisible(info is not None and str(need) in info.caps)

    def _signed_in(self, info: AccountInfo, *, reload: bool = True) -> None:
        """Show ``info`` as signed in; ``reload=False`` (screenshots) leaves the screens to reload
        when next shown instead of all at once."""
        self.current = info
        self._mirror_roles(info)
        self._mirror_actions(info)
        self.label.setText(fmt(tr("Signed in: %1 (%2)"), info.display_name, core_text(info.role_labels)))
        self.ctx.bus.status_message.emit(fmt(tr("Signed in as %1"), info.display_name))
        if reload:
            self.ctx.bus.database_opened.emit(self.ctx.db_path)  # screens reload as this account
        if info.must_change_password:
            self.change_password()

    # -- menu actions ---------------------------------------------------------------

    def sign_out_and_ask(self) -> None:
        def job(s: Services) -> None:
            from casereview.services import login_store

            token = login_store.forget(s.ctx.db.url)
            if token:
                s.accounts.revoke_token(token)
            s.accounts.sign_out()

        def done(_: None) -> None:
            self.current = None
            self._mirror_actions(None)
            self.label.setText(tr("Not signed in"))
            self.ask_sign_in()

        self.ctx.worker.call(job, done)

    def verify_audit(self) -> None:
        """Walk the whole chain (the core names the first broken or missing entry)."""

        def shown(result: tuple[Any, Any]) -> None:
            report, reviews = result
            if report.ok:
                text = fmt(tr("The audit log is intact: %1 entries, no break in the hash chain.\n"
                              "Chain head code (print or note it to prove later that nothing before it "
                              "changed): %2"), report.entries, report.head_code)
            else:
                text = fmt(tr("The audit log has been tampered with: %1"), report.problem.message)
            if reviews.problems:
                text += "\n\n" + fmt(tr("%1 of %2 reviews no longer match their audit log:"),
                                       len(reviews.problems), reviews.reviews)
                text += "".join("\n· " + message for _rid, message in reviews.problems[:10])
            else:
                text += "\n\n" + fmt(tr("All %1 reviews match their audit log."), reviews.reviews)
            self.ctx.dialogs.info(text, tr("Audit log"))

        self.ctx.worker.call(lambda s: (s.audit.verify(), s.audit.verify_reviews()), shown)

    def check_code(self) -> None:
        code = self.ctx.dialogs.ask_text(
            tr("Check a printed verification code"),
            tr("Verification code printed on the review form or rectification notice:"),
        )
        if not code:
            return
        self.ctx.worker.call(
            lambda s: s.audit.verify_code(code),
            lambda result: self.ctx.dialogs.info(result.message, tr("Verification code")),
        )

    def change_password(self) -> None:
        from ui.signin_dialogs import PasswordDialog

        dialog = PasswordDialog(self.window)

        def submit(d: PasswordDialog) -> None:
            old, new = d.old.text(), d.new.text()
            self.ctx.worker.call(
                lambda s: s.accounts.change_password(old, new),
                lambda _r: (d.accept(), self.ctx.bus.status_message.emit(tr("Password changed."))),
                lambda exc: d.message.setText(str(exc)),
            )

        dialog.submit = submit
        dialog.open()


def install_sign_in(window: QMainWindow, ctx: AppContext, *, ask: bool = True) -> SignIn:
    """Hook signing in into the main window (call once, before the database opens)."""
    sign_in = SignIn(window, ctx, ask=ask)
    window._sign_in = sign_in  # type: ignore[attr-defined]  # keep it alive with the window
    return sign_in
