"""Nominations (đề cử): someone signed in proposes an organisation or person for a category;
the nominee claims it by an emailed link and files the dossier themselves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from categories.models import Category, Season
from submissions.models.dossier import Dossier
from submissions.models.team import new_invitation_nonce


class NominationState(models.TextChoices):
    SENT = "sent", pgettext_lazy("nomination state", "Sent")
    OPENED = "opened", pgettext_lazy("nomination state", "Opened")
    CLAIMED = "claimed", pgettext_lazy("nomination state", "Claimed")
    DECLINED = "declined", pgettext_lazy("nomination state", "Declined")
    EXPIRED = "expired", pgettext_lazy("nomination state", "Expired")


# States in which the claim link still works (until `expires_at`).
OPEN_NOMINATION_STATES = (NominationState.SENT, NominationState.OPENED)


class Nomination(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("season")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("category")
    )
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="nominations_made",
        verbose_name=_("nominated by"),
    )
    nominee_name = models.CharField(_("nominee (organisation or person)"), max_length=300)
    nominee_email = models.EmailField(_("nominee's contact email"))
    reason = models.TextField(_("why (at most 300 words)"))
    product_name = models.CharField(_("product (optional)"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=NominationState.choices, default=NominationState.SENT
    )
    nonce = models.CharField(max_length=40, blank=True, default=new_invitation_nonce)
    expires_at = models.DateTimeField(_("link expires"))
    created_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nomination",
        verbose_name=_("dossier"),
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declined by"),
    )

    history = HistoricalRecords(excluded_fields=["nonce"])

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["nominator", "season"], name="nomination_nominator_idx"),
            models.Index(fields=["season", "state"], name="nomination_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} → {self.category.number}"
