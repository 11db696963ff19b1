"""Nominations: anyone signed in nominates and follows their nominations' state; the nominee
opens the emailed link, claims (after signing in or up) or declines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from categories.selectors import current_season
from submissions.forms import NominationForm
from submissions.selectors import nominations_by, profile_of
from submissions.services import (
    ClaimLinkInvalid,
    DossierError,
    nomination_claim,
    nomination_create,
    nomination_for_token,
    nomination_open,
    nomination_refuse,
)


@login_required
@require_http_methods(["GET", "POST"])
def nominations_page(request):
    season = current_season()
    form = NominationForm(request.POST or None, season=season) if season else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            nomination_create(
                nominator=request.user,
                category=data["category"],
                nominee_name=data["nominee_name"],
                nominee_email=data["nominee_email"],
                reason=data["reason"],
                product_name=data["product_name"],
            )
        except DossierError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you: the nominee was invited by email."))
            return redirect("submissions:nominations")
    context = {"form": form, "season": season, "nominations": nominations_by(request.user)}
    return render(request, "submissions/nominations.html", context)


@require_http_methods(["GET", "POST"])
def nomination_claim_page(request, token: str):
    """GET records the opening and shows the nomination; POST claims or declines it."""
    try:
        nomination = (
            nomination_open(token=token) if request.method == "GET" else nomination_for_token(token)
        )
    except ClaimLinkInvalid as error:
        return render(
            request, "submissions/nomination_claim.html", {"error": error.message}, status=400
        )
    if request.method == "POST":
        if request.POST.get("action") == "decline":
            nomination_refuse(token=token)
            messages.info(request, _("The nomination was declined. Thank you for telling us."))
            return redirect("home")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if profile_of(request.user) is None:
            messages.info(request, _("First describe who you are; then claim the nomination."))
            profile = reverse("submissions:profile")
            return redirect(f"{profile}?{urlencode({'next': request.get_full_path()})}")
        try:
            nomination = nomination_claim(token=token, user=request.user)
        except DossierError as error:
            context = {"nomination": nomination, "token": token, "error_claim": error}
            return render(request, "submissions/nomination_claim.html", context, status=400)
        messages.success(request, _("Your draft is started from the nomination."))
        return redirect("submissions:dossier", nomination.dossier_id)
    return render(
        request, "submissions/nomination_claim.html", {"nomination": nomination, "token": token}
    )
