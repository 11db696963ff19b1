"""A dossier's files as one ZIP, streamed entry by entry and chunk by chunk (nothing is held
in memory but a chunk); every file read is logged (personal_data.access_log)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from django.core.files.storage import default_storage

from accounts.models import User
from submissions.models import Attachment, Dossier
from submissions.personal_data.access_log import file_access_record

CHUNK = 256 * 1024


class _Sink:
    """A write-only stream for zipfile that cannot seek (data descriptors, no going back);
    what was written is taken out as it comes."""

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


def entry_name(index: int, attachment: Attachment) -> str:
    return f"{index:02d}-{attachment.document_type}-{attachment.original_name}"


def dossier_files_zip(*, dossier: Dossier, user: User) -> Iterator[bytes]:
    """Every attachment of the dossier, each read logged as `user`'s access."""
    attachments = list(dossier.attachments.select_related("dossier").order_by("pk"))

    def generate() -> Iterator[bytes]:
        sink = _Sink()
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
            for index, attachment in enumerate(attachments, start=1):
                file_access_record(user=user, attachment=attachment, thumbnail=False)
                info = zipfile.ZipInfo(entry_name(index, attachment))
                with (
                    default_storage.open(attachment.file.name, "rb") as source,
                    archive.open(info, "w", force_zip64=True) as target,
                ):
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
                        yield sink.take()
                yield sink.take()
        yield sink.take()  # the central directory, written on close

    return generate()
