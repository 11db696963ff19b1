"""Confirmed results: each dossier's result in a round, and the round's snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from judging.models.round import Round
from submissions.models import Dossier


class DossierResult(models.Model):
    """A dossier's confirmed result in a round, written from the round's results snapshot."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="results", verbose_name=_("round")
    )
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="judging_results", verbose_name=_("dossier")
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The score the ranking used (raw or normalised, as the round says)."),
    )
    raw_score = models.DecimalField(
        _("raw score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    normalised_score = models.DecimalField(
        _("normalised score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    median = models.DecimalField(_("median"), max_digits=5, decimal_places=2, null=True, blank=True)
    review_count = models.PositiveSmallIntegerField(_("final reviews"))
    disagreement = models.BooleanField(_("judges disagree strongly"), default=False)
    selected = models.BooleanField(_("selected"), default=False)
    tie_note = models.CharField(_("tie"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["round", "dossier__category__number", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "dossier"], name="result_unique_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.dossier} #{self.rank}"


class ResultSnapshot(models.Model):
    """Everything a round's confirmed results were computed from, and the results, as canonical
    JSON with its SHA-256: the honoree list can be recomputed and checked at any time."""

    round = models.OneToOneField(
        Round, on_delete=models.PROTECT, related_name="snapshot", verbose_name=_("round")
    )
    payload = models.JSONField(_("snapshot"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("results snapshot")
        verbose_name_plural = _("results snapshots")
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.round} · {self.sha256[:12]}"


# Proxies that judges work with in the admin: their permissions are separate from the
# organisers' models, so a judge's admin shows only these.


class RoundPublication(models.Model):
    """A round's results sent to its applicants: one row per round (the constraint that makes
    a double click publish once)."""

    round = models.OneToOneField(
        Round, on_delete=models.PROTECT, related_name="publication", verbose_name=_("round")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"))
    recipients = models.PositiveIntegerField(_("people told"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.round} · {self.recipients}"


class RoundUnconfirmation(models.Model):
    """A superuser took back a round's confirmation (before publication), with a reason: the
    snapshot's digest stays here, and the round never reopens to judges (they saw peers' scores)."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="unconfirmations", verbose_name=_("round")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("reason"))
    sha256 = models.CharField(_("SHA-256 of the withdrawn snapshot"), max_length=64)

    class Meta:
        verbose_name = _("unconfirmation")
        verbose_name_plural = _("unconfirmations")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.round} · {self.sha256[:12]}"
