from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from categories.eligibility import ORGANISATION_KINDS, ApplicantFacts


class ApplicantKind(models.TextChoices):
    STATE_AGENCY = "state_agency", _("Party or State agency, political–social organisation")
    ENTERPRISE = "enterprise", _("Enterprise")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
    ORGANISATION = "organisation", _("Other organisation")
    INDIVIDUAL = "individual", _("Individual")


# Which fields each kind of applicant fills in; the rest is hidden, not required, and cleared.
ORGANISATION_FIELDS = (
    "legal_name",
    "established_in_vietnam",
    "country",
    "legal_representative_in_vietnam",
    "legal_representative_name",
    "legal_representative_position",
    "legal_representative_id_number",
    "tax_code",
    "website",
)
INDIVIDUAL_FIELDS = (
    "full_name",
    "vietnamese_citizen",
    "nationality",
    "citizen_id",
    "passport_number",
    "residence_card_number",
    "residence_card_expiry",
)
COMMON_FIELDS = ("province_code", "address", "works_in_ict", "phone", "contact_person")


class ApplicantProfile(models.Model):
    """Who an applicant is: the facts the eligibility rules read, and how to reach them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applicant_profile",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("kind of applicant"), max_length=30, choices=ApplicantKind.choices)

    # Organisations
    legal_name = models.CharField(_("legal name"), max_length=300, blank=True)
    established_in_vietnam = models.BooleanField(_("established in Vietnam"), null=True)
    country = models.CharField(_("country of establishment"), max_length=100, blank=True)
    legal_representative_in_vietnam = models.BooleanField(
        _("legal representative in Vietnam"), null=True
    )
    legal_representative_name = models.CharField(
        _("legal representative's name"), max_length=200, blank=True
    )
    legal_representative_position = models.CharField(
        _("legal representative's position"), max_length=200, blank=True
    )
    legal_representative_id_number = models.CharField(
        _("legal representative's ID or passport number"), max_length=20, blank=True
    )
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)

    # Individuals
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    vietnamese_citizen = models.BooleanField(_("Vietnamese citizen"), null=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    residence_card_number = models.CharField(
        _("permanent residence card number"), max_length=30, blank=True
    )
    residence_card_expiry = models.DateField(
        _("permanent residence card expiry"), null=True, blank=True
    )

    # Everyone. The province is stored as code and name as they were (63 provinces of 2024).
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    province_name = models.CharField(
        pgettext_lazy("administrative unit", "province"), max_length=100, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    works_in_ict = models.BooleanField(
        _("works in information and communication technology (ICT)"), null=True
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)  # E.164
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def is_organisation(self) -> bool:
        return self.kind in ORGANISATION_KINDS

    @property
    def display_name(self) -> str:
        return self.legal_name if self.is_organisation else self.full_name

    def applicable_fields(self) -> tuple[str, ...]:
        specific = ORGANISATION_FIELDS if self.is_organisation else INDIVIDUAL_FIELDS
        return specific + COMMON_FIELDS

    def facts(self, *, owns_solution: bool = True) -> ApplicantFacts:
        """The engine's input. Ownership is declared per dossier; the profile page assumes it."""
        organisation = self.is_organisation
        return ApplicantFacts(
            kind=self.kind,
            established_in_vietnam=bool(self.established_in_vietnam) if organisation else None,
            legal_representative_in_vietnam=(
                bool(self.legal_representative_in_vietnam) if organisation else None
            ),
            vietnamese_citizen=None if organisation else bool(self.vietnamese_citizen),
            residence_card_expiry=None if organisation else self._card_expiry(),
            works_in_ict=bool(self.works_in_ict),
            owns_solution=owns_solution,
        )

    def _card_expiry(self) -> date | None:
        return None if self.vietnamese_citizen else self.residence_card_expiry
