"""Pages anyone may open: a certificate's verification and the honoree gallery; and the
honoree's own certificate download. Thin: the reads are organisers.gallery, the rules
organisers.rules."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from organisers import gallery
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


# --- The honoree gallery ---------------------------------------------------------------------

GALLERY_MAX_AGE = 300


def _etag(request: HttpRequest, lang: str, version: str) -> str:
    """From what the page is made of, not its bytes (each page carries a fresh CSRF mask):
    the data's version, the language, the address and who is signed in."""
    parts = (version, lang, request.get_full_path(), str(request.user.pk or ""))
    return '"' + hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest() + '"'


def _cacheable(response: HttpResponse, etag: str) -> HttpResponse:
    """Public for five minutes, with an ETag: a shared cache or the browser may keep it, and
    asks again with If-None-Match (304 when nothing changed)."""
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=GALLERY_MAX_AGE)
    return response


def _alternates(name: str, *args) -> dict[str, str]:
    return {
        "vi": reverse(f"gallery_{name}_vi", args=args),
        "en": reverse(f"gallery_{name}_en", args=args),
    }


def _render_gallery(
    request: HttpRequest, lang: str, template: str, context: dict, version: str
) -> HttpResponse:
    etag = _etag(request, lang, version)
    if etag in request.headers.get("If-None-Match", ""):
        return _cacheable(HttpResponseNotModified(), etag)
    with translation.override(lang):
        context = {**context, "lang": lang, "site_url": settings.SITE_URL.rstrip("/")}
        response = render(request, template, context)
        response["Content-Language"] = lang
    return _cacheable(response, etag)


@require_GET
def gallery_index(request: HttpRequest, lang: str) -> HttpResponse:
    """Every published season, and the search over them."""
    seasons = gallery.published_seasons()
    query = request.GET.get("q", "").strip()[:100]
    results = gallery.search(query, [s.year for s in seasons]) if query else []
    context = {
        "seasons": seasons,
        "query": query,
        "results": results,
        "alternates": _alternates("index"),
    }
    version = ",".join(f"{s.year}:{s.gallery_version}" for s in seasons)
    return _render_gallery(request, lang, "organisers/public/gallery_index.html", context, version)


@require_GET
def gallery_season(request: HttpRequest, lang: str, year: int) -> HttpResponse:
    season_gallery = gallery.season_gallery(year)
    if season_gallery is None:
        raise Http404
    context = {
        "gallery": season_gallery,
        "seasons": gallery.published_seasons(),
        "alternates": _alternates("season", year),
    }
    version = season_gallery.version + "," + ",".join(str(s.year) for s in context["seasons"])
    return _render_gallery(request, lang, "organisers/public/gallery_season.html", context, version)


@require_GET
def gallery_honoree(request: HttpRequest, lang: str, year: int, slug: str) -> HttpResponse:
    season_gallery = gallery.season_gallery(year)
    honoree = season_gallery.find(slug) if season_gallery else None
    if honoree is None:
        raise Http404
    context = {
        "gallery": season_gallery,
        "honoree": honoree,
        "alternates": _alternates("honoree", year, honoree.slug),
    }
    return _render_gallery(
        request, lang, "organisers/public/gallery_honoree.html", context, season_gallery.version
    )
