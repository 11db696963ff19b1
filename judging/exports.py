"""Exports for organisers: the honoree list (CSV, XLSX, PDF), certificates (PDF, ZIP), the
dossier list and the score matrix (CSV, XLSX), and the record of every export.

- Honorees come from the final round's confirmed results snapshot, never from a fresh
  computation, so that every copy of the list is the same; without a snapshot there is no list.
- Large exports stream: CSV row by row from a chunked queryset iterator, XLSX through an
  openpyxl write-only workbook into a temporary file, ZIP entry by entry.
- CSV is UTF-8 with a byte order mark, so that Excel shows Vietnamese; PDFs embed the vendored
  Be Vietnam Pro font and never depend on the system's fonts.
"""

from __future__ import annotations

import csv
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.contrib.staticfiles import finders
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.eligibility import ORGANISATION_KINDS
from categories.models import Category, Criterion, RoundKind, Season
from judging.models import (
    Assignment,
    AssignmentStatus,
    ResultSnapshot,
    ReviewStatus,
    Round,
)
from judging.models_exports import ExportChannel, ExportFormat, ExportKind, ExportRecord
from judging.selectors import conflicted_dossiers_q
from submissions.models import Dossier, DossierStatus
from submissions.provinces import province_by_code, slugify_vi

CHUNK_SIZE = 1000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_CSV = "%d/%m/%Y %H:%M"
DATETIME_XLSX = "dd/mm/yyyy hh:mm"
FONT_DIR = "vendor/fonts/be-vietnam-pro"
FONT_FILES = {
    (400, "normal"): "BeVietnamPro-Regular.ttf",
    (400, "italic"): "BeVietnamPro-Italic.ttf",
    (600, "normal"): "BeVietnamPro-SemiBold.ttf",
    (700, "normal"): "BeVietnamPro-Bold.ttf",
}


# WeasyPrint reports every rendering step at INFO, the level the portal logs at: keep it quiet.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class NoConfirmedResults(Exception):
    """The season has no confirmed final results: there is no honoree list to export."""

    message = _(
        "The final round's results have not been confirmed yet, so there is no honoree list "
        "to export. Confirm the results of the final round first."
    )


# --- Tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazily) translated string
    width: int  # XLSX column width in characters
    number_format: str | None = None  # XLSX only: "0.00", dates


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]


# Text that a spreadsheet would run as a formula (CSV injection): applicants write titles.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATETIME_CSV)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # shown as text, as OWASP advises
    return str(value)  # a Decimal keeps its places: 87.50


class _Echo:
    """csv.writer writes into this and gets the line back, so nothing accumulates."""

    def write(self, value: str) -> str:
        return value


def csv_lines(sheet: Sheet) -> Iterator[str]:
    """The sheet as CSV lines, the first carrying the byte order mark. The active language is
    kept for the rows, which a streaming response reads after the view has returned."""
    language = translation.get_language()
    writer = csv.writer(_Echo())
    header = "\ufeff" + writer.writerow([str(c.header) for c in sheet.columns])

    def generate() -> Iterator[str]:
        yield header
        with translation.override(language):
            for row in sheet.rows:
                yield writer.writerow([_csv_cell(v) for v in row])

    return generate()


def write_xlsx(sheets: Iterable[Sheet], file: IO[bytes]) -> None:
    """A write-only workbook: rows go to disk as they come (formatted header, frozen first row,
    column widths, number formats)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="A31D24")
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            cells = zip(sheet.columns, row, strict=True)
            ws.append([_xlsx_cell(ws, WriteOnlyCell, column, v) for column, v in cells])
    workbook.save(file)


def _xlsx_cell(ws, cell_class, column: Column, value: Any):
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, str) and value.startswith("="):
        cell = cell_class(ws, value=value)
        cell.data_type = "s"  # openpyxl would store it as a formula
        return cell
    if column.number_format is None or value is None:
        return value
    cell = cell_class(ws, value=value)
    cell.number_format = column.number_format
    return cell


# --- Honorees --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Honoree:
    dossier_id: int
    receipt_number: str
    category_number: int
    category_name: str  # in the active language
    category_name_vi: str
    category_name_en: str
    rank: int
    name: str
    title: str
    province: str
    score: Decimal


def final_snapshot(season: Season) -> ResultSnapshot | None:
    return (
        ResultSnapshot.objects.filter(round__season=season, round__kind=RoundKind.FINAL)
        .select_related("round__season")
        .first()
    )


def honorees(snapshot: ResultSnapshot) -> list[Honoree]:
    """The selected dossiers of the final round's snapshot, by category and rank. Rank, score,
    title and category come from the snapshot; who and where from the applicant's profile."""
    payload = snapshot.payload
    categories = {c["id"]: c for c in payload["categories"]}
    picked = [
        (categories[result["category"]], row)
        for result in payload["results"]
        for row in result["ranking"]
        if row["selected"]
    ]
    dossiers = Dossier.objects.select_related("applicant__applicant_profile").in_bulk(
        [row["dossier"] for _category, row in picked]
    )
    names = Category.objects.in_bulk(list(categories))
    titles = {d["id"]: d["title"] for c in payload["categories"] for d in c["dossiers"]}
    result = [
        _honoree(category, row, dossiers.get(row["dossier"]), names.get(category["id"]), titles)
        for category, row in picked
    ]
    return sorted(result, key=lambda h: (h.category_number, h.rank))


