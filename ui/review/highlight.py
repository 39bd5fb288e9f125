"""Highlights on the page image of the document viewer: where a fact was read, where a
searched word is. Boxes come from the reading (fractions of the page, top-left origin), so
the same box fits the page at any zoom.

``PageHighlighter`` lays a transparent widget over the PDF view's viewport and over the
image label and paints the boxes of the page on show; it never takes a mouse event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.review.viewer import DocumentViewer

Box = tuple[float, float, float, float]
FILL = QColor(255, 214, 0, 90)
EDGE = QColor(234, 88, 12)


class _Overlay(QWidget):
    def __init__(self, host: QWidget, owner: PageHighlighter) -> None:
        super().__init__(host)
        self.owner = owner
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setObjectName("pageHighlight")
        self.resize(host.size())
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.resize(watched.size())
            self.raise_()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        rects = self.owner.rects_on(self)
        if not rects:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(EDGE, 2))
        painter.setBrush(FILL)
        for rect in rects:
            painter.drawRect(rect.adjusted(-3, -3, 3, 3))
        painter.end()


class PageHighlighter(QObject):
    """Boxes to mark on one page of one document; painted while that page is shown."""

    def __init__(self, viewer: DocumentViewer) -> None:
        super().__init__(viewer)
        self.viewer = viewer
        self.document_id: int | None = None
        self.page = 0
        self.boxes: tuple[Box, ...] = ()
        pdf = viewer.pdf_view
        self.pdf_overlay = _Overlay(pdf.viewport(), self)
        self.image_overlay = _Overlay(viewer.image_label, self)
        pdf.verticalScrollBar().valueChanged.connect(self.refresh)
        pdf.horizontalScrollBar().valueChanged.connect(self.refresh)
        pdf.zoomFactorChanged.connect(self.refresh)

    def set(self, document_id: int, page: int, boxes: Sequence[Box]) -> None:
        self.document_id, self.page, self.boxes = document_id, page, tuple(boxes)
        self.refresh()

    def clear(self) -> None:
        self.set(0, 0, ())

    def refresh(self, *_: object) -> None:
        self.pdf_overlay.update()
        self.image_overlay.update()

    def active(self) -> bool:
        info = self.viewer.info
        return bool(self.boxes) and info is not None and info.document_id == self.document_id \
            and self.viewer.page == self.page

    def page_rect(self, overlay: _Overlay) -> QRectF | None:
        """Where the shown page lies on the overlay, in its pixels."""
        if overlay is self.image_overlay:
            return QRectF(0, 0, overlay.width(), overlay.height()) if overlay.width() > 1 else None
        view = self.viewer.pdf_view
        doc = view.document()
        info = self.viewer.info
        if doc is None or info is None:
            return None
        size = doc.pagePointSize(info.blob_page(self.page))
        if size.width() <= 0 or size.height() <= 0:
            return None
        margins = view.documentMargins()
        viewport = view.viewport()
        if view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            width = viewport.width() - margins.left() - margins.right()
        else:
            width = size.width() * view.zoomFactor() * view.logicalDpiX() / 72.0
        height = width * size.height() / size.width()
        total = width + margins.left() + margins.right()
        x = max((viewport.width() - total) / 2, 0) + margins.left() - view.horizontalScrollBar().value()
        y = margins.top() - view.verticalScrollBar().value()
        return QRectF(x, y, width, height)

    def rects_on(self, overlay: _Overlay) -> list[QRectF]:
        if not self.active():
            return []
        shown = self.viewer.stack.currentWidget()
        if (overlay is self.pdf_overlay) != (shown is self.viewer.pdf_view):
            return []
        page = self.page_rect(overlay)
        if page is None:
            return []
        return [QRectF(page.x() + x0 * page.width(), page.y() + y0 * page.height(),
                       (x1 - x0) * page.width(), (y1 - y0) * page.height()) for x0, y0, x1, y1 in self.boxes]

    def scroll_into_view(self) -> None:
        """Scroll so the first box is visible (a fact low on a zoomed page)."""
        if not self.active():
            return
        if self.viewer.stack.currentWidget() is self.viewer.pdf_view:
            page = self.page_rect(self.pdf_overlay)
            if page is None:
                return
            bar = self.viewer.pdf_view.verticalScrollBar()
            top = page.y() + bar.value() + self.boxes[0][1] * page.height()
            bar.setValue(int(max(top - self.viewer.pdf_view.viewport().height() / 3, 0)))
        else:
            label = self.viewer.image_label
            x0, y0 = self.boxes[0][0], self.boxes[0][1]
            self.viewer.image_scroll.ensureVisible(int(x0 * label.width()), int(y0 * label.height()), 50, 120)
