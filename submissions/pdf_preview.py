"""A PNG of a PDF's first page for the screening page, rendered by PDFium (pypdfium2).

Size-limited on every side: the file read (``max_bytes``), the picture (``max_width`` and
``max_height`` pixels). Anything PDFium cannot open (broken, encrypted, no page) gives None:
the page then keeps only its link to the PDF."""

from __future__ import annotations

import io
import logging
import threading

import pypdfium2 as pdfium
from django.core.files import File

logger = logging.getLogger(__name__)

PREVIEW_MAX_WIDTH = 600
PREVIEW_MAX_HEIGHT = 850  # an A4 page at 600 px wide; a long strip is cut down further
PREVIEW_MAX_BYTES = 20 * 1024 * 1024  # the upload limit: nothing larger is rendered
# PDFium is not thread-safe: one render at a time in a process.
_PDFIUM_LOCK = threading.Lock()


def pdf_first_page_png(
    file: File,
    *,
    size: int,
    max_width: int = PREVIEW_MAX_WIDTH,
    max_height: int = PREVIEW_MAX_HEIGHT,
    max_bytes: int = PREVIEW_MAX_BYTES,
) -> bytes | None:
    """Page 1 of the PDF in ``file`` as PNG bytes within the limits, or None."""
    if size <= 0 or size > max_bytes:
        return None
    with file.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return None
    try:
        with _PDFIUM_LOCK:
            return _render(data, max_width=max_width, max_height=max_height)
    except (pdfium.PdfiumError, ValueError, OSError) as error:
        logger.info("No preview for a PDF: %s", error)
        return None


def _render(data: bytes, *, max_width: int, max_height: int) -> bytes | None:
    document = pdfium.PdfDocument(data)  # a password-protected file raises here
    try:
        if len(document) == 0:
            return None
        page = document[0]
        try:
            width, height = page.get_size()  # points, after the page's rotation
            if width <= 0 or height <= 0:
                return None
            scale = min(max_width / width, max_height / height)
            image = page.render(scale=scale, may_draw_forms=False).to_pil()
        finally:
            page.close()
    finally:
        document.close()
    image.thumbnail((max_width, max_height))  # rounding never makes it a pixel too wide
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
