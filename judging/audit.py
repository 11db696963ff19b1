"""One dossier's audit trail: every recorded change to it, its assignments, conflicts, reviews,
scores and results, with who and when, oldest first. Read from django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from judging.models import (
    Assignment,
    ConflictOfInterest,
    ConflictSuggestion,
    DossierResult,
    Review,
    Score,
    SiteVerification,
)
from submissions.models import Dossier
from vda_portal.history_display import EMPTY, shown_reason, shown_value

# The fields each model's entries describe (the rest is bookkeeping).
TRACKED = {
    Dossier: ["status", "eligibility_override", "eligibility_justification", "eligibility_flagged"],
    Assignment: ["judge_id", "status", "note"],
    ConflictOfInterest: ["judge_id", "dossier_id", "applicant_id", "reason"],
    Review: ["status", "total", "comment"],
    Score: ["criterion_id", "value", "comment", "comment_visibility"],
    DossierResult: ["rank", "score", "selected"],
    ConflictSuggestion: ["judge_id", "reason", "declared", "applicant_value", "decision"],
    SiteVerification: [
        "scheduled_for",
        "mode",
        "place",
        "held_on",
        "attendees",
        "verdict",
        "override_reason",
    ],
}
ACTIONS = {
    "+": pgettext_lazy("audit", "created"),
    "~": pgettext_lazy("audit", "changed"),
    "-": pgettext_lazy("audit", "deleted"),
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    user: str
    model: str
    object_id: int
    action: str  # created / changed / deleted
    changes: list[tuple[str, str, str]]  # (field, before, after)
    reason: str


def dossier_audit(dossier: Dossier) -> list[Entry]:
    assignment_ids = list(
        Assignment.history.filter(dossier_id=dossier.pk).values_list("id", flat=True).distinct()
    )
    review_ids = list(
        Review.history.filter(assignment_id__in=assignment_ids)
        .values_list("id", flat=True)
        .distinct()
    )
    sources = {
        Dossier: Dossier.history.filter(id=dossier.pk),
        Assignment: Assignment.history.filter(id__in=assignment_ids),
        ConflictOfInterest: ConflictOfInterest.history.filter(
            Q(dossier_id=dossier.pk) | Q(applicant_id=dossier.applicant_id)
        ),
        Review: Review.history.filter(id__in=review_ids),
        Score: Score.history.filter(review_id__in=review_ids),
        DossierResult: DossierResult.history.filter(dossier_id=dossier.pk),
        ConflictSuggestion: ConflictSuggestion.history.filter(dossier_id=dossier.pk),
        SiteVerification: SiteVerification.history.filter(dossier_id=dossier.pk),
    }
    entries = []
    for model, records in sources.items():
        entries += _entries(
            model,
            records.select_related("history_user").order_by("id", "history_date", "history_id"),
        )
    return sorted(entries, key=lambda e: (e.at, e.model, e.object_id))


def _entries(model, records) -> list[Entry]:
    fields = TRACKED[model]
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = [
            (
                _label(model, name),
                _text(model, name, getattr(before, name), before) if before is not None else "",
                _text(model, name, getattr(record, name), record),
            )
            for name in fields
            if before is None or getattr(before, name) != getattr(record, name)
        ]
        if before is None:
            changes = [c for c in changes if c[2] != EMPTY]
        previous[record.id] = record
        entries.append(
            Entry(
                at=record.history_date,
                user=str(record.history_user or "–"),
                model=str(model._meta.verbose_name),
                object_id=record.id,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                changes=changes,
                reason=shown_reason(record.history_change_reason),
            )
        )
    return entries


def _label(model, name: str) -> str:
    field = model._meta.get_field(name.removesuffix("_id"))
    return str(field.verbose_name)


def _text(model, name: str, value, record) -> str:
    """Labels, not codes (vda_portal.history_display); EMPTY for no value."""
    if value is None:
        return EMPTY
    return shown_value(model, name, value, record)
