"""Every write of judging. Keyword-only, atomic, no request; `by` is recorded in the history."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import F, Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import Role
from categories.models import RoundKind
from judging import results, selectors
from judging.aggregation import review_total
from judging.assignment import plan_assignment, queue_key
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    DossierResult,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from judging.snapshot import digest
from submissions.mail import queue_email
from submissions.models import Dossier, DossierStatus

HALF = Decimal("0.5")


class JudgingError(Exception):
    """A refused judging action; `message` is shown to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


class ReviewInvalid(JudgingError):
    """Scores refused; `errors` maps a criterion id (or "comment") to its message."""

    def __init__(self, message, errors: dict) -> None:
        super().__init__(message)
        self.errors = errors


def _save(obj: Model, *, by: User | None, reason: str = "", **kwargs) -> None:
    """Save with the history's who and why (services run without a request)."""
    obj._history_user = by
    if reason:
        obj._change_reason = reason[:100]
    obj.save(**kwargs)


def _ensure_organiser(user: User) -> None:
    if not user.is_organiser:
        raise JudgingError(_("Only organisers may do this."))


# --- Rounds --------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, round_: Round, by: User) -> Round:
    _ensure_organiser(by)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.state == RoundState.OPEN:
        return round_
    if ResultSnapshot.objects.filter(round=round_).exists():
        raise JudgingError(_("The results of this round are confirmed; it cannot reopen."))
    round_.state = RoundState.OPEN
    _save(round_, by=by, reason="opened")
    return round_


@transaction.atomic
def round_close(*, round_: Round, by: User) -> Round:
    _ensure_organiser(by)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.state != RoundState.CLOSED:
        round_.state = RoundState.CLOSED
        _save(round_, by=by, reason="closed")
    return round_


# --- Assignment ----------------------------------------------------------------------------


@dataclass
class AssignmentReport:
    created: int = 0
    shortfall: dict[str, int] = field(default_factory=dict)  # dossier label -> missing judges


@transaction.atomic
def assign_automatically(*, round_: Round, by: User | None) -> AssignmentReport:
    """Give every dossier of the round k judges of its category's panel (see assignment.py).
    Incremental: dossiers that already have k keep them, so running it twice adds nothing."""
    round_ = Round.objects.select_for_update().select_related("season").get(pk=round_.pk)
    if round_.state == RoundState.CLOSED:
        raise JudgingError(_("The round is closed."))
    report = AssignmentReport()
    panels = Panel.objects.filter(round=round_).select_related("category").order_by("category")
    for panel in panels.prefetch_related("judges"):
        dossiers = list(selectors.round_candidates(round_).filter(category=panel.category_id))
        _assign_panel(round_, panel, dossiers, by, report)
    return report


def _assign_panel(round_, panel, dossiers, by, report: AssignmentReport) -> None:
    judges = [j.pk for j in panel.judges.all()]
    state = _panel_state(round_, panel, dossiers, judges)
    plan = plan_assignment(
        dossiers=[d.pk for d in dossiers],
        judges=judges,
        k=round_.judges_per_dossier,
        seed=round_.assignment_seed,
        current=state["current"],
        excluded=state["excluded"],
        load=state["load"],
    )
    _create_assignments(round_, plan.pairs, by)
    report.created += len(plan.pairs)
    labels = {d.pk: str(d) for d in dossiers}
    report.shortfall.update({labels[d]: n for d, n in plan.shortfall.items()})
    if round_.kind == RoundKind.PRELIMINARY:
        _mark_in_review([d for d in dossiers if d.status == DossierStatus.ELIGIBLE], by)


def _panel_state(round_, panel, dossiers, judges) -> dict:
    """Who holds which dossier, which pairs are excluded, and each judge's load."""
    ids = [d.pk for d in dossiers]
    current: dict[int, set[int]] = defaultdict(set)
    excluded: set[tuple[int, int]] = set()
    rows = Assignment.objects.filter(round=round_, dossier__in=ids)
    for dossier_id, judge_id, status in rows.values_list("dossier", "judge", "status"):
        if status == AssignmentStatus.ACTIVE:
            current[dossier_id].add(judge_id)
        else:
            excluded.add((dossier_id, judge_id))
    excluded |= _conflict_pairs(dossiers, judges)
    load = Counter(
        Assignment.objects.filter(
            round=round_,
            status=AssignmentStatus.ACTIVE,
            dossier__category=panel.category_id,
            judge__in=judges,
        ).values_list("judge", flat=True)
    )
    return {"current": current, "excluded": excluded, "load": load}


def _conflict_pairs(dossiers: list[Dossier], judges: list[int]) -> set[tuple[int, int]]:
    by_applicant = defaultdict(list)
    for d in dossiers:
        by_applicant[d.applicant_id].append(d.pk)
    ids = {d.pk for d in dossiers}
    pairs = set()
    conflicts = ConflictOfInterest.objects.filter(judge__in=judges).filter(
        Q(dossier__in=ids) | Q(applicant__in=list(by_applicant))
    )
    for judge_id, dossier_id, applicant_id in conflicts.values_list(
        "judge", "dossier", "applicant"
    ):
        if dossier_id:
            pairs.add((dossier_id, judge_id))
        for d in by_applicant.get(applicant_id, []):
            pairs.add((d, judge_id))
    return pairs


