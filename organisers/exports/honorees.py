"""The honoree list (CSV, XLSX, PDF) from the final round's confirmed results snapshot,
never from a fresh computation, so that every copy of the list is the same; without a snapshot
there is no list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import Category, RoundKind, Season
from judging.models import ResultSnapshot
from organisers.exports.records import record_export
from organisers.exports.tables import (
    Column,
    Sheet,
    csv_lines,
    write_xlsx,
)
from organisers.models import ExportChannel, ExportFormat, ExportKind
from submissions.models import Dossier
from submissions.provinces import province_by_code
from vda_portal.pdf import render_pdf


class NoConfirmedResults(Exception):
    """The season has no confirmed final results: there is no honoree list to export."""

    message = _(
        "The final round's results have not been confirmed yet, so there is no honoree list "
        "to export. Confirm the results of the final round first."
    )


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


def honorees_pdf(snapshot: ResultSnapshot, rows: list[Honoree]) -> bytes:
    by_category: dict[int, list[Honoree]] = {}
    for honoree in rows:
        by_category.setdefault(honoree.category_number, []).append(honoree)
    context = {
        "season": snapshot.round.season,
        "snapshot": snapshot,
        "groups": [(items[0], items) for _n, items in sorted(by_category.items())],
    }
    return render_pdf("organisers/exports/honorees.html", context)


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
