"""The app's calm, light style sheet (one place; screens use object names, not inline styles)."""

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
QPushButton {
    background: white; border: 1px solid #d1d5db; border-radius: 4px; padding: 4px 12px; color: #1f2937;
}
QPushButton:hover { background: #f3f4f6; }
QPushButton:disabled { color: #9ca3af; }
QPushButton#primary { background: #2563eb; color: white; border: 1px solid #1d4ed8; }
QPushButton#primary:hover { background: #1d4ed8; }
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
QLabel#unanswered { color: #b45309; }
QLabel#unanswered[done="true"] { color: #15803d; }
QLabel#categoryScores { color: #4b5563; }
QLabel#saveState { color: #15803d; }
QLabel#saveState[pending="true"] { color: #b45309; }
QFrame#itemEditor { background: white; border: 1px solid #e5e7eb; border-radius: 6px; }
QLabel#itemTitle { font-size: 11pt; color: #111827; }
QLabel#itemRule, QLabel#hint { color: #6b7280; }
QLabel#screenTitle { font-size: 14pt; font-weight: bold; color: #111827; }
QLabel#paneHeading { font-weight: bold; color: #374151; padding: 4px 2px; }
QLabel#viewerTitle { font-weight: bold; color: #374151; }
QLabel#viewerMessage { color: #6b7280; font-size: 11pt; }
QLabel#countLabel { color: #4b5563; }
QTextBrowser { background: white; border: 1px solid #e5e7eb; }
QListView#documentList { background: white; border: 1px solid #e5e7eb; }
QSplitter::handle { background: #e5e7eb; }
QSplitter::handle:horizontal { width: 4px; }
QSplitter::handle:vertical { height: 4px; }
QStatusBar { background: #f3f4f6; color: #4b5563; }
"""
