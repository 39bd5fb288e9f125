"""A table model over ids in display order whose rows load a page at a time in the worker.

The case list and the 问题整改 register can hold tens of thousands of rows. The view asks
``data()`` only for the rows it shows; a missing page is requested from the database worker
(the subclass shows a placeholder meanwhile) and announced with ``dataChanged`` when it
arrives. Sorting re-queries the ordered ids in the database (``sort_requested``), which is much
faster at this size than sorting rows in a proxy. Results for an older id list are dropped
(generation counter), so a fast typist never sees stale rows. A bounded number of pages is
cached; the least recently shown are dropped and loaded again when needed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

if TYPE_CHECKING:
    from casereview.services.app import Services

Index = QModelIndex | QPersistentModelIndex


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=_HasId)
# fetch(job, on_ok): runs ``job(services)`` in the DB worker and calls ``on_ok(rows)`` on the UI thread.
Fetcher = Callable[[Callable[["Services"], Any], Callable[[Any], None]], None]


class PagedIdsModel(QAbstractTableModel, Generic[RowT]):
    PAGE_SIZE = 200
    MAX_PAGES = 40

    sort_requested = Signal(str, bool)  # sort key, descending
    page_loaded = Signal(int)

    def __init__(self, fetch: Fetcher, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, RowT]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- what a subclass says ---------------------------------------------------------

    def load_rows(self, services: Services, ids: list[int]) -> list[RowT]:
        """The rows of these ids (runs in the worker)."""
        raise NotImplementedError

    def column_total(self) -> int:
        raise NotImplementedError

    # -- contents -------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._row_of = None
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()

    @property
    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {rid: i for i, rid in enumerate(self._ids)}
        return self._row_of.get(row_id)

    def loaded(self, row: int) -> RowT | None:
        """The row if its page is loaded (never requests one)."""
        if not 0 <= row < len(self._ids):
            return None
        page = self._pages.get(row // self.PAGE_SIZE)
        return page.get(self._ids[row]) if page is not None else None

    def row_at(self, row: int) -> RowT | None:
        """The loaded row, or None while its page is loading (the page is requested)."""
        if not 0 <= row < len(self._ids):
            return None
        page = row // self.PAGE_SIZE
        cached = self._pages.get(page)
        if cached is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return cached.get(self._ids[row])

    def reload_row(self, row_id: int) -> None:
        """Load the page holding this row again (its values changed)."""
        row = self.row_of(row_id)
        if row is None:
            return
        page = row // self.PAGE_SIZE
        self._pages.pop(page, None)
        self._request(page)

    @property
    def loaded_row_count(self) -> int:
        return sum(len(p) for p in self._pages.values())

    @property
    def descending(self) -> bool:
        return self.sort_order == Qt.SortOrder.DescendingOrder

    # -- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.column_total()

    # -- loading --------------------------------------------------------------------

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        generation = self._generation
        ids = self._ids[page * self.PAGE_SIZE : (page + 1) * self.PAGE_SIZE]
        self._fetch(lambda services: self.load_rows(services, ids),
                    lambda rows: self._loaded(generation, page, rows))

    def _loaded(self, generation: int, page: int, rows: list[RowT]) -> None:
        if generation != self._generation:
            return  # the id list changed meanwhile: these rows are stale
        self._pending.discard(page)
        self._pages[page] = {r.id: r for r in rows}
        self._pages.move_to_end(page)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * self.PAGE_SIZE
        last = min(first + self.PAGE_SIZE, len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.column_total() - 1))
        self.page_loaded.emit(page)
