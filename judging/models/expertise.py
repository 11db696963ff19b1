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
