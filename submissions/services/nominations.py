"""Writes about nominations (đề cử): nominate, open and claim by the emailed link (signed,
single use, expiring), decline (the nominee or an organiser, with a reason), resend, expire.

A claim starts the nominee's draft through `dossier_create`: the eligibility engine applies to
the nominee as to anyone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import Category
from submissions.completeness import MAX_SUMMARY_WORDS
from submissions.mail import queue_email
from submissions.models import (
    OPEN_NOMINATION_STATES,
    Nomination,
    NominationState,
)
from submissions.models.team import new_invitation_nonce
from submissions.services.dossiers import dossier_create
from submissions.services.errors import DossierError, ensure_permission, ensure_window

CLAIM_SALT = "submissions.nomination.claim"
# Nominations one person may file per hour (beside the season's total per nominator).
RATE_PER_HOUR = 10


class NominationError(DossierError):
    pass


class ClaimLinkInvalid(NominationError):
    """Tampered, used, expired, declined: one answer, revealing nothing."""


def claim_token(nomination: Nomination) -> str:
    return signing.dumps([nomination.pk, nomination.nonce], salt=CLAIM_SALT)


def _invalid() -> ClaimLinkInvalid:
    return ClaimLinkInvalid(
        _("This nomination link is not valid: it may have expired or been used already.")
    )


def _from_token(token: str, *, lock: bool, at: datetime) -> Nomination:
    try:
        pk, nonce = signing.loads(token, salt=CLAIM_SALT)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise _invalid() from error
    rows = Nomination.objects.select_related("season", "category", "nominator")
    nomination = (rows.select_for_update(of=("self",)) if lock else rows).filter(pk=pk).first()
    if (
        nomination is None
        or not nomination.nonce
        or nomination.nonce != nonce
        or nomination.state not in OPEN_NOMINATION_STATES
        or at >= nomination.expires_at
    ):
        raise _invalid()
    return nomination


def nomination_for_token(token: str, *, at: datetime | None = None) -> Nomination:
    """The nomination a valid link names (read only); raises ClaimLinkInvalid."""
    return _from_token(token, lock=False, at=at or timezone.now())


@transaction.atomic
def nomination_create(
    *,
    nominator: User,
    category: Category,
    nominee_name: str,
    nominee_email: str,
    reason: str,
    product_name: str = "",
    at: datetime | None = None,
) -> Nomination:
    ensure_permission(nominator, "submissions.nominate")
    at = at or timezone.now()
    season = category.season
    ensure_window(season, at)
    nominee_email = nominee_email.strip().lower()
    if nominee_email == nominator.email.lower():
        raise NominationError(_("To enter yourself, start a dossier instead of nominating."))
    if len(reason.split()) > MAX_SUMMARY_WORDS:
        raise NominationError(_("Why: at most 300 words."))
    # Lock the nominator's row so that two tabs cannot both take the last place.
    User.objects.select_for_update().filter(pk=nominator.pk).first()
    mine = Nomination.objects.filter(nominator=nominator, season=season)
    if mine.count() >= season.nominations_per_nominator:
        raise NominationError(
            _("You have made the %(limit)s nominations allowed in this season.")
            % {"limit": season.nominations_per_nominator}
        )
    if mine.filter(created_at__gt=at - timedelta(hours=1)).count() >= RATE_PER_HOUR:
        raise NominationError(_("Too many nominations in a short time: try again in an hour."))
    nomination = Nomination(
        season=season,
        category=category,
        nominator=nominator,
        nominee_name=nominee_name.strip(),
        nominee_email=nominee_email,
        reason=reason.strip(),
        product_name=product_name.strip(),
        expires_at=season.submissions_close_at,
        sent_at=at,
    )
    nomination._history_user = nominator
    nomination.save()
    _queue_claim_email(nomination)
    return nomination


@transaction.atomic
def nomination_open(*, token: str, at: datetime | None = None) -> Nomination:
    """The nominee opened the link: recorded once; nothing else changes."""
    at = at or timezone.now()
    nomination = _from_token(token, lock=True, at=at)
    if nomination.state == NominationState.SENT:
        nomination.state = NominationState.OPENED
        nomination.opened_at = at
        nomination.save(update_fields=["state", "opened_at"])
    return nomination


@transaction.atomic
def nomination_claim(*, token: str, user: User, at: datetime | None = None) -> Nomination:
    """Start the nominee's draft in the category, prefilled with what the nominator wrote."""
    at = at or timezone.now()
    nomination = _from_token(token, lock=True, at=at)
    dossier = dossier_create(applicant=user, category=nomination.category, at=at)
    dossier.title = nomination.product_name or nomination.nominee_name
    dossier.summary = nomination.reason
    if nomination.category.is_product:
        dossier.product_name = nomination.product_name
    dossier._history_user = user
    dossier._change_reason = f"nominated by {nomination.nominator.email}"
    dossier.save()
    nomination.state = NominationState.CLAIMED
    nomination.claimed_at = at
    nomination.claimed_by = user
    nomination.dossier = dossier
    nomination.nonce = ""  # single use
    nomination._history_user = user
    nomination.save()
    return nomination


