"""Consent per purpose, and data-subject requests (Decree 13/2023/NĐ-CP).

`Consent` is the current answer per purpose; `ConsentEvent` is the append-only record of every
consent and withdrawal, with the notice's version: what the printable page shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsentPurpose(models.TextChoices):
    DOSSIER_PROCESSING = "dossier_processing", _("Processing my dossiers for the award")
    HONOREE_PUBLICATION = (
        "honoree_publication",
        _("Publishing my name, entry title and province if I am an honoree"),
    )
    REMINDER_EMAILS = "reminder_emails", _("Deadline reminder emails")


# Without it an account cannot file a dossier; the others are optional.
REQUIRED_PURPOSES = (ConsentPurpose.DOSSIER_PROCESSING,)


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", pgettext_lazy("consent source", "Sign-up")
    MY_DATA = "my_data", pgettext_lazy("consent source", "My data page")
    ERASURE = "erasure", pgettext_lazy("consent source", "Account deletion")
    DOSSIER = "dossier", pgettext_lazy("consent source", "Dossier's declaration")


class Consent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("account"),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("given"))
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    updated_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["user", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose"], name="consent_unique_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.granted}"


class ConsentEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consent_events",
        verbose_name=_("account"),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("given"), help_text=_("Off: withdrawn or refused."))
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    source = models.CharField(_("where"), max_length=20, choices=ConsentSource.choices)
    recorded_at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.notice_version})"


class DataRequestKind(models.TextChoices):
    EXPORT = "export", _("Copy of my data")
    ERASURE = "erasure", _("Deletion of my account")
    CORRECTION = "correction", _("Correction of my data")


class DataRequestState(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("data request", "Received")
    IN_PROGRESS = "in_progress", pgettext_lazy("data request", "In progress")
    DONE = "done", pgettext_lazy("data request", "Done")
    REFUSED = "refused", pgettext_lazy("data request", "Refused")
    FAILED = "failed", pgettext_lazy("data request", "Failed")


OPEN_STATES = (DataRequestState.RECEIVED, DataRequestState.IN_PROGRESS)


class DataRequest(models.Model):
    """A data-subject request: what was asked, by whom, its legal deadline and its state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_requests",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("request"), max_length=20, choices=DataRequestKind.choices)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=DataRequestState.choices,
        default=DataRequestState.RECEIVED,
    )
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    due_at = models.DateTimeField(_("due by"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    reason = models.TextField(_("reason"), blank=True)
    # The export's ZIP in the private storage, and until when its link works.
    file = models.CharField(_("file"), max_length=500, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
