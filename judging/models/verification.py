"""Site verification (thẩm định thực tế): organisers schedule a visit or an online session for
chosen dossiers (the finalists by default); a verifier files a report with findings per
declared claim, documents and a verdict. A "not confirmed" verdict blocks honoree confirmation
unless an organiser overrides it with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from submissions.models import Dossier


class VerificationMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("verdict", "Confirmed")
    CONCERNS = "concerns", pgettext_lazy("verdict", "Confirmed with concerns")
    NOT_CONFIRMED = "not_confirmed", pgettext_lazy("verdict", "Not confirmed")


class SiteVerification(models.Model):
    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.CASCADE,
        related_name="site_verification",
        verbose_name=_("dossier"),
    )
    scheduled_for = models.DateField(_("date"))
    mode = models.CharField(
        _("how"), max_length=10, choices=VerificationMode.choices, default=VerificationMode.ON_SITE
    )
    place = models.CharField(
        _("place or link"),
        max_length=300,
        blank=True,
        help_text=_("An address, or the meeting link."),
    )
    verifiers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="site_verifications", verbose_name=_("verifiers")
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    # The report
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendees = models.TextField(_("who attended"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    verdict = models.CharField(_("verdict"), max_length=15, choices=Verdict.choices, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    # An organiser's override of a "not confirmed" verdict, for honoree confirmation.
    override_reason = models.TextField(_("override: reason"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    override_at = models.DateTimeField(_("overridden"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[verifiers])

    class Meta:
        verbose_name = _("site verification")
        verbose_name_plural = _("site verifications")
        ordering = ["scheduled_for", "dossier__receipt_number"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.scheduled_for:%d/%m/%Y}"

    @property
    def is_reported(self) -> bool:
        return bool(self.verdict)

    @property
    def blocks_honour(self) -> bool:
        """Not confirmed, and no organiser has overridden it."""
        return self.verdict == Verdict.NOT_CONFIRMED and not self.override_at


class VerificationFinding(models.Model):
    """What the verifier found about one claim the dossier declares."""

    verification = models.ForeignKey(
        SiteVerification,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("site verification"),
    )
    claim = models.CharField(_("claim"), max_length=50)  # the dossier field's name
    label = models.CharField(_("claim"), max_length=200)
    declared = models.TextField(_("declared"), blank=True)
    finding = models.TextField(_("finding"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["verification", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["verification", "claim"], name="finding_unique_claim")
        ]

    def __str__(self) -> str:
        return self.label


class VerificationDocument(models.Model):
    """A photo or document the verifier attached to the report (private storage)."""

    verification = models.ForeignKey(
        SiteVerification,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("site verification"),
    )
    file = models.FileField(_("file"), max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verification document")
        verbose_name_plural = _("verification documents")
        ordering = ["verification", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
