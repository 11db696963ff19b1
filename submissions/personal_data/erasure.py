"""Delete my account: refused while a dossier is being judged; otherwise personal data is
erased or anonymised at once, files deleted from storage, and what the award must keep stays
(a published honoree's public name, province and entry title under their publication consent;
scores, tied to an anonymous entrant). The person is told by email."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import (
    ConsentPurpose,
    DataRequest,
    DataRequestKind,
    DataRequestState,
    KnownDevice,
    User,
)
from accounts.privacy.models import ConsentSource
from accounts.privacy.services import consent_set, data_request_close, data_request_open
from submissions.mail import queue_email
from submissions.models import (
    AnonymisationReason,
    ApplicantProfile,
    Dossier,
    DossierMember,
    DossierStatus,
    MemberState,
    Nomination,
    OutboundEmail,
    ReminderDelivery,
    ReminderOptOut,
)
from submissions.models.dossier import RESULT_STATUSES
from submissions.personal_data.anonymise import dossier_anonymise, dossier_delete, is_public_honoree

# Being judged: received and not yet decided, or decided but not yet published.
JUDGING_STATUSES = (
    DossierStatus.SUBMITTED,
    DossierStatus.ELIGIBLE,
    DossierStatus.IN_REVIEW,
    DossierStatus.FINALIST,
)
PUBLIC_PROFILE_FIELDS = ("kind", "legal_name", "full_name", "province_code", "province_name")


def dossiers_in_judging(user: User) -> list[Dossier]:
    return [
        dossier
        for dossier in Dossier.objects.filter(applicant=user).select_related("category")
        if dossier.status in JUDGING_STATUSES
        or (dossier.status in RESULT_STATUSES and dossier.published_status != dossier.status)
    ]


def erasure_refusal(user: User) -> str:
    """Why the account cannot be deleted now; empty when it can."""
    if user.is_staff or user.is_superuser:
        return _("Staff accounts are closed by the organisers, not from this page.")
    blocking = dossiers_in_judging(user)
    if blocking:
        names = ", ".join(str(d) for d in blocking)
        return _(
            "Your dossiers %(names)s are being judged: the award needs them until the results "
            "are published. Withdraw a dossier before the deadline, or ask again afterwards."
        ) % {"names": names}
    return ""


def account_erase(*, user: User) -> DataRequest:
    """Returns the request: refused (with the reason) or done."""
    reason = erasure_refusal(user)
    if reason:
        with transaction.atomic():
            data_request = data_request_open(user=user, kind=DataRequestKind.ERASURE)
            return data_request_close(
                data_request=data_request, state=DataRequestState.REFUSED, reason=reason
            )
    return _erase(user)


@transaction.atomic
def _erase(user: User) -> DataRequest:
    data_request = data_request_open(user=user, kind=DataRequestKind.ERASURE)
    address, language = user.email, user.language
    keeps_public_name = False
    for dossier in Dossier.objects.filter(applicant=user):
        if dossier.first_submitted_at is None:
            dossier_delete(dossier=dossier)
            continue
        public = is_public_honoree(dossier)
        keeps_public_name |= public
        dossier_anonymise(dossier=dossier, reason=AnonymisationReason.ERASURE, keep_title=public)
    _erase_profile(user, keep_public_name=keeps_public_name)
    _erase_traces(user, address)
    for purpose in ConsentPurpose:
        if purpose == ConsentPurpose.HONOREE_PUBLICATION and keeps_public_name:
            continue  # the basis on which the public name stays
        consent_set(user=user, purpose=purpose, granted=False, source=ConsentSource.ERASURE)
    _anonymise_account(user)
    data_request = data_request_close(data_request=data_request, state=DataRequestState.DONE)
    queue_email(
        key=f"account-erased-{data_request.pk}",
        to=address,
        template="submissions/email/account_erased",
        context={"kept_public_name": keeps_public_name},
        language=language,
    )
    return data_request


def _erase_profile(user: User, *, keep_public_name: bool) -> None:
    profile = ApplicantProfile.objects.filter(user=user).first()
    if profile is None:
        return
    profile.history.all().delete()
    if not keep_public_name:
        profile.delete()
        return
    erased = {
        field.attname: (None if field.null else "")
        for field in ApplicantProfile._meta.concrete_fields
        if field.name not in (*PUBLIC_PROFILE_FIELDS, "id", "user", "created_at", "updated_at")
    }
    ApplicantProfile.objects.filter(pk=profile.pk).update(**erased)


def _erase_traces(user: User, address: str) -> None:
    ReminderDelivery.objects.filter(user=user).delete()
    ReminderOptOut.objects.filter(user=user).delete()
    OutboundEmail.objects.filter(to_email__iexact=address).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    KnownDevice.objects.filter(user=user).delete()
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
    UserSession.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=address).delete()
    _erase_entry_paths(user, address)


def _erase_entry_paths(user: User, address: str) -> None:
    """A member leaves every team (the place stays in the team's record, without the address);
    a nomination of the person keeps its record (state, dates, category) without who was
    nominated or why; those they filed keep theirs, tied to the anonymous account. The history
    rows that hold the address go."""
    erased = f"erased-{user.pk}@erased.invalid"
    memberships = DossierMember.objects.filter(Q(user=user) | Q(email__iexact=address))
    DossierMember.history.filter(Q(user=user) | Q(email__iexact=address)).delete()
    memberships.update(state=MemberState.REMOVED, nonce="", email=erased)
    of_them = Nomination.objects.filter(Q(claimed_by=user) | Q(nominee_email__iexact=address))
    Nomination.history.filter(id__in=of_them.values("pk")).delete()
    for nomination in of_them:
        Nomination.objects.filter(pk=nomination.pk).update(
            nominee_name="",
            nominee_email=f"erased-nominee-{nomination.pk}@erased.invalid",
            reason="",
            product_name="",
            nonce="",
        )


def _anonymise_account(user: User) -> None:
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.phone = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "phone", "is_active", "password"])
    user.groups.clear()
    user.user_permissions.clear()
