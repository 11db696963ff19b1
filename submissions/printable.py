"""Dossiers on paper: the dossier PDF (every field with its label and formatted value, the
files with their SHA-256, the receipt) and the application form to print, sign and upload.

Both are rendered by `vda_portal.pdf` in the active language; who may download them is in
`submissions/rules.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from submissions.dossier_forms import SECTIONS, dossier_form_class
from submissions.models import ApplicantProfile, Dossier
from vda_portal.localtime import format_date, format_datetime
from vda_portal.pdf import render_pdf

EMPTY = "—"


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: tuple[Row, ...]


def formatted_value(instance: models.Model, name: str) -> str:
    """A field's value as a reader expects it: a choice by its label, a date dd/mm/yyyy (Vietnam
    time for a moment), yes/no, a number with its thousands, "—" when empty."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def dossier_sections(dossier: Dossier) -> list[Section]:
    """The dossier's fields by the form's sections, labelled as the form labels them."""
    form = dossier_form_class(dossier.category.number)(instance=dossier)
    sections = []
    for title, names in SECTIONS:
        rows = tuple(
            Row(name, str(form.fields[name].label), formatted_value(dossier, name))
            for name in names
            if name in form.fields
        )
        if rows:
            sections.append(Section(str(title), rows))
    return sections


def profile_rows(profile: ApplicantProfile | None) -> tuple[Row, ...]:
    """Who the applicant is, the fields their kind fills in (the province by its name)."""
    if profile is None:
        return ()
    rows = [Row("kind", _capitalised(profile, "kind"), formatted_value(profile, "kind"))]
    for name in profile.applicable_fields():
        if name == "province_code":
            label = str(ApplicantProfile._meta.get_field("province_name").verbose_name)
            rows.append(Row("province", label[:1].upper() + label[1:], profile.province_name))
            continue
        rows.append(Row(name, _capitalised(profile, name), formatted_value(profile, name)))
    return tuple(rows)


def _capitalised(instance: models.Model, name: str) -> str:
    label = str(instance._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]


def _context(dossier: Dossier) -> dict:
    profile = getattr(dossier.applicant, "applicant_profile", None)
    return {
        "dossier": dossier,
        "season": dossier.season,
        "category": dossier.category,
        "profile": profile,
        "profile_rows": profile_rows(profile),
        "sections": dossier_sections(dossier),
        "attachments": list(dossier.attachments.all()),
        "received_at": format_datetime(dossier.first_submitted_at, seconds=True),
        "submitted_at": format_datetime(dossier.submitted_at, seconds=True),
        "printed_at": format_datetime(timezone.now(), seconds=True),
        "status": dossier.status_for_applicant_label,
    }


def dossier_pdf(dossier: Dossier) -> bytes:
    """The dossier as filed: the receipt, the applicant, every field, every file's SHA-256."""
    return render_pdf("submissions/pdf/dossier.html", _context(dossier))


def application_form_pdf(dossier: Dossier) -> bytes:
    """ "Đơn đăng ký tham dự": prefilled from the profile and the dossier, with the declarations
    and room for the signature (and seal), to print, sign, scan and upload."""
    return render_pdf("submissions/pdf/application_form.html", _context(dossier))


def dossier_pdf_filename(dossier: Dossier) -> str:
    return f"{dossier.receipt_number or f'VDA{dossier.season.year}-dossier-{dossier.pk}'}.pdf"


def application_form_filename(dossier: Dossier) -> str:
    return f"don-dang-ky-VDA{dossier.season.year}-C{dossier.category.number}-{dossier.pk}.pdf"
