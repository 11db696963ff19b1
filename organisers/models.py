"""The record of every export organisers make: who, when, what, from which snapshot, how many
rows. Written by organisers.exports.records before a file is sent; read-only in the admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from categories.models import Season


class ExportKind(models.TextChoices):
    HONOREES = "honorees", _("Honoree list")
    CERTIFICATES = "certificates", _("Certificates")
    DOSSIERS = "dossiers", _("Dossier list")
    SCORES = "scores", _("Score matrix")
    PRESS_KIT = "press_kit", _("Press kit")
    RANKING = "ranking", _("Complete ranking of a round")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
    ZIP = "zip", "ZIP"


class ExportChannel(models.TextChoices):
    WEB = "web", pgettext_lazy("export channel", "Web")
    COMMAND = "command", pgettext_lazy("export channel", "Command line")


class ExportRecord(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="export_records", verbose_name=_("season")
    )
    kind = models.CharField(_("export"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    # The confirmed results the file was made from (honorees, certificates); the hash is kept
    # beside the link so that the record still names the exact payload on its own.
    snapshot = models.ForeignKey(
        "judging.ResultSnapshot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="export_records",
        verbose_name=_("results snapshot"),
    )
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))
    # Empty only for the command line, which runs without an account.
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=ExportChannel.choices, default=ExportChannel.WEB
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        # The table keeps the name it had when the model lived in judging (migrated rows stay).
        db_table = "judging_exportrecord"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()})"


# --- After the ceremony: certificates, the public gallery, feedback to entrants ---------------


class AnonymousHonorees(models.TextChoices):
    PLACEHOLDER = "placeholder", _('List "one honoree who asked not to be named"')
    OMIT = "omit", _("Leave them out")


class SeasonAwardSettings(models.Model):
    """What a season's certificates and public pages show beyond the results: the seal and
    the award's logo (the signatories are `Signatory`), and how honorees who did not consent
    to publication appear in the gallery."""

    season = models.OneToOneField(
        Season, on_delete=models.CASCADE, related_name="award_settings", verbose_name=_("season")
    )
    logo = models.ImageField(_("award logo"), upload_to="awards/logos/", blank=True)
    seal = models.ImageField(_("seal"), upload_to="awards/seals/", blank=True)
    anonymous_honorees = models.CharField(
        _("honorees who did not consent to publication"),
        max_length=20,
        choices=AnonymousHonorees.choices,
        default=AnonymousHonorees.PLACEHOLDER,
    )

    class Meta:
        verbose_name = _("award settings")
        verbose_name_plural = _("award settings")

    def __str__(self) -> str:
        return str(self.season)


class Signatory(models.Model):
    """One name in the certificate's signature block, in order."""

    award_settings = models.ForeignKey(
        SeasonAwardSettings,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("award settings"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    signature = models.ImageField(_("signature"), upload_to="awards/signatures/", blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A certificate as issued: what it says is frozen here at issue time, so that the
    verification page shows what the paper shows. The code is random and signed (not the
    dossier's id); organisers revoke it with a reason (organisers.certificates)."""

    snapshot = models.ForeignKey(
        "judging.ResultSnapshot",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("results snapshot"),
    )
    dossier = models.ForeignKey(
        "submissions.Dossier",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("dossier"),
    )
    code = models.CharField(_("verification code"), max_length=40, unique=True, editable=False)
    honoree_name = models.CharField(_("honoree"), max_length=300)
    entry_title = models.CharField(_("entry title"), max_length=300, blank=True)
    category_number = models.PositiveSmallIntegerField(_("category number"))
    category_name_vi = models.CharField(_("category (Vietnamese)"), max_length=200)
    category_name_en = models.CharField(_("category (English)"), max_length=200)
    rank = models.PositiveIntegerField(_("rank"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["category_number", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "dossier"], name="certificate_one_per_honoree"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.honoree_name} ({self.code})"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class FeedbackLevel(models.TextChoices):
    NOTHING = "nothing", _("Nothing")
    AVERAGES = "averages", _("Per-criterion averages and rank band")
    COMMENTS = "comments", _("Averages, rank band and judges' comments (anonymised)")


class RoundFeedback(models.Model):
    """What entrants of a round see of their scores once results are published."""

    round = models.OneToOneField(
        "judging.Round", on_delete=models.CASCADE, related_name="feedback", verbose_name=_("round")
    )
    level = models.CharField(
        _("feedback to entrants"),
        max_length=20,
        choices=FeedbackLevel.choices,
        default=FeedbackLevel.NOTHING,
    )

    class Meta:
        verbose_name = _("feedback to entrants")
        verbose_name_plural = _("feedback to entrants")

    def __str__(self) -> str:
        return f"{self.round}: {self.get_level_display()}"
