"""Conflicts of interest: declared by the judge or by organisers; the assignments they touch
end at once and each dossier gets another panel judge where one is free."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from judging import rules
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
)
from judging.services.assignments import _replace
from judging.services.base import JudgingError, _save, ensure_allowed
from submissions.models import Dossier


@transaction.atomic
def conflict_declare(
    *,
    judge: User,
    reason: str,
    by: User,
    dossier: Dossier | None = None,
    applicant: User | None = None,
) -> ConflictOfInterest:
    """Record a conflict (by the judge, or by organisers). The judge's assignments it touches
    end at once and each dossier gets another panel judge where one is free."""
    message = _("Only organisers may record a conflict for another judge.")
    ensure_allowed(rules.can_declare_conflict_for, by, judge, message)
    if (dossier is None) == (applicant is None):
        raise JudgingError(_("Name either a dossier or an applicant."))
    if not reason.strip():
        raise JudgingError(_("Please give a reason."))
    target = {"dossier": dossier} if dossier else {"applicant": applicant}
    conflict = ConflictOfInterest.objects.filter(judge=judge, **target).first()
    if conflict is None:
        conflict = ConflictOfInterest(judge=judge, reason=reason.strip(), declared_by=by, **target)
        _save(conflict, by=by, reason="declared")
    _end_conflicted_assignments(judge, dossier, applicant, by)
    return conflict


def _end_conflicted_assignments(judge, dossier, applicant, by) -> None:
    touched = Assignment.objects.filter(judge=judge, status=AssignmentStatus.ACTIVE).filter(
        Q(dossier=dossier) if dossier else Q(dossier__applicant=applicant)
    )
    for assignment in touched.select_related("round", "dossier"):
        assignment.status = AssignmentStatus.CONFLICTED
        assignment.note = str(_("Conflict of interest declared."))
        _save(assignment, by=by, reason="conflict of interest")
        _replace(assignment, by)


@transaction.atomic
def conflict_remove(*, conflict: ConflictOfInterest, by: User) -> None:
    """Organisers withdraw a recorded conflict (the history keeps it)."""
    ensure_allowed(rules.can_manage_round, by)
    conflict._history_user = by
    conflict._change_reason = "withdrawn"
    conflict.delete()
