"""整改通知书 as an editable Word file in the GB/T 9704 layout (notice_official +
official_docx: East Asian fonts on every run, page numbers "— 1 —")."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from casereview.exports.notice_official import build_notice
from casereview.exports.official_docx import render_official_docx, set_run_font
from casereview.exports.output import write_with
from casereview.exports.pdf_common import PdfOptions
from casereview.rectification.document import NoticeDocument

__all__ = ["render_notice_docx", "set_run_font", "write_notice_docx"]


def render_notice_docx(doc: NoticeDocument, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    # dated by the issue date, so exporting the same notice twice gives the same bytes
    render_official_docx(build_notice(doc), stream, options or PdfOptions(fixed_date=doc.issue_date))


def write_notice_docx(doc: NoticeDocument, path: Path, options: PdfOptions | None = None) -> Path:
    return write_with(path, lambda stream: render_notice_docx(doc, stream, options))
