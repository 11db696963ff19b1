"""Certificates: one PDF per honoree, alone or all of them streamed entry by entry
in a ZIP. Each carries its verification URL and QR code (organisers.certificates)."""

from __future__ import annotations

import base64
import mimetypes
import zipfile
from collections.abc import Iterator

from django.utils import translation

from judging.models import ResultSnapshot
from organisers.certificates import (
    ceremony_date_written,
    qr_svg,
    verification_url,
)
from organisers.exports.honorees import Honoree
from organisers.models import Certificate, SeasonAwardSettings
from organisers.services import certificates_issue
from submissions.provinces import slugify_vi
from vda_portal.pdf import render_pdf
from vda_portal.zipstream import ZipSink


def _data_uri(field) -> str:
    """An uploaded image inlined for the PDF renderer (which reads no other file)."""
    if not field:
        return ""
    try:
        with field.open("rb") as file:
            content = file.read()
    except OSError:
        return ""
    kind = mimetypes.guess_type(field.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def design_context(snapshot: ResultSnapshot) -> dict:
    """What every certificate of the season shares: logo, seal, signatories, dates."""
    season = snapshot.round.season
    award = SeasonAwardSettings.objects.filter(season=season).first()
    signatories = []
    if award is not None:
        signatories = [
            {
                "name": s.name,
                "title_vi": s.title_vi,
                "title_en": s.title_en,
                "signature": _data_uri(s.signature),
            }
            for s in award.signatories.all()
        ]
    return {
        "season": season,
        "snapshot": snapshot,
        "logo": _data_uri(award.logo) if award else "",
        "seal": _data_uri(award.seal) if award else "",
        "signatories": signatories,
        "date_vi": ceremony_date_written(season.ceremony_date, "vi"),
        "date_en": ceremony_date_written(season.ceremony_date, "en"),
    }


def render_certificate(design: dict, certificate: Certificate) -> bytes:
    url = verification_url(certificate.code)
    context = {**design, "certificate": certificate, "url": url, "qr": qr_svg(url)}
    return render_pdf("organisers/exports/certificate.html", context)


def certificate_pdf(snapshot: ResultSnapshot, honoree: Honoree) -> bytes:
    certificate = certificates_issue(snapshot=snapshot, honorees=[honoree])[honoree.dossier_id]
    return render_certificate(design_context(snapshot), certificate)


def certificate_filename(honoree: Honoree) -> str:
    name = slugify_vi(honoree.name)[:60] or honoree.receipt_number
    return f"{honoree.category_number}-{honoree.rank:02d}-{name}.pdf"


def certificates_zip(snapshot: ResultSnapshot, rows: list[Honoree]) -> Iterator[bytes]:
    """One certificate per honoree, rendered and sent one at a time."""
    language = translation.get_language()
    issued = certificates_issue(snapshot=snapshot, honorees=rows)
    design = design_context(snapshot)

    def generate() -> Iterator[bytes]:
        sink = ZipSink()
        with translation.override(language), zipfile.ZipFile(sink, "w") as archive:
            for honoree in rows:
                pdf = render_certificate(design, issued[honoree.dossier_id])
                archive.writestr(certificate_filename(honoree), pdf)
                yield sink.take()
        yield sink.take()  # the central directory, written on close

    return generate()
