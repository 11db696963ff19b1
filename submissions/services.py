"""Every write about applicants and dossiers. Keyword-only, atomic, no request."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.eligibility import check, reason_message
from categories.models import Category
from submissions.completeness import content_fields, missing_items, required_documents
from submissions.mail import queue_email
from submissions.models import (
    RECEIVED,
    ApplicantProfile,
    Attachment,
    DocumentType,
    Dossier,
    DossierStatus,
    EligibilityDecision,
    StaleSave,
)
from submissions.provinces import province_name
from submissions.selectors import today_in_vietnam
from submissions.storage import private_storage, upload_path
from submissions.uploads import inspect_upload, make_thumbnail, max_dossier_bytes, max_upload_bytes


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


class NotEditable(DossierError):
    pass


# --- Profiles ------------------------------------------------------------------------------


@transaction.atomic
def profile_save(*, user: User, data: dict) -> ApplicantProfile:
    """Create or update the applicant's profile from validated form data.

    A change that makes a received dossier ineligible flags it for organisers; its status is
    theirs to change.
    """
    profile = ApplicantProfile.objects.select_for_update().filter(user=user).first()
    profile = profile or ApplicantProfile(user=user)
    for name, value in data.items():
        setattr(profile, name, value)
    profile.province_name = province_name(profile.province_code) if profile.province_code else ""
    profile.save()
    dossiers_recheck_eligibility(profile=profile)
    return profile


def dossiers_recheck_eligibility(*, profile: ApplicantProfile) -> list[Dossier]:
    flagged = []
    received = Dossier.objects.filter(applicant=profile.user_id, status__in=RECEIVED)
    for dossier in received.select_related("category", "season"):
        reasons = _engine_reasons(dossier, profile, on=_submission_day(dossier))
        if reasons and not dossier.eligibility_flagged:
            dossier.eligibility_flagged = True
            dossier.eligibility_reasons = reasons
            dossier.save(update_fields=["eligibility_flagged", "eligibility_reasons"])
            flagged.append(dossier)
    return flagged


# --- Dossiers ------------------------------------------------------------------------------


@transaction.atomic
def dossier_create(*, applicant: User, category: Category, at: datetime | None = None) -> Dossier:
    """Start a draft, if the season is open and the applicant may enter the category."""
    season = category.season
    _ensure_window(season, at)
    profile = _profile(applicant)
    # Ownership is declared in the dossier itself (assumed here); every other rule applies now.
    facts = profile.facts(owns_solution=True)
    reasons = check(facts, category=category.number, on=today_in_vietnam()).reasons
    if reasons:
        raise NotEligible(
            _("You may not enter this category."), _reason_messages(reasons, category)
        )
    return Dossier.objects.create(
        season=season,
        category=category,
        applicant=applicant,
        contact_name=profile.contact_person,
        contact_email=applicant.email,
        contact_phone=profile.phone,
    )


def dossier_save(
    *, dossier: Dossier, data: dict, version: int, by: User, at: datetime | None = None
) -> Dossier:
    """Save the applicant's text. A save based on an older version is refused and kept aside."""
    with transaction.atomic():
        dossier = _locked(dossier)
        _ensure_window(dossier.season, at)
        _ensure_editable(dossier)
        stale = version != dossier.version
        if stale:
            _keep_stale_text(dossier, data, version, by)  # committed: the text must survive
        else:
            _apply(dossier, data)
    if stale:
        raise StaleVersion(
            _(
                "This dossier was changed in another tab or window after you opened it. "
                "Your text was not saved over the newer version; it is kept below so that you "
                "can copy what you need."
            )
        )
    return dossier


def _apply(dossier: Dossier, data: dict) -> None:
    for name in content_fields(dossier.category.number):
        if name in data:
            setattr(dossier, name, data[name])
    if dossier.status == DossierStatus.SUBMITTED:
        # A received dossier must stay complete and eligible through its edits.
        _ensure_complete_and_eligible(dossier)
    dossier.version += 1
    dossier.save()


@transaction.atomic
def dossier_submit(*, dossier: Dossier, by: User, at: datetime | None = None) -> Dossier:
    """Submit a complete, eligible draft. Submitting twice gives one submission."""
    dossier = _locked(dossier)
    _ensure_window(dossier.season, at)
    if dossier.status == DossierStatus.SUBMITTED:
        return dossier  # a double click, a second tab or a retried request
    if dossier.status != DossierStatus.DRAFT:
        raise NotEditable(_("This dossier can no longer be submitted."))
    _ensure_complete_and_eligible(dossier)
    now = at or timezone.now()
    first_submission = dossier.receipt_number is None
    if first_submission:
        dossier.receipt_number = _next_receipt_number(dossier)
        dossier.first_submitted_at = now
    dossier.status = DossierStatus.SUBMITTED
    dossier.submitted_at = now
    dossier.eligibility_reasons = []
    dossier.eligibility_flagged = False
    dossier.version += 1
    dossier.save()
    if first_submission:
        _queue_confirmation(dossier)
    return dossier


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, by: User, at: datetime | None = None) -> Dossier:
    dossier = _locked(dossier)
    _ensure_window(dossier.season, at)
    if dossier.status == DossierStatus.WITHDRAWN:
        return dossier
    _ensure_editable(dossier)
    dossier.status = DossierStatus.WITHDRAWN
    dossier.withdrawn_at = at or timezone.now()
    dossier.version += 1
    dossier.save()
    return dossier


