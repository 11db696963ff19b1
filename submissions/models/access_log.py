"""The record of staff reads of applicants' files, and of dossiers anonymised (erasure or
retention). Exports of personal data are recorded by judging's ExportRecord."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from submissions.models.attachment import Attachment
from submissions.models.dossier import Dossier


class FileAccess(models.Model):
    """Someone other than the applicant opened one of a dossier's files (who, what, when)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("read by"),
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.SET_NULL,
        null=True,
        related_name="file_accesses",
        verbose_name=_("dossier"),
    )
    attachment = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("file"),
    )
    # Kept as text: the record outlives the file (deleted by erasure or retention).
    label = models.CharField(_("what"), max_length=300)
    thumbnail = models.BooleanField(_("thumbnail only"), default=False)
    accessed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("file access")
        verbose_name_plural = _("file accesses")
        ordering = ["-accessed_at", "-id"]

    def __str__(self) -> str:
        return self.label


class AnonymisationReason(models.TextChoices):
    ERASURE = "erasure", pgettext_lazy("anonymisation", "Account deleted")
    RETENTION = "retention", pgettext_lazy("anonymisation", "Retention period over")


class DossierAnonymisation(models.Model):
    """A dossier whose personal data is gone; one row a dossier makes the work happen once."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="anonymisation", verbose_name=_("dossier")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=AnonymisationReason.choices)
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)
    anonymised_at = models.DateTimeField(_("anonymised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonymised dossier")
        verbose_name_plural = _("anonymised dossiers")
        ordering = ["-anonymised_at"]

    def __str__(self) -> str:
        return str(self.dossier)
