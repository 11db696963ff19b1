"""Writes about a dossier's team: invite (a signed, single-use, expiring link), join, remove,
hand the ownership to an editor. Each is in the history of `DossierMember` or `Dossier`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from submissions.mail import queue_email
from submissions.models import ApplicantProfile, Dossier, DossierMember, MemberRole, MemberState
from submissions.services.errors import DossierError, ensure_editable, ensure_permission, locked

INVITATION_SALT = "submissions.team.invitation"
INVITATION_MAX_AGE = timedelta(days=14)


class InvitationInvalid(DossierError):
    """A tampered, expired, used or withdrawn link, or one for another address: one answer."""


def invitation_token(member: DossierMember) -> str:
    return signing.dumps([member.pk, member.nonce], salt=INVITATION_SALT)


def read_invitation_token(token: str) -> tuple[int, str]:
    """(member id, nonce); raises InvitationInvalid for a tampered or expired token."""
    try:
        member_id, nonce = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
        return int(member_id), str(nonce)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise _invalid() from error


def _invalid() -> InvitationInvalid:
    return InvitationInvalid(
        _("This invitation link is not valid: it may have expired or been used already.")
    )


@transaction.atomic
def member_invite(*, dossier: Dossier, email: str, role: str, by: User) -> DossierMember:
    """The owner invites a colleague by email as an editor or a viewer."""
    ensure_permission(by, "submissions.manage_team", dossier)
    email = email.strip().lower()
    if role not in MemberRole.values:
        raise DossierError(_("Choose editor or viewer."))
    dossier = locked(dossier)
    if email == dossier.applicant.email.lower():
        raise DossierError(_("You already own this dossier."))
    live = dossier.members.filter(email__iexact=email).exclude(state=MemberState.REMOVED)
    if live.exists():
        raise DossierError(_("This person is already in the team or invited."))
    member = DossierMember(dossier=dossier, email=email, role=role, invited_by=by)
    member._history_user = by
    member.save()
    _queue_invitation(member)
    return member


@transaction.atomic
def member_join(*, token: str, user: User, at: datetime | None = None) -> DossierMember:
    """The invited person follows the link, signed in with the address it was sent to."""
    member_id, nonce = read_invitation_token(token)
    member = DossierMember.objects.select_for_update().filter(pk=member_id).first()
    if (
        member is None
        or member.state != MemberState.INVITED
        or not member.nonce
        or member.nonce != nonce
        or member.email.lower() != user.email.lower()
    ):
        raise _invalid()
    member.user = user
    member.state = MemberState.ACTIVE
    member.nonce = ""  # single use
    member.joined_at = at or timezone.now()
    member._history_user = user
    member.save()
    return member


@transaction.atomic
def member_remove(*, member: DossierMember, by: User, at: datetime | None = None) -> DossierMember:
    """The owner removes a member or withdraws an invitation: access ends at once."""
    ensure_permission(by, "submissions.manage_team", member.dossier)
    member = DossierMember.objects.select_for_update().get(pk=member.pk)
    if member.state == MemberState.REMOVED:
        return member
    member.state = MemberState.REMOVED
    member.nonce = ""
    member.removed_at = at or timezone.now()
    member._history_user = by
    member.save()
    return member


@transaction.atomic
def dossier_transfer_ownership(*, dossier: Dossier, member: DossierMember, by: User) -> Dossier:
    """Hand the dossier to an active editor; the former owner stays on as an editor."""
    ensure_permission(by, "submissions.manage_team", dossier)
    dossier = locked(dossier)
    ensure_editable(dossier)
    member = DossierMember.objects.select_for_update().get(pk=member.pk, dossier=dossier)
    if member.state != MemberState.ACTIVE or member.role != MemberRole.EDITOR:
        raise DossierError(_("Ownership can be handed only to an editor of the team."))
    if not ApplicantProfile.objects.filter(user=member.user_id).exists():
        raise DossierError(
            _("The new owner must first complete their applicant profile: it is the entrant's.")
        )
    former = dossier.applicant
    new_owner = member.user
    member.user = former
    member.email = former.email.lower()
    member._history_user = by
    member.save()
    dossier.applicant = new_owner
    dossier._history_user = by
    dossier._change_reason = f"ownership handed to {new_owner.email}"
    dossier.save(update_fields=["applicant", "updated_at"])
    return dossier


def _queue_invitation(member: DossierMember) -> None:
    dossier = member.dossier
    url = settings.SITE_URL + reverse("submissions:team_join", args=[invitation_token(member)])
    existing = User.objects.filter(email__iexact=member.email).only("language").first()
    queue_email(
        key=f"team-invitation:{member.pk}:{member.nonce}",
        to=member.email,
        template="submissions/email/team_invitation",
        context={
            "member": member,
            "dossier": dossier,
            "inviter": member.invited_by,
            "join_url": url,
            "expires_days": INVITATION_MAX_AGE.days,
        },
        language=existing.language if existing else "vi",
    )
