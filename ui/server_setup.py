"""团队服务器设置 (Tools menu): the IT administrator's set-up of a PostgreSQL team server.

The same steps as ``casereview server setup`` / ``server connect``: fill in the server,
test the connection (what it found: PostgreSQL version, whether the tables exist, need an
upgrade or were made by a newer program; or why it failed, in Chinese: wrong password,
unreachable, no such database, too old a server), then create or upgrade the schema with
the least-privilege application account — after a reminder to back up first — and see
what IT must keep. Every step runs in the DB worker; the dialog never blocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casereview.services.types import CaseReviewError
from ui.context import AppContext
from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.server_admin import ServerStatus, SetupReport

tr = translator("ServerSetup")


class ServerSetupDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.status: ServerStatus | None = None
        self.setWindowTitle(tr("Team server set-up"))
        self.host = QLineEdit(self)
        self.host.setPlaceholderText(tr("server name or address, e.g. 10.1.2.3"))
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("casereview", self)
        self.user = QLineEdit("postgres", self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox(self)
        for mode, label in (("", tr("no TLS")), ("require", "require"), ("verify-ca", "verify-ca"),
                            ("verify-full", tr("verify-full (recommended)"))):
            self.sslmode.addItem(label, mode)
        self.ca_file = QLineEdit(self)
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        self.app_role = QLineEdit("casereview_app", self)
        self.save_here = QCheckBox(tr("This PC connects with the application account afterwards"), self)
        self.save_here.setChecked(True)

        form = QFormLayout()
        form.addRow(tr("Server"), self.host)
        form.addRow(tr("Port"), self.port)
        form.addRow(tr("Database"), self.database)
        form.addRow(tr("Administrator account"), self.user)
        form.addRow(tr("Administrator password"), self.password)
        form.addRow(tr("TLS"), self.sslmode)
        form.addRow(tr("CA certificate file"), ca_row)
        form.addRow(tr("Application account"), self.app_role)
        form.addRow("", self.save_here)

        self.result = QLabel(tr("Fill in the server, then test the connection."), self)
        self.result.setWordWrap(True)
        self.result.setObjectName("serverResult")
        self.notes = QPlainTextEdit(self)
        self.notes.setReadOnly(True)
        self.notes.setVisible(False)
        self.test_button = QPushButton(tr("Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.setup_button = QPushButton(tr("Create or upgrade the database"), self)
        self.setup_button.setEnabled(False)
        self.setup_button.clicked.connect(self.set_up)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.test_button)
        actions.addWidget(self.setup_button)
        actions.addStretch(1)
        actions.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.notes, 1)
        layout.addLayout(actions)
        self.resize(620, 520)

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("CA certificate"), "", tr("Certificates (*.pem *.crt);;All files (*)"))
        if path:
            self.ca_file.setText(path)

    def admin_url(self) -> str:
        from casereview.services.server_admin import build_url

        return build_url(self.host.text(), self.port.value(), self.database.text(), self.user.text(),
                         self.password.text(), sslmode=str(self.sslmode.currentData() or ""),
                         ca_file=self.ca_file.text().strip())

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.setup_button.setEnabled(False)
        if isinstance(exc, CaseReviewError):
            self.result.setText(exc.message)
        else:
            self.ctx.dialogs.error(exc)

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy)
        if busy:
            self.setup_button.setEnabled(False)

    def test_connection(self) -> None:
        try:
            url = self.admin_url()
        except CaseReviewError as exc:
            self._failed(exc)
            return
        from casereview.services.server_admin import check_server

        self._busy(True)
        self.result.setText(tr("Connecting…"))
        self.ctx.worker.call(lambda _s: check_server(url), self._tested, self._failed, label="server check")

    def _tested(self, status: ServerStatus) -> None:
        self._busy(False)
        self.status = status
        text = status.describe()
        if status.schema == "old":
            text += "\n" + status.backup_advice()
        self.result.setText(text)
        self.setup_button.setEnabled(status.schema in ("empty", "old", "current"))
        self.setup_button.setText(tr("Upgrade the database") if status.schema == "old" else
                                  tr("Create the database") if status.schema == "empty" else
                                  tr("Renew the application account"))

    def set_up(self) -> None:
        status = self.status
        if status is None:
            return
        question = tr("Create the tables and the application account on this server?")
        if status.schema != "empty":
            question = status.backup_advice() + "\n\n" + tr("Have you made the backup? Continue?")
        if not self.ctx.dialogs.confirm(question):
            return
        try:
            url = self.admin_url()
        except CaseReviewError as exc:
            self._failed(exc)
            return
        from casereview.services.server_admin import set_up

        role, save = self.app_role.text().strip() or "casereview_app", self.save_here.isChecked()
        self._busy(True)
        self.result.setText(tr("Setting up the server…"))
        self.ctx.worker.call(lambda _s: set_up(url, app_role=role, save=save), self._done, self._failed,
                             label="server set-up")

    def _done(self, result: tuple[SetupReport, Any]) -> None:
        report, saved = result
        self._busy(False)
        self.result.setText(fmt(tr("Done: the database is at schema %1 and the application account %2 has only "
                                   "the grants the program needs."), report.schema_revision, report.app_role))
        lines = report.it_notes()
        if saved:
            lines += ["", fmt(tr("This PC's connection was saved to %1 (password encrypted). It is used the "
                                 "next time CaseReview starts."), saved)]
        self.notes.setPlainText("\n".join(lines))
        self.notes.setVisible(True)
        self.setup_button.setEnabled(False)


def show_server_setup(ctx: AppContext, parent: QWidget | None = None) -> ServerSetupDialog:
    dialog = ServerSetupDialog(ctx, parent)
    dialog.show()
    return dialog
