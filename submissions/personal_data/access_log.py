"""Every read of a dossier's file by someone other than its applicant is recorded."""

from __future__ import annotations

from accounts.models import User
from submissions.models import Attachment, FileAccess


def file_access_record(*, user: User, attachment: Attachment, thumbnail: bool) -> FileAccess | None:
    if attachment.dossier.applicant_id == user.pk:
        return None  # one's own files are not an access to someone's data
    return FileAccess.objects.create(
        user=user,
        dossier=attachment.dossier,
        attachment=attachment,
        label=f"{attachment.dossier} – {attachment.original_name}",
        thumbnail=thumbnail,
    )
