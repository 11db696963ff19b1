"""Writes about deadline extensions: an organiser grants one dossier or one applicant a later
deadline with a reason (in the dossier's history, mailed to the applicant), or revokes it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import Season
from submissions.deadlines import active_extensions, extensions_cutoff
from submissions.mail import queue_email
from submissions.models import DeadlineExtension, Dossier, DossierStatus
from submissions.services.errors import DossierError, ensure_permission
from vda_portal.localtime import format_datetime


class ExtensionError(DossierError):
    pass


def extension_problem(
    *,
    deadline: datetime | None,
    reason: str,
    dossier: Dossier | None,
    applicant: User | None,
    season: Season | None,
    at: datetime | None = None,
) -> str | None:
    """Why this extension cannot be granted (the admin form shows it), or None."""
    if (dossier is None) == (applicant is None):
        return str(_("Extend either one dossier or one applicant."))
    season = dossier.season if dossier is not None else season
    if season is None:
        return str(_("Choose the season."))
    if not reason.strip():
        return str(_("Give the reason for the extension."))
    if deadline is None or deadline <= season.submission_deadline:
        return str(_("The extended deadline must come after the season's deadline."))
    cutoff = extensions_cutoff(season)
    now = at or timezone.now()
    if cutoff is not None and (deadline >= cutoff or now >= cutoff):
        return str(_("An extension must end before the preliminary round opens."))
    return None


@transaction.atomic
def extension_grant(
    *,
    deadline: datetime,
    reason: str,
    by: User,
    dossier: Dossier | None = None,
    applicant: User | None = None,
    season: Season | None = None,
    at: datetime | None = None,
) -> DeadlineExtension:
    """For one dossier (`dossier`) or every dossier of one applicant in `season`."""
    ensure_permission(by, "submissions.grant_extension")
    problem = extension_problem(
        deadline=deadline, reason=reason, dossier=dossier, applicant=applicant, season=season, at=at
    )
    if problem:
        raise ExtensionError(problem)
    season = dossier.season if dossier is not None else season
    extension = DeadlineExtension(
        season=season,
        dossier=dossier,
        applicant=applicant,
        deadline=deadline,
        reason=reason.strip(),
        granted_by=by,
    )
    extension._history_user = by
    extension.save()
    note = f"deadline extended to {format_datetime(deadline, seconds=True)}: {reason.strip()}"
    targets = [dossier] if dossier is not None else list(applicant.dossiers.filter(season=season))
    for target in targets:
        target._history_user = by
        target._change_reason = note[:100]
        target.save(update_fields=["updated_at"])  # history, not a new text version
    _queue_notice(extension, applicant or dossier.applicant, targets)
    return extension


@transaction.atomic
def extension_revoke(
    *, extension: DeadlineExtension, by: User, at: datetime | None = None
) -> DeadlineExtension:
    ensure_permission(by, "submissions.grant_extension")
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.revoked_at is None:
        extension.revoked_at = at or timezone.now()
        extension._history_user = by
        extension.save()
    return extension


REMIND_WITHIN = timedelta(hours=48)


@transaction.atomic
def extension_reminders_send(*, at: datetime | None = None) -> int:
    """One reminder per extended draft when its own deadline is less than 48 hours away."""
    at = at or timezone.now()
    sent = 0
    due = DeadlineExtension.objects.filter(
        revoked_at__isnull=True, deadline__gt=at, deadline__lte=at + REMIND_WITHIN
    ).select_related("season", "dossier", "applicant")
    for extension in due:
        if not active_extensions(season=extension.season, at=at).filter(pk=extension.pk).exists():
            continue  # the preliminary round has opened
        drafts = Dossier.objects.filter(status=DossierStatus.DRAFT).select_related("applicant")
        drafts = (
            drafts.filter(pk=extension.dossier_id)
            if extension.dossier_id
            else drafts.filter(season=extension.season, applicant=extension.applicant_id)
        )
        for dossier in drafts:
            url = settings.SITE_URL + reverse("submissions:dossier", args=[dossier.pk])
            email = queue_email(
                key=f"extension-reminder:{extension.pk}:{dossier.pk}",
                to=dossier.applicant.email,
                template="submissions/email/extension_reminder",
                context={"extension": extension, "dossier": dossier, "dossier_url": url},
                language=dossier.applicant.language,
            )
            sent += email is not None
    return sent


def _queue_notice(extension: DeadlineExtension, applicant: User, dossiers: list[Dossier]) -> None:
    urls = [settings.SITE_URL + reverse("submissions:dossier", args=[d.pk]) for d in dossiers]
    queue_email(
        key=f"deadline-extension:{extension.pk}",
        to=applicant.email,
        template="submissions/email/deadline_extension",
        context={"extension": extension, "applicant": applicant, "dossier_urls": urls},
        language=applicant.language,
    )
