"""The PDF renderer (organisers' exports, applicants' dossiers and forms): WeasyPrint with the
vendored Be Vietnam Pro font, which it may read and nothing else (no network, no system fonts), so
diacritics never fall back to another font. Templates include "pdf/_fonts.html"."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

FONT_DIR = "vendor/fonts/be-vietnam-pro"
FONT_FILES = {
    (400, "normal"): "BeVietnamPro-Regular.ttf",
    (400, "italic"): "BeVietnamPro-Italic.ttf",
    (600, "normal"): "BeVietnamPro-SemiBold.ttf",
    (700, "normal"): "BeVietnamPro-Bold.ttf",
}

# Its progress messages are quieted in settings.LOGGING.


def font_faces() -> list[dict]:
    """@font-face sources as file:// URLs found by the static files finders."""
    faces = []
    for (weight, style), name in FONT_FILES.items():
        path = finders.find(f"{FONT_DIR}/{name}")
        faces.append({"weight": weight, "style": style, "url": Path(path).as_uri()})
    return faces


def _fonts_only():
    """WeasyPrint may read the vendored fonts and images inlined as data: URLs, nothing else (no
    network, no other file); a missing font stops the rendering instead of falling back to a
    font without diacritics."""
    allowed = Path(finders.find(f"{FONT_DIR}/{FONT_FILES[400, 'normal']}")).parent.as_uri() + "/"

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not (url.startswith(allowed) or url.startswith("data:image/")):
                raise ValueError(f"not a vendored font: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=["file", "data"], fail_on_errors=True)


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, {**context, "font_faces": font_faces()})
    return HTML(string=html, url_fetcher=_fonts_only()).write_pdf()
