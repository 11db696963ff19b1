from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from categories.models import Category, Season


class DossierStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("dossier status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("dossier status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("dossier status", "Withdrawn")
    ELIGIBLE = "eligible", pgettext_lazy("dossier status", "Eligible")
    INELIGIBLE = "ineligible", pgettext_lazy("dossier status", "Ineligible")
    IN_REVIEW = "in_review", pgettext_lazy("dossier status", "In review")
    FINALIST = "finalist", pgettext_lazy("dossier status", "Finalist")
    HONOREE = "honoree", pgettext_lazy("dossier status", "Honoree")
    NOT_SELECTED = "not_selected", pgettext_lazy("dossier status", "Not selected")


# Statuses in which the applicant still owns the text (editable until the deadline).
APPLICANT_EDITABLE = (DossierStatus.DRAFT, DossierStatus.SUBMITTED)
# Judging outcomes: applicants see one only once organisers have published it.
RESULT_STATUSES = (DossierStatus.FINALIST, DossierStatus.HONOREE, DossierStatus.NOT_SELECTED)
# Statuses of a dossier that was received (submitted at least once and not withdrawn).
RECEIVED = (
    DossierStatus.SUBMITTED,
    DossierStatus.ELIGIBLE,
    DossierStatus.INELIGIBLE,
    DossierStatus.IN_REVIEW,
    DossierStatus.FINALIST,
    DossierStatus.HONOREE,
    DossierStatus.NOT_SELECTED,
)


class ProductType(models.TextChoices):
    PRODUCT = "product", pgettext_lazy("entry type", "Product")
    SERVICE = "service", pgettext_lazy("entry type", "Service")
    SOLUTION = "solution", pgettext_lazy("entry type", "Solution")


class ProductField(models.TextChoices):
    E_GOVERNMENT = "e_government", _("E-government")
    FINTECH = "fintech", _("Fintech")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    AGRICULTURE = "agriculture", _("Agriculture")
    LOGISTICS = "logistics", _("Logistics")
    OTHER = "other", pgettext_lazy("field", "Other")


class ReceivedVia(models.TextChoices):
    """How the dossier reached the organisers: online by the applicant, or filed by an
    organiser from what came by email, by post or in person."""

    ONLINE = "online", pgettext_lazy("received via", "Online")
    EMAIL = "email", pgettext_lazy("received via", "Email")
    POST = "post", pgettext_lazy("received via", "Post")
    IN_PERSON = "in_person", pgettext_lazy("received via", "In person")


class EligibilityDecision(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    # Before the deadline only: back to the applicant to fix and resubmit.
    NEEDS_CHANGES = "needs_changes", _("Needs changes")


class Dossier(models.Model):
    """One entry of one applicant in one category of one season."""

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("season")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("category")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("applicant"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    # Incremented by every save: a form posted from an older version is refused, not applied.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # The page (one browser tab's copy of the form) whose save made the current version: its
    # later posts carry an older version when an autosave was in flight, and are not stale.
    saved_by_page = models.CharField(max_length=32, blank=True, default="", editable=False)

    # Common
    title = models.CharField(_("entry title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("At most 300 words."))
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=16, blank=True)  # E.164
    owns_solution = models.BooleanField(
        _("ownership of the entered product or solution declared"), null=True
    )
    declaration_true = models.BooleanField(_("the information given is true"), default=False)
    consent_publish = models.BooleanField(
        _("consent to publish the honoree's name, entry title and province"), default=False
    )

    # Categories 1–2: the organisation's transformation
    level_or_sector = models.CharField(_("level or sector"), max_length=200, blank=True)
    strategy_leadership = models.TextField(_("strategy and leadership"), blank=True)
    platforms_solutions = models.TextField(_("platforms and solutions deployed"), blank=True)
    data_integration = models.TextField(_("data and integration"), blank=True)
    measured_results = models.TextField(_("measured results (figures)"), blank=True)
    period_start = models.DateField(_("period covered: from"), null=True, blank=True)
    period_end = models.DateField(_("period covered: to"), null=True, blank=True)

    # Categories 3–5: the product, service or solution
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    product_type = models.CharField(
        _("type"), max_length=20, choices=ProductType.choices, blank=True
    )
    product_field = models.CharField(
        _("field"), max_length=20, choices=ProductField.choices, blank=True
    )
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    user_count = models.PositiveIntegerField(
        _("number of users or customers"), null=True, blank=True
    )
    users_customers = models.TextField(_("users and customers"), blank=True)
    technology = models.TextField(_("technology"), blank=True)
    ip_ownership = models.TextField(_("intellectual property ownership"), blank=True)
    impact = models.TextField(_("impact"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)  # category 4
    reach = models.TextField(_("reach"), blank=True)  # category 4
    vietnam_presence = models.TextField(_("presence in Vietnam"), blank=True)  # category 5
    vietnam_contribution = models.TextField(_("contribution to Vietnam"), blank=True)  # 5

    # The applicant's province when the dossier was (last) submitted, in its season's map: the
    # dossier keeps it when the profile later moves to another map or province.
    province_code = models.CharField(_("province code"), max_length=2, blank=True, editable=False)
    province_name = models.CharField(
        pgettext_lazy("administrative unit", "province"), max_length=100, blank=True, editable=False
    )

    # Eligibility as the engine saw it at the last submission, and the organisers' word on it.
    eligibility_reasons = models.JSONField(_("eligibility reasons"), default=list, blank=True)
    eligibility_flagged = models.BooleanField(
        _("flagged: profile changed after submission"), default=False
    )
    eligibility_override = models.CharField(
        _("organisers' eligibility decision"),
        max_length=20,
        choices=EligibilityDecision.choices,
        blank=True,
    )
    eligibility_justification = models.TextField(_("justification"), blank=True)
    eligibility_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    eligibility_decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What the applicant is told with an "ineligible" or "needs changes" decision.
    screening_message = models.TextField(
        _("message to the applicant"),
        blank=True,
        help_text=_("Shown on the applicant's dossier page and sent by email."),
    )
    screening_decision = models.CharField(
        _("last screening decision"),
        max_length=20,
        choices=EligibilityDecision.choices,
        blank=True,
    )

    # The outcome as last published to the applicant (judging's publish step sets it).
    published_status = models.CharField(
        _("status published to the applicant"),
        max_length=20,
        choices=DossierStatus.choices,
        blank=True,
        editable=False,
    )

    # Dossiers received by email, post or in person, filed by an organiser: the instant of
    # receipt (a postmark date, typed) counts for the deadline, with the reason recorded.
    received_via = models.CharField(
        _("received via"), max_length=10, choices=ReceivedVia.choices, default=ReceivedVia.ONLINE
    )
    received_at = models.DateTimeField(
        _("received at (counts for the deadline)"), null=True, blank=True
    )
    received_note = models.TextField(_("receipt note (why this date)"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("filed by (organiser)"),
    )

    # Who saved the text last (the owner or an editor): named when a stale save is refused.
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("last saved by"),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version", "saved_by_page"])

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["season", "category", "status"], name="dossier_list_idx"),
            models.Index(fields=["applicant", "-updated_at"], name="dossier_applicant_idx"),
            # The organisers' dossier list (admin) pages through the most recent first.
            models.Index(fields=["-updated_at", "-id"], name="dossier_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(receipt_number__isnull=True) | Q(first_submitted_at__isnull=False),
                name="dossier_receipt_only_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.receipt_number or self.title or f"#{self.pk}"

    @property
    def screening_notice(self) -> str:
        """The organiser's message the applicant still has to read: an ineligible decision, or
        "needs changes" while the dossier waits to be fixed and resubmitted."""
        waiting = {
            EligibilityDecision.INELIGIBLE: DossierStatus.INELIGIBLE,
            EligibilityDecision.NEEDS_CHANGES: DossierStatus.DRAFT,
        }
        if self.screening_message and waiting.get(self.screening_decision) == self.status:
            return self.screening_message
        return ""

    @property
    def is_filed_offline(self) -> bool:
        return self.received_via != ReceivedVia.ONLINE

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status in APPLICANT_EDITABLE

    @property
    def status_for_applicant(self) -> str:
        """What the applicant sees of the outcome: decided in `submissions.outcome`."""
        # Breaks a real cycle: submissions.outcome imports this model.
        from submissions.outcome import applicant_outcome

        return applicant_outcome(self).status

    @property
    def status_for_applicant_label(self) -> str:
        # Breaks a real cycle: submissions.outcome imports this model.
        from submissions.outcome import applicant_outcome

        return applicant_outcome(self).label