@transaction.atomic
def dossier_decide_eligibility(
    *, dossier: Dossier, decision: str, justification: str, by: User
) -> Dossier:
    """Organisers mark a received dossier eligible or ineligible. Going against the engine
    needs a written justification; who, when and why stay in the dossier's history."""
    dossier = _locked(dossier)
    if dossier.status not in (
        DossierStatus.SUBMITTED,
        DossierStatus.ELIGIBLE,
        DossierStatus.INELIGIBLE,
    ):
        raise NotEditable(_("Only submitted dossiers are screened."))
    engine_says = (
        EligibilityDecision.ELIGIBLE
        if not _current_engine_reasons(dossier)
        else EligibilityDecision.INELIGIBLE
    )
    justification = justification.strip()
    if decision != engine_says and not justification:
        raise DossierError(
            _("A decision against the eligibility check needs a written justification.")
        )
    dossier.status = DossierStatus(decision)
    dossier.eligibility_override = decision if decision != engine_says else ""
    dossier.eligibility_justification = justification
    dossier.eligibility_decided_by = by
    dossier.eligibility_decided_at = timezone.now()
    dossier.eligibility_flagged = False
    dossier._change_reason = justification or f"screening: {decision}"
    dossier.save()
    return dossier


# --- helpers -------------------------------------------------------------------------------


def _locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("season", "category")
        .get(pk=dossier.pk)
    )


def _ensure_window(season, at: datetime | None) -> None:
    at = at or timezone.now()
    if season.accepts_submissions(at):
        return
    if at < season.submissions_open_at:
        raise WindowClosed(_("Submissions have not opened yet. Your draft is kept as it is."))
    deadline = date_format(timezone.localtime(season.submission_deadline), "d/m/Y H:i:s")
    raise WindowClosed(
        _(
            "The deadline has passed (%(deadline)s Vietnam time): changes and submissions are "
            "no longer accepted. Your dossier is kept as it was."
        )
        % {"deadline": deadline}
    )


def _ensure_editable(dossier: Dossier) -> None:
    if not dossier.is_editable_by_applicant:
        raise NotEditable(_("This dossier can no longer be changed."))


def _profile(applicant: User) -> ApplicantProfile:
    profile = ApplicantProfile.objects.filter(user=applicant).first()
    if profile is None:
        raise NotEligible(_("Please complete your applicant profile first."))
    return profile


def _ensure_complete_and_eligible(dossier: Dossier) -> None:
    profile = _profile(dossier.applicant)
    uploaded = dossier.attachments.values_list("document_type", flat=True)
    missing = missing_items(dossier, profile, uploaded)
    if missing:
        raise Incomplete(_("The dossier is not complete yet."), [item.label for item in missing])
    reasons = _engine_reasons(dossier, profile, on=today_in_vietnam())
    if reasons:
        raise NotEligible(
            _("You may not enter this category."), _reason_messages(reasons, dossier.category)
        )


def _engine_reasons(dossier: Dossier, profile: ApplicantProfile, *, on) -> list[str]:
    facts = profile.facts(owns_solution=_owns(dossier))
    return list(check(facts, category=dossier.category.number, on=on).reasons)


def _current_engine_reasons(dossier: Dossier) -> list[str]:
    return _engine_reasons(dossier, _profile(dossier.applicant), on=_submission_day(dossier))


def _owns(dossier: Dossier) -> bool:
    # Categories 1–2 enter the organisation itself; ownership applies to products (3–5).
    return True if dossier.category.number <= 2 else bool(dossier.owns_solution)


def _submission_day(dossier: Dossier):
    return timezone.localdate(dossier.submitted_at) if dossier.submitted_at else today_in_vietnam()


def _reason_messages(reasons, category: Category) -> list[str]:
    return [str(reason_message(code, category=category.number)) for code in reasons]


