"""整改通知书 as PDF in the GB/T 9704 layout (notice_official + official_pdf)."""

from __future__ import annotations

import io
from pathlib import Path

from casereview.exports.notice_official import build_notice
from casereview.exports.official_pdf import render_official_pdf
from casereview.exports.output import write_atomic
from casereview.exports.pdf_common import PdfOptions
from casereview.rectification.document import NoticeDocument

TITLE = "整改通知书"


def render_notice_pdf(doc: NoticeDocument, options: PdfOptions | None = None) -> bytes:
    # the notice is dated by its issue date: that is also the PDF's creation date, so the
    # same notice gives the same bytes on every export
    options = options or PdfOptions(fixed_date=doc.issue_date)
    buffer = io.BytesIO()
    render_official_pdf(build_notice(doc), buffer, options)
    return buffer.getvalue()


def write_notice_pdf(doc: NoticeDocument, path: Path, options: PdfOptions | None = None) -> Path:
    return write_atomic(path, render_notice_pdf(doc, options))
