"""The season's dossier list (CSV, XLSX), streamed from a chunked queryset iterator."""

from __future__ import annotations

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy

from categories.eligibility import ORGANISATION_KINDS
from categories.models import Season
from organisers.exports.tables import (
    CHUNK_SIZE,
    DATETIME_XLSX,
    Column,
    Sheet,
)
from submissions.models import Dossier, DossierStatus, ReceivedVia
from vda_portal.localtime import to_portal_time

DOSSIER_FIELDS = (
    "receipt_number",
    "category__number",
    "category__name_vi",
    "category__name_en",
    "status",
    "applicant__email",
    "applicant__full_name",
    "applicant__applicant_profile__kind",
    "applicant__applicant_profile__legal_name",
    "applicant__applicant_profile__full_name",
    "applicant__applicant_profile__province_name",
    "title",
    "submitted_at",
    "received_via",
    "received_at",
)


def dossier_columns() -> list[Column]:
    return [
        Column(pgettext_lazy("export column", "Receipt number"), 18),
        Column(pgettext_lazy("export column", "Category number"), 12),
        Column(pgettext_lazy("export column", "Category"), 40),
        Column(pgettext_lazy("export column", "Status"), 16),
        Column(pgettext_lazy("export column", "Applicant"), 40),
        Column(pgettext_lazy("export column", "Email"), 30),
        Column(pgettext_lazy("export column", "Province"), 24),
        Column(pgettext_lazy("export column", "Entry title"), 48),
        Column(pgettext_lazy("export column", "Submitted at"), 18, DATETIME_XLSX),
        Column(pgettext_lazy("export column", "Received via"), 12),
        Column(pgettext_lazy("export column", "Date of receipt"), 18, DATETIME_XLSX),
    ]


def season_dossiers(season: Season):
    # Drafts (no receipt number yet) last in each category, on every database.
    receipt = F("receipt_number").asc(nulls_last=True)
    return Dossier.objects.filter(season=season).order_by("category__number", receipt, "pk")


def dossier_sheet(season: Season) -> Sheet:
    rows = season_dossiers(season).values(*DOSSIER_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    english = (translation.get_language() or "vi").startswith("en")
    return Sheet(gettext("Dossiers"), dossier_columns(), (_dossier_row(r, english) for r in rows))


def _dossier_row(row: dict, english: bool) -> list:
    prefix = "applicant__applicant_profile__"
    organisation = row[prefix + "kind"] in ORGANISATION_KINDS
    name = row[prefix + "legal_name"] if organisation else row[prefix + "full_name"]
    return [
        row["receipt_number"] or "",
        row["category__number"],
        (row["category__name_en"] if english else "") or row["category__name_vi"],
        str(DossierStatus(row["status"]).label),
        name or row["applicant__full_name"] or row["applicant__email"],
        row["applicant__email"],
        row[prefix + "province_name"] or "",
        row["title"],
        to_portal_time(row["submitted_at"]) if row["submitted_at"] else None,
        str(ReceivedVia(row["received_via"]).label),
        to_portal_time(row["received_at"]) if row["received_at"] else None,
    ]
