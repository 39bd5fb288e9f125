"""The app's look in one place: the Fusion style, our palette and the calm, light style sheet
(screens use object names, not inline styles).

Why Fusion: the style sheet below is drawn on top of the platform style, and Qt 6.7+ picks the
"windows11" style on Windows 11, which draws style sheets badly; Fusion looks the same on
Windows 10/11, Linux desktops and the offscreen self-test.

Why a fixed light palette: the style sheet is light-only. With Windows dark mode Qt would give
Fusion a dark palette, and everything the style sheet does not paint (dialogs, menus, tooltips,
message boxes) would turn dark while the main screens stay light: white text on white fields.
So the app pins Qt's colour scheme to light and uses our light palette whatever the system
scheme; ``system_scheme()`` still reports the scheme for the self-test and the log.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

STYLE_NAME = "Fusion"

# Our colours (the same hex values the style sheet uses).
_LIGHT = {
    QPalette.ColorRole.Window: "#f7f8fa",
    QPalette.ColorRole.WindowText: "#1f2937",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f8fafc",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1f2937",
    QPalette.ColorRole.PlaceholderText: "#9ca3af",
    QPalette.ColorRole.Text: "#111827",
    QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: "#1f2937",
    QPalette.ColorRole.BrightText: "#b91c1c",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#f3f4f6",
    QPalette.ColorRole.Mid: "#d1d5db",
    QPalette.ColorRole.Dark: "#9ca3af",
    QPalette.ColorRole.Shadow: "#6b7280",
    QPalette.ColorRole.Highlight: "#2563eb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1d4ed8",
    QPalette.ColorRole.LinkVisited: "#6d28d9",
}
_DISABLED = {
    QPalette.ColorRole.WindowText: "#9ca3af",
    QPalette.ColorRole.Text: "#9ca3af",
    QPalette.ColorRole.ButtonText: "#9ca3af",
    QPalette.ColorRole.Base: "#f3f4f6",
    QPalette.ColorRole.Highlight: "#9ca3af",
}


def palette() -> QPalette:
    pal = QPalette()
    for role, colour in _LIGHT.items():
        pal.setColor(role, QColor(colour))
    for role, colour in _DISABLED.items():
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return pal


def system_scheme() -> str:
    """"dark", "light" or "unknown": what the desktop asks for (Windows dark mode, GNOME ...)."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    return {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}.get(scheme, "unknown")


# What apply_style found and set (read by the self-test: with a style sheet installed,
# app.style() is Qt's style-sheet wrapper and no longer tells the base style's name).
applied: dict[str, str] = {}


# Given to a QApplication the app creates itself: Qt then starts with Fusion, and no Python
# QStyle object is made (its first use costs ~12 ms of start-up for its enums).
STYLE_ARGS = ["-style", STYLE_NAME]


def apply_style(app: QApplication, style_preset: bool = False) -> str:
    """Fusion + our light palette + the style sheet; returns the system scheme it overrode.
    ``style_preset``: the app was created with ``STYLE_ARGS`` (then the style is not looked up
    again, and ``applied["style"]`` stays unset)."""
    scheme = applied.setdefault("system_scheme", system_scheme())
    hints = app.styleHints()
    if hints is not None and hasattr(hints, "setColorScheme"):  # Qt 6.8+: native parts follow too
        hints.setColorScheme(Qt.ColorScheme.Light)
    style = None if style_preset else QStyleFactory.create(STYLE_NAME)
    if style is not None:  # built into QtWidgets: always there, but never crash over a look
        app.setStyle(style)
        applied["style"] = style.name()
    app.setPalette(palette())
    app.setStyleSheet(STYLE)
    return scheme


