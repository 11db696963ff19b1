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
    Round,
)
from judging.selectors import is_confirmed
from judging.services.assignments import (
    LOCKED_REVIEW,
    LOCKED_ROUND,
    _replace,
    assignment_locked_because,
)
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
    touched = _touched_assignments(judge, dossier, applicant)
    by_organisers = rules.can_manage_round.test(by)
    if not by_organisers:
        _refuse_late_conflict(touched)
    target = {"dossier": dossier} if dossier else {"applicant": applicant}
    conflict = ConflictOfInterest.objects.filter(judge=judge, **target).first()
    if conflict is None:
        conflict = ConflictOfInterest(judge=judge, reason=reason.strip(), declared_by=by, **target)
        _save(conflict, by=by, reason="declared")
    _end_conflicted_assignments(touched, by)
    return conflict


def _touched_assignments(judge, dossier, applicant) -> list[Assignment]:
    return list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(judge=judge, status=AssignmentStatus.ACTIVE)
        .filter(Q(dossier=dossier) if dossier else Q(dossier__applicant=applicant))
        .select_related("round", "dossier")
    )


def _refuse_late_conflict(touched: list[Assignment]) -> None:
    """A judge's conflict ends their assignments, so it is refused where declining is: once the
    round is past scoring or their review is final (it would remove a review from results that
    everyone has seen). Organisers may still record it."""
    for assignment in touched:
        locked = assignment_locked_because(assignment)
        if locked == LOCKED_ROUND:
            raise JudgingError(
                _(
                    "The round is closed: a conflict of interest with this dossier can no "
                    "longer be declared by a judge. Tell the organisers, who may record it."
                )
            )
        if locked == LOCKED_REVIEW:
            raise JudgingError(
                _(
                    "You have submitted a final review of this dossier: a conflict of interest "
                    "can no longer be declared on it. Tell the organisers, who may record it."
                )
            )


def _end_conflicted_assignments(touched: list[Assignment], by) -> None:
    for assignment in touched:
        assignment.status = AssignmentStatus.CONFLICTED
        assignment.note = str(_("Conflict of interest declared."))
        _save(assignment, by=by, reason="conflict of interest")
        _needs_reconfirmation(assignment, by)
        _replace(assignment, by)


def _needs_reconfirmation(assignment: Assignment, by: User) -> None:
    """A conflict recorded after a round's results were confirmed takes a review out of them:
    the round must be confirmed again (the lifecycle reads `Round.needs_reconfirmation`)."""
    round_ = Round.objects.select_for_update().get(pk=assignment.round_id)
    if round_.needs_reconfirmation or not is_confirmed(round_):
        return
    round_.reconfirmation_reason = str(
        _("Conflict of interest recorded after confirmation: %(judge)s, %(dossier)s")
        % {"judge": assignment.judge, "dossier": assignment.dossier}
    )[:300]
    _save(
        round_,
        by=by,
        reason="conflict after confirmation",
        update_fields=["reconfirmation_reason"],
    )


@transaction.atomic
def conflict_remove(*, conflict: ConflictOfInterest, by: User) -> None:
    """Organisers withdraw a recorded conflict (the history keeps it)."""
    ensure_allowed(rules.can_manage_round, by)
    conflict._history_user = by
    conflict._change_reason = "withdrawn"
    conflict.delete()
