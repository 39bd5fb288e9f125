"""The document viewer of the review workspace: PDF (QtPdf), images and .docx text.

A document may be a page range of a larger stored PDF; the viewer shows only that range and
numbers its pages 1..n. QPdfDocument parses pages on demand, so a 300-page file shows page 1
at once; page thumbnails are rendered lazily, only for the rows the list shows, by a
multi-threaded ``QPdfPageRenderer`` off the UI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QImageReader, QPixmap
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import fmt, translator

if TYPE_CHECKING:
    from casereview.services.documents import DocumentFile

tr = translator("DocumentViewer")
log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
THUMB_WIDTH = 76


class ThumbnailModel(QAbstractListModel):
    """Pages of the current document; a thumbnail is rendered the first time it is shown."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._doc: QPdfDocument | None = None
        self._first = 0  # 0-based blob page of the document's page 1
        self._count = 0
        self._images: dict[int, QPixmap] = {}
        self._requested: set[int] = set()
        self._renderer = QPdfPageRenderer(self)
        self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self._renderer.pageRendered.connect(self._rendered)
        self._placeholder = QPixmap(THUMB_WIDTH, int(THUMB_WIDTH * 1.414))
        self._placeholder.fill(QColor("#eeeeee"))

    def set_pages(self, doc: QPdfDocument | None, first: int, count: int) -> None:
        self.beginResetModel()
        self._doc, self._first, self._count = doc, first, count if doc is not None else 0
        self._images.clear()
        self._requested.clear()
        self._renderer.setDocument(doc)
        self.endResetModel()

    @property
    def rendered_count(self) -> int:
        return len(self._images)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        page = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(page + 1)
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = self._images.get(page)
            if pixmap is None:
                self._request(page)
                return self._placeholder
            return pixmap
        if role == Qt.ItemDataRole.ToolTipRole:
            return fmt(tr("Page %1"), page + 1)
        return None

    def _request(self, page: int) -> None:
        if self._doc is None or page in self._requested:
            return
        self._requested.add(page)
        size = self._doc.pagePointSize(self._first + page)
        if size.width() <= 0:
            return
        height = int(THUMB_WIDTH * size.height() / size.width())
        self._renderer.requestPage(self._first + page, QSize(THUMB_WIDTH, height), QPdfDocumentRenderOptions())

    def _rendered(self, blob_page: int, _size: QSize, image: QImage, *_: Any) -> None:
        page = blob_page - self._first
        if not 0 <= page < self._count:
            return
        self._images[page] = QPixmap.fromImage(image)
        index = self.index(page)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class DocumentViewer(QWidget):
    """Shows one document at a time; ``page_changed(document_id, page)`` uses 1-based pages."""

    page_changed = Signal(int, int)

    ZOOM_STEPS = (0.25, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 3.0, 4.0)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: DocumentFile | None = None
        self.page = 1
        self._pdf_cache: dict[Path, QPdfDocument] = {}
        self._image_reader_path: Path | None = None
        self._image_zoom = 1.0
        self._image: QImage | None = None
        self._build()
        self.show_message(tr("Select a document on the left to read it here."))

    # -- layout ---------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("viewerTitle")
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.prev_button = self._button("◀", tr("Previous page (PgUp)"), self.previous_page)
        self.page_spin = QSpinBox(self)
        self.page_spin.setMinimum(1)
        self.page_spin.setMinimumWidth(64)
        self.page_spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda value: self.goto_page(value))
        self.page_total = QLabel(self)
        self.next_button = self._button("▶", tr("Next page (PgDn)"), self.next_page)
        self.zoom_out_button = self._button("－", tr("Zoom out (Ctrl+-)"), self.zoom_out)  # zh-data: a glyph
        self.zoom_label = QLabel("100%", self)
        self.zoom_label.setMinimumWidth(64)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._button("＋", tr("Zoom in (Ctrl++)"), self.zoom_in)  # zh-data: a glyph
        self.fit_button = self._button(tr("Fit width"), tr("Fit the page to the width (Ctrl+0)"), self.fit_width)
        self.thumbs_button = self._button(tr("Pages"), tr("Show or hide page thumbnails"), self._toggle_thumbs)
        bar.addWidget(self.title_label, 1)
        for widget in (self.prev_button, self.page_spin, self.page_total, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button, self.thumbs_button):
            bar.addWidget(widget)

        self.pdf_view = QPdfView(self)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self._set_pdf_zoom_mode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setDocumentMargins(self.pdf_view.documentMargins())
        self.pdf_view.zoomFactorChanged.connect(lambda _z: self._update_zoom_label())

        self.thumbs = ThumbnailModel(self)
        self.thumb_view = QListView(self)
        self.thumb_view.setModel(self.thumbs)
        self.thumb_view.setViewMode(QListView.ViewMode.IconMode)
        self.thumb_view.setFlow(QListView.Flow.TopToBottom)
        self.thumb_view.setWrapping(False)
        self.thumb_view.setUniformItemSizes(True)
        self.thumb_view.setIconSize(QSize(THUMB_WIDTH, int(THUMB_WIDTH * 1.414)))
        self.thumb_view.setSpacing(4)
        self.thumb_view.setFixedWidth(THUMB_WIDTH + 36)
        self.thumb_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.thumb_view.clicked.connect(lambda index: self.goto_page(index.row() + 1))

        self.image_label = QLabel(self)
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll = QScrollArea(self)
        self.image_scroll.setWidget(self.image_label)
        self.image_scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_scroll.setWidgetResizable(False)

        self.text_view = QTextBrowser(self)
        self.text_view.setObjectName("docxText")
        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setObjectName("viewerMessage")

        self.stack = QStackedWidget(self)
        for widget in (self.pdf_view, self.image_scroll, self.text_view, self.message):
            self.stack.addWidget(widget)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(4)
        body.addWidget(self.thumb_view)
        body.addWidget(self.stack, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        from ui.review.highlight import PageHighlighter

        self.highlighter = PageHighlighter(self)  # where a fact or a searched word is on the page

    # -- opening --------------------------------------------------------------------

    @property
    def document_id(self) -> int | None:
        return self.info.document_id if self.info else None

    @property
    def page_count(self) -> int:
        return self.info.page_count if self.info else 0

    def clear(self) -> None:
        self.info = None
        self.show_message(tr("This case has no documents."))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.thumbs.set_pages(None, 0, 0)
        self.thumb_view.setVisible(False)
        self._set_controls(False)

    def _set_controls(self, paged: bool) -> None:
        for widget in (self.prev_button, self.page_spin, self.page_total, self.next_button):
            widget.setEnabled(paged)
        zoomable = self.stack.currentWidget() in (self.pdf_view, self.image_scroll)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            widget.setEnabled(zoomable)
        self.thumbs_button.setEnabled(self.stack.currentWidget() is self.pdf_view)

    def _pdf(self, path: Path) -> QPdfDocument:
        doc = self._pdf_cache.get(path)
        if doc is None:
            doc = QPdfDocument(self)
            error = doc.load(str(path))
            if error != QPdfDocument.Error.None_:
                doc.deleteLater()
                raise OSError(fmt(tr("Cannot open the PDF file %1 (%2)."), path.name, error.name))
            if len(self._pdf_cache) >= 4:  # keep a few open: documents of one case share blobs
                old_path = next(iter(self._pdf_cache))
                self._pdf_cache.pop(old_path).deleteLater()
            self._pdf_cache[path] = doc
        return doc

    def open_document(self, info: DocumentFile, page: int = 1, paragraphs: list[str] | None = None) -> None:
        self.info = info
        same = info.doc_type == info.title or not info.doc_type
        self.title_label.setText(info.title if same else f"{info.doc_type} · {info.title}")
        self.title_label.setToolTip(info.title)
        try:
            if info.kind == "pdf":
                doc = self._pdf(info.path)
                if info.page_start - 1 + info.page_count > doc.pageCount():
                    # The recorded range runs past the file: show what exists, never crash.
                    log.warning("document %s range exceeds the file's %s pages", info.document_id, doc.pageCount())
                self.pdf_view.setDocument(doc)
                self.stack.setCurrentWidget(self.pdf_view)
                self.thumbs.set_pages(doc, info.page_start - 1, info.page_count)
                self.thumb_view.setVisible(info.page_count > 1)
            elif info.kind == "image":
                self._open_image(info.path)
                self.thumb_view.setVisible(False)
            else:
                self.text_view.setPlainText("\n\n".join(p for p in (paragraphs or []) if p.strip()))
                self.stack.setCurrentWidget(self.text_view)
                self.thumb_view.setVisible(False)
        except OSError as exc:
            self.show_message(str(exc))
            return
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(max(info.page_count, 1))
        self.page_spin.blockSignals(False)
        self.page_total.setText(fmt(tr("of %1"), info.page_count))
        self._set_controls(info.kind in ("pdf", "image") and info.page_count >= 1)
        self.page = 0
        self.goto_page(page)

    def _open_image(self, path: Path) -> None:
        self._image_reader_path = path
        self._image = None
        self._image_zoom = 1.0
        self.stack.setCurrentWidget(self.image_scroll)

    def _show_image_page(self, page: int) -> None:
        if self._image_reader_path is None:
            return
        reader = QImageReader(str(self._image_reader_path))
        reader.setAutoTransform(True)
        if page > 1:
            reader.jumpToImage(page - 1)
        image = reader.read()
        if image.isNull():
            self.show_message(fmt(tr("Cannot read the image %1: %2"), self._image_reader_path.name, reader.errorString()))
            return
        self._image = image
        self._fit_image_width()

    # -- navigation -----------------------------------------------------------------

    def goto_page(self, page: int) -> None:
        if self.info is None:
            return
        page = max(1, min(page, self.info.page_count))
        changed = page != self.page
        self.page = page
        if self.info.kind == "pdf":
            self.pdf_view.pageNavigator().jump(self.info.blob_page(page), QPointF(), self.pdf_view.zoomFactor())
            self.thumb_view.setCurrentIndex(self.thumbs.index(page - 1))
        elif self.info.kind == "image":
            self._show_image_page(page)
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page)
        self.page_spin.blockSignals(False)
        self._update_zoom_label()
        self.highlighter.refresh()
        if changed:
            self.page_changed.emit(self.info.document_id, page)

    def next_page(self) -> None:
        self.goto_page(self.page + 1)

    def previous_page(self) -> None:
        self.goto_page(self.page - 1)

    # -- zoom -----------------------------------------------------------------------

    def _current_zoom(self) -> float:
        if self.stack.currentWidget() is self.image_scroll:
            return self._image_zoom
        return float(self.pdf_view.zoomFactor())

    def _set_zoom(self, zoom: float) -> None:
        zoom = max(0.1, min(zoom, 6.0))
        if self.stack.currentWidget() is self.image_scroll:
            self._image_zoom = zoom
            self._render_image()
        else:
            self._set_pdf_zoom_mode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(zoom)
        self._update_zoom_label()

    def zoom_in(self) -> None:
        current = self._current_zoom()
        self._set_zoom(next((z for z in self.ZOOM_STEPS if z > current + 0.01), current * 1.25))

    def zoom_out(self) -> None:
        current = self._current_zoom()
        self._set_zoom(next((z for z in reversed(self.ZOOM_STEPS) if z < current - 0.01), current / 1.25))

    def fit_width(self) -> None:
        if self.stack.currentWidget() is self.image_scroll:
            self._fit_image_width()
        else:
            self._set_pdf_zoom_mode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def _set_pdf_zoom_mode(self, mode: QPdfView.ZoomMode) -> None:
        """Fit to width keeps the vertical scroll bar: a page fitted to the width is taller with
        the bar hidden, which shows the bar, which narrows the page, which hides the bar… — a page
        about as tall as the view made Qt relayout endlessly and froze the window."""
        fit = mode == QPdfView.ZoomMode.FitToWidth
        self.pdf_view.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn if fit else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.pdf_view.setZoomMode(mode)

    def _fit_image_width(self) -> None:
        if self._image is None or self._image.width() <= 0:
            return
        available = max(self.image_scroll.viewport().width() - 8, 100)
        self._image_zoom = min(available / self._image.width(), 4.0)
        self._render_image()

    def _render_image(self) -> None:
        if self._image is None:
            return
        width = max(int(self._image.width() * self._image_zoom), 1)
        pixmap = QPixmap.fromImage(
            self._image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        )
        self.image_label.setPixmap(pixmap)
        self.image_label.resize(pixmap.size())

    def _update_zoom_label(self) -> None:
        pdf_fit = (
            self.stack.currentWidget() is self.pdf_view
            and self.pdf_view.zoomMode() == QPdfView.ZoomMode.FitToWidth
        )
        self.zoom_label.setText(tr("Fit") if pdf_fit else f"{round(self._current_zoom() * 100)}%")

    def _toggle_thumbs(self) -> None:
        self.thumb_view.setVisible(not self.thumb_view.isVisible())
