"""A later deadline granted by organisers to one dossier or to one applicant (all their
dossiers of the season), with a reason. It ends when the preliminary round opens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from categories.models import Season
from submissions.models.dossier import Dossier


class DeadlineExtension(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("season")
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name=_("dossier"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadline_extensions",
        verbose_name=_("applicant"),
    )
    deadline = models.DateTimeField(
        _("extended deadline"), help_text=_("The last second accepted, Vietnam time.")
    )
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(dossier__isnull=False) & Q(applicant__isnull=True))
                | (Q(dossier__isnull=True) & Q(applicant__isnull=False)),
                name="extension_for_one_dossier_or_one_applicant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier or self.applicant} → {self.deadline:%d/%m/%Y %H:%M:%S}"
