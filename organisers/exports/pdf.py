"""The PDF renderer moved to `vda_portal.pdf` (applicants' dossiers print with it too)."""

from vda_portal.pdf import font_faces, render_pdf

__all__ = ["font_faces", "render_pdf"]