@transaction.atomic
def nomination_refuse(*, token: str, at: datetime | None = None) -> Nomination:
    """The nominee declines by the link."""
    at = at or timezone.now()
    nomination = _from_token(token, lock=True, at=at)
    return _decline(nomination, reason=str(_("Declined by the nominee.")), by=None, at=at)


@transaction.atomic
def nomination_decline(
    *, nomination: Nomination, reason: str, by: User, at: datetime | None = None
) -> Nomination:
    """An organiser declines a nomination that was not claimed, with a reason."""
    ensure_permission(by, "submissions.manage_nominations")
    if not reason.strip():
        raise NominationError(_("Give a reason for declining."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.state in (NominationState.CLAIMED, NominationState.DECLINED):
        raise NominationError(_("Only a nomination not yet claimed can be declined."))
    return _decline(nomination, reason=reason.strip(), by=by, at=at or timezone.now())


def _decline(nomination: Nomination, *, reason: str, by: User | None, at: datetime) -> Nomination:
    nomination.state = NominationState.DECLINED
    nomination.declined_at = at
    nomination.declined_by = by
    nomination.decline_reason = reason
    nomination.nonce = ""
    nomination._history_user = by
    nomination.save()
    return nomination


@transaction.atomic
def nomination_resend(
    *, nomination: Nomination, by: User, at: datetime | None = None
) -> Nomination:
    """An organiser sends the link again: a new link, the old one stops working."""
    ensure_permission(by, "submissions.manage_nominations")
    at = at or timezone.now()
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.state not in OPEN_NOMINATION_STATES or at >= nomination.expires_at:
        raise NominationError(_("Only an open nomination can be sent again."))
    nomination.nonce = new_invitation_nonce()
    nomination.sent_at = at
    nomination._history_user = by
    nomination.save()
    _queue_claim_email(nomination)
    return nomination


@transaction.atomic
def nominations_expire(*, at: datetime | None = None) -> int:
    """Open nominations past their link's expiry become expired (they stay in the record)."""
    at = at or timezone.now()
    due = Nomination.objects.filter(state__in=OPEN_NOMINATION_STATES, expires_at__lte=at)
    count = 0
    for nomination in due.select_for_update():
        nomination.state = NominationState.EXPIRED
        nomination.nonce = ""
        nomination.save()
        count += 1
    return count


def _queue_claim_email(nomination: Nomination) -> None:
    url = settings.SITE_URL + reverse(
        "submissions:nomination_claim", args=[claim_token(nomination)]
    )
    existing = User.objects.filter(email__iexact=nomination.nominee_email).first()
    queue_email(
        key=f"nomination:{nomination.pk}:{nomination.nonce}",
        to=nomination.nominee_email,
        template="submissions/email/nomination",
        context={"nomination": nomination, "claim_url": url},
        language=existing.language if existing else "vi",
    )
