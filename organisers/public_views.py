"""Pages anyone may open: a certificate's verification and the honoree gallery; and the
honoree's own certificate download. Thin: the reads are organisers.gallery, the rules
organisers.rules."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from organisers.certificates import code_is_signed, qr_svg, verification_url
from organisers.exports import certificates, honorees
from organisers.models import Certificate
from submissions.models import Dossier


def _no_such_certificate(request: HttpRequest, code: str) -> HttpResponse:
    response = render(request, "organisers/public/no_certificate.html", {"code": code}, status=404)
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """What the certificate says and whether it still holds; a changed or made-up code is
    "no such certificate", told apart from an unknown one by nothing."""
    if not code_is_signed(code):
        return _no_such_certificate(request, code)
    certificate = (
        Certificate.objects.select_related("snapshot__round__season")
        .filter(code=code.upper())
        .first()
    )
    if certificate is None:
        return _no_such_certificate(request, code)
    url = verification_url(certificate.code)
    context = {
        "certificate": certificate,
        "season": certificate.snapshot.round.season,
        "url": url,
        "qr": qr_svg(url),
    }
    response = render(request, "organisers/public/verify.html", context)
    patch_cache_control(response, public=True, max_age=60)  # a revocation shows within a minute
    return response


@login_required
def own_certificate(request: HttpRequest, dossier: int) -> HttpResponse:
    """The honoree's own certificate (PDF), once the honour is published to them."""
    dossier_obj = get_object_or_404(Dossier.objects.select_related("season"), pk=dossier)
    if not request.user.has_perm("organisers.download_own_certificate", dossier_obj):
        raise PermissionDenied
    snapshot = honorees.final_snapshot(dossier_obj.season)
    honoree = None
    if snapshot is not None:
        honoree = next(
            (h for h in honorees.honorees(snapshot) if h.dossier_id == dossier_obj.pk), None
        )
    if honoree is None:
        raise Http404
    content = certificates.certificate_pdf(snapshot, honoree)
    response = HttpResponse(content, content_type="application/pdf")
    filename = certificates.certificate_filename(honoree)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
