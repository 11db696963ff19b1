from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import normalize_phone


class SignupDetailsForm(forms.Form):
    """Extra sign-up fields; allauth adds email and passwords and calls `signup`."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        help_text=_(
            "A Vietnamese number, e.g. 0912 345 678, or a number abroad with its country code, "
            "e.g. +49 30 12345678."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    # Consent per purpose, under the privacy notice in force (accounts.privacy).
    consent_dossier_processing = forms.BooleanField(
        label=_("I agree that my data and dossiers are processed for the award (required)."),
        error_messages={"required": _("The award cannot take a dossier without this consent.")},
    )
    consent_honoree_publication = forms.BooleanField(
        label=_(
            "If I am an honoree, my name, entry title and province may be published (optional)."
        ),
        required=False,
    )
    consent_reminder_emails = forms.BooleanField(
        label=_("Send me deadline reminder emails (optional)."), required=False
    )
    field_order = [
        "full_name",
        "email",
        "phone",
        "password1",
        "password2",
        "consent_dossier_processing",
        "consent_honoree_publication",
        "consent_reminder_emails",
    ]

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def signup(self, request, user) -> None:
        """allauth's hook; AccountAdapter.save_user already stored these fields."""
