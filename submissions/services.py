from __future__ import annotations

from django.db import transaction

from accounts.models import User
from submissions.models import ApplicantProfile
from submissions.provinces import province_name


@transaction.atomic
def profile_save(*, user: User, data: dict) -> ApplicantProfile:
    """Create or update the applicant's profile from validated form data."""
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first()
    profile = profile or ApplicantProfile(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.province_name = province_name(profile.province_code) if profile.province_code else ""
    profile.save()
    return profile
