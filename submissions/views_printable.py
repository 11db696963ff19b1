"""Downloads of a dossier on paper: the dossier PDF and the application form to sign."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from submissions.printable import (
    application_form_filename,
    application_form_pdf,
    dossier_pdf,
    dossier_pdf_filename,
)
from submissions.selectors import dossier_with_relations


@login_required
@require_GET
def dossier_pdf_download(request, pk: int) -> HttpResponse:
    dossier = _allowed(request, pk, "submissions.download_dossier_pdf")
    return _pdf(dossier_pdf(dossier), dossier_pdf_filename(dossier))


@login_required
@require_GET
def application_form_download(request, pk: int) -> HttpResponse:
    dossier = _allowed(request, pk, "submissions.download_application_form")
    return _pdf(application_form_pdf(dossier), application_form_filename(dossier))


def _allowed(request, pk: int, permission: str):
    dossier = dossier_with_relations(pk)
    if dossier is None or not request.user.has_perm(permission, dossier):
        raise Http404  # the same answer whether it exists or not
    return dossier


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
