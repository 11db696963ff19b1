"""What is printed for an applicant (the one home): the name and province their profile gives
today, used when the final results freeze them (PrintedName) and for the pending corrections."""

from __future__ import annotations

from submissions.models import Dossier
from submissions.provinces import province_by_code


def live_name(dossier: Dossier) -> str:
    """The organisation's legal name or the individual's full name, as the profile has it."""
    profile = getattr(dossier.applicant, "applicant_profile", None)
    name = profile.display_name if profile else ""
    return name or dossier.applicant.full_name or dossier.applicant.email


def live_province(dossier: Dossier | None) -> str:
    profile = getattr(dossier.applicant, "applicant_profile", None) if dossier else None
    if profile is None:
        return ""
    if profile.province_name:
        return profile.province_name
    try:
        return province_by_code(profile.province_code).name
    except KeyError:
        return ""


def pending_correction(printed) -> str:
    """The profile's name when it differs from the printed one (and was not declined); ""."""
    current = live_name(printed.dossier)
    if current in (printed.name, printed.declined_name):
        return ""
    return current
