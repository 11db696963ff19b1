"""Writes about a dossier's files: add (checked by content, stored privately), delete."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from submissions.completeness import required_documents
from submissions.models import Attachment, DocumentType, Dossier, DossierStatus
from submissions.services.errors import (
    Incomplete,
    ensure_editable,
    ensure_permission,
    ensure_window,
    locked,
    profile_required,
)
from submissions.storage import private_storage, upload_path
from submissions.uploads import inspect_upload, make_thumbnail, max_dossier_bytes, max_upload_bytes

# The file kinds each document type accepts (checked by content, not by name).
ALLOWED_KINDS: dict[str, frozenset[str]] = {
    DocumentType.APPLICATION_FORM: frozenset({"pdf"}),
    DocumentType.BUSINESS_REGISTRATION: frozenset({"pdf", "jpeg", "png"}),
    DocumentType.LEGAL_REP_AUTHORISATION: frozenset({"pdf", "jpeg", "png", "docx"}),
    DocumentType.RESIDENCE_CARD: frozenset({"pdf", "jpeg", "png"}),
    DocumentType.IP_COMMITMENT: frozenset({"pdf", "jpeg", "png", "docx"}),
    DocumentType.SCREENSHOT: frozenset({"jpeg", "png"}),
    DocumentType.LOGO_PHOTO: frozenset({"jpeg", "png"}),
    DocumentType.OTHER: frozenset({"pdf", "jpeg", "png", "docx", "xlsx", "pptx"}),
}


def attachment_add(
    *,
    dossier: Dossier,
    document_type: str,
    uploaded_file: UploadedFile,
    by: User,
    at: datetime | None = None,
) -> Attachment:
    """Check the file by its content, store it privately, and attach it.

    Raises ValidationError (shown at the file field) for a bad file, DossierError otherwise.
    Inspection happens before any lock or write: nothing is stored for a refused file.
    """
    ensure_permission(by, "submissions.edit_dossier", dossier)
    inspected = inspect_upload(
        uploaded_file, max_bytes=max_upload_bytes(), allowed_kinds=ALLOWED_KINDS[document_type]
    )
    storage = private_storage()
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = locked(dossier)
            ensure_window(dossier.season, at, dossier=dossier, by=by)
            ensure_editable(dossier)
            _ensure_room(dossier, inspected.size)
            attachment = Attachment(
                dossier=dossier,
                document_type=document_type,
                original_name=inspected.safe_name,
                content_type=inspected.content_type,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_by=by,
            )
            _store(attachment, uploaded_file, inspected, storage, stored)
            attachment.save()
            # A history entry, not a new version: the version guards the text only, and a
            # file uploaded beside the form must not turn the form's next save stale.
            dossier._change_reason = f"attachment added: {inspected.safe_name}"
            dossier.save(update_fields=["updated_at"])
    except BaseException:
        for name in stored:  # the row was rolled back: its files must not stay behind
            storage.delete(name)
        raise
    return attachment


def _store(attachment: Attachment, uploaded_file, inspected, storage, stored: list[str]) -> None:
    """Save the file (streamed in chunks) and an image's thumbnail; `stored` lists the names."""
    path = upload_path(
        dossier_id=attachment.dossier.pk, sha256=inspected.sha256, safe_name=inspected.safe_name
    )
    uploaded_file.seek(0)
    attachment.file.name = storage.save(path, uploaded_file)
    stored.append(attachment.file.name)
    if inspected.is_image:
        thumbnail = make_thumbnail(uploaded_file)
        attachment.thumbnail.name = storage.save(f"{path}.thumb.jpg", thumbnail)
        stored.append(attachment.thumbnail.name)


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User, at: datetime | None = None) -> None:
    ensure_permission(by, "submissions.edit_dossier", attachment.dossier)
    dossier = locked(attachment.dossier)
    ensure_window(dossier.season, at, dossier=dossier, by=by)
    ensure_editable(dossier)
    if dossier.status == DossierStatus.SUBMITTED:
        same_type = dossier.attachments.filter(document_type=attachment.document_type).count()
        required = required_documents(dossier.category.number, profile_required(dossier.applicant))
        if same_type == 1 and attachment.document_type in required:
            raise Incomplete(
                _("A submitted dossier must keep this document: upload its replacement first.")
            )
    names = [attachment.file.name, attachment.thumbnail.name]
    attachment.delete()
    dossier._change_reason = f"attachment removed: {attachment.original_name}"
    dossier.save(update_fields=["updated_at"])  # history, not a new text version
    storage = private_storage()
    # Files go only once the database agrees: a rollback must not leave a row without its file.
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def _ensure_room(dossier: Dossier, size: int) -> None:
    used = dossier.attachments.aggregate(total=Sum("size"))["total"] or 0
    limit = max_dossier_bytes()
    if used + size > limit:
        raise ValidationError(
            _(
                "This file would take the dossier over its limit of %(limit)s MB "
                "(%(used)s MB already used)."
            ),
            code="dossier_too_large",
            params={"limit": limit // 2**20, "used": round(used / 2**20, 1)},
        )
