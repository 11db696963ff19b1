"""A judge's scores: saved as a draft or submitted as final, and reopened by organisers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from judging import rules, selectors
from judging.aggregation import review_total
from judging.models import (
    Assignment,
    Review,
    ReviewStatus,
    RoundState,
    Score,
)
from judging.services.assignments import _locked_assignment
from judging.services.base import JudgingError, ReviewInvalid, _save, ensure_allowed

HALF = Decimal("0.5")


def _parse_score(raw, maximum: Decimal):
    """The score as a Decimal, or an error message."""
    if raw in (None, ""):
        return None, None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        return None, _("Enter a number.")
    if not value.is_finite() or value < 0 or value > maximum:
        return None, _("Enter a score from 0 to %(max)s.") % {"max": f"{maximum.normalize():f}"}
    if value % HALF:
        return None, _("Use whole or half points (for example 7 or 7.5).")
    return value.quantize(Decimal("0.1")), None


@transaction.atomic
def review_save(
    *, assignment: Assignment, values: dict[int, object], comment: str, by: User, submit: bool
) -> Review:
    """Save a judge's scores as a draft, or submit them as final (locked from then on).

    A draft may leave criteria empty; submitting needs every criterion. Out-of-range scores are
    refused either way, and nothing is saved when any score is refused.
    """
    assignment = _locked_assignment(assignment)
    _ensure_may_score(assignment, by)
    review = Review.objects.filter(assignment=assignment).first()
    if review and review.is_final:
        raise JudgingError(_("This review is final and can no longer be changed."))
    criteria = selectors.round_criteria(assignment)
    parsed, errors = {}, {}
    for criterion in criteria:
        value, error = _parse_score(values.get(criterion.pk), criterion.max_score)
        if error is None and value is None and submit:
            error = _("Score this criterion before submitting.")
        if error:
            errors[criterion.pk] = error
        parsed[criterion.pk] = value
    if errors:
        raise ReviewInvalid(_("Some scores need your attention."), errors)
    review = review or Review(assignment=assignment)
    review.comment = comment.strip()
    complete = all(v is not None for v in parsed.values())
    review.total = (
        review_total((c.weight, parsed[c.pk], c.max_score) for c in criteria)
        if complete and criteria
        else None
    )
    if submit:
        review.status = ReviewStatus.FINAL
        review.submitted_at = timezone.now()
    _save(review, by=by, reason="submitted" if submit else "draft saved")
    _save_scores(review, parsed, by)
    return review


def _ensure_may_score(assignment: Assignment, by: User) -> None:
    # The same rule as the pages: a conflicted or unassigned dossier is simply not there.
    ensure_allowed(
        rules.is_assigned_judge, by, assignment, _("This dossier is not assigned to you.")
    )
    ensure_allowed(rules.can_score, by, assignment, _("The round is not open for scoring."))


def _save_scores(review: Review, parsed: dict[int, Decimal | None], by: User) -> None:
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion_id, value in parsed.items():
        score = existing.get(criterion_id)
        if value is None:
            if score:
                score._history_user = by
                score.delete()
        elif score is None or score.value != value:
            score = score or Score(review=review, criterion_id=criterion_id)
            score.value = value
            _save(score, by=by)


@transaction.atomic
def review_reopen(*, review: Review, by: User) -> Review:
    """Organisers return a final review to its judge while the round is open."""
    ensure_allowed(rules.can_manage_round, by)
    review = (
        Review.objects.select_for_update().select_related("assignment__round").get(pk=review.pk)
    )
    if review.assignment.round.state == RoundState.CLOSED:
        raise JudgingError(_("The round is closed."))
    review.status = ReviewStatus.DRAFT
    review.submitted_at = None
    _save(review, by=by, reason="reopened by organisers")
    return review
