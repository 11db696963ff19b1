"""The record of every export organisers make: who, when, what, from which snapshot, how many
rows. Written by organisers.exports.records before a file is sent; read-only in the admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from categories.models import Season


class ExportKind(models.TextChoices):
    HONOREES = "honorees", _("Honoree list")
    CERTIFICATES = "certificates", _("Certificates")
    DOSSIERS = "dossiers", _("Dossier list")
    SCORES = "scores", _("Score matrix")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
    ZIP = "zip", "ZIP"


class ExportChannel(models.TextChoices):
    WEB = "web", pgettext_lazy("export channel", "Web")
    COMMAND = "command", pgettext_lazy("export channel", "Command line")


class ExportRecord(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="export_records", verbose_name=_("season")
    )
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    # The confirmed results the file was made from (honorees, certificates); the hash is kept
    # beside the link so that the record still names the exact payload on its own.
    snapshot = models.ForeignKey(
        "judging.ResultSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="export_records",
        verbose_name=_("results snapshot"),
    )
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))
    # Empty only for the command line, which runs without an account.
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=ExportChannel.choices, default=ExportChannel.WEB
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        # The table keeps the name it had when the model lived in judging (migrated rows stay).
        db_table = "judging_exportrecord"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()})"
