from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmailStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class OutboundEmail(models.Model):
    """Transactional outbox: an email is written in the same transaction as the change it
    reports, then delivered by a task. The unique key makes every email happen at most once;
    a periodic sweep delivers rows whose task never ran (broker down), so none is lost."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    to_email = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    # Extra message headers, e.g. List-Unsubscribe on reminders (RFC 8058).
    headers = models.JSONField(_("headers"), null=True, blank=True)
    # Files rendered when the email is sent, e.g. [{"kind": "dossier_receipt", "dossier": 42,
    # "language": "en"}] (submissions.mail.ATTACHMENT_RENDERERS): the row stays small.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboundEmailStatus.choices,
        default=OutboundEmailStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # A reminder is pointless after its deadline: retries stop there (status "expired").
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        return f"{self.key} → {self.to_email}"
