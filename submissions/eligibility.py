"""Eligibility applied to a dossier: the engine (`categories.eligibility`) on the applicant's
profile facts, with "owns the solution" taken from the dossier, judged on the submission day.

The one function that submission, screening, the dashboard and dossier creation all use."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from categories.eligibility import check
from categories.models import Category
from submissions.models import ApplicantProfile, Dossier


def today_in_vietnam() -> date:
    return timezone.localdate()  # TIME_ZONE is Asia/Ho_Chi_Minh


def submission_day(dossier: Dossier) -> date:
    """The day eligibility is judged on: the day it was submitted, or today for a draft."""
    return timezone.localdate(dossier.submitted_at) if dossier.submitted_at else today_in_vietnam()


def owns_entry(category: Category, owns_solution: bool | None) -> bool:
    # Transformation categories enter the organisation itself; ownership applies to products.
    return True if category.is_transformation else bool(owns_solution)


def eligibility_reasons(
    *, profile: ApplicantProfile, category: Category, owns_solution: bool | None, on: date
) -> list[str]:
    """The engine's reason codes (empty: eligible) for these facts in this category."""
    facts = profile.facts(owns_solution=owns_entry(category, owns_solution))
    return list(check(facts, category=category.number, on=on).reasons)


def dossier_eligibility_reasons(
    dossier: Dossier, *, profile: ApplicantProfile, on: date | None = None
) -> list[str]:
    """The dossier's reasons with its applicant's profile, on its submission day unless `on`."""
    return eligibility_reasons(
        profile=profile,
        category=dossier.category,
        owns_solution=dossier.owns_solution,
        on=on or submission_day(dossier),
    )
