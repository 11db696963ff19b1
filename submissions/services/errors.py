"""The refusals the submissions services raise, and the guards they share."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.eligibility import reason_message
from categories.models import Category, Season
from submissions.deadlines import counted_instant, extended_deadline
from submissions.models import ApplicantProfile, Dossier
from vda_portal.localtime import format_datetime


class DossierError(Exception):
    """A refused dossier action; `message` is shown to the user, `details` listed under it."""

    def __init__(self, message, details: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(str(message))
        self.message = message
        self.details = list(details)


class WindowClosed(DossierError):
    pass


class NotEligible(DossierError):
    pass


class Incomplete(DossierError):
    pass


class StaleVersion(DossierError):
    pass


class InvalidVersion(DossierError):
    """A save that names no usable version of the dossier (missing, negative, too large)."""


# Dossier.version is a PositiveIntegerField: what every database stores.
MAX_VERSION = 2_147_483_647


def ensure_valid_version(version) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= MAX_VERSION:
        raise InvalidVersion(
            _(
                "This save did not say which version of the dossier it was made from, so "
                "nothing was saved. Copy your text, reload the page and paste it again."
            )
        )


class NotEditable(DossierError):
    pass


def ensure_permission(user: User, permission: str, obj=None) -> None:
    """The services' own check (not only the views'): `submissions.rules` decides."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("season", "category")
        .get(pk=dossier.pk)
    )


def ensure_window(
    season: Season,
    at: datetime | None,
    *,
    dossier: Dossier | None = None,
    applicant_id: int | None = None,
    by: User | None = None,
) -> None:
    """Refuse outside the window: the season's, or this dossier's or applicant's own deadline
    when an organiser extended it; for a dossier received by post, email or in person that an
    organiser files, at its date of receipt (`submissions.deadlines`)."""
    at = counted_instant(dossier, at, by)
    until = (
        extended_deadline(season=season, dossier=dossier, applicant_id=applicant_id, at=at)
        if dossier is not None or applicant_id
        else None
    )
    if season.accepts_submissions(at, extended_until=until):
        return
    if at < season.submissions_open_at:
        raise WindowClosed(_("Submissions have not opened yet. Your draft is kept as it is."))
    deadline = format_datetime(season.deadline_for(until), seconds=True)
    raise WindowClosed(
        _(
            "The deadline has passed (%(deadline)s Vietnam time): changes and submissions are "
            "no longer accepted. Your dossier is kept as it was."
        )
        % {"deadline": deadline}
    )


def ensure_editable(dossier: Dossier) -> None:
    if not dossier.is_editable_by_applicant:
        raise NotEditable(_("This dossier can no longer be changed."))


def profile_required(applicant: User) -> ApplicantProfile:
    profile = ApplicantProfile.objects.filter(user=applicant).first()
    if profile is None:
        raise NotEligible(_("Please complete your applicant profile first."))
    return profile


def reason_messages(reasons, category: Category, kind: str | None = None) -> list[str]:
    return [str(reason_message(code, category=category.number, kind=kind)) for code in reasons]
