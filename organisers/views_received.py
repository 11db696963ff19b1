"""Filing a dossier received by email, by post or in person, on the applicant's behalf. The
organiser then completes it (every field, the scanned originals) and submits it on the dossier's
own page, as the applicant would: the same completeness, eligibility, screening and judging."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from categories.selectors import current_season
from organisers.views import organiser_required
from submissions.forms import ApplicantProfileForm
from submissions.models import ReceivedVia
from submissions.services import DossierError, applicant_create_offline, dossier_file_received

OFFLINE_CHANNELS = [choice for choice in ReceivedVia.choices if choice[0] != ReceivedVia.ONLINE]


class ReceivedDossierForm(forms.Form):
    applicant_email = forms.EmailField(
        label=gettext_lazy("Applicant's email"),
        help_text=gettext_lazy(
            "An existing account, or a new applicant (fill in the profile below): they can "
            "claim it later by resetting the password for this address."
        ),
    )
    full_name = forms.CharField(
        label=gettext_lazy("Contact's full name (new applicant)"), required=False
    )
    category = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Category"), empty_label=None
    )
    channel = forms.ChoiceField(label=gettext_lazy("Received by"), choices=OFFLINE_CHANNELS)
    received_at = forms.DateTimeField(
        label=gettext_lazy("Date of receipt (counts for the deadline)"),
        input_formats=["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
        help_text=gettext_lazy("dd/mm/yyyy hh:mm, Vietnam time; for post, the postmark."),
    )
    received_note = forms.CharField(
        label=gettext_lazy("Why this date"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("E.g. postmark of 28/06/2024, envelope kept in the file."),
    )
    title = forms.CharField(label=gettext_lazy("Entry title"), max_length=300, required=False)

    def __init__(self, *args, season, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = season.categories.order_by("number")


@organiser_required
@require_http_methods(["GET", "POST"])
def received_dossier_new(request):
    season = current_season()
    if season is None:
        messages.error(request, _("No season is open."))
        return redirect("organisers:dashboard")
    form = ReceivedDossierForm(request.POST or None, season=season)
    profile_form = ApplicantProfileForm(request.POST or None, prefix="profile")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = User.objects.filter(email__iexact=data["applicant_email"]).first()
        if existing is not None or profile_form.is_valid():
            try:
                dossier = _file(request, data, existing, profile_form)
            except DossierError as error:
                form.add_error(None, error.message)
                for detail in error.details:
                    form.add_error(None, detail)
            else:
                messages.success(
                    request,
                    _("Filed. Complete the fields, upload the scanned originals, then submit."),
                )
                return redirect("submissions:dossier", dossier.pk)
    context = {"form": form, "profile_form": profile_form, "season": season}
    return render(request, "organisers/received_new.html", context)


@transaction.atomic
def _file(request, data, existing, profile_form):
    applicant = existing or applicant_create_offline(
        email=data["applicant_email"],
        full_name=data["full_name"],
        profile=profile_form.cleaned_data,
        by=request.user,
    )
    return dossier_file_received(
        applicant=applicant,
        category=data["category"],
        channel=data["channel"],
        received_at=data["received_at"],
        received_note=data["received_note"],
        data={"title": data["title"]},
        by=request.user,
    )
