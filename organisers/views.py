"""The organisers' pages: the season dashboard and the exports. Organisers only (the Organisers
group or superusers): anyone else signed in gets 403, a visitor the sign-in page."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers

from categories.models import RoundKind, Season
from judging.models import Round
from organisers import dashboard
from organisers.exports import (
    certificates,
    dossiers,
    honorees,
    press_kit,
    ranking,
    records,
    scores,
    tables,
)
from organisers.models import ExportFormat, ExportKind
from organisers.rules import is_organiser
from submissions.selectors import season_entry_paths


def organiser_required(view: Callable) -> Callable:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_organiser(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@organiser_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    choices = dashboard.seasons()
    season = dashboard.pick_season(choices, request.GET.get("season"))
    context = {"seasons": choices, "season": season}
    if season is not None:
        context.update(dashboard.dashboard(season))
        context["entry_paths"] = season_entry_paths(season)
    return render(request, "organisers/dashboard.html", context)


# --- Responses -------------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # personal data: no copy in any cache
    return response


def _csv(lines: Iterable[str], filename: str) -> HttpResponse:
    response = StreamingHttpResponse(
        (line.encode() for line in lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def _xlsx(sheets: Iterable[tables.Sheet], filename: str) -> HttpResponse:
    # A temporary file, not memory: it is deleted when the response closes it.
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    tables.write_xlsx(sheets, file)
    file.seek(0)
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type=tables.XLSX_CONTENT_TYPE
    )
    return _private(response)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def _unavailable(request: HttpRequest, season: Season, message) -> HttpResponse:
    context = {"season": season, "message": message}
    return render(request, "organisers/export_unavailable.html", context, status=400)


# --- Honorees and certificates ---------------------------------------------------------------


@organiser_required
def honorees_export(request: HttpRequest, year: str, fmt: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    try:
        export = honorees.honoree_export(season=season, fmt=ExportFormat(fmt), by=request.user)
    except honorees.NoConfirmedResults as refusal:
        return _unavailable(request, season, refusal.message)
    name = f"vda-{year}-honorees.{fmt}"
    if fmt == ExportFormat.CSV:
        return _csv(honorees.honorees_csv(export.rows), name)
    if fmt == ExportFormat.XLSX:
        return _xlsx(honorees.honoree_sheets(export.rows), name)
    return _pdf(honorees.honorees_pdf(export.snapshot, export.rows), name)


@organiser_required
def certificates_zip(request: HttpRequest, year: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    try:
        export = honorees.honoree_export(season=season, fmt=ExportFormat.ZIP, by=request.user)
    except honorees.NoConfirmedResults as refusal:
        return _unavailable(request, season, refusal.message)
    response = StreamingHttpResponse(
        certificates.certificates_zip(export.snapshot, export.rows), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="vda-{year}-certificates.zip"'
    return _private(response)


@organiser_required
def press_kit_zip(request: HttpRequest, year: str) -> HttpResponse:
    """The season's press kit: the honoree list without scores and the honorees' images."""
    season = get_object_or_404(Season, year=year)
    try:
        export = honorees.honoree_export(
            season=season, fmt=ExportFormat.ZIP, by=request.user, kind=ExportKind.PRESS_KIT
        )
    except honorees.NoConfirmedResults as refusal:
        return _unavailable(request, season, refusal.message)
    response = StreamingHttpResponse(
        press_kit.press_kit_zip(export), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="vda-{year}-press-kit.zip"'
    return _private(response)


@organiser_required
def certificate_pdf(request: HttpRequest, year: str, dossier: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    snapshot = honorees.final_snapshot(season)
    if snapshot is None:
        return _unavailable(request, season, honorees.NoConfirmedResults.message)
    honoree = next((h for h in honorees.honorees(snapshot) if h.dossier_id == int(dossier)), None)
    if honoree is None:
        raise Http404  # not an honoree: there is no certificate to issue
    records.record_export(
        by=request.user,
        season=season,
        kind=ExportKind.CERTIFICATES,
        fmt=ExportFormat.PDF,
        rows=1,
        snapshot=snapshot,
        detail=honoree.receipt_number,
    )
    content = certificates.certificate_pdf(snapshot, honoree)
    return _pdf(content, certificates.certificate_filename(honoree))


# --- Dossiers and scores ---------------------------------------------------------------------


@organiser_required
def dossiers_export(request: HttpRequest, year: str, fmt: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    records.record_export(
        by=request.user,
        season=season,
        kind=ExportKind.DOSSIERS,
        fmt=ExportFormat(fmt),
        rows=dossiers.season_dossiers(season).count(),
    )
    sheet = dossiers.dossier_sheet(season)
    name = f"vda-{year}-dossiers.{fmt}"
    return _csv(tables.csv_lines(sheet), name) if fmt == ExportFormat.CSV else _xlsx([sheet], name)


def _round(season: Season, kind: str) -> Round:
    if kind not in RoundKind.values:
        raise Http404
    return get_object_or_404(Round.objects.select_related("season"), season=season, kind=kind)


@organiser_required
def scores_xlsx(request: HttpRequest, year: str, kind: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    round_ = _round(season, kind)
    records.record_export(
        by=request.user,
        season=season,
        kind=ExportKind.SCORES,
        fmt=ExportFormat.XLSX,
        rows=scores.count_score_rows(round_),
        detail=kind,
    )
    sheets = scores.score_sheets(round_, season.categories.order_by("number"))
    return _xlsx(sheets, f"vda-{year}-scores-{kind}.xlsx")


@organiser_required
def scores_csv(request: HttpRequest, year: str, kind: str, number: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    round_ = _round(season, kind)
    category = get_object_or_404(season.categories, number=number)
    records.record_export(
        by=request.user,
        season=season,
        kind=ExportKind.SCORES,
        fmt=ExportFormat.CSV,
        rows=scores.count_score_rows(round_, category),
        detail=f"{kind}, {number}",
    )
    criteria = scores.round_criteria(round_).get(category.pk, [])
    sheet = scores.score_sheet(round_, category, criteria)
    return _csv(tables.csv_lines(sheet), f"vda-{year}-scores-{kind}-{number}.csv")


@organiser_required
def ranking_export(request: HttpRequest, year: str, kind: str, fmt: str) -> HttpResponse:
    season = get_object_or_404(Season, year=year)
    snapshot, result_tables = ranking.ranking_tables(_round(season, kind))
    records.record_export(
        by=request.user,
        season=season,
        kind=ExportKind.RANKING,
        fmt=ExportFormat(fmt),
        rows=ranking.count_rows(result_tables),
        snapshot=snapshot,
        detail=kind,
    )
    sheet = ranking.ranking_sheet(result_tables)
    name = f"vda-{year}-ranking-{kind}.{fmt}"
    return _csv(tables.csv_lines(sheet), name) if fmt == ExportFormat.CSV else _xlsx([sheet], name)
