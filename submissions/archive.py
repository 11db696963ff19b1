"""A dossier's files as one ZIP, streamed entry by entry and chunk by chunk (nothing is held
in memory but a chunk); every file read is logged (personal_data.access_log)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from django.core.files.storage import default_storage

from accounts.models import User
from submissions.models import Attachment, Dossier
from submissions.personal_data.access_log import file_access_record
from vda_portal.zipstream import ZipSink, write_streamed


def entry_name(index: int, attachment: Attachment) -> str:
    return f"{index:02d}-{attachment.document_type}-{attachment.original_name}"


def dossier_files_zip(*, dossier: Dossier, user: User) -> Iterator[bytes]:
    """Every attachment of the dossier, each read logged as `user`'s access."""
    attachments = list(dossier.attachments.select_related("dossier").order_by("pk"))

    def generate() -> Iterator[bytes]:
        sink = ZipSink()
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
            for index, attachment in enumerate(attachments, start=1):
                file_access_record(user=user, attachment=attachment, thumbnail=False)
                with default_storage.open(attachment.file.name, "rb") as source:
                    yield from write_streamed(archive, sink, entry_name(index, attachment), source)
        yield sink.take()  # the central directory, written on close

    return generate()
