"""Eligibility rules for the five categories of the Vietnam Digital Awards 2024.

Pure Python on purpose: no database and no ORM, so the rules can be checked exhaustively
and reused by forms, views and admin actions alike.

Each category is a short table of (reason code, failure test) rows. ``check`` runs every row
and reports *all* failing conditions, in the canonical order of ``REASON_CODES``, so that an
applicant sees everything to fix at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# Applicant kinds (the values of submissions' ApplicantKind; the engine depends on no model).
INDIVIDUAL: Final = "individual"
STATE_AGENCY: Final = "state_agency"
ENTERPRISE: Final = "enterprise"
PUBLIC_SERVICE_UNIT: Final = "public_service_unit"
ORGANISATION_KINDS: Final = (STATE_AGENCY, ENTERPRISE, PUBLIC_SERVICE_UNIT, "organisation")
KINDS: Final = (*ORGANISATION_KINDS, INDIVIDUAL)
CATEGORIES: Final = (1, 2, 3, 4, 5)
REASON_CODES: Final = (
    "kind_not_allowed",
    "foreign_applicant",
    "not_foreign",
    "not_established_in_vietnam",
    "no_legal_representative_in_vietnam",
    "no_residence_card",
    "residence_card_expired",
    "not_ict",
    "not_owner",
)


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    """What the applicant declared; fields that do not apply to the kind are ``None``."""

    kind: str
    established_in_vietnam: bool | None  # organisations only
    legal_representative_in_vietnam: bool | None  # organisations only
    vietnamese_citizen: bool | None  # individuals only
    residence_card_expiry: date | None  # individuals only; None means "no card"
    works_in_ict: bool
    owns_solution: bool


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    category: int
    eligible: bool
    reasons: tuple[str, ...]

    def __post_init__(self) -> None:
        # Guard the invariants so that a hand-built result can never contradict itself.
        _validate_category(self.category)
        if self.eligible != (not self.reasons):
            raise ValueError("eligible must be True exactly when there are no reasons")
        if self.reasons != _canonical(self.reasons):
            raise ValueError(f"reasons must be distinct known codes in order: {self.reasons!r}")


# --- Facts about the applicant -------------------------------------------------------------


def _is_organisation(facts: ApplicantFacts) -> bool:
    return facts.kind in ORGANISATION_KINDS


def _is_foreign(facts: ApplicantFacts) -> bool:
    if _is_organisation(facts):
        return not facts.established_in_vietnam
    return not facts.vietnamese_citizen


def _is_foreign_individual(facts: ApplicantFacts) -> bool:
    return facts.kind == INDIVIDUAL and not facts.vietnamese_citizen


# --- Failure tests: each returns True when its condition is NOT met -------------------------
# All share one signature so the table can call them alike; most ignore the date (``_on``).

FailureTest = Callable[[ApplicantFacts, date], bool]


def _not_state_agency(facts: ApplicantFacts, _on: date) -> bool:
    return facts.kind != STATE_AGENCY


def _not_enterprise_or_public_service_unit(facts: ApplicantFacts, _on: date) -> bool:
    return facts.kind not in (ENTERPRISE, PUBLIC_SERVICE_UNIT)


def _foreign(facts: ApplicantFacts, _on: date) -> bool:
    return _is_foreign(facts)


def _domestic(facts: ApplicantFacts, _on: date) -> bool:
    return not _is_foreign(facts)


def _organisation_not_established_in_vietnam(facts: ApplicantFacts, _on: date) -> bool:
    return _is_organisation(facts) and not facts.established_in_vietnam


def _organisation_without_legal_representative(facts: ApplicantFacts, _on: date) -> bool:
    return _is_organisation(facts) and not facts.legal_representative_in_vietnam


def _foreign_individual_without_card(facts: ApplicantFacts, _on: date) -> bool:
    return _is_foreign_individual(facts) and facts.residence_card_expiry is None


def _foreign_individual_card_expired(facts: ApplicantFacts, on: date) -> bool:
    # A card is still valid on its expiry date.
    expiry = facts.residence_card_expiry
    return _is_foreign_individual(facts) and expiry is not None and expiry < on


def _not_ict(facts: ApplicantFacts, _on: date) -> bool:
    return not facts.works_in_ict


def _not_owner(facts: ApplicantFacts, _on: date) -> bool:
    return not facts.owns_solution


# --- The rule table -------------------------------------------------------------------------

RULES: Final[Mapping[int, tuple[tuple[str, FailureTest], ...]]] = MappingProxyType(
    {
        1: (
            ("kind_not_allowed", _not_state_agency),
            ("foreign_applicant", _foreign),
        ),
        2: (
            ("kind_not_allowed", _not_enterprise_or_public_service_unit),
            ("foreign_applicant", _foreign),
        ),
        3: (
            ("foreign_applicant", _foreign),
            ("not_ict", _not_ict),
            ("not_owner", _not_owner),
        ),
        4: (
            ("not_established_in_vietnam", _organisation_not_established_in_vietnam),
            ("no_legal_representative_in_vietnam", _organisation_without_legal_representative),
            ("no_residence_card", _foreign_individual_without_card),
            ("residence_card_expired", _foreign_individual_card_expired),
            ("not_owner", _not_owner),
        ),
        5: (
            ("not_foreign", _domestic),
            ("no_legal_representative_in_vietnam", _organisation_without_legal_representative),
            ("no_residence_card", _foreign_individual_without_card),
            ("residence_card_expired", _foreign_individual_card_expired),
            ("not_ict", _not_ict),
            ("not_owner", _not_owner),
        ),
    }
)

#: The reason codes each category can report, in canonical order.
CATEGORY_REASONS: Final[Mapping[int, tuple[str, ...]]] = MappingProxyType(
    {category: tuple(code for code, _ in rows) for category, rows in RULES.items()}
)


# --- Public API -----------------------------------------------------------------------------


def check(facts: ApplicantFacts, *, category: int, on: date) -> EligibilityResult:
    """Check ``facts`` against ``category`` on the date ``on`` (used for residence cards)."""
    category = _validate_category(category)
    _validate_facts(facts)
    _validate_date(on)
    failed = (code for code, fails in RULES[category] if fails(facts, on))
    reasons = _canonical(failed)
    return EligibilityResult(category=category, eligible=not reasons, reasons=reasons)


def check_all(facts: ApplicantFacts, *, on: date) -> tuple[EligibilityResult, ...]:
    """Check ``facts`` against every category, in category order."""
    return tuple(check(facts, category=category, on=on) for category in CATEGORIES)


def reason_message(code: str, *, category: int, kind: str | None = None) -> Promise:
    """Return a lazily translated message telling the applicant what to do about ``code``.

    With ``kind``, the message speaks to that kind of applicant (an individual is not told
    what enterprises may do). Only codes that ``category`` can report have a message; anything
    else is a caller bug.
    """
    category = _validate_category(category)
    if code not in CATEGORY_REASONS[category]:
        raise ValueError(f"category {category} never reports {code!r}")
    if kind == INDIVIDUAL and (code, category) in _INDIVIDUAL_MESSAGES:
        return _INDIVIDUAL_MESSAGES[code, category]
    if kind in ORGANISATION_KINDS and (code, category) in _ORGANISATION_MESSAGES:
        return _ORGANISATION_MESSAGES[code, category]
    return _MESSAGES[code, category]


# --- Validation -----------------------------------------------------------------------------


def _canonical(codes: Iterable[str]) -> tuple[str, ...]:
    """Known, distinct codes sorted into ``REASON_CODES`` order (unknown codes are dropped)."""
    present = set(codes)
    return tuple(code for code in REASON_CODES if code in present)


def _validate_category(category: int) -> int:
    """Return ``category`` as a plain int (it may be an IntegerChoices member)."""
    # bool is an int subclass and 1.0 == 1: neither may silently mean category 1.
    if not isinstance(category, int) or isinstance(category, bool) or category not in CATEGORIES:
        raise ValueError(f"unknown category: {category!r}")
    return int(category)


def _is_plain_date(value: object) -> bool:
    # datetime is a date subclass, but comparing it with a date raises TypeError.
    return isinstance(value, date) and not isinstance(value, datetime)


def _validate_date(on: date) -> None:
    if not _is_plain_date(on):
        raise TypeError(f"on must be a date, not {type(on).__name__}")


def _validate_facts(facts: ApplicantFacts) -> None:
    """Reject facts that are inconsistent with the kind instead of guessing a meaning."""
    if facts.kind not in KINDS:
        raise ValueError(f"unknown applicant kind: {facts.kind!r}")
    if facts.kind == INDIVIDUAL:
        required = ("vietnamese_citizen",)
        absent = ("established_in_vietnam", "legal_representative_in_vietnam")
    else:
        required = ("established_in_vietnam", "legal_representative_in_vietnam")
        absent = ("vietnamese_citizen", "residence_card_expiry")
    for name in (*required, "works_in_ict", "owns_solution"):
        if not isinstance(getattr(facts, name), bool):
            raise ValueError(f"{name} must be True or False for kind {facts.kind!r}")
    for name in absent:
        if getattr(facts, name) is not None:
            raise ValueError(f"{name} must be None for kind {facts.kind!r}")
    expiry = facts.residence_card_expiry
    if expiry is not None and not _is_plain_date(expiry):
        raise ValueError("residence_card_expiry must be a date or None")


# --- Messages -------------------------------------------------------------------------------
# Literal strings so that makemessages extracts them; the "eligibility" context keeps them
# apart from identical strings elsewhere in the project. Where the right next step depends on
# the category, the message points the applicant to it.

_NO_LEGAL_REPRESENTATIVE: Final = pgettext_lazy(
    "eligibility",
    "Your organisation needs a legal representative in Vietnam to enter this category. "
    "Please appoint one before applying.",
)
_NO_RESIDENCE_CARD: Final = pgettext_lazy(
    "eligibility",
    "Applicants who are not Vietnamese citizens need a valid Vietnamese permanent residence "
    "card to enter this category. Please add your card details, or apply once you have one.",
)
_RESIDENCE_CARD_EXPIRED: Final = pgettext_lazy(
    "eligibility",
    "Your permanent residence card has expired. Please renew it and update its expiry date "
    "before applying.",
)
_NOT_OWNER: Final = pgettext_lazy(
    "eligibility",
    "Only the owner of the product, service or solution may enter it. Please ask the owner "
    "to apply.",
)

_MESSAGES: Final = MappingProxyType(
    {
        ("kind_not_allowed", 1): pgettext_lazy(
            "eligibility",
            "Category 1 is only for Party and State agencies. Enterprises and public service "
            "units may enter category 2; products and solutions may enter category 3, 4 or 5.",
        ),
        ("foreign_applicant", 1): pgettext_lazy(
            "eligibility",
            "Category 1 is not open to foreign organisations or individuals. Foreign "
            "applicants may enter their technology products in category 5.",
        ),
        ("kind_not_allowed", 2): pgettext_lazy(
            "eligibility",
            "Category 2 is only for enterprises and public service units. Party and State "
            "agencies may enter category 1; products and solutions may enter category 3, 4 "
            "or 5.",
        ),
        ("foreign_applicant", 2): pgettext_lazy(
            "eligibility",
            "Category 2 is not open to foreign organisations or individuals. Foreign "
            "applicants may enter their technology products in category 5.",
        ),
        ("foreign_applicant", 3): pgettext_lazy(
            "eligibility",
            "Category 3 is not open to foreign organisations or individuals. Please enter "
            "your product in category 5 (foreign technology products) instead.",
        ),
        ("not_ict", 3): pgettext_lazy(
            "eligibility",
            "Category 3 is only for organisations and individuals working in information and "
            "communication technology (ICT). A product for the community may be entered in "
            "category 4.",
        ),
        ("not_owner", 3): _NOT_OWNER,
        ("not_established_in_vietnam", 4): pgettext_lazy(
            "eligibility",
            "Category 4 is only for organisations established in Vietnam. Foreign "
            "organisations with a legal representative in Vietnam may consider category 5.",
        ),
        ("no_legal_representative_in_vietnam", 4): _NO_LEGAL_REPRESENTATIVE,
        ("no_residence_card", 4): _NO_RESIDENCE_CARD,
        ("residence_card_expired", 4): _RESIDENCE_CARD_EXPIRED,
        ("not_owner", 4): _NOT_OWNER,
        ("not_foreign", 5): pgettext_lazy(
            "eligibility",
            "Category 5 is only for foreign organisations and individuals. Organisations "
            "established in Vietnam and Vietnamese citizens should enter category 3 instead, "
            "or category 4 for a product for the community.",
        ),
        ("no_legal_representative_in_vietnam", 5): _NO_LEGAL_REPRESENTATIVE,
        ("no_residence_card", 5): _NO_RESIDENCE_CARD,
        ("residence_card_expired", 5): _RESIDENCE_CARD_EXPIRED,
        ("not_ict", 5): pgettext_lazy(
            "eligibility",
            "Category 5 is only for foreign organisations and individuals working in "
            "information and communication technology (ICT). Foreign individuals with a valid "
            "Vietnamese permanent residence card may enter a product for the community in "
            "category 4.",
        ),
        ("not_owner", 5): _NOT_OWNER,
    }
)

# Where the general message names other kinds of applicant, the words for one kind.
_INDIVIDUAL_MESSAGES: Final = MappingProxyType(
    {
        ("kind_not_allowed", 1): pgettext_lazy(
            "eligibility",
            "Category 1 is only for Party and State agencies. As an individual, you may enter a "
            "product or solution in category 3, 4 or 5.",
        ),
        ("kind_not_allowed", 2): pgettext_lazy(
            "eligibility",
            "Category 2 is only for enterprises and public service units. As an individual, you "
            "may enter a product or solution in category 3, 4 or 5.",
        ),
        ("foreign_applicant", 3): pgettext_lazy(
            "eligibility",
            "Category 3 is not open to foreign individuals. Please enter your product in "
            "category 5 (foreign technology products) instead.",
        ),
        ("not_ict", 3): pgettext_lazy(
            "eligibility",
            "Category 3 is only for individuals working in information and communication "
            "technology (ICT). A product for the community may be entered in category 4.",
        ),
        ("not_foreign", 5): pgettext_lazy(
            "eligibility",
            "Category 5 is only for foreign applicants. As a Vietnamese citizen, enter category "
            "3 instead, or category 4 for a product for the community.",
        ),
        ("not_ict", 5): pgettext_lazy(
            "eligibility",
            "Category 5 is only for foreign individuals working in information and "
            "communication technology (ICT). With a valid Vietnamese permanent residence card, "
            "you may enter a product for the community in category 4.",
        ),
    }
)
_ORGANISATION_MESSAGES: Final = MappingProxyType(
    {
        ("foreign_applicant", 3): pgettext_lazy(
            "eligibility",
            "Category 3 is not open to foreign organisations. Please enter your product in "
            "category 5 (foreign technology products) instead.",
        ),
        ("not_foreign", 5): pgettext_lazy(
            "eligibility",
            "Category 5 is only for foreign applicants. An organisation established in Vietnam "
            "should enter category 3 instead, or category 4 for a product for the community.",
        ),
    }
)
