from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.validators import format_phone
from categories.eligibility import ApplicantFacts
from categories.selectors import current_season
from submissions.forms import ApplicantProfileForm
from submissions.models import ApplicantProfile
from submissions.selectors import (
    applicant_dossiers,
    dossiers_made_ineligible,
    eligibility_overview,
    profile_of,
)
from submissions.services import profile_save
from submissions.view_access import applicant_required


@applicant_required
def dashboard(request):
    """The applicant's home: profile state, the categories open to them, their dossiers."""
    profile = profile_of(request.user)
    dossiers = applicant_dossiers(request.user)
    if profile is None and not dossiers:
        messages.info(request, _("Start by describing who you are: it takes a few minutes."))
        return redirect("submissions:profile")
    context = {
        "profile": profile,
        "dossiers": dossiers,
        **(_overview_context(profile.facts()) if profile else {}),
    }
    return render(request, "submissions/dashboard.html", context)


@applicant_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = profile_of(request.user)
    form = ApplicantProfileForm(
        request.POST or None, instance=profile, initial=_from_signup(request.user, profile)
    )
    lost = []
    confirmed = bool(request.POST.get("confirm_ineligible"))
    if request.method == "POST" and profile is not None and not confirmed and form.is_valid():
        # form.instance holds the changed facts, unsaved; the saved ones are reloaded.
        lost = dossiers_made_ineligible(before=profile_of(request.user), after=form.instance)
    if request.method == "POST" and form.is_valid() and not lost:
        profile_save(
            user=request.user,
            data=form.cleaned_data,
            province_name=form.province_name_for(form.cleaned_data["province_code"]),
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect(_next_url(request) or "submissions:home")
    facts = profile.facts() if profile else None
    context = {
        **_profile_context(form, facts, profile),
        "lost_eligibility": lost,
        "next_url": _next_url(request),
    }
    return render(request, "submissions/profile.html", context)


def _next_url(request) -> str:
    """Where to go after the profile (a nomination being claimed): this site's paths only."""
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and target.startswith("/") else ""


@applicant_required
@require_POST
def profile_preview(request):
    """HTMX: the categories panel for the facts as typed, before they are saved."""
    form = ApplicantProfileForm(request.POST, instance=profile_of(request.user))
    form.is_valid()  # errors are shown on save, not while typing
    facts = facts_from_form(form)
    context = _overview_context(facts, unanswered=unanswered_questions(form))
    return render(request, "submissions/partials/eligibility.html", context)


def facts_from_form(form: ApplicantProfileForm) -> ApplicantFacts | None:
    """The engine's input from what the form could read so far; None until a kind is chosen."""
    data = form.cleaned_data
    kind = data.get("kind")
    if not kind:
        return None
    profile = ApplicantProfile(kind=kind)
    for name in profile.applicable_fields():
        if name in data:
            setattr(profile, name, data[name])
    return profile.facts()


# The yes/no questions the engine needs, by kind of applicant.
QUESTIONS_BY_KIND = {
    "individual": ("vietnamese_citizen", "works_in_ict"),
    "organisation": ("established_in_vietnam", "legal_representative_in_vietnam", "works_in_ict"),
}


def unanswered_questions(form: ApplicantProfileForm) -> dict[str, str]:
    """The engine's yes/no facts not answered yet on the form, with their questions."""
    kind = form.cleaned_data.get("kind")
    if not kind:
        return {}
    names = QUESTIONS_BY_KIND["individual" if kind == "individual" else "organisation"]
    return {
        name: str(form.fields[name].label)
        for name in names
        if form.cleaned_data.get(name) in (None, "")
    }


def _from_signup(user, profile) -> dict:
    """A first profile starts from what was typed at sign-up: name and phone."""
    if profile is not None:
        return {}
    return {
        "full_name": user.full_name,
        "contact_person": user.full_name,
        "phone": format_phone(user.phone),
    }


def _profile_context(form, facts, profile) -> dict:
    return {"form": form, "profile": profile, **_overview_context(facts)}


def _overview_context(facts: ApplicantFacts | None, unanswered: dict | None = None) -> dict:
    season = current_season()
    overview = (
        eligibility_overview(facts=facts, season=season, unanswered=unanswered)
        if facts and season
        else []
    )
    return {"overview": overview, "season": season}
