"""Rounds and their panels: who judges which category, and how its selection is made."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from categories.models import Category, RoundKind, Season


def new_assignment_seed() -> int:
    """A fresh seed for a round's queue orders and tie-breaks in assignment (fits a signed int)."""
    return secrets.randbelow(2**31)


class RoundState(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("round state", "Not started")
    OPEN = "open", pgettext_lazy("round state", "Open")
    CLOSED = "closed", pgettext_lazy("round state", "Closed")


class Round(models.Model):
    """One judging round of a season: preliminary (eligible dossiers) or final (finalists)."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("season")
    )
    kind = models.CharField(_("round"), max_length=20, choices=RoundKind.choices)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    state = models.CharField(
        _("state"), max_length=20, choices=RoundState.choices, default=RoundState.NOT_STARTED
    )
    judges_per_dossier = models.PositiveSmallIntegerField(
        _("judges per dossier"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    assignment_seed = models.BigIntegerField(
        _("assignment seed"),
        default=new_assignment_seed,
        help_text=_("Makes the automatic assignment and every judge's queue order reproducible."),
    )
    trimmed_mean = models.BooleanField(
        _("trimmed mean"),
        default=False,
        help_text=_("With five or more reviews, drop the highest and the lowest total."),
    )
    rank_by_normalised = models.BooleanField(
        _("rank by normalised score"),
        default=False,
        help_text=_("Rank by per-judge normalised scores instead of raw totals."),
    )

    reconfirmation_reason = models.CharField(
        _("needs confirming again because"),
        max_length=300,
        blank=True,
        help_text=_(
            "Set when something changed after the results were confirmed (a conflict of "
            "interest recorded by organisers): the confirmed results no longer hold until the "
            "round is confirmed again."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-season__year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["season", "kind"], name="round_unique_kind"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_opening",
                violation_error_message=_("A round must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        # The enum's label, not get_kind_display(): that translates every choice on each call
        # (0.25 ms), and lists show this once per row.
        return f"{self.season.year} – {RoundKind(self.kind).label}"

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED

    @property
    def needs_reconfirmation(self) -> bool:
        return bool(self.reconfirmation_reason)


class Panel(models.Model):
    """The judges of one category in one round, and how that category's selection is made:
    dossiers scoring at least `threshold` (if set), at most `quota` of them (if set)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="panels", verbose_name=_("round")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="panels", verbose_name=_("category")
    )
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="judging_panels",
        blank=True,
        verbose_name=_("judges"),
    )
    quota = models.PositiveSmallIntegerField(
        _("at most (N)"),
        null=True,
        blank=True,
        help_text=_("Select at most this many dossiers (top N). Empty: no limit."),
    )
    threshold = models.DecimalField(
        _("score threshold"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Select only dossiers scoring at least this (0–100). Empty: no threshold."),
    )

    history = HistoricalRecords(m2m_fields=[judges])

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        ordering = ["round", "category__number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "category"], name="panel_unique_category"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.category}"

    def clean(self) -> None:
        if self.round_id and self.category_id and self.category.season_id != self.round.season_id:
            raise ValidationError(
                {"category": _("Choose a category of the round's season.")}, code="season"
            )
