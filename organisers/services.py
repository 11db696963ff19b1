"""Organisers' writes beyond the judging admin: issuing and revoking certificates, and what
entrants are shown of their scores. Keyword-only, atomic, through history."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from judging.models import ResultSnapshot, Round
from organisers.certificates import new_code
from organisers.models import Certificate, FeedbackLevel, RoundFeedback


class CertificateError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _ensure(user: User | None, permission: str, obj=None) -> None:
    if user is None or not user.has_perm(permission, obj):
        raise PermissionDenied


@transaction.atomic
def certificates_issue(*, snapshot: ResultSnapshot, honorees: Iterable) -> dict[int, Certificate]:
    """The certificate of each honoree of the confirmed final snapshot, by dossier id: the
    one issued before, or a new one with a fresh code and the text as it is now printed.
    Idempotent (one certificate per honoree and snapshot, a unique constraint)."""
    rows = list(honorees)
    issued = {
        c.dossier_id: c
        for c in Certificate.objects.filter(
            snapshot=snapshot, dossier_id__in=[h.dossier_id for h in rows]
        )
    }
    for honoree in rows:
        if honoree.dossier_id in issued:
            continue
        certificate = Certificate(
            snapshot=snapshot,
            dossier_id=honoree.dossier_id,
            code=new_code(),
            honoree_name=honoree.name,
            entry_title=honoree.title,
            category_number=honoree.category_number,
            category_name_vi=honoree.category_name_vi,
            category_name_en=honoree.category_name_en,
            rank=honoree.rank,
        )
        certificate._change_reason = "issued"
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:  # issued at the same time by another request
            certificate = Certificate.objects.get(snapshot=snapshot, dossier_id=honoree.dossier_id)
        issued[honoree.dossier_id] = certificate
    return issued


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Revoke a certificate: its verification page then says "revoked" with the date.
    Recorded with who, when and why; revoking twice is refused."""
    _ensure(by, "organisers.revoke_certificate", certificate)
    reason = reason.strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    certificate._history_user = by
    certificate._change_reason = "revoked"
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return certificate


@transaction.atomic
def round_feedback_set(*, round_: Round, level: FeedbackLevel, by: User) -> RoundFeedback:
    """Choose what the round's entrants see of their scores once results are published."""
    _ensure(by, "organisers.set_feedback", round_)
    feedback, _created = RoundFeedback.objects.update_or_create(
        round=round_, defaults={"level": FeedbackLevel(level)}
    )
    return feedback