def _create_assignments(round_: Round, pairs, by: User | None) -> list[Assignment]:
    objs = [
        Assignment(
            round=round_,
            dossier_id=dossier,
            judge_id=judge,
            queue_key=queue_key(round_.assignment_seed, judge, dossier),
        )
        for dossier, judge in pairs
    ]
    if not objs:
        return []
    return bulk_create_with_history(
        objs, Assignment, default_user=by, default_change_reason="automatic assignment"
    )


def _mark_in_review(dossiers: list[Dossier], by: User | None) -> None:
    for dossier in dossiers:
        dossier.status = DossierStatus.IN_REVIEW
        _save(dossier, by=by, reason="assigned to judges", update_fields=["status", "updated_at"])


def _replace(assignment: Assignment, by: User | None) -> Assignment | None:
    """Give the dossier another judge of the panel, if one is free of conflicts."""
    round_ = assignment.round
    if round_.state == RoundState.CLOSED:
        return None
    panel = selectors.panel_for(round_, assignment.dossier.category_id)
    if panel is None:
        return None
    dossier = assignment.dossier
    report = AssignmentReport()
    before = set(Assignment.objects.filter(round=round_, dossier=dossier).values_list("pk"))
    _assign_panel(round_, panel, [dossier], by, report)
    return (
        Assignment.objects.filter(round=round_, dossier=dossier)
        .exclude(pk__in=[pk for (pk,) in before])
        .first()
    )


@transaction.atomic
def assignment_create(*, round_: Round, dossier: Dossier, judge: User, by: User) -> Assignment:
    """Assign one judge by hand (organisers). Never a conflicted judge."""
    _ensure_organiser(by)
    problem = assignment_problem(round_=round_, dossier=dossier, judge=judge)
    if problem:
        raise JudgingError(problem)
    existing = Assignment.objects.filter(round=round_, dossier=dossier, judge=judge).first()
    assignment = existing or Assignment(round=round_, dossier=dossier, judge=judge)
    assignment.status = AssignmentStatus.ACTIVE
    assignment.queue_key = queue_key(round_.assignment_seed, judge.pk, dossier.pk)
    _save(assignment, by=by, reason="assigned by hand")
    return assignment


def assignment_problem(*, round_: Round, dossier: Dossier, judge: User):
    """Why this judge may not take this dossier in this round, or None."""
    if round_.state == RoundState.CLOSED:
        return _("The round is closed.")
    if dossier.season_id != round_.season_id:
        return _("The dossier belongs to another season.")
    if not judge.has_role(Role.JUDGE):
        return _("%(user)s is not a judge.") % {"user": judge}
    if _is_conflicted(judge, dossier):
        return _("This judge has a conflict of interest with this dossier.")
    active = Assignment.objects.filter(
        round=round_, dossier=dossier, judge=judge, status=AssignmentStatus.ACTIVE
    )
    if active.exists():
        return _("This judge is already assigned to this dossier.")
    return None


@transaction.atomic
def assignment_reassign(
    *, assignment: Assignment, judge: User, by: User, note: str = ""
) -> Assignment:
    """Move an assignment to another judge (organisers); the old one stays, marked reassigned."""
    _ensure_organiser(by)
    assignment = _locked_assignment(assignment)
    if _has_final_review(assignment):
        raise JudgingError(_("This judge has submitted a final review; it cannot be moved."))
    if not assignment.is_active:
        raise JudgingError(_("Only an active assignment can be moved."))
    new = assignment_create(round_=assignment.round, dossier=assignment.dossier, judge=judge, by=by)
    assignment.status = AssignmentStatus.REMOVED
    assignment.note = note or str(_("Reassigned to %(judge)s.") % {"judge": judge})
    _save(assignment, by=by, reason="reassigned")
    return new


@transaction.atomic
def assignment_decline(*, assignment: Assignment, reason: str, by: User) -> Assignment | None:
    """A judge gives an assignment back (with a reason); another panel judge replaces them."""
    assignment = _locked_assignment(assignment)
    if by.pk != assignment.judge_id and not by.is_organiser:
        raise JudgingError(_("This is not your assignment."))
    if not reason.strip():
        raise JudgingError(_("Please give a reason."))
    if not assignment.is_active:
        raise JudgingError(_("This assignment is no longer active."))
    if assignment.round.state == RoundState.CLOSED:
        raise JudgingError(_("The round is closed."))
    if _has_final_review(assignment):
        raise JudgingError(_("You have submitted a final review; it cannot be declined."))
    assignment.status = AssignmentStatus.DECLINED
    assignment.note = reason.strip()
    _save(assignment, by=by, reason="declined")
    return _replace(assignment, by)


def _locked_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round", "dossier")
        .get(pk=assignment.pk)
    )


def _has_final_review(assignment: Assignment) -> bool:
    return Review.objects.filter(assignment=assignment, status=ReviewStatus.FINAL).exists()


