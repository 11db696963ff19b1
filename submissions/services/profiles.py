"""Writes about the applicant's profile."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from submissions.eligibility import dossier_eligibility_reasons
from submissions.models import RECEIVED, ApplicantProfile, Dossier
from submissions.provinces import province_name as _name_2024
from submissions.services.errors import ensure_permission


@transaction.atomic
def profile_save(*, user: User, data: dict, province_name: str | None = None) -> ApplicantProfile:
    """Create or update the applicant's profile from validated form data.

    ``province_name``: the chosen unit's name in the map the form offered (a code means
    different units in the 63- and 34-province maps); else read from the 2024 map.

    A change that makes a received dossier ineligible flags it for organisers; its status is
    theirs to change. Two saves at once (two tabs, a double click) give one profile: the user's
    row is locked first, so the second save finds and updates what the first created.
    """
    ensure_permission(user, "submissions.edit_own_profile")
    User.objects.select_for_update().filter(pk=user.pk).first()
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first()
    profile = profile or ApplicantProfile(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    if province_name is None:
        province_name = _name_2024(profile.province_code) if profile.province_code else ""
    profile.province_name = province_name
    profile.save()
    dossiers_recheck_eligibility(profile=profile)
    return profile


def dossiers_recheck_eligibility(*, profile: ApplicantProfile) -> list[Dossier]:
    flagged = []
    received = Dossier.objects.filter(applicant=profile.user_id, status__in=RECEIVED)
    for dossier in received.select_related("category", "season"):
        reasons = dossier_eligibility_reasons(dossier, profile=profile)
        if reasons and not dossier.eligibility_flagged:
            dossier.eligibility_flagged = True
            dossier.eligibility_reasons = reasons
            dossier.save(update_fields=["eligibility_flagged", "eligibility_reasons"])
            flagged.append(dossier)
    return flagged
