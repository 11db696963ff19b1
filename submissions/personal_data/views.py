"""The "My data" page: consents, a copy of everything (ZIP, built in the background with its
progress), and deleting the account with a confirmation step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import DataRequest, DataRequestKind, DataRequestState
from accounts.privacy.selectors import consent_overview
from submissions.personal_data import erasure, export
from submissions.personal_data.forms import EraseAccountForm
from submissions.storage import download_response


def _latest_export(user):
    return DataRequest.objects.filter(user=user, kind=DataRequestKind.EXPORT).first()


def _export_context(user) -> dict:
    latest = _latest_export(user)
    link = None
    if latest and export.export_for_token(export.download_token(latest), user):
        link = export.download_token(latest)
    return {"export": latest, "download_token": link}


@login_required
def my_data(request):
    context = {
        "overview": consent_overview(request.user),
        "refusal": erasure.erasure_refusal(request.user),
        **_export_context(request.user),
    }
    return render(request, "submissions/my_data/page.html", context)


@login_required
@require_POST
def export_start(request):
    export.export_request(user=request.user)
    messages.success(
        request, _("Your copy is being prepared: the link will also be emailed to you.")
    )
    return redirect("submissions:my_data")


@login_required
def export_status(request):
    """htmx: the export's progress, polled while it is being built."""
    return render(request, "submissions/my_data/export_status.html", _export_context(request.user))


@login_required
def export_download(request, token: str):
    data_request = export.export_for_token(token, request.user)
    if data_request is None:
        raise Http404  # forged, expired, someone else's: nothing to learn
    return download_response(
        storage_name=data_request.file,
        filename="vda-my-data.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    refusal = erasure.erasure_refusal(request.user)
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data_request = erasure.account_erase(user=request.user)
        if data_request.state == DataRequestState.REFUSED:
            messages.error(request, data_request.reason)
            return redirect("submissions:my_data")
        logout(request)
        messages.success(request, _("Your account is deleted. A confirmation was emailed."))
        return redirect("home")
    context = {"form": form, "refusal": refusal}
    return render(request, "submissions/my_data/erase.html", context)