STYLE = """
QMainWindow, QWidget#screens { background: #f7f8fa; }
QListWidget#navigation {
    background: #1f2937; color: #d1d5db; border: none; padding-top: 8px; font-size: 11pt; outline: 0;
}
QListWidget#navigation::item { padding: 6px 14px; border-left: 3px solid transparent; }
QListWidget#navigation::item:selected { background: #374151; color: white; border-left: 3px solid #60a5fa; }
QListWidget#navigation::item:disabled { color: #6b7280; }
QTableView {
    background: white; alternate-background-color: #f8fafc; gridline-color: #e5e7eb;
    selection-background-color: #dbeafe; selection-color: #111827; border: 1px solid #e5e7eb;
}
QHeaderView::section {
    background: #f3f4f6; color: #374151; padding: 4px 6px; border: none;
    border-right: 1px solid #e5e7eb; border-bottom: 1px solid #e5e7eb;
}
QLineEdit, QComboBox, QPlainTextEdit {
    background: white; border: 1px solid #d1d5db; border-radius: 4px; padding: 3px 6px;
}
QLineEdit:focus, QPlainTextEdit:focus { border: 1px solid #3b82f6; }
/* A styled QComboBox draws its popup entries with the combo's selection colours: unset, the
   highlighted entry was white text on white (every dropdown looked blank under the mouse). */
QComboBox { selection-background-color: #dbeafe; selection-color: #111827; }
QPushButton {
    background: white; border: 1px solid #d1d5db; border-radius: 4px; padding: 4px 12px; color: #1f2937;
}
QPushButton:hover { background: #f3f4f6; }
QPushButton:disabled { color: #9ca3af; }
QPushButton#primary { background: #2563eb; color: white; border: 1px solid #1d4ed8; }
QPushButton#primary:hover { background: #1d4ed8; }
QPushButton#primary:disabled { background: #a5bdf0; color: #f1f5ff; border: 1px solid #a5bdf0; }
QPushButton:checked { background: #dbeafe; border: 1px solid #3b82f6; color: #1e3a8a; font-weight: bold; }
QPushButton#answer_pass:checked { background: #dcfce7; border-color: #16a34a; color: #14532d; }
QPushButton#answer_deduct:checked { background: #fef3c7; border-color: #d97706; color: #78350f; }
QPushButton#answer_na:checked { background: #e5e7eb; border-color: #6b7280; color: #1f2937; }
QPushButton#answer_veto:checked { background: #fee2e2; border-color: #dc2626; color: #7f1d1d; }
QFrame#scoreBar { background: white; border: 1px solid #e5e7eb; border-radius: 6px; }
QLabel#caseTitle { font-size: 12pt; font-weight: bold; color: #111827; }
QLabel#totalScore { font-size: 15pt; font-weight: bold; color: #111827; }
QLabel#stageChip { background: #e0e7ff; color: #3730a3; border-radius: 9px; padding: 2px 10px; }
QLabel#stageChip[locked="true"] { background: #fee2e2; color: #991b1b; }
QLabel#vetoWarning { color: #b91c1c; font-weight: bold; }
QLabel#progress { color: #b45309; font-weight: bold; }
QLabel#progress[done="true"] { color: #15803d; }
QLabel#totalScore[provisional="true"] { color: #6b7280; font-size: 13pt; }
QLabel#categoryScores { color: #4b5563; }
QLabel#saveState { color: #15803d; }
QLabel#saveState[pending="true"] { color: #b45309; }
QFrame#itemEditor { background: white; border: 1px solid #e5e7eb; border-radius: 6px; }
QLabel#itemTitle { font-size: 11pt; color: #111827; }
QLabel#itemRule, QLabel#hint { color: #6b7280; }
QLabel#hint[error="true"] { color: #b91c1c; font-weight: bold; }
QLabel#screenTitle { font-size: 14pt; font-weight: bold; color: #111827; }
QLabel#paneHeading { font-weight: bold; color: #374151; padding: 4px 2px; }
QLabel#viewerTitle { font-weight: bold; color: #374151; }
QLabel#viewerMessage { color: #6b7280; font-size: 11pt; }
QLabel#countLabel { color: #4b5563; }
QLabel#emptyState { color: #6b7280; font-size: 11pt; background: transparent; }
QTextBrowser { background: white; border: 1px solid #e5e7eb; }
QListView#documentList { background: white; border: 1px solid #e5e7eb; }
QSplitter::handle { background: #e5e7eb; }
QSplitter::handle:horizontal { width: 4px; }
QSplitter::handle:vertical { height: 4px; }
QStatusBar { background: #f3f4f6; color: #4b5563; }
"""
