"""The document viewer: a 300-page PDF shows page 1 at once; page ranges map onto the blob."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

from casereview.services.documents import DocumentFile, read_docx_paragraphs
from ui.review.viewer import DocumentViewer

pytestmark = pytest.mark.gui


def _make_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 28)
        pdf.drawString(72, 760, f"Page {page}")
        pdf.showPage()
    pdf.save()
    return path


def _info(path: Path, start: int, count: int, kind: str = "pdf") -> DocumentFile:
    return DocumentFile(document_id=1, case_id=1, title="卷宗", doc_type="其他", kind=kind, path=path,
                        page_start=start, page_count=count)


def test_300_page_pdf_shows_page_one_fast(qtbot: Any, tmp_path: Path) -> None:
    pdf = _make_pdf(tmp_path / "big.pdf", 300)
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.resize(900, 800)
    viewer.show()
    qtbot.waitExposed(viewer)
    started = time.process_time()  # CPU time (all threads of this process): holds under load
    viewer.open_document(_info(pdf, 1, 300))
    QCoreApplication.processEvents()
    elapsed = time.process_time() - started
    print(f"300-page PDF: page 1 shown after {elapsed * 1000:.0f} ms")
    assert viewer.pdf_view.document().pageCount() == 300
    assert viewer.pdf_view.pageNavigator().currentPage() == 0 and viewer.page == 1
    assert elapsed < 1.0
    # Thumbnails are rendered lazily: only the few the list shows, never all 300.
    qtbot.waitUntil(lambda: viewer.thumbs.rendered_count > 0, timeout=5000)
    assert viewer.thumbs.rendered_count < 40


def test_fit_width_never_relayouts_endlessly(qtbot: Any, tmp_path: Path) -> None:
    """At some view heights a page fitted to the width needs the scroll bar only while the bar is
    hidden: Qt then showed and hid it forever and the window froze (the 1366×768 screenshot run
    never finished). Fit to width keeps the bar, so resizing settles at once at every height."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject

    class CountShows(QObject):
        shows = 0

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Show:
                self.shows += 1
            return False

    pdf = _make_pdf(tmp_path / "a4.pdf", 2)
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.resize(560, 500)
    viewer.show()
    viewer.open_document(_info(pdf, 1, 2))
    counter = CountShows()
    viewer.pdf_view.verticalScrollBar().installEventFilter(counter)
    worst = 0
    for height in range(560, 900, 3):  # across the height where an A4 page just fits
        counter.shows = 0
        viewer.resize(560, height)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)  # returns after 30 ms
        worst = max(worst, counter.shows)
    assert worst <= 1, f"the scroll bar was shown {worst} times after one resize"
    viewer.zoom_in()  # a fixed zoom does not depend on the width: the bar shows only when needed
    assert viewer.pdf_view.verticalScrollBarPolicy().name == "ScrollBarAsNeeded"
    viewer.fit_width()
    assert viewer.pdf_view.verticalScrollBarPolicy().name == "ScrollBarAlwaysOn"


def test_page_range_maps_to_blob_pages(qtbot: Any, tmp_path: Path) -> None:
    pdf = _make_pdf(tmp_path / "combined.pdf", 30)
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.show()
    pages: list[tuple[int, int]] = []
    viewer.page_changed.connect(lambda doc, page: pages.append((doc, page)))
    viewer.open_document(_info(pdf, 11, 5), page=1)  # the document is pages 11-15 of the file
    assert viewer.pdf_view.pageNavigator().currentPage() == 10
    viewer.next_page()
    assert viewer.page == 2 and viewer.pdf_view.pageNavigator().currentPage() == 11
    viewer.goto_page(99)  # clamped to the document's last page
    assert viewer.page == 5 and viewer.pdf_view.pageNavigator().currentPage() == 14
    viewer.next_page()
    assert viewer.page == 5
    assert viewer.thumbs.rowCount() == 5
    assert pages[-1] == (1, 5)


def test_image_and_docx(qtbot: Any, tmp_path: Path) -> None:
    from PIL import Image

    image_path = tmp_path / "scan.png"
    Image.new("RGB", (400, 600), "white").save(image_path)
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.resize(600, 600)
    viewer.show()
    viewer.open_document(_info(image_path, 1, 1, "image"))
    assert viewer.stack.currentWidget() is viewer.image_scroll
    before = viewer.image_label.pixmap().width()
    viewer.zoom_in()
    assert viewer.image_label.pixmap().width() > before

    import docx

    doc_path = tmp_path / "notice.docx"
    document = docx.Document()
    document.add_paragraph("行政处罚告知书")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "当事人"
    table.cell(0, 1).text = "张三"
    document.save(str(doc_path))
    paragraphs = read_docx_paragraphs(doc_path)
    assert paragraphs[0] == "行政处罚告知书" and "当事人\t张三" in paragraphs
    viewer.open_document(_info(doc_path, 1, 1, "docx"), paragraphs=paragraphs)
    assert "行政处罚告知书" in viewer.text_view.toPlainText()


def test_missing_file_shows_a_message(qtbot: Any, tmp_path: Path) -> None:
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.open_document(_info(tmp_path / "gone.pdf", 1, 3))
    assert viewer.stack.currentWidget() is viewer.message


def test_document_service_gives_file_and_range(demo_services: Any) -> None:
    from casereview.errors import StorageError, ValidationError

    case_id = demo_services.cases.query_ids()[0]
    documents = demo_services.cases.detail(case_id).documents
    doc = next(d for d in documents if d.kind == "pdf")
    info = demo_services.documents.open_info(doc.id)
    assert info.path.exists() and info.path.name.startswith(doc.blob_sha256)
    assert info.page_start == (doc.page_start or 1) and info.page_count == doc.page_count
    assert info.blob_page(1) == info.page_start - 1
    with pytest.raises(ValidationError):
        info.blob_page(info.page_count + 1)
    info.path.unlink()
    with pytest.raises(StorageError, match="不存在"):
        demo_services.documents.open_info(doc.id)