def _next_receipt_number(dossier: Dossier) -> str:
    """VDA2024-C3-0042: per season and category, in order of first submission."""
    # Lock the category row so that concurrent first submissions take numbers one by one;
    # the unique constraint on receipt_number stays the last guard.
    Category.objects.select_for_update().filter(pk=dossier.category_id).first()
    last = (
        Dossier.objects.filter(category=dossier.category_id, receipt_number__isnull=False)
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"VDA{dossier.season.year}-C{dossier.category.number}-{sequence:04d}"


def _keep_stale_text(dossier: Dossier, data: dict, version: int, by: User) -> None:
    fields = content_fields(dossier.category.number)
    kept = {name: _jsonable(data[name]) for name in fields if name in data}
    StaleSave.objects.create(
        dossier=dossier,
        author=by,
        based_on_version=version,
        current_version=dossier.version,
        data=kept,
    )


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _queue_confirmation(dossier: Dossier) -> None:
    applicant = dossier.applicant
    context = {
        "dossier": dossier,
        "applicant": applicant,
        "dossier_url": settings.SITE_URL + reverse("submissions:dossier", args=[dossier.pk]),
    }
    queue_email(
        key=f"submission-confirmation:{dossier.pk}",
        to=applicant.email,
        template="submissions/email/submission_confirmation",
        context=context,
        language=applicant.language,
    )


# --- Attachments ---------------------------------------------------------------------------

DOCUMENT_KINDS: dict[str, frozenset[str]] = {
    DocumentType.APPLICATION_FORM: frozenset({"pdf"}),
    DocumentType.BUSINESS_REGISTRATION: frozenset({"pdf", "jpeg", "png"}),
    DocumentType.LEGAL_REP_AUTHORISATION: frozenset({"pdf", "jpeg", "png", "docx"}),
    DocumentType.RESIDENCE_CARD: frozenset({"pdf", "jpeg", "png"}),
    DocumentType.IP_COMMITMENT: frozenset({"pdf", "jpeg", "png", "docx"}),
    DocumentType.SCREENSHOT: frozenset({"jpeg", "png"}),
    DocumentType.OTHER: frozenset({"pdf", "jpeg", "png", "docx", "xlsx", "pptx"}),
}


def attachment_add(
    *,
    dossier: Dossier,
    document_type: str,
    uploaded_file: UploadedFile,
    by: User,
    at: datetime | None = None,
) -> Attachment:
    """Check the file by its content, store it privately, and attach it.

    Raises ValidationError (shown at the file field) for a bad file, DossierError otherwise.
    Inspection happens before any lock or write: nothing is stored for a refused file.
    """
    inspected = inspect_upload(
        uploaded_file, max_bytes=max_upload_bytes(), allowed_kinds=DOCUMENT_KINDS[document_type]
    )
    storage = private_storage()
    stored: list[str] = []
    try:
        with transaction.atomic():
            dossier = _locked(dossier)
            _ensure_window(dossier.season, at)
            _ensure_editable(dossier)
            _ensure_room(dossier, inspected.size)
            attachment = Attachment(
                dossier=dossier,
                document_type=document_type,
                original_name=inspected.safe_name,
                content_type=inspected.content_type,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_by=by,
            )
            path = upload_path(
                dossier_id=dossier.pk, sha256=inspected.sha256, safe_name=inspected.safe_name
            )
            uploaded_file.seek(0)
            attachment.file.name = storage.save(path, uploaded_file)  # streamed in chunks
            stored.append(attachment.file.name)
            if inspected.is_image:
                thumbnail = make_thumbnail(uploaded_file)
                attachment.thumbnail.name = storage.save(f"{path}.thumb.jpg", thumbnail)
                stored.append(attachment.thumbnail.name)
            attachment.save()
            # A history entry, not a new version: the version guards the text only, and a
            # file uploaded beside the form must not turn the form's next save stale.
            dossier._change_reason = f"attachment added: {inspected.safe_name}"
            dossier.save(update_fields=["updated_at"])
    except BaseException:
        for name in stored:  # the row was rolled back: its files must not stay behind
            storage.delete(name)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User, at: datetime | None = None) -> None:
    dossier = _locked(attachment.dossier)
    _ensure_window(dossier.season, at)
    _ensure_editable(dossier)
    if dossier.status == DossierStatus.SUBMITTED:
        same_type = dossier.attachments.filter(document_type=attachment.document_type).count()
        required = required_documents(dossier.category.number, _profile(dossier.applicant))
        if same_type == 1 and attachment.document_type in required:
            raise Incomplete(
                _("A submitted dossier must keep this document: upload its replacement first.")
            )
    names = [attachment.file.name, attachment.thumbnail.name]
    attachment.delete()
    dossier._change_reason = f"attachment removed: {attachment.original_name}"
    dossier.save(update_fields=["updated_at"])  # history, not a new text version
    storage = private_storage()
    # Files go only once the database agrees: a rollback must not leave a row without its file.
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def _ensure_room(dossier: Dossier, size: int) -> None:
    used = dossier.attachments.aggregate(total=Sum("size"))["total"] or 0
    limit = max_dossier_bytes()
    if used + size > limit:
        raise ValidationError(
            _(
                "This file would take the dossier over its limit of %(limit)s MB "
                "(%(used)s MB already used)."
            ),
            code="dossier_too_large",
            params={"limit": limit // 2**20, "used": round(used / 2**20, 1)},
        )
