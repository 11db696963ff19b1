"""Assignments of dossiers to judges, and conflicts of interest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from judging.models.round import Round
from submissions.models import Dossier


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
