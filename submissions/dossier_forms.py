"""Per-category dossier forms: the common fields plus each category's own."""

from __future__ import annotations

import uuid
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.validators import format_phone, normalize_phone
from submissions.completeness import (
    CATEGORY_EXTRA_FIELDS,
    DECLARATIONS,
    MAX_SUMMARY_WORDS,
    PRODUCT_FIELDS,
    TRANSFORMATION_FIELDS,
    content_fields,
)
from submissions.models import DocumentType, Dossier
from vda_portal.localtime import DATE_FORMAT, format_date

DATE_WIDGET = forms.DateInput(
    format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
)
YES_NO = [("true", _("Yes")), ("false", _("No"))]
LONG_TEXT = {"rows": 4}

# Sections of the form, in order; each shows the fields the category has.
SECTIONS = [
    (_("The entry"), ("title", "summary")),
    (_("Digital transformation"), TRANSFORMATION_FIELDS),
    (
        _("Product, service or solution"),
        (*PRODUCT_FIELDS, *CATEGORY_EXTRA_FIELDS[4], *CATEGORY_EXTRA_FIELDS[5], "owns_solution"),
    ),
    (_("Contact person"), ("contact_name", "contact_email", "contact_phone")),
    (_("Declarations"), DECLARATIONS),
]


class DossierForm(forms.ModelForm):
    """Validates what is typed; completeness is checked on submit, so drafts may have gaps."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # One tab's copy of the form, made when the page is drawn (see `dossier_save`).
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=32,
        required=False,
        help_text=_("e.g. 0912 345 678, or +49 30 12345678 abroad."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    owns_solution = forms.TypedChoiceField(
        label=_("Do you own the entered product, service or solution?"),
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = Dossier
        fields: list[str] = []  # set per category by dossier_form_class
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "strategy_leadership": forms.Textarea(attrs=LONG_TEXT),
            "platforms_solutions": forms.Textarea(attrs=LONG_TEXT),
            "data_integration": forms.Textarea(attrs=LONG_TEXT),
            "measured_results": forms.Textarea(attrs=LONG_TEXT),
            "users_customers": forms.Textarea(attrs=LONG_TEXT),
            "technology": forms.Textarea(attrs=LONG_TEXT),
            "ip_ownership": forms.Textarea(attrs=LONG_TEXT),
            "impact": forms.Textarea(attrs=LONG_TEXT),
            "beneficiaries": forms.Textarea(attrs=LONG_TEXT),
            "reach": forms.Textarea(attrs=LONG_TEXT),
            "vietnam_presence": forms.Textarea(attrs=LONG_TEXT),
            "vietnam_contribution": forms.Textarea(attrs=LONG_TEXT),
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "launch_date": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in set(self.fields) - {"version", "page", *self._meta.fields}:
            del self.fields[name]  # a declared field this category does not ask for
        self.initial.setdefault("version", self.instance.version)
        self.initial.setdefault("page", uuid.uuid4().hex)
        if "contact_phone" in self.fields:
            self.initial["contact_phone"] = format_phone(self.instance.contact_phone)
        if "owns_solution" in self.fields and self.instance.owns_solution is not None:
            self.initial["owns_solution"] = "true" if self.instance.owns_solution else "false"
        for field in self.fields.values():
            field.required = False  # drafts may be partial
        self.fields["version"].required = True
        self.fields["summary"].help_text = _("At most %(words)s words.") % {
            "words": MAX_SUMMARY_WORDS
        }

    def current_version(self, version: int) -> None:
        """Re-drawn after a refused or partial save: show the version stored now, so that the
        page's next autosave is not taken for another tab's."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(version)

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        shown = []
        for title, names in SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                shown.append((title, fields))
        return shown

    def display_sections(self) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """The read-only page: (title, [(label, name, value as the form shows it)])."""
        return [
            (
                title,
                [
                    (field.label, field.name, shown_value(field.field, field.value()))
                    for field in fields
                ],
            )
            for title, fields in self.sections()
        ]

    def recovered_rows(self, data: dict) -> list[dict]:
        """Text kept from another tab, by field in form order: label, shown value, and the value
        to put back in the input ("use this text")."""
        rows = []
        for name, field in self.fields.items():
            if name in data and name not in ("version", "page"):
                rows.append(
                    {
                        "name": name,
                        "label": field.label,
                        "shown": shown_value(field, data[name]),
                        "input": input_value(field, data[name]),
                    }
                )
        return rows

    def clean_summary(self) -> str:
        summary = self.cleaned_data["summary"]
        words = len(summary.split())
        if words > MAX_SUMMARY_WORDS:
            raise forms.ValidationError(
                _("The summary has %(words)s words; at most %(limit)s are allowed."),
                code="summary_too_long",
                params={"words": words, "limit": MAX_SUMMARY_WORDS},
            )
        return summary

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"].strip()
        return normalize_phone(phone) if phone else ""

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        return data

    def valid_data(self) -> dict:
        """The fields that passed validation: a draft keeps them even when others did not."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and name not in ("version", "page")
        }


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_bool(value) -> bool | None:
    if value in (True, "true", "True", "on"):
        return True
    if value in (False, "false", "False", ""):
        return False
    return None


def _is_yes_no(field: forms.Field) -> bool:
    choices = getattr(field, "choices", None)
    return isinstance(field, forms.BooleanField) or (
        choices is not None and {str(key) for key, _label in choices} == {"true", "false"}
    )


def shown_value(field: forms.Field, value) -> str:
    """A value as the form shows it: choices by label, dates dd/mm/yyyy, Yes/No; "" if empty."""
    if value is None or value == "" or value == []:
        return ""
    if _is_yes_no(field):
        flag = _as_bool(value)
        return str(_("Yes") if flag else _("No")) if flag is not None else str(value)
    if isinstance(field, forms.DateField):
        day = _as_date(value)
        return format_date(day) if day else str(value)
    choices = getattr(field, "choices", None)
    if choices:
        return str({str(key): label for key, label in choices}.get(str(value), value))
    return str(value)


def input_value(field: forms.Field, value) -> str:
    """What to type back into the field's input for ``value``."""
    if value is None:
        return ""
    if _is_yes_no(field):
        return "true" if _as_bool(value) else "false"
    if isinstance(field, forms.DateField):
        day = _as_date(value)
        return format_date(day) if day else str(value)
    return str(value)


def dossier_form_class(category_number: int) -> type[DossierForm]:
    fields = list(content_fields(category_number))
    meta = type("Meta", (DossierForm.Meta,), {"fields": fields})
    return type(f"Category{category_number}DossierForm", (DossierForm,), {"Meta": meta})


class AttachmentForm(forms.Form):
    document_type = forms.ChoiceField(label=_("Document"), choices=DocumentType.choices)
    file = forms.FileField(label=_("File"), allow_empty_file=True)

    def __init__(self, *args, document_types: tuple[str, ...] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if document_types:
            self.fields["document_type"].choices = [
                (value, DocumentType(value).label) for value in document_types
            ]
