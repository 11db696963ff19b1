"""A judge's review of an assignment, and its scores."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from categories.models import Criterion
from judging.models.assignment import Assignment


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("review", "Draft")
    FINAL = "final", pgettext_lazy("review", "Final")


class CommentVisibility(models.TextChoices):
    """Who may read a judge's comment on a criterion."""

    ENTRANT = "entrant", _("May be shown to the entrant")
    ORGANISERS = "organisers", _("For organisers only")


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
                condition=Q(status=ReviewStatus.DRAFT)
                | Q(total__isnull=False, submitted_at__isnull=False),
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
    comment = models.TextField(_("comment on this criterion"), blank=True)
    comment_visibility = models.CharField(
        _("who may read the comment"),
        max_length=12,
        choices=CommentVisibility.choices,
        default=CommentVisibility.ORGANISERS,
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
