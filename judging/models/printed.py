"""What an honoree's certificate and the honoree list print, frozen when the final round's
results are confirmed: the applicant's later profile edits do not reach official documents
until organisers accept them as a correction (judging.services.printed_names)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from judging.models.result import ResultSnapshot
from submissions.models import Dossier


class PrintedName(models.Model):
    snapshot = models.ForeignKey(
        ResultSnapshot,
        on_delete=models.CASCADE,
        related_name="printed_names",
        verbose_name=_("results snapshot"),
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="printed_names", verbose_name=_("dossier")
    )
    name = models.CharField(_("printed name"), max_length=300)
    title = models.CharField(_("printed entry title"), max_length=300, blank=True)
    province = models.CharField(_("printed province"), max_length=100, blank=True)
    declined_name = models.CharField(
        _("correction declined"),
        max_length=300,
        blank=True,
        help_text=_("A profile name organisers chose not to print (no longer shown as pending)."),
    )
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("printed name")
        verbose_name_plural = _("printed names")
        ordering = ["snapshot", "dossier__category__number", "dossier__receipt_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "dossier"], name="printed_name_unique_dossier"
            ),
        ]

    def __str__(self) -> str:
        return self.name
