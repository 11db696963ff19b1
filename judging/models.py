"""Judging: rounds, panels, assignments, conflicts of interest, reviews, scores and results.

Every table that records a decision keeps its history (who and when) with django-simple-history.
"""

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

from categories.models import Category, Criterion, RoundKind, Season
from submissions.models import Dossier


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
        return f"{self.season.year} – {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED


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


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("assignment", "Active")
    DECLINED = "declined", pgettext_lazy("assignment", "Declined")
    CONFLICTED = "conflicted", pgettext_lazy("assignment", "Conflict of interest")
    REMOVED = "removed", pgettext_lazy("assignment", "Reassigned")


class Assignment(models.Model):
    """A dossier to be scored by a judge in a round. Rows are never deleted: a declined,
    conflicted or reassigned one keeps its status so that the history tells what happened."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round")
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="judging_assignments",
        verbose_name=_("dossier"),
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="judging_assignments",
        verbose_name=_("judge"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ACTIVE,
    )
    # The judge's own queue order: a hash of (round seed, judge, dossier), so every judge reads
    # the dossiers in a different, reproducible order and order bias is not shared.
    queue_key = models.BigIntegerField(_("queue order"), default=0, editable=False)
    note = models.TextField(_("note"), blank=True, help_text=_("Why it was declined or moved."))
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "judge", "queue_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dossier", "judge"], name="assignment_unique_judge"
            ),
        ]
        indexes = [
            models.Index(fields=["judge", "status", "queue_key"], name="assignment_queue_idx"),
            models.Index(fields=["round", "dossier", "status"], name="assignment_dossier_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.judge}"

    @property
    def is_active(self) -> bool:
        return self.status == AssignmentStatus.ACTIVE


class ConflictOfInterest(models.Model):
    """A judge may not see or score a dossier, or any dossier of an applicant."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflicts_of_interest",
        verbose_name=_("judge"),
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts_of_interest",
        verbose_name=_("dossier"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts_as_applicant",
        verbose_name=_("applicant"),
        help_text=_("All dossiers of this applicant, in every season."),
    )
    reason = models.TextField(_("reason"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("declared by"),
    )
    created_at = models.DateTimeField(_("declared"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dossier__isnull=False, applicant__isnull=True)
                | Q(dossier__isnull=True, applicant__isnull=False),
                name="conflict_one_target",
                violation_error_message=_("Name either a dossier or an applicant."),
            ),
            models.UniqueConstraint(
                fields=["judge", "dossier"],
                condition=Q(dossier__isnull=False),
                name="conflict_unique_dossier",
            ),
            models.UniqueConstraint(
                fields=["judge", "applicant"],
                condition=Q(applicant__isnull=False),
                name="conflict_unique_applicant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} ✕ {self.dossier or self.applicant}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review", "Draft")
    FINAL = "final", pgettext_lazy("review", "Final")


class Review(models.Model):
    """A judge's scores for one assignment. A final review is locked."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("assignment")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    comment = models.TextField(_("comment"), blank=True)
    # Σ weight × score / max score over the criteria (0–100); set once every criterion is scored.
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-updated_at"]
        # The organisers' review list (admin) pages through the most recent first.
        indexes = [models.Index(fields=["-updated_at", "-id"], name="review_recent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(total__isnull=False, submitted_at__isnull=False),
                name="review_final_has_total",
            ),
        ]

    def __str__(self) -> str:
        return str(self.assignment)

    @property
    def is_final(self) -> bool:
        return self.status == ReviewStatus.FINAL


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(
        _("score"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_unique_criterion"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=10), name="score_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


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
class MyAssignment(Assignment):
    class Meta:
        proxy = True
        verbose_name = _("my assignment")
        verbose_name_plural = _("my assignments")


class MyConflict(ConflictOfInterest):
    class Meta:
        proxy = True
        verbose_name = _("my conflict of interest")
        verbose_name_plural = _("my conflicts of interest")
