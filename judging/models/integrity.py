"""Integrity findings: dossiers of a season that copy each other or a past season's dossier
(near-identical text, identical files), as the last integrity check found them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from categories.models import Season
from submissions.models import Dossier


class FindingKind(models.TextChoices):
    TEXT = "text", _("Near-identical text")
    FILES = "files", _("Identical files")


class IntegrityFinding(models.Model):
    """A pair of dossiers: `dossier` of the season checked, `other` of the same season or an
    earlier one. Rebuilt by each check (judging.services.integrity); not a decision."""

    season = models.ForeignKey(
        Season,
        on_delete=models.CASCADE,
        related_name="integrity_findings",
        verbose_name=_("season"),
    )
    kind = models.CharField(_("finding"), max_length=10, choices=FindingKind.choices)
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="integrity_findings",
        verbose_name=_("dossier"),
    )
    other = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="+", verbose_name=_("similar to")
    )
    score = models.FloatField(_("overlap"), null=True, blank=True)
    jaccard = models.FloatField(_("Jaccard"), null=True, blank=True)
    shared = models.PositiveIntegerField(_("shared 3-word runs"), default=0)
    # [{"field_a", "field_b", "words", "text_a", "text_b"}] or the files' SHA-256 digests.
    passages = models.JSONField(_("overlapping passages"), default=list, blank=True)
    sha256 = models.JSONField(_("identical files (SHA-256)"), default=list, blank=True)
    checked_at = models.DateTimeField(_("checked"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        verbose_name = _("integrity finding")
        verbose_name_plural = _("integrity findings")
        ordering = ["season", "kind", "-score", "dossier", "other"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "kind", "dossier", "other"], name="finding_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} ≈ {self.other}"
