"""Certificates: one PDF per honoree, alone or all of them streamed entry by entry
in a ZIP."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from django.utils import translation

from judging.models import ResultSnapshot
from organisers.exports.honorees import Honoree
from submissions.provinces import slugify_vi
from vda_portal.pdf import render_pdf


def certificate_pdf(snapshot: ResultSnapshot, honoree: Honoree) -> bytes:
    context = {"season": snapshot.round.season, "snapshot": snapshot, "honoree": honoree}
    return render_pdf("organisers/exports/certificate.html", context)


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
