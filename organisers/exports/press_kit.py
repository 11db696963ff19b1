"""The press kit of a season: the honoree list as the press needs it (CSV, XLSX, PDF; no
scores), and each honoree's logo or photo if one was uploaded, in one streamed ZIP. Only
honorees who consented to publication are named (organisers.gallery decides consent); the
others are listed as "an honoree who asked not to be named", without title, province or image."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy

from organisers.exports.honorees import Honoree, HonoreeExport, honorees_pdf
from organisers.exports.tables import Column, Sheet, csv_lines, write_xlsx
from organisers.gallery import consenting
from submissions.models import Attachment, DocumentType
from submissions.provinces import slugify_vi
from vda_portal.zipstream import ZipSink, write_streamed


def press_columns() -> list[Column]:
    return [
        Column(pgettext_lazy("export column", "Category number"), 12),
        Column(pgettext_lazy("export column", "Category"), 48),
        Column(pgettext_lazy("export column", "Rank"), 8),
        Column(pgettext_lazy("export column", "Honoree"), 42),
        Column(pgettext_lazy("export column", "Entry title"), 48),
        Column(pgettext_lazy("export column", "Province"), 24),
    ]


def press_rows(rows: list[Honoree], named: set[int]) -> list[Honoree]:
    """The honorees as the press may name them (`named`: the dossiers with consent)."""
    anonymous = gettext("An honoree who asked not to be named")
    return [
        h
        if h.dossier_id in named
        else dataclasses.replace(h, name=anonymous, title="", province="")
        for h in rows
    ]


def _sheet(rows: list[Honoree]) -> Sheet:
    values = [
        [h.category_number, h.category_name, h.rank, h.name, h.title, h.province] for h in rows
    ]
    return Sheet(gettext("Honorees"), press_columns(), values)


def _images(rows: list[Honoree], named: set[int]) -> list[tuple[str, Attachment]]:
    by_dossier: dict[int, Attachment] = {}
    for attachment in Attachment.objects.filter(
        dossier_id__in=named, document_type=DocumentType.LOGO_PHOTO
    ).order_by("uploaded_at", "pk"):
        by_dossier[attachment.dossier_id] = attachment  # the latest one
    found = []
    for h in rows:
        attachment = by_dossier.get(h.dossier_id)
        if attachment is not None:
            suffix = PurePosixPath(attachment.original_name).suffix.lower() or ".jpg"
            name = slugify_vi(h.name)[:60] or h.receipt_number.lower()
            found.append((f"images/{h.category_number}-{h.rank:02d}-{name}{suffix}", attachment))
    return found


def press_kit_zip(export: HonoreeExport) -> Iterator[bytes]:
    """The ZIP, written entry by entry (images are read one at a time)."""
    language = translation.get_language()
    named = consenting([h.dossier_id for h in export.rows])
    rows = press_rows(export.rows, named)
    sheet = _sheet(rows)
    images = _images(export.rows, named)
    year = export.snapshot.round.season.year

    def generate() -> Iterator[bytes]:
        sink = ZipSink()
        with translation.override(language), zipfile.ZipFile(sink, "w") as archive:
            archive.writestr(f"vda-{year}-honorees.csv", "".join(csv_lines(sheet)))
            yield sink.take()
            xlsx = io.BytesIO()
            write_xlsx([sheet], xlsx)
            archive.writestr(f"vda-{year}-honorees.xlsx", xlsx.getvalue())
            yield sink.take()
            archive.writestr(
                f"vda-{year}-honorees.pdf", honorees_pdf(export.snapshot, rows, press=True)
            )
            yield sink.take()
            for path, attachment in images:
                with attachment.file.open("rb") as file:
                    yield from write_streamed(archive, sink, path, file)
        yield sink.take()

    return generate()
