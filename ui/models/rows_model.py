"""A read-only table model over a list of rows: the boilerplate every small table repeats.

A subclass names its column titles in ``HEADERS`` (English sources, marked with ``N_()`` in its
own module so the translation scanner finds them), sets ``header_tr`` to its module's ``tr``
(the titles are translated in that module's context) and says what a cell shows in
``display(row, column)``; other roles (tool tips, colours, sort keys) go in ``role_data``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RowT = TypeVar("RowT")


def _untranslated(text: str) -> str:
    return text


class RowsTableModel(QAbstractTableModel, Generic[RowT]):
    HEADERS: ClassVar[tuple[str, ...]] = ()
    header_tr: Callable[[str], str] = staticmethod(_untranslated)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[RowT] = []

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header_tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        return self.role_data(row, index.column(), role)

    def display(self, row: RowT, column: int) -> Any:
        """The text of one cell."""
        raise NotImplementedError

    def role_data(self, row: RowT, column: int, role: int) -> Any:
        """Any other role of one cell (None: Qt's default)."""
        return None
