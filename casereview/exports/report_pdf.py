"""The campaign report (评查情况通报) as PDF in the GB/T 9704 layout (official_pdf)."""

from __future__ import annotations

from typing import BinaryIO

from casereview.exports.official import OfficialDocument
from casereview.exports.official_pdf import render_official_pdf
from casereview.exports.pdf_common import PdfOptions


def render_report_pdf(model: OfficialDocument, stream: BinaryIO, options: PdfOptions | None = None) -> None:
    render_official_pdf(model, stream, options)
