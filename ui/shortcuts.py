"""The keyboard shortcut sheet (F1 or ? in the review workspace, Help → Shortcuts)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ui.i18n import translator

tr = translator("ShortcutSheet")


def N_(text: str) -> str:
    return QT_TRANSLATE_NOOP("ShortcutSheet", text)


SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (N_("Checklist"), (
        ("↑ / ↓  ·  K / J", N_("Previous / next item")),
        ("U / Shift+U", N_("Next / previous unanswered item")),
        ("1", N_("Answer “Pass” and go to the next unanswered item")),
        ("2", N_("Answer “Deduct”; type the occurrences or amount, then Enter")),
        ("3", N_("Answer “Not applicable” and go to the next unanswered item")),
        ("4", N_("Answer “Veto”, only for veto items")),
        ("Shift+1 … 4", N_("Change the answer of an item already answered")),
        ("Esc", N_("Back to the checklist from any pane")),
        ("A", N_("Accept the automatic check's proposed deduction (⚑); otherwise change the amount")),
        ("D", N_("Dismiss the proposed deduction, with a reason")),
        ("N / Enter", N_("Write a note; Ctrl+Enter saves it, Esc cancels")),
        ("Ctrl+P", N_("In the note: insert a standard finding phrase")),
        ("L", N_("Link the page being viewed as evidence")),
        ("Ctrl+Z / Ctrl+Y", N_("Undo / redo an answer, note or evidence link (the whole item)")),
    )),
    (N_("Documents"), (
        ("PgDn / PgUp", N_("Next / previous page, on into the next / previous document")),
        ("Ctrl+PgDn / Ctrl+PgUp", N_("Next / previous document")),
        ("Ctrl++ / Ctrl+- / Ctrl+0", N_("Zoom in / zoom out / fit width")),
        ("Ctrl+Alt+F", N_("Search the case files")),
    )),
    (N_("Review"), (
        ("Ctrl+S", N_("Submit the review: jumps to the first unanswered item, else asks to confirm")),
        ("Ctrl+Shift+F / Ctrl+Shift+D", N_("Show or hide the case facts / the item details")),
        ("Ctrl+→ / Alt+N", N_("Next case in the list")),
        ("Ctrl+← / Alt+P", N_("Previous case in the list")),
        ("Alt+←", N_("Back to the case list")),
        ("F5", N_("Reload the case and run the automatic checks again")),
        ("Ctrl+H", N_("History of this review")),
        ("F1 / ?", N_("This shortcut sheet")),
    )),
    (N_("Case list"), (
        ("Ctrl+F", N_("Search cases")),
        ("Enter", N_("Open the selected case")),
    )),
)


def shortcut_html() -> str:
    parts = []
    for group, rows in SHORTCUTS:
        cells = "".join(
            f"<tr><td style='padding:3px 18px 3px 0'><b>{keys}</b></td><td>{tr(text)}</td></tr>" for keys, text in rows
        )
        parts.append(f"<h3 style='margin:10px 0 4px 0'>{tr(group)}</h3><table>{cells}</table>")
    return "".join(parts)


class ShortcutSheet(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        label = QLabel(shortcut_html(), self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)


def show_shortcut_sheet(parent: QWidget | None) -> None:
    ShortcutSheet(parent).exec()
