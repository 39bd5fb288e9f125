"""The campaign report (评查情况通报) as an editable Word file in the GB/T 9704 layout
(official_docx: explicit East Asian fonts on every run, page numbers "— 1 —")."""

from __future__ import annotations

from typing import BinaryIO

from casereview.exports.official import OfficialDocument
from casereview.exports.official_docx import render_official_docx
from casereview.exports.pdf_common import PdfOptions


def render_report_docx(model: OfficialDocument, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    render_official_docx(model, stream, options)
