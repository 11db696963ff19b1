"""Site verification: scheduling (organisers), the verifier's report, the organisers' override
of a "not confirmed" verdict, and the check that honoree confirmation makes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from judging import rules
from judging.models import (
    SiteVerification,
    Verdict,
    VerificationDocument,
    VerificationFinding,
    VerificationMode,
)
from judging.services.base import JudgingError, _save, ensure_allowed
from submissions.models import Dossier
from submissions.storage import private_storage
from submissions.uploads import InspectedUpload, inspect_upload, max_upload_bytes

# The dossier's declared claims a verifier checks: figures, users, deployments, results.
CLAIM_FIELDS = (
    "user_count",
    "users_customers",
    "platforms_solutions",
    "measured_results",
    "beneficiaries",
    "reach",
    "vietnam_presence",
    "launch_date",
)
# Checked by content, as every upload (submissions.uploads).
DOCUMENT_KINDS = frozenset({"jpeg", "png", "pdf"})


def declared_claims(dossier: Dossier) -> list[tuple[str, str, str]]:
    """(field, label, declared value) of every claim the dossier makes."""
    claims = []
    for name in CLAIM_FIELDS:
        value = getattr(dossier, name, None)
        if value in (None, ""):
            continue
        if isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        label = str(Dossier._meta.get_field(name).verbose_name)
        claims.append((name, label[:1].upper() + label[1:], str(value)))
    return claims


def _may_verify(user: User) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (user.has_role(Role.JUDGE) or user.has_role(Role.ORGANISER))
    )


@transaction.atomic
def verifications_schedule(
    *,
    dossiers: Iterable[Dossier],
    scheduled_for: date,
    mode: str,
    place: str,
    verifiers: Sequence[User],
    by: User,
) -> list[SiteVerification]:
    """Schedule (or move) the verification of each dossier. A reported one stays as it is."""
    ensure_allowed(rules.can_schedule_verification, by)
    if mode not in VerificationMode.values:
        raise JudgingError(_("Choose on site or online."))
    if not verifiers:
        raise JudgingError(_("Name at least one verifier."))
    refused = [str(v) for v in verifiers if not _may_verify(v)]
    if refused:
        raise JudgingError(
            _("Verifiers are judges or staff: %(users)s") % {"users": ", ".join(refused)}
        )
    scheduled = []
    for dossier in dossiers:
        verification = SiteVerification.objects.select_for_update().filter(dossier=dossier).first()
        if verification and verification.is_reported:
            scheduled.append(verification)
            continue
        verification = verification or SiteVerification(dossier=dossier, scheduled_by=by)
        verification.scheduled_for = scheduled_for
        verification.mode = mode
        verification.place = place.strip()
        _save(verification, by=by, reason="scheduled")
        verification.verifiers.set(verifiers)
        for position, (claim, label, declared) in enumerate(declared_claims(dossier)):
            VerificationFinding.objects.update_or_create(
                verification=verification,
                claim=claim,
                defaults={"label": label, "declared": declared, "position": position},
            )
        scheduled.append(verification)
    return scheduled


@transaction.atomic
def verification_report(
    *,
    verification: SiteVerification,
    held_on: date,
    attendees: str,
    summary: str,
    verdict: str,
    findings: Mapping[str, str],
    documents: Sequence[UploadedFile] = (),
    by: User,
) -> SiteVerification:
    """A verifier files the report: when it was held, who attended, a finding per declared
    claim, photos or documents, and the verdict. It may be corrected until honours are
    confirmed (the history keeps every version)."""
    verification = SiteVerification.objects.select_for_update().get(pk=verification.pk)
    ensure_allowed(
        rules.can_report_verification,
        by,
        verification,
        _("Only this verification's verifiers may file its report."),
    )
    if verdict not in Verdict.values:
        raise JudgingError(_("Choose a verdict."))
    if held_on > timezone.localdate():
        raise JudgingError(_("The date held cannot be in the future."))
    if not attendees.strip():
        raise JudgingError(_("Say who attended."))
    inspected = [(document, _inspect(document)) for document in documents]
    verification.held_on = held_on
    verification.attendees = attendees.strip()
    verification.summary = summary.strip()
    verification.verdict = verdict
    verification.reported_by = by
    verification.reported_at = timezone.now()
    if verdict != Verdict.NOT_CONFIRMED:  # an override answers one "not confirmed" verdict
        verification.override_reason, verification.override_by = "", None
        verification.override_at = None
    _save(verification, by=by, reason="reported")
    for finding in verification.findings.all():
        text = (findings.get(finding.claim) or "").strip()
        if text != finding.finding:
            finding.finding = text
            _save(finding, by=by)
    for document, checked in inspected:
        _store_document(verification, document, checked, by)
    return verification


def _inspect(document: UploadedFile) -> InspectedUpload:
    try:
        return inspect_upload(document, max_bytes=max_upload_bytes(), allowed_kinds=DOCUMENT_KINDS)
    except ValidationError as error:
        raise JudgingError(" ".join(error.messages)) from None


def _store_document(
    verification: SiteVerification, document: UploadedFile, checked: InspectedUpload, by: User
) -> None:
    key = f"verifications/{verification.pk}/{uuid.uuid4().hex}/{checked.safe_name}"
    stored = private_storage().save(key, document)
    _save(
        VerificationDocument(
            verification=verification,
            file=stored,
            original_name=document.name[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        ),
        by=by,
    )


@transaction.atomic
def verification_override(
    *, verification: SiteVerification, reason: str, by: User
) -> SiteVerification:
    """Organisers allow a "not confirmed" dossier to be confirmed as honoree, with a reason."""
    ensure_allowed(rules.can_override_verification, by)
    verification = SiteVerification.objects.select_for_update().get(pk=verification.pk)
    if verification.verdict != Verdict.NOT_CONFIRMED:
        raise JudgingError(_("Only a “not confirmed” verdict needs an override."))
    if not reason.strip():
        raise JudgingError(_("Please give a reason."))
    verification.override_reason = reason.strip()
    verification.override_by = by
    verification.override_at = timezone.now()
    _save(verification, by=by, reason="override")
    return verification


def ensure_honours_verified(dossier_ids: Iterable[int]) -> None:
    """Refuse honoree confirmation while a selected dossier's verification is "not confirmed"
    and no organiser has overridden it."""
    blocked = SiteVerification.objects.filter(
        dossier__in=list(dossier_ids), verdict=Verdict.NOT_CONFIRMED, override_at__isnull=True
    ).select_related("dossier")
    names = [str(v.dossier) for v in blocked.order_by("dossier__receipt_number")]
    if names:
        raise JudgingError(
            _(
                "Site verification did not confirm %(dossiers)s: an organiser must override "
                "it with a reason before it can be confirmed as honoree."
            )
            % {"dossiers": ", ".join(names)}
        )
