from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.validators import (
    format_phone,
    normalize_phone,
    normalize_tax_code,
    validate_citizen_id,
    validate_passport,
)
from submissions.models import ApplicantKind, ApplicantProfile, MemberRole
from submissions.models.profile import COMMON_FIELDS, INDIVIDUAL_FIELDS, ORGANISATION_FIELDS
from submissions.provinces import PROVINCE_CHOICES

YES_NO = [("true", _("Yes")), ("false", _("No"))]
REQUIRED = _("This field is required.")


def yes_no_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        required=False,  # required only for the kinds it applies to (see clean)
    )


class ApplicantProfileForm(forms.ModelForm):
    """One form for every kind; fields that do not apply to the chosen kind are cleared."""

    established_in_vietnam = yes_no_field(_("Established in Vietnam"))
    legal_representative_in_vietnam = yes_no_field(_("Has a legal representative in Vietnam"))
    vietnamese_citizen = yes_no_field(_("Vietnamese citizen"))
    works_in_ict = yes_no_field(_("Works in information and communication technology (ICT)"))
    province_code = forms.ChoiceField(
        label=_("Province or city"),
        choices=[("", _("— choose —")), *PROVINCE_CHOICES],
        help_text=_("The 63 provinces and cities of 2024."),
    )
    # Typed with spaces, dots or a country code; stored in E.164 (+84…), shown formatted.
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        help_text=_("e.g. 0912 345 678, or +49 30 12345678 abroad."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    residence_card_expiry = forms.DateField(
        label=_("Permanent residence card expiry"),
        required=False,
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )

    class Meta:
        model = ApplicantProfile
        fields = ["kind", *ORGANISATION_FIELDS, *INDIVIDUAL_FIELDS, *COMMON_FIELDS]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ApplicantKind.choices
        for name in ("phone", "contact_person", "address"):
            self.fields[name].required = True
        if self.instance.pk:
            self.initial["phone"] = format_phone(self.instance.phone)
            for name in (
                "established_in_vietnam",
                "legal_representative_in_vietnam",
                "vietnamese_citizen",
                "works_in_ict",
            ):
                value = getattr(self.instance, name)
                self.initial[name] = None if value is None else ("true" if value else "false")

    # Which kind the form is showing: the posted one, else the saved one.
    @property
    def selected_kind(self) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix("kind"), "")
        return self.initial.get("kind") or self.instance.kind or ""

    @property
    def shows_organisation(self) -> bool:
        return self.selected_kind not in ("", ApplicantKind.INDIVIDUAL)

    @property
    def shows_individual(self) -> bool:
        return self.selected_kind == ApplicantKind.INDIVIDUAL

    def clean_tax_code(self) -> str:
        value = self.cleaned_data["tax_code"]
        return normalize_tax_code(value) if value else ""

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_citizen_id(self) -> str:
        value = self.cleaned_data["citizen_id"].strip()
        if value:
            validate_citizen_id(value)
        return value

    def clean_passport_number(self) -> str:
        value = self.cleaned_data["passport_number"].strip().upper()
        if value:
            validate_passport(value)
        return value

    def clean_legal_representative_id_number(self) -> str:
        return self.cleaned_data["legal_representative_id_number"].strip().upper()

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind == ApplicantKind.INDIVIDUAL:
            self._clear(ORGANISATION_FIELDS, data)
            self._require_individual(data)
        else:
            self._clear(INDIVIDUAL_FIELDS, data)
            self._require_organisation(data)
        self._require(data, "works_in_ict")
        return data

    def _require_organisation(self, data: dict) -> None:
        self._require(
            data, "legal_name", "established_in_vietnam", "legal_representative_in_vietnam"
        )
        if data.get("established_in_vietnam"):
            self._require(data, "tax_code")
            data["country"] = data.get("country") or "Việt Nam"
        elif data.get("established_in_vietnam") is False:
            self._require(data, "country")
        if data.get("legal_representative_in_vietnam"):
            self._require(
                data,
                "legal_representative_name",
                "legal_representative_position",
                "legal_representative_id_number",
            )
        elif data.get("legal_representative_in_vietnam") is False:
            self._clear(
                (
                    "legal_representative_name",
                    "legal_representative_position",
                    "legal_representative_id_number",
                ),
                data,
            )

    def _require_individual(self, data: dict) -> None:
        self._require(data, "full_name", "vietnamese_citizen")
        if data.get("vietnamese_citizen"):
            self._require(data, "citizen_id")
            data["nationality"] = "Việt Nam"
            self._clear(("passport_number", "residence_card_number", "residence_card_expiry"), data)
        elif data.get("vietnamese_citizen") is False:
            self._require(data, "nationality", "passport_number")
            data["citizen_id"] = ""
            # A card is optional (without one, categories 4 and 5 are closed), but it is whole.
            if data.get("residence_card_number") and not data.get("residence_card_expiry"):
                self.add_error("residence_card_expiry", _("Enter the card's expiry date."))
            if data.get("residence_card_expiry") and not data.get("residence_card_number"):
                self.add_error("residence_card_number", _("Enter the card's number."))

    def _require(self, data: dict, *names: str) -> None:
        for name in names:
            if name in self.errors:
                continue
            if data.get(name) in (None, ""):
                self.add_error(name, REQUIRED)

    def _clear(self, names, data: dict) -> None:
        # Facts of another kind must not linger in the profile (nor reach the rules).
        for name in names:
            field = ApplicantProfile._meta.get_field(name)
            data[name] = None if field.null else ""
            self.errors.pop(name, None)


class TeamInviteForm(forms.Form):
    """The owner invites a colleague to the dossier's team."""

    email = forms.EmailField(label=_("Colleague's email"))
    role = forms.ChoiceField(
        label=pgettext_lazy("team role", "Role"),
        choices=MemberRole.choices,
        initial=MemberRole.EDITOR,
        help_text=_("Editors change the text and files; viewers read and download."),
    )


class NominationForm(forms.Form):
    """Nominate an organisation or person for a category of the current season."""

    category = forms.ModelChoiceField(queryset=None, label=_("Category"), empty_label=None)
    nominee_name = forms.CharField(label=_("Organisation or person nominated"), max_length=300)
    nominee_email = forms.EmailField(
        label=_("Their contact email"), help_text=_("The invitation to enter is sent here.")
    )
    reason = forms.CharField(
        label=_("Why (at most 300 words)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    product_name = forms.CharField(label=_("Product (optional)"), max_length=200, required=False)

    def __init__(self, *args, season, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = season.categories.order_by("number")

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"]
        if len(reason.split()) > 300:
            raise forms.ValidationError(_("Why: at most 300 words."))
        return reason
