"""What a dossier still lacks before it can be submitted: every field and document, at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from categories.kinds import (
    is_product_category,
    is_transformation_category,
    needs_legal_representative,
)
from submissions.models import ApplicantKind, ApplicantProfile, DocumentType, Dossier

MAX_SUMMARY_WORDS = 300

COMMON_FIELDS = (
    "title",
    "summary",
    "contact_name",
    "contact_email",
    "contact_phone",
)
TRANSFORMATION_FIELDS = (
    "level_or_sector",
    "strategy_leadership",
    "platforms_solutions",
    "data_integration",
    "measured_results",
    "period_start",
    "period_end",
)
PRODUCT_FIELDS = (
    "product_name",
    "product_type",
    "product_field",
    "launch_date",
    "user_count",
    "users_customers",
    "technology",
    "ip_ownership",
    "impact",
)
CATEGORY_EXTRA_FIELDS = {
    4: ("beneficiaries", "reach"),
    5: ("vietnam_presence", "vietnam_contribution"),
}
DECLARATIONS = ("declaration_true", "consent_publish")


def content_fields(category_number: int) -> tuple[str, ...]:
    """The fields the applicant fills in for a category, in form order."""
    specific = (
        TRANSFORMATION_FIELDS if is_transformation_category(category_number) else PRODUCT_FIELDS
    )
    extra = CATEGORY_EXTRA_FIELDS.get(category_number, ())
    ownership = ("owns_solution",) if is_product_category(category_number) else ()
    return COMMON_FIELDS + specific + extra + ownership + DECLARATIONS


def required_documents(category_number: int, profile: ApplicantProfile) -> tuple[str, ...]:
    """Documents by applicant kind and category (domain README, "Documents by applicant")."""
    documents = [DocumentType.APPLICATION_FORM]
    organisation = profile.kind != ApplicantKind.INDIVIDUAL
    if organisation and profile.kind != ApplicantKind.STATE_AGENCY:
        documents.append(DocumentType.BUSINESS_REGISTRATION)
    if organisation and needs_legal_representative(category_number):
        documents.append(DocumentType.LEGAL_REP_AUTHORISATION)
    if not organisation and not profile.vietnamese_citizen:
        documents.append(DocumentType.RESIDENCE_CARD)
    if is_product_category(category_number):
        documents.append(DocumentType.IP_COMMITMENT)
    return tuple(documents)


def optional_documents(category_number: int) -> tuple[str, ...]:
    screenshots = (DocumentType.SCREENSHOT,) if is_product_category(category_number) else ()
    return (*screenshots, DocumentType.LOGO_PHOTO, DocumentType.OTHER)


@dataclass(frozen=True, slots=True)
class Missing:
    key: str  # a field name, or "document:<type>"
    label: str


def missing_items(
    dossier: Dossier, profile: ApplicantProfile, uploaded_types: Iterable[str]
) -> list[Missing]:
    """Everything still missing, in form order; empty when the dossier is complete."""
    number = dossier.category.number
    missing = [
        Missing(name, _field_label(name))
        for name in content_fields(number)
        if not _is_filled(dossier, name)
    ]
    if _word_count(dossier.summary) > MAX_SUMMARY_WORDS:
        missing.append(Missing("summary", str(_("Summary: at most 300 words"))))
    if dossier.period_start and dossier.period_end and dossier.period_end < dossier.period_start:
        missing.append(Missing("period_end", str(_("Period covered: the end is before the start"))))
    uploaded = set(uploaded_types)
    missing += [
        Missing(f"document:{doc}", str(DocumentType(doc).label))
        for doc in required_documents(number, profile)
        if doc not in uploaded
    ]
    return missing


def _is_filled(dossier: Dossier, name: str) -> bool:
    value = getattr(dossier, name)
    if name in DECLARATIONS or name == "owns_solution":
        return value is True
    return value not in (None, "")


def _field_label(name: str) -> str:
    text = str(Dossier._meta.get_field(name).verbose_name)
    return text[:1].upper() + text[1:]


def _word_count(text: str) -> int:
    return len(text.split())
