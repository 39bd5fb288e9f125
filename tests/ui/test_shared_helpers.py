"""The small shared helpers that replaced repeated code: CLI sub-commands, the services block,
JSON with properties, and the generic rows table model."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

import pytest

from casereview.cli import common


def _handler(_args: argparse.Namespace) -> int:
    return 0


def test_add_command_adds_db_and_json_and_the_handler() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    q = common.add_command(sub, "list", _handler, "列出")
    q.add_argument("--all", action="store_true")
    common.add_command(sub, "types", _handler, "类型", db=False, aliases=["kinds"])
    args = parser.parse_args(["list", "--db", "x.sqlite3", "--json", "--all"])
    assert (args.db, args.json, args.all, args.handler) == ("x.sqlite3", True, True, _handler)
    args = parser.parse_args(["kinds", "--json"])
    assert args.json and not hasattr(args, "db")
    with pytest.raises(SystemExit):
        parser.parse_args(["types", "--db", "x"])


def test_services_of_closes_also_on_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[bool] = []

    class FakeServices:
        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(common, "open_services", lambda _args: FakeServices())
    with pytest.raises(RuntimeError), common.services_of(argparse.Namespace()):
        raise RuntimeError("boom")
    with common.services_of(argparse.Namespace()) as services:
        assert isinstance(services, FakeServices)
    assert closed == [True, True]


@dataclass(frozen=True)
class _Row:
    status: str

    @property
    def status_label(self) -> str:
        return {"open": "未销号"}.get(self.status, self.status)


def test_json_with_adds_the_named_properties() -> None:
    assert common.json_with(_Row("open"), "status_label") == {"status": "open", "status_label": "未销号"}


def test_rows_table_model(qapp: Any) -> None:
    from PySide6.QtCore import QModelIndex, Qt

    from ui.models.rows_model import RowsTableModel

    class Model(RowsTableModel[tuple[str, int]]):
        HEADERS = ("Name", "Count")
        header_tr = staticmethod(str.upper)

        def display(self, row: tuple[str, int], column: int) -> Any:
            return str(row[column])

        def role_data(self, row: tuple[str, int], column: int, role: int) -> Any:
            return row[1] if role == Qt.ItemDataRole.UserRole else None

    model = Model()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_rows(iter([("a", 1), ("b", 2)]))
    assert resets == [True]
    assert (model.rowCount(), model.columnCount(), model.rowCount(model.index(0, 0))) == (2, 2, 0)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "COUNT"
    assert model.headerData(1, Qt.Orientation.Vertical) is None
    assert model.data(model.index(1, 1)) == "2"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) == 2
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(QModelIndex()) is None
