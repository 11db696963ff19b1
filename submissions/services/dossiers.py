"""Writes about dossiers: start, save the text, submit, withdraw."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.privacy.models import ConsentPurpose
from accounts.privacy.services import has_consent
from categories.models import Category
from submissions.completeness import content_fields, missing_items
from submissions.deadlines import dossier_deadline
from submissions.eligibility import (
    dossier_eligibility_reasons,
    eligibility_reasons,
    today_in_vietnam,
)
from submissions.mail import queue_email
from submissions.models import Dossier, DossierStatus, StaleSave
from submissions.services.errors import (
    Incomplete,
    NotEditable,
    NotEligible,
    StaleVersion,
    ensure_editable,
    ensure_permission,
    ensure_valid_version,
    ensure_window,
    locked,
    profile_required,
    reason_messages,
)
from submissions.services.publication import dossier_publication_declared


@transaction.atomic
def dossier_create(*, applicant: User, category: Category, at: datetime | None = None) -> Dossier:
    """Start a draft, if the season is open and the applicant may enter the category."""
    ensure_permission(applicant, "submissions.start_dossier")
    season = category.season
    ensure_window(season, at, applicant_id=applicant.pk)
    profile = profile_required(applicant)
    # Ownership is declared in the dossier itself (assumed here); every other rule applies now.
    reasons = eligibility_reasons(
        profile=profile, category=category, owns_solution=True, on=today_in_vietnam()
    )
    if reasons:
        raise NotEligible(
            _("You may not enter this category."), reason_messages(reasons, category, profile.kind)
        )
    return Dossier.objects.create(
        season=season,
        category=category,
        applicant=applicant,
        contact_name=profile.contact_person,
        contact_email=applicant.email,
        contact_phone=profile.phone,
        consent_publish=has_consent(applicant, ConsentPurpose.HONOREE_PUBLICATION),
    )


def dossier_save(
    *,
    dossier: Dossier,
    data: dict,
    version: int | None,
    by: User,
    page: str = "",
    at: datetime | None = None,
) -> Dossier:
    """Save the applicant's text. A save based on an older version is refused and kept aside,
    unless every newer version came from the same page (`page`: its autosave was in flight):
    one tab never conflicts with itself."""
    ensure_permission(by, "submissions.edit_dossier", dossier)
    ensure_valid_version(version)
    with transaction.atomic():
        dossier = locked(dossier)
        ensure_window(dossier.season, at, dossier=dossier, by=by)
        ensure_editable(dossier)
        stale = version != dossier.version and not _same_page_chain(dossier, version, page)
        if stale:
            _keep_stale_text(dossier, data, version, by)  # committed: the text must survive
        else:
            _apply(dossier, data, page=page, by=by)
    if stale:
        raise StaleVersion(_stale_message(dossier, by))
    return dossier


def _same_page_chain(dossier: Dossier, version: int, page: str) -> bool:
    """The last save was this page's own: it holds everything since the version it posted
    (each of its saves was accepted only on top of the one before)."""
    return bool(page) and dossier.saved_by_page == page and version < dossier.version


def _stale_message(dossier: Dossier, by: User) -> str:
    """Say who saved the newer version: another tab of yours, or a colleague."""
    newer_by = dossier.last_edited_by
    if newer_by is None or newer_by.pk == by.pk:
        return _(
            "This dossier was changed in another tab or window after you opened it. "
            "Your text was not saved over the newer version; it is kept below so that you "
            "can copy what you need."
        )
    return _(
        "%(name)s saved a newer version of this dossier after you opened it. Your text was "
        "not saved over theirs; it is kept below so that you can copy what you need."
    ) % {"name": newer_by.full_name or newer_by.email}


def _apply(dossier: Dossier, data: dict, *, page: str = "", by: User) -> None:
    declared_before = dossier.consent_publish
    for name in content_fields(dossier.category.number):
        if name in data:
            setattr(dossier, name, data[name])
    if dossier.status == DossierStatus.SUBMITTED:
        # A received dossier must stay complete and eligible through its edits.
        try:
            _ensure_complete_and_eligible(dossier)
        except Incomplete as error:
            raise Incomplete(
                _(
                    "Not saved: a submitted dossier cannot lose a required field or document. "
                    "Fill in again what is listed, or withdraw the dossier first."
                ),
                error.details,
            ) from None
        except NotEligible as error:
            raise NotEligible(
                _("Not saved: with this change the submitted dossier would no longer be eligible."),
                error.details,
            ) from None
    dossier.version += 1
    dossier.saved_by_page = page
    dossier.last_edited_by = by
    dossier._history_user = by  # every change shows who made it, owner or editor
    dossier.save()
    if dossier.consent_publish != declared_before:  # not on every autosave
        dossier_publication_declared(dossier)


@transaction.atomic
def dossier_submit(*, dossier: Dossier, by: User, at: datetime | None = None) -> Dossier:
    """Submit a complete, eligible draft, or resubmit a withdrawn dossier before the deadline
    (it keeps its receipt number). Submitting twice gives one submission."""
    # One instant, checked against the deadline and stored: a second now() taken a few
    # milliseconds later could store 00:00:00 for a submission accepted at 23:59:59.999.
    now = at or timezone.now()
    dossier = _locked_for(by, "submissions.submit_dossier", dossier, now)
    if dossier.status == DossierStatus.SUBMITTED:
        return dossier  # a double click, a second tab or a retried request
    if dossier.status not in (DossierStatus.DRAFT, DossierStatus.WITHDRAWN):
        raise NotEditable(_("This dossier can no longer be submitted."))
    _ensure_complete_and_eligible(dossier)
    first_submission = dossier.receipt_number is None
    if first_submission:
        dossier.receipt_number = _next_receipt_number(dossier)
        dossier.first_submitted_at = now
    dossier.status = DossierStatus.SUBMITTED
    dossier.submitted_at = now
    profile = profile_required(dossier.applicant)
    dossier.province_code, dossier.province_name = profile.province_code, profile.province_name
    dossier.withdrawn_at = None
    dossier.eligibility_reasons = []
    dossier.eligibility_flagged = False
    dossier.version += 1
    dossier.save()
    # What other tabs left aside is settled by the submission: nothing more to recover.
    StaleSave.objects.filter(dossier=dossier, dismissed=False).update(dismissed=True)
    _queue_confirmation(dossier, resubmitted=not first_submission)
    return dossier


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, by: User, at: datetime | None = None) -> Dossier:
    """Withdraw a submitted dossier; it may be resubmitted until the deadline. A draft was never
    submitted: it is deleted (`dossier_discard`), not withdrawn."""
    dossier = _locked_for(by, "submissions.withdraw_dossier", dossier, at)
    if dossier.status == DossierStatus.WITHDRAWN:
        return dossier
    if dossier.status == DossierStatus.DRAFT:
        raise NotEditable(_("A draft was never submitted: delete it instead of withdrawing it."))
    ensure_editable(dossier)
    dossier.status = DossierStatus.WITHDRAWN
    dossier.withdrawn_at = at or timezone.now()
    dossier.version += 1
    dossier.saved_by_page = ""
    dossier.save()
    _queue_applicant_email(
        dossier,
        key=f"dossier-withdrawn:{dossier.pk}:v{dossier.version}",
        template="submissions/email/dossier_withdrawn",
    )
    return dossier


@transaction.atomic
def dossier_discard(*, dossier: Dossier, by: User) -> None:
    """Delete a draft that was never submitted, with its files (its owner asked, and confirmed)."""
    ensure_permission(by, "submissions.withdraw_dossier", dossier)  # the owner's alone
    dossier = locked(dossier)
    if dossier.status != DossierStatus.DRAFT or dossier.receipt_number:
        raise NotEditable(
            _("Only a draft that was never submitted can be deleted; withdraw this one instead.")
        )
    # Breaks a cycle: personal_data's erasure builds on these services.
    from submissions.personal_data.anonymise import dossier_delete

    dossier_delete(dossier=dossier)


@transaction.atomic
def stale_save_dismiss(*, stale: StaleSave, by: User) -> None:
    """The applicant has taken what they needed from text kept from another tab."""
    ensure_permission(by, "submissions.edit_dossier", stale.dossier)
    StaleSave.objects.filter(pk=stale.pk).update(dismissed=True)


def _locked_for(by: User, permission: str, dossier: Dossier, at: datetime | None) -> Dossier:
    """The applicant's action on their dossier: allowed, locked, and in the season's window."""
    ensure_permission(by, permission, dossier)
    dossier = locked(dossier)
    ensure_window(dossier.season, at, dossier=dossier, by=by)
    dossier._history_user = by
    return dossier


def _ensure_complete_and_eligible(dossier: Dossier) -> None:
    profile = profile_required(dossier.applicant)
    uploaded = dossier.attachments.values_list("document_type", flat=True)
    missing = missing_items(dossier, profile, uploaded)
    if missing:
        raise Incomplete(_("The dossier is not complete yet."), [item.label for item in missing])
    reasons = dossier_eligibility_reasons(dossier, profile=profile, on=today_in_vietnam())
    if reasons:
        raise NotEligible(
            _("You may not enter this category."),
            reason_messages(reasons, dossier.category, profile.kind),
        )


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


def _queue_confirmation(dossier: Dossier, *, resubmitted: bool = False) -> None:
    # The first receipt once per dossier; each resubmission after a withdrawal once per version.
    key = f"submission-confirmation:{dossier.pk}"
    if resubmitted:
        key += f":resubmitted:v{dossier.version}"
    _queue_applicant_email(
        dossier,
        key=key,
        template="submissions/email/submission_confirmation",
        # The receipt PDF, rendered when the email is sent, in the applicant's language.
        attachments=[
            {
                "kind": "dossier_receipt",
                "dossier": dossier.pk,
                "language": dossier.applicant.language,
            }
        ],
        resubmitted=resubmitted,
    )


def _queue_applicant_email(
    dossier: Dossier, *, key: str, template: str, attachments: list | None = None, **extra
) -> None:
    """An email about the dossier to its applicant, in their language, linking to it."""
    applicant = dossier.applicant
    context = {
        "dossier": dossier,
        "applicant": applicant,
        "dossier_url": settings.SITE_URL + reverse("submissions:dossier", args=[dossier.pk]),
        "deadline": dossier_deadline(dossier),
        **extra,
    }
    queue_email(
        key=key,
        to=applicant.email,
        template=template,
        context=context,
        language=applicant.language,
        attachments=attachments,
    )
