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
    CommentVisibility,
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
    *,
    assignment: Assignment,
    values: dict[int, object],
    comment: str,
    by: User,
    submit: bool,
    comments: dict[int, tuple[str, str]] | None = None,
) -> Review:
    """Save a judge's scores as a draft, or submit them as final (locked from then on).

    A draft may leave criteria empty; submitting needs every criterion. Out-of-range scores are
    refused either way, and nothing is saved when any score is refused.

    `comments` maps a criterion id to (text, visibility): the judge's comment on that criterion
    and whether it may be shown to the entrant (CommentVisibility). A comment needs its score.
    """
    assignment = _locked_assignment(assignment)
    _ensure_may_score(assignment, by)
    review = Review.objects.filter(assignment=assignment).first()
    if review and review.is_final:
        raise JudgingError(_("This review is final and can no longer be changed."))
    criteria = selectors.round_criteria(assignment)
    parsed, errors, notes = {}, {}, {}
    for criterion in criteria:
        value, error = _parse_score(values.get(criterion.pk), criterion.max_score)
        if error is None and value is None and submit:
            error = _("Score this criterion before submitting.")
        if comments is not None:  # None: the caller does not touch the comments
            note, note_error = _parse_comment(comments.get(criterion.pk))
            if error is None and note_error is None and note[0] and value is None:
                note_error = _("Give this criterion a score to keep your comment.")
            error = error or note_error
            notes[criterion.pk] = note
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
    _save_scores(review, parsed, notes, by)
    return review


def _parse_comment(raw) -> tuple[tuple[str, str], object]:
    """(text, visibility) cleaned, or an error message; no comment is ("", organisers)."""
    text, visibility = raw if raw else ("", "")
    text = (text or "").strip()
    visibility = visibility or CommentVisibility.ORGANISERS
    if visibility not in CommentVisibility.values:
        return ("", CommentVisibility.ORGANISERS), _("Choose who may read the comment.")
    if len(text) > 4000:
        return (text, visibility), _("Keep the comment under 4000 characters.")
    return (text, visibility), None


def _ensure_may_score(assignment: Assignment, by: User) -> None:
    # The same rule as the pages: a conflicted or unassigned dossier is simply not there.
    ensure_allowed(
        rules.is_assigned_judge, by, assignment, _("This dossier is not assigned to you.")
    )
    ensure_allowed(rules.can_score, by, assignment, _("The round is not open for scoring."))


def _save_scores(
    review: Review,
    parsed: dict[int, Decimal | None],
    notes: dict[int, tuple[str, str]],
    by: User,
) -> None:
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion_id, value in parsed.items():
        score = existing.get(criterion_id)
        kept = (score.comment, score.comment_visibility) if score else ("", "")
        text, visibility = notes.get(criterion_id, kept)
        visibility = visibility or CommentVisibility.ORGANISERS
        if value is None:
            if score:
                score._history_user = by
                score.delete()
        elif (
            score is None
            or score.value != value
            or score.comment != text
            or score.comment_visibility != visibility
        ):
            score = score or Score(review=review, criterion_id=criterion_id)
            score.value = value
            score.comment = text
            score.comment_visibility = visibility
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
