"""Reads of judging data.

Conflict enforcement: every judge-facing query starts from `visible_dossiers_for(judge)` — the
queue, its counts and progress, the scoring page, the dossier's files (through the viewer rule
registered with submissions.access), search and filters in the judge's admin. A dossier is
visible to a judge only while an active assignment exists and no conflict of interest names the
dossier or its applicant, so declaring a conflict hides it everywhere at once.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from categories.models import Criterion
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    Panel,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from submissions.models import Dossier


def conflicts_of(judge: User) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(judge=judge)


def conflicted_dossiers_q(judge, dossier_ref: str = "pk", applicant_ref: str = "applicant"):
    """THE conflict rule as a condition: true where a conflict of `judge` (a user, or an
    OuterRef to one) names the dossier or its applicant."""
    conflicts = ConflictOfInterest.objects.filter(judge=judge)
    return Exists(conflicts.filter(dossier=OuterRef(dossier_ref))) | Exists(
        conflicts.filter(applicant=OuterRef(applicant_ref))
    )


def visible_dossiers_for(judge: User) -> QuerySet[Dossier]:
    """THE judge-facing dossier set: actively assigned and not conflicted."""
    if not judge.is_authenticated:
        return Dossier.objects.none()
    assigned = Assignment.objects.filter(
        dossier=OuterRef("pk"), judge=judge, status=AssignmentStatus.ACTIVE
    )
    return Dossier.objects.filter(Exists(assigned)).exclude(conflicted_dossiers_q(judge))


def visible_assignments() -> QuerySet[Assignment]:
    """Active, conflict-free assignments of every judge: the same rule as
    visible_dossiers_for, for reads that cover many judges at once (reminders)."""
    return Assignment.objects.filter(status=AssignmentStatus.ACTIVE).exclude(
        conflicted_dossiers_q(OuterRef("judge"), "dossier", "dossier__applicant")
    )


def judge_can_view(judge: User, dossier: Dossier) -> bool:
    """The viewer rule for submissions.access: files and pages of a visible dossier."""
    if not getattr(judge, "is_staff", False):
        return False  # judges are staff; skips a query for every applicant
    return visible_dossiers_for(judge).filter(pk=dossier.pk).exists()


def judge_assignments(judge: User) -> QuerySet[Assignment]:
    """The judge's queue: active assignments on visible dossiers, in the judge's own order."""
    return (
        Assignment.objects.filter(
            judge=judge,
            status=AssignmentStatus.ACTIVE,
            dossier__in=visible_dossiers_for(judge),
        )
        .select_related("round__season", "dossier__category", "review")
        .order_by("-round__season__year", "round__kind", "queue_key")
    )


def judge_progress(judge: User) -> list[dict]:
    """Per round with work for the judge: final reviews done of active assignments."""
    rows = (
        judge_assignments(judge)
        .order_by()
        .values("round", "round__kind", "round__season__year", "round__state")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(review__status=ReviewStatus.FINAL)),
        )
        .order_by("-round__season__year", "round__kind")
    )
    progress = []
    for row in rows:
        round_ = Round(kind=row["round__kind"], state=row["round__state"])
        progress.append(
            {
                "round_id": row["round"],
                "year": row["round__season__year"],
                "kind": round_.get_kind_display(),
                "state": round_.get_state_display(),
                "is_open": row["round__state"] == RoundState.OPEN,
                "done": row["done"],
                "total": row["total"],
            }
        )
    return progress


def assignment_for_judge(judge: User, pk: int) -> Assignment | None:
    """One assignment of the judge's queue, or None (unassigned or conflicted: both look absent)."""
    return (
        judge_assignments(judge)
        .select_related("dossier__applicant", "dossier__season")
        .prefetch_related("dossier__attachments")
        .filter(pk=pk)
        .first()
    )


def round_criteria(assignment: Assignment) -> list[Criterion]:
    return list(
        Criterion.objects.filter(
            category_id=assignment.dossier.category_id, round_kind=assignment.round.kind
        ).order_by("position", "id")
    )


def scores_of(review: Review | None) -> dict[int, Score]:
    if review is None or review.pk is None:
        return {}
    return {score.criterion_id: score for score in review.scores.all()}


def peer_reviews(assignment: Assignment) -> list[Review]:
    """Every judge's final review of this dossier in this round — only once the round has
    closed, so that judges do not see each other's scores while scoring."""
    if assignment.round.state != RoundState.CLOSED:
        return []
    return list(
        Review.objects.filter(
            assignment__round=assignment.round_id,
            assignment__dossier=assignment.dossier_id,
            assignment__status=AssignmentStatus.ACTIVE,
            status=ReviewStatus.FINAL,
        )
        .select_related("assignment__judge")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("assignment__judge__email")
    )


def panel_for(round_: Round, category_id: int) -> Panel | None:
    return (
        Panel.objects.filter(round=round_, category_id=category_id)
        .prefetch_related("judges")
        .first()
    )


def round_candidates(round_: Round) -> QuerySet[Dossier]:
    """Dossiers a round judges: eligible (or already in review) ones in the preliminary round,
    finalists in the final round."""
    from categories.models import RoundKind
    from submissions.models import DossierStatus

    statuses = (
        [DossierStatus.ELIGIBLE, DossierStatus.IN_REVIEW]
        if round_.kind == RoundKind.PRELIMINARY
        else [DossierStatus.FINALIST]
    )
    return Dossier.objects.filter(season=round_.season_id, status__in=statuses)


def unfinished_assignments(round_: Round) -> QuerySet[Assignment]:
    return visible_assignments().filter(round=round_).exclude(review__status=ReviewStatus.FINAL)


def judges_with_unfinished_reviews(round_: Round) -> QuerySet[User]:
    """Judges who still have a visible assignment without a final review in the round."""
    unfinished = unfinished_assignments(round_).filter(judge=OuterRef("pk"))
    return User.objects.filter(Exists(unfinished)).order_by("email")


def engine_reasons(dossier: Dossier) -> list[str]:
    """The eligibility engine's reasons for a received dossier, as screening compares against:
    the applicant's current profile on the submission day. Reads a preloaded profile (no query
    when the list selected `applicant__applicant_profile`)."""
    from django.utils import timezone

    from categories.eligibility import check

    profile = getattr(dossier.applicant, "applicant_profile", None)
    if profile is None:
        return list(dossier.eligibility_reasons)
    # Categories 1–2 enter the organisation itself; ownership applies to products (3–5).
    owns = True if dossier.category.number <= 2 else bool(dossier.owns_solution)
    on = timezone.localdate(dossier.submitted_at) if dossier.submitted_at else timezone.localdate()
    return list(
        check(profile.facts(owns_solution=owns), category=dossier.category.number, on=on).reasons
    )
