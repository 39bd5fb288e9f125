"""Every export runs through ui.export_job: written under a temporary name and renamed into place,
cancelled cooperatively (the work stops, no partial file, an older file of that name is kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name)


def test_export_writes_then_renames(ui_ctx: Any, fake_dialogs: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.export_job import run_export

    target = tmp_path / "统计.xlsx"  # zh-data: a file name
    seen: list[Path] = []

    def write(services: Any, stream: Any) -> int:
        seen.append(Path(stream.name))
        stream.write(b"x" * 100_000)
        return 7

    parent = QWidget()
    run_export(ui_ctx, parent, target, "…", lambda n: f"done {n}", to_stream=write)
    ui_ctx.worker.flush()
    assert target.read_bytes() == b"x" * 100_000
    assert seen[0] != target and seen[0].parent == tmp_path and seen[0].suffix == ".xlsx"
    assert fake_dialogs.exported_paths == [target] and fake_dialogs.infos[-1] == "done 7"
    assert _leftovers(tmp_path) == []


def test_cancel_stops_the_writer_and_keeps_the_old_file(ui_ctx: Any, fake_dialogs: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.export_job import ExportJob

    target = tmp_path / "report.pdf"
    target.write_bytes(b"the older report")
    written: list[int] = []
    messages: list[str] = []
    ui_ctx.bus.status_message.connect(messages.append)
    job: list[ExportJob] = []

    def write(services: Any, stream: Any) -> None:
        for chunk in range(1000):  # a long export; the user clicks 取消 after 10 chunks
            if chunk == 10:
                job[0].cancelled.set()
            stream.write(b"y" * 65536)
            written.append(chunk)

    parent = QWidget()
    job.append(ExportJob(ui_ctx, parent, target, "…", lambda _r: "done", to_stream=write))
    job[0].start()
    ui_ctx.worker.flush()
    assert len(written) < 20  # stopped at one of its next writes, not after 1000 chunks
    assert target.read_bytes() == b"the older report"
    assert _leftovers(tmp_path) == [] and fake_dialogs.exported_paths == [] and not fake_dialogs.errors
    assert messages and "cancel" in messages[-1].lower()


def test_cancel_of_a_path_writer_leaves_no_file(ui_ctx: Any, fake_dialogs: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from ui.export_job import ExportJob

    target = tmp_path / "register.xlsx"
    job: list[ExportJob] = []

    def write(services: Any, part: Path) -> None:
        part.write_bytes(b"complete but unwanted")
        job[0].cancelled.set()  # cancelled while the core wrote the file itself

    parent = QWidget()
    job.append(ExportJob(ui_ctx, parent, target, "…", lambda _r: "done", to_path=write))
    job[0].start()
    ui_ctx.worker.flush()
    assert not target.exists() and _leftovers(tmp_path) == [] and fake_dialogs.exported_paths == []


def test_statistics_workbook_goes_through_the_export_job(ui_ctx: Any, fake_dialogs: Any, tmp_path: Path) -> None:
    from ui.screens.statistics import StatisticsScreen

    screen = StatisticsScreen(ui_ctx)
    fake_dialogs.file_answer = tmp_path / "stats.xlsx"
    screen.export_workbook()
    assert screen.export_job is not None
    ui_ctx.worker.flush()
    assert screen.export_job.finished and (tmp_path / "stats.xlsx").stat().st_size > 1000
    assert fake_dialogs.exported_paths == [tmp_path / "stats.xlsx"] and _leftovers(tmp_path) == []
