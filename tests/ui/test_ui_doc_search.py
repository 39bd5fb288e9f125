"""The document search dialog: hits by case/document/page, the page's text with the words
highlighted, opening a hit shows its page."""

from __future__ import annotations

from typing import Any

from ui.review.doc_search import DocSearchDialog, highlighted_html


def test_highlight_marks_the_term_across_spaces() -> None:
    out = highlighted_html(["送 达回证", "其他"], "送达")
    assert out.count("background:#FFE066") == 2 and "其他" in out


def test_search_dialog_finds_and_opens(qtbot: Any, ui_ctx: Any) -> None:
    from casereview.services.app import Services

    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        last = services.docintel.resolve_cases(all_cases=True)[-1]
        services.docintel.read_cases([last])  # the demo's scanned case is an early one: text layer only here
    finally:
        services.close()
    opened: list[tuple[int, int]] = []
    dialog = DocSearchDialog(ui_ctx, last, lambda doc, page: opened.append((doc, page)))
    qtbot.addWidget(dialog)
    dialog.query.setText("案号")
    dialog.search()
    ui_ctx.worker.flush()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)
    assert all(h.case_id == last for h in dialog.hits)
    ui_ctx.worker.flush()
    qtbot.waitUntil(lambda: "FFE066" in dialog.page_text.toHtml().upper(), timeout=5000)
    dialog.open_current()
    assert opened and opened[0] == (dialog.hits[0].document_id, dialog.hits[0].page)
    dialog.query.setText("案")
    dialog.search()
    ui_ctx.worker.flush()
    qtbot.waitUntil(lambda: "两个字" in dialog.status.text(), timeout=5000)


def test_opening_a_case_reads_its_pages_in_the_background(qtbot: Any, ui_ctx: Any,
                                                          monkeypatch: Any) -> None:
    from casereview.services.app import Services
    from ui.review.ocr_runner import ENABLE_ENV, for_context

    services = Services.open(ui_ctx.db_path, as_system=True)
    try:
        last = services.docintel.resolve_cases(all_cases=True)[-1]
        assert services.docintel.status(last).read == 0
        runner = for_context(ui_ctx)
        runner.open_case(last)
        assert runner.wait_idle(timeout=30)
        assert runner.queue is None  # switched off in tests unless asked for
        monkeypatch.setenv(ENABLE_ENV, "1")
        runner.open_case(last)
        assert runner.wait_idle(timeout=60)
        assert runner.queue is not None
        messages: list[str] = []
        ui_ctx.bus.status_message.connect(messages.append)
        assert runner.queue.wait(timeout=120)
        qtbot.waitUntil(lambda: any("后台读取" in m or "background" in m for m in messages), timeout=5000)
        assert services.docintel.status(last).complete
    finally:
        for_context(ui_ctx).shutdown()
        services.close()


def test_the_reader_opens_its_database_off_the_ui_thread(qtbot: Any, ui_ctx: Any, monkeypatch: Any) -> None:
    """Opening the reader's Services (slow on a team server) and listing the case's pages happen
    on the runner's own thread: open_case returns at once and the UI keeps turning meanwhile."""
    import threading
    import time

    from casereview.services.app import Services
    from ui.review.ocr_runner import ENABLE_ENV, for_context

    monkeypatch.setenv(ENABLE_ENV, "1")
    opened_on: list[str] = []
    release = threading.Event()
    real_open = Services.open

    def slow_open(*args: Any, **kwargs: Any) -> Services:
        opened_on.append(threading.current_thread().name)
        release.wait(timeout=30)  # a server that takes its time
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Services, "open", staticmethod(slow_open))
    runner = for_context(ui_ctx)
    try:
        started = time.perf_counter()
        runner.open_case(1)
        assert time.perf_counter() - started < 0.5  # did not wait for the database
        qtbot.waitUntil(lambda: bool(opened_on), timeout=5000)
        assert opened_on == ["ocr-runner"]  # not the UI thread, not the database worker
        ticks: list[int] = []
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: ticks.append(1))
        qtbot.waitUntil(lambda: bool(ticks), timeout=2000)  # the event loop turns while it opens
        assert runner.queue is None
        release.set()
        assert runner.wait_idle(timeout=60)
        assert runner.queue is not None
    finally:
        release.set()
        runner.shutdown()
    assert runner.queue is None
