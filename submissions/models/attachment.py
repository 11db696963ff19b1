from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.dossier import Dossier


class DocumentType(models.TextChoices):
    APPLICATION_FORM = "application_form", _("Signed application form (PDF)")
    BUSINESS_REGISTRATION = (
        "business_registration",
        _("Business registration certificate or founding decision"),
    )
    LEGAL_REP_AUTHORISATION = "legal_rep_authorisation", _("Legal representative's authorisation")
    RESIDENCE_CARD = "residence_card", _("Permanent residence card (scan)")
    IP_COMMITMENT = "ip_commitment", _("Intellectual property ownership commitment")
    SCREENSHOT = "screenshot", _("Product screenshot")
    # Optional: used by the organisers' press kit if the dossier becomes an honoree.
    LOGO_PHOTO = "logo_photo", _("Logo or photo for the press (if honoured)")
    OTHER = "other", _("Other supporting document")


class Attachment(models.Model):
    """A private file of a dossier; served only through a permission-checking view."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("dossier")
    )
    document_type = models.CharField(_("document"), max_length=30, choices=DocumentType.choices)
    file = models.FileField(_("file"), max_length=500)
    thumbnail = models.FileField(_("thumbnail"), max_length=500, blank=True)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["document_type", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
