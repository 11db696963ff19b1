"""The privacy notice (each version), and one's consent record: change it, print it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.privacy.forms import OPTIONAL_PURPOSES, ConsentForm
from accounts.privacy.models import ConsentPurpose, ConsentSource
from accounts.privacy.notice import CURRENT_NOTICE_VERSION, NOTICE_VERSIONS, notice_template
from accounts.privacy.selectors import consent_fingerprint, consent_history, consent_overview
from accounts.privacy.services import consent_set


def notice(request, version: str | None = None):
    version = version or CURRENT_NOTICE_VERSION
    template = notice_template(version)
    if template is None:
        raise Http404
    context = {
        "version": version,
        "current_version": CURRENT_NOTICE_VERSION,
        "versions": list(NOTICE_VERSIONS),
        "notice_template": template,
    }
    return render(request, "accounts/privacy/notice.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consents(request):
    overview = consent_overview(request.user)
    initial = {row["purpose"]: bool(row["consent"] and row["consent"].granted) for row in overview}
    form = ConsentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for purpose in OPTIONAL_PURPOSES:
            consent_set(
                user=request.user,
                purpose=ConsentPurpose(purpose),
                granted=form.cleaned_data[purpose],
                source=ConsentSource.MY_DATA,
            )
        messages.success(request, _("Your choices are recorded."))
        return redirect("privacy:consents")
    context = {"form": form, "overview": overview, "history": consent_history(request.user)}
    return render(request, "accounts/privacy/consents.html", context)


@login_required
def consents_print(request):
    """The record "in a format that can be printed or verified": a page without navigation."""
    context = {
        "overview": consent_overview(request.user),
        "history": consent_history(request.user),
        "person": request.user,
        "fingerprint": consent_fingerprint(request.user),
    }
    return render(request, "accounts/privacy/consents_print.html", context)
