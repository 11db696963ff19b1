"""Deadline reminders: a plan per season and audience, concrete slots, one delivery per person.

Exactly once per person and slot rests on the unique constraint of ReminderDelivery, not on
how often beat or workers run.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from categories.models import Season
from submissions.models.outbox import OutboundEmail

APPLICANTS = "applicants"


class ReminderPlan(models.Model):
    """When to remind one audience (applicants, or judges of a round) of one season."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="reminder_plans", verbose_name=_("season")
    )
    # A name in the audience registry (submissions.reminders): who is reminded of what.
    audience = models.CharField(_("audience"), max_length=50, default=APPLICANTS)
    enabled = models.BooleanField(_("enabled"), default=True)
    include_profiles_without_dossier = models.BooleanField(
        _("also remind applicants with a profile but no dossier"),
        default=False,
        help_text=_("Applicants only: people whose profile is complete but who have not started."),
    )

    class Meta:
        verbose_name = _("reminder plan")
        verbose_name_plural = _("reminder plans")
        ordering = ["-season__year", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "audience"], name="reminder_plan_unique_audience"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.season} – {self.audience_label}"

    @property
    def audience_label(self) -> str:
        """The audience as people read it, not its code."""
        from submissions.reminders import get_audience  # the registry imports the models

        audience = get_audience(self.audience)
        return str(audience.label) if audience else self.audience


class ReminderSlot(models.Model):
    """One reminder: N days before the deadline's day, at a time of day (Vietnam time).

    `send_at` is derived from the deadline (kept in step by the reminder service, which
    recomputes it whenever the deadline moves); the dispatch markers belong to that instant.
    """

    plan = models.ForeignKey(
        ReminderPlan, on_delete=models.CASCADE, related_name="slots", verbose_name=_("plan")
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before the deadline"),
        validators=[MaxValueValidator(365)],
        help_text=_("0 is the deadline day itself."),
    )
    time_of_day = models.TimeField(_("time of day (Vietnam time)"), default=time(9, 0))
    send_at = models.DateTimeField(_("send at"), null=True, blank=True, editable=False)
    dispatched_at = models.DateTimeField(
        _("last dispatched"), null=True, blank=True, editable=False
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reminder slot")
        verbose_name_plural = _("reminder slots")
        ordering = ["plan", "-days_before", "time_of_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "days_before"], name="reminder_slot_unique_day"
            ),
        ]

    def __str__(self) -> str:
        at = self.time_of_day.strftime("%H:%M")
        if self.days_before == 0:
            return gettext("deadline day, %(time)s") % {"time": at}
        return ngettext(
            "%(days)s day before, %(time)s", "%(days)s days before, %(time)s", self.days_before
        ) % {"days": self.days_before, "time": at}


class ReminderDelivery(models.Model):
    """One reminder for one person and slot. The row that a run inserts is its licence to send:
    the unique constraint makes a second insert (task run twice, two beats) a no-op."""

    slot = models.ForeignKey(
        ReminderSlot, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("slot")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        verbose_name=_("recipient"),
    )
    # The outbox row, joined by its key (reminder:<slot>:<user>); no database constraint, so
    # that the delivery is inserted first and an outbox clean-up never deletes the record.
    email = models.OneToOneField(
        OutboundEmail,
        to_field="key",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="reminder_delivery",
        verbose_name=_("email"),
    )
    # Which run inserted the row: rows carrying another run's token were not ours to send.
    run_token = models.UUIDField(_("run"), db_index=True, editable=False)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="reminder_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.slot_id} → {self.user_id}"


class ReminderOptOut(models.Model):
    """Someone who unsubscribed from a plan's reminders (signed one-click link)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_opt_outs",
        verbose_name=_("user"),
    )
    plan = models.ForeignKey(
        ReminderPlan, on_delete=models.CASCADE, related_name="opt_outs", verbose_name=_("plan")
    )
    created_at = models.DateTimeField(_("unsubscribed"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "plan"], name="reminder_optout_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.plan}"
