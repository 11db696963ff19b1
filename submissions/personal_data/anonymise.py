"""Erasing a dossier's personal data: its files from storage, its texts, its history. What
the award must keep stays: category, season, status, receipt number, scores (judging's rows
point at the dossier, now of an anonymous entrant) and, for a published honoree who consented,
the entry title."""

from __future__ import annotations

from django.db import models, transaction

from submissions.models import (
    AnonymisationReason,
    Dossier,
    DossierAnonymisation,
    DossierStatus,
    StaleSave,
)
from submissions.storage import private_storage

# Fields that say nothing about a person: they stay.
KEPT_FIELDS = frozenset(
    {
        "id",
        "season",
        "category",
        "applicant",
        "status",
        "receipt_number",
        "version",
        "product_type",
        "product_field",
        "owns_solution",
        "declaration_true",
        "consent_publish",
        "eligibility_reasons",
        "eligibility_flagged",
        "eligibility_override",
        "eligibility_decided_by",
        "eligibility_decided_at",
        "published_status",
        "created_at",
        "updated_at",
        "first_submitted_at",
        "submitted_at",
        "withdrawn_at",
    }
)


def is_public_honoree(dossier: Dossier) -> bool:
    """Published as an honoree with the applicant's consent: its title is the award's record."""
    return (
        dossier.status == DossierStatus.HONOREE
        and dossier.published_status == DossierStatus.HONOREE
        and dossier.consent_publish
    )


def erased_values(*, keep_title: bool) -> dict:
    values = {}
    for field in Dossier._meta.concrete_fields:
        if field.name in KEPT_FIELDS or (keep_title and field.name == "title"):
            continue
        if field.null:
            values[field.attname] = None
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.attname] = ""
    return values


def delete_files(dossier: Dossier) -> int:
    """Delete the dossier's files from storage, then their rows; returns how many files."""
    storage = private_storage()
    count = 0
    for attachment in dossier.attachments.all():
        for name in (attachment.file.name, attachment.thumbnail.name):
            if name and storage.exists(name):
                storage.delete(name)
        count += 1
    dossier.attachments.all().delete()
    return count


@transaction.atomic
def dossier_anonymise(
    *, dossier: Dossier, reason: AnonymisationReason, keep_title: bool
) -> DossierAnonymisation:
    record, _created = DossierAnonymisation.objects.get_or_create(
        dossier=dossier, defaults={"reason": reason}
    )
    files = delete_files(dossier)
    # An update, not save(): no new history row carrying the data away.
    Dossier.objects.filter(pk=dossier.pk).update(**erased_values(keep_title=keep_title))
    dossier.history.all().delete()
    StaleSave.objects.filter(dossier=dossier).delete()
    if files:
        DossierAnonymisation.objects.filter(pk=record.pk).update(
            files_deleted=models.F("files_deleted") + files
        )
    return record


@transaction.atomic
def dossier_delete(*, dossier: Dossier) -> int:
    """A draft never submitted goes entirely, files first."""
    files = delete_files(dossier)
    dossier.history.all().delete()
    dossier.delete()
    return files
