"""Applicant pages for dossiers: start, edit with autosave, submit, withdraw, files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from categories.models import Category
from categories.selectors import current_season
from submissions.completeness import optional_documents, required_documents
from submissions.deadlines import DossierWindow, dossier_window
from submissions.dossier_forms import AttachmentForm, dossier_form_class
from submissions.forms import TeamInviteForm
from submissions.models import Attachment, DossierStatus, StaleSave
from submissions.outcome import ApplicantOutcome, applicant_outcome
from submissions.personal_data.access_log import file_access_record
from submissions.rules import is_dossier_member, is_dossier_owner, remember_team_roles
from submissions.selectors import (
    dossier_completeness,
    dossier_team,
    dossier_team_history,
    dossier_with_relations,
    eligibility_overview,
    nomination_shown,
    profile_of,
)
from submissions.services import (
    DossierError,
    InvalidVersion,
    StaleVersion,
    attachment_add,
    attachment_delete,
    dossier_create,
    dossier_discard,
    dossier_save,
    dossier_submit,
    dossier_withdraw,
    stale_save_dismiss,
)
from submissions.storage import download_response
from submissions.upload_handlers import limit_upload_size
from submissions.uploads import unreadable_name_error
from submissions.view_access import applicant_required

MIN_FILE_PART_BYTES = 600  # more than the form's other fields and the multipart framing


@applicant_required
@require_http_methods(["GET", "POST"])
def dossier_new(request):
    profile = profile_of(request.user)
    season = current_season()
    if profile is None or season is None:
        return redirect("submissions:profile")
    if request.method == "POST":
        category = get_object_or_404(Category, season=season, pk=request.POST.get("category"))
        try:
            dossier = dossier_create(applicant=request.user, category=category)
        except DossierError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("Your draft is started: it saves as you type."))
            return redirect("submissions:dossier", dossier.pk)
    overview = eligibility_overview(facts=profile.facts(), season=season)
    return render(request, "submissions/dossier_new.html", {"overview": overview, "season": season})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_page(request, pk: int):
    """The owner edits here until the deadline; others with access read it."""
    dossier = _viewable(request, pk)
    if request.method == "POST":
        return _post_dossier(request, dossier)
    context = _page_context(request, dossier)
    return render(request, context["page_template"], context)


@login_required
@require_POST
def dossier_autosave(request, pk: int):
    dossier = _owned(request, pk)
    form = dossier_form_class(dossier.category.number)(request.POST, instance=dossier)
    form.is_valid()
    context = {"dossier": dossier, "form": form}
    http_status = 200
    try:
        dossier = _save_posted(request, dossier, form)
    except StaleVersion as error:
        context.update(status="stale", error=error)
    except InvalidVersion as error:
        context.update(status="refused", error=error)
        http_status = 400
    except DossierError as error:
        context.update(status="refused", error=error)
    else:
        context.update(status="saved", saved_at=timezone.localtime(dossier.updated_at))
    context.update(dossier=dossier, missing=_missing(dossier))
    return render(request, "submissions/partials/autosave_result.html", context, status=http_status)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_withdraw_view(request, pk: int):
    """A confirmation page, then the withdrawal (resubmit stays possible until the deadline)."""
    dossier = _owned(request, pk, "submissions.withdraw_dossier")
    if request.method == "POST":
        try:
            dossier_withdraw(dossier=dossier, by=request.user)
        except DossierError as error:
            _error_message(request, error)
        else:
            messages.success(
                request,
                _(
                    "The dossier was withdrawn and will not be judged. An email confirms it. "
                    "You may resubmit it until the deadline."
                ),
            )
        return redirect("submissions:dossier", pk)
    return render(
        request, "submissions/dossier_confirm.html", {"dossier": dossier, "action": "withdraw"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_discard_view(request, pk: int):
    """A confirmation page, then the draft and its files are deleted (the owner's alone)."""
    dossier = _owned(request, pk, "submissions.withdraw_dossier")
    if request.method == "POST":
        try:
            dossier_discard(dossier=dossier, by=request.user)
        except DossierError as error:
            _error_message(request, error)
            return redirect("submissions:dossier", pk)
        messages.success(request, _("The draft and its files were deleted."))
        return redirect("submissions:home")
    return render(
        request, "submissions/dossier_confirm.html", {"dossier": dossier, "action": "delete"}
    )


@login_required
@require_POST
def dossier_resubmit_view(request, pk: int):
    dossier = _owned(request, pk, "submissions.submit_dossier")
    try:
        dossier = dossier_submit(dossier=dossier, by=request.user)
    except DossierError as error:
        _error_message(request, error)
    else:
        messages.success(
            request,
            _("Your dossier was received again. Receipt number: %(receipt)s.")
            % {"receipt": dossier.receipt_number},
        )
    return redirect("submissions:dossier", pk)


@login_required
@require_POST
def stale_save_dismiss_view(request, pk: int, stale_pk: int):
    dossier = _owned(request, pk)
    stale = get_object_or_404(
        StaleSave.objects.select_related("dossier"), pk=stale_pk, dossier=dossier
    )
    stale_save_dismiss(stale=stale, by=request.user)
    if request.htmx:
        return HttpResponse("")
    return redirect("submissions:dossier", pk)


@limit_upload_size
@login_required
@require_POST
def attachment_upload(request, pk: int):
    dossier = _owned(request, pk)
    form = AttachmentForm(request.POST, request.FILES, document_types=_document_types(dossier))
    if form.is_valid():
        try:
            attachment_add(
                dossier=dossier,
                document_type=form.cleaned_data["document_type"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        except DossierError as error:
            form.add_error(None, error.message)
    elif "file" in form.errors and _file_part_dropped(request):
        form.errors["file"] = form.error_class([unreadable_name_error()])
    if request.htmx:
        if not form.errors:
            form = AttachmentForm(document_types=_document_types(dossier))
        return _attachments_partial(request, dossier, form)
    if form.errors:
        context = _page_context(request, dossier, attachment_form=form)
        return render(request, context["page_template"], context)
    messages.success(request, _("The file was uploaded."))
    return redirect("submissions:dossier", pk)


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("dossier"), pk=pk)
    if not request.user.has_perm("submissions.edit_dossier", attachment.dossier):
        raise Http404
    try:
        attachment_delete(attachment=attachment, by=request.user)
    except DossierError as error:
        _error_message(request, error)
    return redirect("submissions:dossier", attachment.dossier_id)


@login_required
def attachment_download(request, pk: int) -> HttpResponse:
    """Files are served only here, to whoever may see their dossier; others get a 404."""
    attachment = get_object_or_404(Attachment.objects.select_related("dossier"), pk=pk)
    if not request.user.has_perm("submissions.view_dossier", attachment.dossier):
        raise Http404
    name = attachment.thumbnail.name if request.GET.get("thumbnail") else attachment.file.name
    if not name:
        raise Http404
    content_type = "image/jpeg" if request.GET.get("thumbnail") else attachment.content_type
    file_access_record(  # staff and judges' reads are logged (personal_data.access_log)
        user=request.user, attachment=attachment, thumbnail=bool(request.GET.get("thumbnail"))
    )
    return download_response(
        storage_name=name, filename=attachment.original_name, content_type=content_type
    )


# --- helpers -------------------------------------------------------------------------------


def _loaded(pk: int):
    """The dossier for this request: its page asks many permissions, the team role once."""
    dossier = dossier_with_relations(pk)
    if dossier is not None:
        remember_team_roles(dossier)
    return dossier


def _viewable(request, pk: int):
    dossier = _loaded(pk)
    if dossier is None or not request.user.has_perm("submissions.view_dossier", dossier):
        raise Http404  # the same answer whether it exists or not: nothing to learn by guessing
    return dossier


def _owned(request, pk: int, permission: str = "submissions.edit_dossier"):
    dossier = _loaded(pk)
    if dossier is None or not request.user.has_perm(permission, dossier):
        raise Http404
    return dossier


def _post_dossier(request, dossier):
    if not request.user.has_perm("submissions.edit_dossier", dossier):
        raise Http404
    submitting = request.POST.get("action") == "submit"
    if submitting and not request.user.has_perm("submissions.submit_dossier", dossier):
        raise PermissionDenied  # refused before anything is saved: only the owner submits
    form = dossier_form_class(dossier.category.number)(request.POST, instance=dossier)
    valid = form.is_valid()
    try:
        dossier = _save_posted(request, dossier, form)
        if submitting and valid:
            dossier = dossier_submit(dossier=dossier, by=request.user)
            messages.success(
                request,
                _("Your dossier was received. Receipt number: %(receipt)s.")
                % {"receipt": dossier.receipt_number},
            )
            return redirect("submissions:dossier", dossier.pk)
    except DossierError as error:
        _error_message(request, error)
        http_status = 400 if isinstance(error, InvalidVersion) else 200
    else:
        if valid:
            messages.success(request, _("Saved."))
            return redirect("submissions:dossier", dossier.pk)
        http_status = 200
    fresh = _loaded(dossier.pk)
    form.instance = fresh
    form.current_version(fresh.version)
    return render(
        request,
        "submissions/dossier_edit.html",
        _page_context(request, fresh, form=form),
        status=http_status,
    )


def _save_posted(request, dossier, form):
    """Save what the form could read (autosave keeps partial work) at the version posted."""
    return dossier_save(
        dossier=dossier,
        data=form.valid_data(),
        version=_posted_version(request),
        by=request.user,
        page=request.POST.get("page", "")[:32],
    )


def _template(request, dossier, window: DossierWindow) -> str:
    editable = (
        request.user.has_perm("submissions.edit_dossier", dossier)
        and dossier.is_editable_by_applicant
        and window.accepts_for_by
    )
    return "submissions/dossier_edit.html" if editable else "submissions/dossier_detail.html"


def _page_context(request, dossier, *, form=None, attachment_form=None) -> dict:
    form = form or dossier_form_class(dossier.category.number)(instance=dossier)
    attachments = list(dossier.attachments.all())
    window = dossier_window(dossier, by=request.user)
    template = _template(request, dossier, window)
    return {
        "page_template": template,
        "editable": template == "submissions/dossier_edit.html",
        "dossier": dossier,
        "form": form,
        "attachments": attachments,
        "attachment_form": attachment_form
        or AttachmentForm(document_types=_document_types(dossier)),
        "missing": _missing(dossier),
        "stale_saves": _recovered(request, dossier, form),
        "time_left": window.time_left,
        "own_deadline": window.deadline,
        "window_open": window.accepts_for_by,
        "is_submitted": dossier.status == DossierStatus.SUBMITTED,
        "may_resubmit": dossier.status == DossierStatus.WITHDRAWN
        and is_dossier_owner(request.user, dossier)
        and window.accepts,
        "shown_status": _shown_status(request, dossier),
        "can_submit": request.user.has_perm("submissions.submit_dossier", dossier),
        "can_manage_team": request.user.has_perm("submissions.manage_team", dossier),
        "team": dossier_team(dossier) if _in_team(request.user, dossier) else [],
        "team_history": dossier_team_history(dossier)
        if request.user.has_perm("submissions.manage_team", dossier)
        else [],
        "invite_form": TeamInviteForm(),
        "nomination": nomination_shown(request.user, dossier),
    }


def _recovered(request, dossier, form) -> list[dict]:
    """Text kept from other tabs, shown as the form shows it, for its owner only."""
    if not request.user.has_perm("submissions.edit_dossier", dossier):
        return []
    kept = StaleSave.objects.filter(dossier=dossier, dismissed=False)[:5]
    return [
        {"pk": stale.pk, "created_at": stale.created_at, "rows": form.recovered_rows(stale.data)}
        for stale in kept
    ]


def _in_team(user, dossier) -> bool:
    return is_dossier_owner(user, dossier) or is_dossier_member(user, dossier)


def _shown_status(request, dossier) -> ApplicantOutcome:
    """The applicant sees what `submissions.outcome` lets them; organisers and judges the truth."""
    if _in_team(request.user, dossier):
        return applicant_outcome(dossier)
    return ApplicantOutcome(dossier.status, dossier.get_status_display())


def _applicant_profile(dossier):
    # Loaded with the dossier (dossier_with_relations); None while the applicant has none.
    return getattr(dossier.applicant, "applicant_profile", None)


def _missing(dossier):
    return dossier_completeness(dossier, _applicant_profile(dossier))


def _document_types(dossier) -> tuple[str, ...]:
    profile = _applicant_profile(dossier)
    required = required_documents(dossier.category.number, profile) if profile else ()
    return (*required, *optional_documents(dossier.category.number))


def _attachments_partial(request, dossier, form):
    # The completeness panel is refreshed with it (out of band): a document may be what lacked.
    fresh = _loaded(dossier.pk)
    context = {**_page_context(request, fresh, attachment_form=form), "oob": True}
    return render(request, "submissions/partials/attachments_result.html", context)


def _file_part_dropped(request) -> bool:
    """Django's parser skips a file part whose name is not valid UTF-8; the body was sent, the
    file is gone. Say why instead of "this field is required"."""
    body = int(request.META.get("CONTENT_LENGTH") or 0)
    return "file" not in request.FILES and body > MIN_FILE_PART_BYTES


def _posted_version(request) -> int | None:
    """The version the page was opened at; None when missing or not a number (the service
    refuses it, as it refuses a negative or too large one: never saved over, never a 500)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _error_message(request, error: DossierError) -> None:
    messages.error(request, error.message)
    for detail in error.details:
        messages.warning(request, detail)
