"""Dossiers received by email, by post or in person: an organiser files them on the applicant's
behalf (an existing account, or a new applicant profile without a password that the person can
claim later by resetting the password for that email). The date of receipt (a postmark date,
typed, with the reason) counts for the deadline; everything else is the same path as online:
completeness, eligibility, submission, screening, judging."""

from __future__ import annotations

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from categories.models import Category
from submissions.completeness import content_fields
from submissions.deadlines import extended_deadline
from submissions.eligibility import eligibility_reasons
from submissions.models import Dossier, ReceivedVia
from submissions.services.errors import (
    DossierError,
    NotEligible,
    WindowClosed,
    ensure_permission,
    profile_required,
    reason_messages,
)
from submissions.services.profiles import profile_save
from vda_portal.localtime import format_datetime


@transaction.atomic
def applicant_create_offline(*, email: str, full_name: str, profile: dict, by: User) -> User:
    """A new applicant without a password (claimable later by email), with their profile."""
    ensure_permission(by, "submissions.file_received_dossier")
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DossierError(_("An account with this email exists: file the dossier for it."))
    user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
    user.groups.add(Group.objects.get(name=Role.APPLICANT))
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    profile_save(user=user, data=profile)
    return user


@transaction.atomic
def dossier_file_received(
    *,
    applicant: User,
    category: Category,
    channel: str,
    received_at: datetime,
    received_note: str,
    data: dict,
    by: User,
) -> Dossier:
    """File the paper or emailed dossier as a draft, received at `received_at`."""
    ensure_permission(by, "submissions.file_received_dossier")
    if channel not in (ReceivedVia.EMAIL, ReceivedVia.POST, ReceivedVia.IN_PERSON):
        raise DossierError(_("Choose how the dossier was received: email, post or in person."))
    if not received_note.strip():
        raise DossierError(_("Say why this date of receipt (e.g. the postmark)."))
    season = category.season
    until = extended_deadline(season=season, applicant_id=applicant.pk, at=received_at)
    if not season.accepts_submissions(received_at, extended_until=until):
        deadline = format_datetime(season.deadline_for(until), seconds=True)
        raise WindowClosed(
            _("Received after the deadline (%(deadline)s Vietnam time): it cannot be filed.")
            % {"deadline": deadline}
        )
    profile = profile_required(applicant)
    reasons = eligibility_reasons(
        profile=profile, category=category, owns_solution=True, on=received_at.date()
    )
    if reasons:
        raise NotEligible(
            _("This applicant may not enter this category."), reason_messages(reasons, category)
        )
    dossier = Dossier(
        season=season,
        category=category,
        applicant=applicant,
        contact_name=profile.contact_person,
        contact_email=applicant.email,
        contact_phone=profile.phone,
        received_via=channel,
        received_at=received_at,
        received_note=received_note.strip(),
        filed_by=by,
        last_edited_by=by,
    )
    for name in content_fields(category.number):
        if name in data:
            setattr(dossier, name, data[name])
    dossier._history_user = by
    dossier._change_reason = f"filed by organiser, received via {channel}"
    dossier.save()
    return dossier