def _honoree(
    category: dict, row: dict, dossier: Dossier | None, model: Category | None, titles: dict
) -> Honoree:
    return Honoree(
        dossier_id=row["dossier"],
        receipt_number=row["receipt_number"],
        category_number=category["number"],
        category_name=model.name if model else category["name"],
        category_name_vi=model.name_vi if model else category["name"],
        category_name_en=model.name_en if model else category["name"],
        rank=row["rank"],
        name=applicant_name(dossier) if dossier else row["receipt_number"],
        title=titles.get(row["dossier"]) or (dossier.title if dossier else ""),
        province=_province(dossier),
        score=Decimal(row["score"]).quantize(Decimal("0.01")),
    )


def applicant_name(dossier: Dossier) -> str:
    """The organisation's legal name or the individual's full name, as the profile has it."""
    profile = getattr(dossier.applicant, "applicant_profile", None)
    name = profile.display_name if profile else ""
    return name or dossier.applicant.full_name or dossier.applicant.email


def _province(dossier: Dossier | None) -> str:
    profile = getattr(dossier.applicant, "applicant_profile", None) if dossier else None
    if profile is None:
        return ""
    return profile.province_name or _province_name(profile.province_code)


def _province_name(code: str) -> str:
    try:
        return province_by_code(code).name
    except KeyError:
        return ""


def honoree_columns() -> list[Column]:
    return [
        Column(pgettext_lazy("export column", "Category number"), 12),
        Column(pgettext_lazy("export column", "Category"), 48),
        Column(pgettext_lazy("export column", "Rank"), 8),
        Column(pgettext_lazy("export column", "Honoree"), 42),
        Column(pgettext_lazy("export column", "Entry title"), 48),
        Column(pgettext_lazy("export column", "Province"), 24),
        Column(pgettext_lazy("export column", "Final score"), 12, "0.00"),
    ]


def _honoree_row(h: Honoree) -> list:
    return [h.category_number, h.category_name, h.rank, h.name, h.title, h.province, h.score]


def honoree_sheets(rows: list[Honoree]) -> list[Sheet]:
    """One sheet with every honoree, then one per category."""
    columns = honoree_columns()
    sheets = [Sheet(gettext("All categories"), columns, [_honoree_row(h) for h in rows])]
    for number in sorted({h.category_number for h in rows}):
        title = pgettext("category number", "Category %(n)s") % {"n": number}
        picked = [_honoree_row(h) for h in rows if h.category_number == number]
        sheets.append(Sheet(title, columns, picked))
    return sheets


def honorees_csv(rows: list[Honoree]) -> Iterator[str]:
    return csv_lines(honoree_sheets(rows)[0])


# --- PDF -------------------------------------------------------------------------------------


def font_faces() -> list[dict]:
    """@font-face sources as file:// URLs found by the static files finders."""
    faces = []
    for (weight, style), name in FONT_FILES.items():
        path = finders.find(f"{FONT_DIR}/{name}")
        faces.append({"weight": weight, "style": style, "url": Path(path).as_uri()})
    return faces


def _fonts_only():
    """WeasyPrint may read the vendored fonts and nothing else (no network, no other file);
    a missing font stops the rendering instead of falling back to a font without diacritics."""
    from weasyprint.urls import URLFetcher

    allowed = Path(finders.find(f"{FONT_DIR}/{FONT_FILES[400, 'normal']}")).parent.as_uri() + "/"

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed):
                raise ValueError(f"not a vendored font: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=["file"], fail_on_errors=True)


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "font_faces": font_faces()})
    return HTML(string=html, url_fetcher=_fonts_only()).write_pdf()


