"""Freezing what is printed for honorees at confirmation, and the corrections organisers accept
or decline afterwards (each recorded in the history, with who)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from categories.models import RoundKind
from judging import rules
from judging.models import PrintedName, ResultSnapshot
from judging.printed_names import live_name, live_province, pending_correction
from judging.services.base import JudgingError, _save, ensure_allowed
from submissions.models import Dossier


def printed_names_freeze(*, snapshot: ResultSnapshot, by: User) -> list[PrintedName]:
    """The final round's honorees as they will be printed: name, entry title (the snapshot's),
    province. Called by results_confirm inside its transaction."""
    if snapshot.round.kind != RoundKind.FINAL:
        return []
    payload = snapshot.payload
    titles = {d["id"]: d["title"] for c in payload["categories"] for d in c["dossiers"]}
    selected = [
        row["dossier"]
        for result in payload["results"]
        for row in result["ranking"]
        if row["selected"]
    ]
    dossiers = Dossier.objects.select_related("applicant__applicant_profile").in_bulk(selected)
    frozen = []
    for dossier_id in selected:
        dossier = dossiers[dossier_id]
        printed = PrintedName(
            snapshot=snapshot,
            dossier=dossier,
            name=live_name(dossier)[:300],
            title=(titles.get(dossier_id) or dossier.title)[:300],
            province=live_province(dossier)[:100],
        )
        _save(printed, by=by, reason="frozen at confirmation")
        frozen.append(printed)
    return frozen


@transaction.atomic
def printed_name_accept_correction(*, printed: PrintedName, by: User) -> PrintedName:
    """Print the profile's current name from now on (the old one stays in the history)."""
    ensure_allowed(rules.can_manage_round, by)
    printed = _locked(printed)
    correction = pending_correction(printed)
    if not correction:
        raise JudgingError(_("There is no pending correction of this name."))
    printed.name = correction[:300]
    printed.declined_name = ""
    _save(printed, by=by, reason="correction accepted")
    return printed


@transaction.atomic
def printed_name_decline_correction(*, printed: PrintedName, by: User) -> PrintedName:
    """Keep printing the frozen name; the profile's current one is no longer pending."""
    ensure_allowed(rules.can_manage_round, by)
    printed = _locked(printed)
    correction = pending_correction(printed)
    if not correction:
        raise JudgingError(_("There is no pending correction of this name."))
    printed.declined_name = correction[:300]
    _save(printed, by=by, reason="correction declined")
    return printed


def _locked(printed: PrintedName) -> PrintedName:
    return (
        PrintedName.objects.select_for_update(of=("self",))
        .select_related("dossier__applicant__applicant_profile")
        .get(pk=printed.pk)
    )
