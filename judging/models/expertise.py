"""What judges know and whom they are tied to: their declared fields and organisations, and the
conflicts of interest the portal suggests from them (confirmed or dismissed by the judge)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from submissions.models import Dossier, ProductField


class JudgeProfile(models.Model):
    """A judge's declared fields (the dossier "field" choices, submissions.ProductField)."""

    judge = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="judge_profile",
        verbose_name=_("judge"),
    )
    # A list of ProductField values (JSON: the same on SQLite and PostgreSQL).
    fields = models.JSONField(_("fields of expertise"), default=list, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judge's expertise")
        verbose_name_plural = _("judges' expertise")
        ordering = ["judge__email"]

    def __str__(self) -> str:
        return str(self.judge)

    def field_labels(self) -> list[str]:
        labels = dict(ProductField.choices)
        return [str(labels.get(f, f)) for f in self.fields]


class JudgeTie(models.Model):
    """An organisation a judge declared they are tied to (works for, advises, owns...)."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="judge_ties",
        verbose_name=_("judge"),
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=20, blank=True)
    email_domain = models.CharField(_("email domain"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation the judge is tied to")
        verbose_name_plural = _("organisations judges are tied to")
        ordering = ["judge", "organisation", "pk"]

    def __str__(self) -> str:
        return " · ".join(v for v in (self.organisation, self.tax_code, self.email_domain) if v)


class SuggestionReason(models.TextChoices):
    TAX_CODE = "tax_code", _("Tax code matches")
    EMAIL_DOMAIN = "email_domain", _("Email domain matches")
    ORGANISATION_NAME = "organisation_name", _("Organisation name nearly identical")


class SuggestionDecision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("suggestion", "Awaiting the judge")
    CONFIRMED = "confirmed", pgettext_lazy("suggestion", "Confirmed: conflict of interest")
    DISMISSED = "dismissed", pgettext_lazy("suggestion", "Dismissed: no conflict")


class ConflictSuggestion(models.Model):
    """A likely conflict the portal found (judging.conflict_suggestions) between a judge's
    declared ties and a dossier's applicant, and what the judge decided (one click)."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflict_suggestions",
        verbose_name=_("judge"),
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="conflict_suggestions",
        verbose_name=_("dossier"),
    )
    reason = models.CharField(_("rule"), max_length=20, choices=SuggestionReason.choices)
    declared = models.CharField(_("the judge declared"), max_length=300)
    applicant_value = models.CharField(_("the applicant's"), max_length=300)
    similarity = models.FloatField(_("name similarity"), null=True, blank=True)
    decision = models.CharField(
        _("decision"),
        max_length=12,
        choices=SuggestionDecision.choices,
        default=SuggestionDecision.PENDING,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suggested conflict of interest")
        verbose_name_plural = _("suggested conflicts of interest")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "dossier", "reason", "declared"], name="suggestion_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["judge", "dossier", "decision"], name="suggestion_pending_idx")
        ]

    def __str__(self) -> str:
        return f"{self.judge} ? {self.dossier}: {self.get_reason_display()}"

    @property
    def is_pending(self) -> bool:
        return self.decision == SuggestionDecision.PENDING