def honorees_pdf(snapshot: ResultSnapshot, rows: list[Honoree]) -> bytes:
    by_category: dict[int, list[Honoree]] = {}
    for honoree in rows:
        by_category.setdefault(honoree.category_number, []).append(honoree)
    context = {
        "season": snapshot.round.season,
        "snapshot": snapshot,
        "groups": [(items[0], items) for _n, items in sorted(by_category.items())],
    }
    return render_pdf("judging/exports/honorees.html", context)


def certificate_pdf(snapshot: ResultSnapshot, honoree: Honoree) -> bytes:
    context = {"season": snapshot.round.season, "snapshot": snapshot, "honoree": honoree}
    return render_pdf("judging/exports/certificate.html", context)


def certificate_filename(honoree: Honoree) -> str:
    name = slugify_vi(honoree.name)[:60] or honoree.receipt_number
    return f"{honoree.category_number}-{honoree.rank:02d}-{name}.pdf"


class _Sink:
    """A write-only byte stream for zipfile: what was written is taken out after each entry.
    It cannot seek, so zipfile writes data descriptors and never goes back."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = bytes(self._buffer)
        self._buffer.clear()
        return data


def certificates_zip(snapshot: ResultSnapshot, rows: list[Honoree]) -> Iterator[bytes]:
    """One certificate per honoree, rendered and sent one at a time."""
    language = translation.get_language()

    def generate() -> Iterator[bytes]:
        sink = _Sink()
        with translation.override(language), zipfile.ZipFile(sink, "w") as archive:
            for honoree in rows:
                archive.writestr(certificate_filename(honoree), certificate_pdf(snapshot, honoree))
                yield sink.take()
        yield sink.take()  # the central directory, written on close

    return generate()


# --- The dossier list ------------------------------------------------------------------------

DOSSIER_FIELDS = (
    "receipt_number",
    "category__number",
    "category__name_vi",
    "category__name_en",
    "status",
    "applicant__email",
    "applicant__full_name",
    "applicant__applicant_profile__kind",
    "applicant__applicant_profile__legal_name",
    "applicant__applicant_profile__full_name",
    "applicant__applicant_profile__province_name",
    "title",
    "submitted_at",
)


def dossier_columns() -> list[Column]:
    return [
        Column(pgettext_lazy("export column", "Receipt number"), 18),
        Column(pgettext_lazy("export column", "Category number"), 12),
        Column(pgettext_lazy("export column", "Category"), 40),
        Column(pgettext_lazy("export column", "Status"), 16),
        Column(pgettext_lazy("export column", "Applicant"), 40),
        Column(pgettext_lazy("export column", "Email"), 30),
        Column(pgettext_lazy("export column", "Province"), 24),
        Column(pgettext_lazy("export column", "Entry title"), 48),
        Column(pgettext_lazy("export column", "Submitted at"), 18, DATETIME_XLSX),
    ]


def season_dossiers(season: Season):
    # Drafts (no receipt number yet) last in each category, on every database.
    receipt = F("receipt_number").asc(nulls_last=True)
    return Dossier.objects.filter(season=season).order_by("category__number", receipt, "pk")


def dossier_sheet(season: Season) -> Sheet:
    rows = season_dossiers(season).values(*DOSSIER_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    english = (translation.get_language() or "vi").startswith("en")
    return Sheet(gettext("Dossiers"), dossier_columns(), (_dossier_row(r, english) for r in rows))


def _dossier_row(row: dict, english: bool) -> list:
    prefix = "applicant__applicant_profile__"
    organisation = row[prefix + "kind"] in ORGANISATION_KINDS
    name = row[prefix + "legal_name"] if organisation else row[prefix + "full_name"]
    return [
        row["receipt_number"] or "",
        row["category__number"],
        (row["category__name_en"] if english else "") or row["category__name_vi"],
        str(DossierStatus(row["status"]).label),
        name or row["applicant__full_name"] or row["applicant__email"],
        row["applicant__email"],
        row[prefix + "province_name"] or "",
        row["title"],
        timezone.localtime(row["submitted_at"]) if row["submitted_at"] else None,
    ]


# --- The score matrix ------------------------------------------------------------------------


def active_assignments(**filters) -> QuerySet[Assignment]:
    """Active assignments without any judge–dossier pair under a conflict of interest
    (judging's own condition, applied to each row's judge)."""
    conflicted = conflicted_dossiers_q(
        OuterRef("judge"), dossier_ref="dossier", applicant_ref="dossier__applicant"
    )
    return Assignment.objects.filter(status=AssignmentStatus.ACTIVE, **filters).exclude(conflicted)


def scored_assignments(round_: Round) -> QuerySet[Assignment]:
    return (
        active_assignments(round=round_)
        .select_related("dossier", "judge", "review")
        .prefetch_related("review__scores")
        .order_by("dossier__receipt_number", "dossier_id", "judge__email")
    )


def round_criteria(round_: Round) -> dict[int, list[Criterion]]:
    criteria: dict[int, list[Criterion]] = {}
    rows = Criterion.objects.filter(category__season=round_.season_id, round_kind=round_.kind)
    for criterion in rows.order_by("position", "id"):
        criteria.setdefault(criterion.category_id, []).append(criterion)
    return criteria


def score_sheet(round_: Round, category: Category, criteria: list[Criterion]) -> Sheet:
    columns = [
        Column(pgettext_lazy("export column", "Receipt number"), 18),
        Column(pgettext_lazy("export column", "Entry title"), 40),
        Column(pgettext_lazy("export column", "Judge"), 28),
        Column(pgettext_lazy("export column", "Email"), 28),
        Column(pgettext_lazy("export column", "Review"), 12),
        *(Column(f"{c.name} ({c.weight})", 14, "0.0") for c in criteria),
        Column(pgettext_lazy("export column", "Total"), 10, "0.00"),
    ]
    rows = scored_assignments(round_).filter(dossier__category=category)
    title = pgettext("category number", "Category %(n)s") % {"n": category.number}
    return Sheet(title, columns, _score_rows(rows.iterator(chunk_size=CHUNK_SIZE), criteria))


def _score_rows(assignments: Iterable[Assignment], criteria: list[Criterion]) -> Iterator[list]:
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        final = review is not None and review.status == ReviewStatus.FINAL
        # Only final reviews count: a draft is the judge's work in progress.
        values = {s.criterion_id: s.value for s in review.scores.all()} if final else {}
        yield [
            assignment.dossier.receipt_number or "",
            assignment.dossier.title,
            assignment.judge.full_name or assignment.judge.email,
            assignment.judge.email,
            str(review.get_status_display()) if review else gettext("Not started"),
            *(values.get(c.pk) for c in criteria),
            review.total if final else None,
        ]


def score_sheets(round_: Round, categories: Iterable[Category]) -> list[Sheet]:
    criteria = round_criteria(round_)
    return [score_sheet(round_, c, criteria.get(c.pk, [])) for c in categories]


def count_score_rows(round_: Round, category: Category | None = None) -> int:
    rows = scored_assignments(round_)
    return (rows.filter(dossier__category=category) if category else rows).count()


# --- The record ------------------------------------------------------------------------------


@transaction.atomic
def record_export(
    *,
    by: User | None,
    season: Season,
    kind: ExportKind,
    fmt: ExportFormat,
    rows: int,
    snapshot: ResultSnapshot | None = None,
    detail: str = "",
    channel: ExportChannel = ExportChannel.WEB,
) -> ExportRecord:
    return ExportRecord.objects.create(
        season=season,
        kind=kind,
        format=fmt,
        snapshot=snapshot,
        snapshot_sha256=snapshot.sha256 if snapshot else "",
        detail=detail[:200],
        row_count=rows,
        exported_by=by,
        channel=channel,
    )


# --- Whole exports, as the views and the command use them ------------------------------------


@dataclass(frozen=True)
class HonoreeExport:
    snapshot: ResultSnapshot
    rows: list[Honoree]


def honoree_export(
    *, season: Season, fmt: ExportFormat, by: User | None, channel=ExportChannel.WEB
) -> HonoreeExport:
    """The honoree list from the confirmed snapshot, recorded; NoConfirmedResults otherwise."""
    snapshot = final_snapshot(season)
    if snapshot is None:
        raise NoConfirmedResults(NoConfirmedResults.message)
    rows = honorees(snapshot)
    kind = ExportKind.CERTIFICATES if fmt == ExportFormat.ZIP else ExportKind.HONOREES
    record_export(
        by=by,
        season=season,
        kind=kind,
        fmt=fmt,
        rows=len(rows),
        snapshot=snapshot,
        channel=channel,
    )
    return HonoreeExport(snapshot, rows)


def write_honorees(export: HonoreeExport, fmt: ExportFormat, file: IO[bytes]) -> None:
    """The honoree list into an open binary file (the command's output)."""
    writers: dict[str, Callable[[], None]] = {
        ExportFormat.CSV: lambda: file.writelines(
            line.encode() for line in honorees_csv(export.rows)
        ),
        ExportFormat.XLSX: lambda: write_xlsx(honoree_sheets(export.rows), file),
        ExportFormat.PDF: lambda: file.write(honorees_pdf(export.snapshot, export.rows)),
    }
    writers[fmt]()