def _is_conflicted(judge: User, dossier: Dossier) -> bool:
    return (
        ConflictOfInterest.objects.filter(judge=judge)
        .filter(Q(dossier=dossier) | Q(applicant=dossier.applicant_id))
        .exists()
    )


# --- Conflicts of interest -----------------------------------------------------------------


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
    if by.pk != judge.pk and not by.is_organiser:
        raise JudgingError(_("Only organisers may record a conflict for another judge."))
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
    _ensure_organiser(by)
    conflict._history_user = by
    conflict._change_reason = "withdrawn"
    conflict.delete()


# --- Reviews -------------------------------------------------------------------------------


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
    # The same selector as the pages: a conflicted or unassigned dossier is simply not there.
    if by.pk != assignment.judge_id or not selectors.judge_can_view(by, assignment.dossier):
        raise JudgingError(_("This dossier is not assigned to you."))
    if assignment.round.state != RoundState.OPEN:
        raise JudgingError(_("The round is not open for scoring."))


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
    _ensure_organiser(by)
    review = (
        Review.objects.select_for_update().select_related("assignment__round").get(pk=review.pk)
    )
    if review.assignment.round.state == RoundState.CLOSED:
        raise JudgingError(_("The round is closed."))
    review.status = ReviewStatus.DRAFT
    review.submitted_at = None
    _save(review, by=by, reason="reopened by organisers")
    return review


# --- Results -------------------------------------------------------------------------------


@transaction.atomic
def results_confirm(*, round_: Round, by: User) -> ResultSnapshot:
    """Store the round's results snapshot, each dossier's result and its new status
    (finalist / not selected after the preliminary round; honoree / not selected after the
    final). Confirmed once: the snapshot is what later checks compare against."""
    _ensure_organiser(by)
    round_ = Round.objects.select_for_update().select_related("season").get(pk=round_.pk)
    if round_.state != RoundState.CLOSED:
        raise JudgingError(_("Close the round before confirming its results."))
    if ResultSnapshot.objects.filter(round=round_).exists():
        raise JudgingError(_("The results of this round are already confirmed."))
    payload = results.build_payload(round_)
    snapshot = ResultSnapshot(
        round=round_,
        payload=payload,
        sha256=digest(payload),
        confirmed_by=by,
        confirmed_at=timezone.now(),
    )
    _save(snapshot, by=by, reason="confirmed")
    _write_results(round_, payload, by)
    return snapshot


def _write_results(round_: Round, payload: dict, by: User) -> None:
    won = DossierStatus.FINALIST if round_.kind == RoundKind.PRELIMINARY else DossierStatus.HONOREE
    rows = [row for category in payload["results"] for row in category["ranking"]]
    dossiers = Dossier.objects.in_bulk([row["dossier"] for row in rows])
    objs = []
    for row in rows:
        objs.append(
            DossierResult(
                round=round_,
                dossier_id=row["dossier"],
                rank=row["rank"],
                score=row["score"],
                raw_score=row["raw"],
                normalised_score=row["normalised"],
                median=row["median"],
                review_count=row["reviews"],
                disagreement=row["disagreement"],
                selected=row["selected"],
                tie_note=row["decided_by"],
            )
        )
        dossier = dossiers[row["dossier"]]
        dossier.status = won if row["selected"] else DossierStatus.NOT_SELECTED
        _save(dossier, by=by, reason=f"{round_.kind} results confirmed")
    bulk_create_with_history(
        objs, DossierResult, default_user=by, default_change_reason="results confirmed"
    )


@transaction.atomic
def results_publish(*, round_: Round, by: User) -> int:
    """Tell every applicant of the round their result by email (once: the outbox key)."""
    _ensure_organiser(by)
    snapshot = ResultSnapshot.objects.select_for_update().filter(round=round_).first()
    if snapshot is None:
        raise JudgingError(_("Confirm the results before publishing them."))
    queued = 0
    outcomes = DossierResult.objects.filter(round=round_).select_related(
        "dossier__applicant", "dossier__category", "dossier__season", "round"
    )
    for result in outcomes:
        queued += _queue_result_email(result) is not None
    # From now on applicants see this round's outcome on their pages too.
    Dossier.objects.filter(judging_results__round=round_).update(published_status=F("status"))
    if snapshot.published_at is None:
        snapshot.published_at = timezone.now()
        snapshot.published_by = by
        _save(snapshot, by=by, reason="published")
    return queued


def _queue_result_email(result: DossierResult):
    dossier = result.dossier
    applicant = dossier.applicant
    preliminary = result.round.kind == RoundKind.PRELIMINARY
    outcome = ("finalist" if preliminary else "honoree") if result.selected else "not_selected"
    context = {
        "dossier": dossier,
        "applicant": applicant,
        "outcome": outcome,
        "preliminary": preliminary,
        "portal_url": settings.SITE_URL + reverse("home"),
    }
    return queue_email(
        key=f"judging-result:{result.round_id}:{dossier.pk}",
        to=applicant.email,
        template="judging/email/result",
        context=context,
        language=applicant.language,
    )
