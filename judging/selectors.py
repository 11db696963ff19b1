"""Reads of judging data.

Conflict enforcement: `visible_assignments()` is THE rule for which assignments a judge may see
(active, and no conflict of interest of its judge names the dossier or its applicant). The
queue, its counts and progress, the scoring page and the services' checks (judging.rules), the
dossier's files (through the viewer rule registered with submissions.access), the reminders,
the organisers' dashboard and score exports all start from it, so declaring a conflict hides a
dossier everywhere at once.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from categories.models import Criterion, RoundKind
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    Panel,
    ResultSnapshot,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from submissions.eligibility import dossier_eligibility_reasons
from submissions.models import Dossier, DossierStatus


def conflicts_of(judge: User) -> QuerySet[ConflictOfInterest]:
    return ConflictOfInterest.objects.filter(judge=judge)


def conflicted_dossiers_q(judge, dossier_ref: str = "pk", applicant_ref: str = "applicant"):
    """THE conflict rule as a condition: true where a conflict of `judge` (a user, or an
    OuterRef to one) names the dossier or its applicant."""
    conflicts = ConflictOfInterest.objects.filter(judge=judge)
    return Exists(conflicts.filter(dossier=OuterRef(dossier_ref))) | Exists(
        conflicts.filter(applicant=OuterRef(applicant_ref))
    )


def visible_assignments() -> QuerySet[Assignment]:
    """THE assignments judges may see: active, and no conflict of their judge names the
    dossier or its applicant. Filter it by judge, round or season."""
    return Assignment.objects.filter(status=AssignmentStatus.ACTIVE).exclude(
        conflicted_dossiers_q(OuterRef("judge"), "dossier", "dossier__applicant")
    )


def visible_dossiers_for(judge: User) -> QuerySet[Dossier]:
    """The dossiers of the judge's visible assignments."""
    if not judge.is_authenticated:
        return Dossier.objects.none()
    visible = visible_assignments().filter(judge=judge, dossier=OuterRef("pk"))
    return Dossier.objects.filter(Exists(visible))


def is_conflicted(judge: User, dossier: Dossier) -> bool:
    """Whether a conflict of the judge names the dossier or its applicant."""
    return Dossier.objects.filter(pk=dossier.pk).filter(conflicted_dossiers_q(judge)).exists()


def conflicted_pairs(dossiers: list[Dossier], judges: list[int]) -> set[tuple[int, int]]:
    """The (dossier id, judge id) pairs of these dossiers and judges that a conflict names
    (the dossier itself or its applicant): the same rule, for planning many at once."""
    by_applicant = defaultdict(list)
    for dossier in dossiers:
        by_applicant[dossier.applicant_id].append(dossier.pk)
    conflicts = ConflictOfInterest.objects.filter(judge__in=judges).filter(
        Q(dossier__in=[d.pk for d in dossiers]) | Q(applicant__in=list(by_applicant))
    )
    pairs = set()
    for judge_id, dossier_id, applicant_id in conflicts.values_list(
        "judge", "dossier", "applicant"
    ):
        if dossier_id:
            pairs.add((dossier_id, judge_id))
        pairs.update((d, judge_id) for d in by_applicant.get(applicant_id, []))
    return pairs


def judge_can_view(judge: User, dossier: Dossier) -> bool:
    """The viewer rule for submissions.access: files and pages of a visible dossier."""
    if not getattr(judge, "is_staff", False):
        return False  # judges are staff; skips a query for every applicant
    return visible_dossiers_for(judge).filter(pk=dossier.pk).exists()


def judge_assignments(judge: User) -> QuerySet[Assignment]:
    """The judge's queue: active assignments on visible dossiers, in the judge's own order."""
    return (
        visible_assignments()
        .filter(judge=judge)
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
        .select_related("dossier__applicant", "dossier__season", "dossier__nomination__nominator")
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


def is_confirmed(round_: Round | int) -> bool:
    """Whether the round's results are confirmed (a snapshot exists): it is then read-only."""
    return ResultSnapshot.objects.filter(round=round_).exists()


def peer_reviews(assignment: Assignment) -> list[Review]:
    """Every judge's final review of this dossier in this round — only once the round's results
    are confirmed, so that no judge has seen a peer's score while the round could still reopen
    (judging.services.rounds: a round once confirmed never reopens)."""
    if not is_confirmed(assignment.round_id):
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
    the applicant's current profile on the submission day (submissions.eligibility). Reads a
    preloaded profile (no query when the list selected `applicant__applicant_profile`)."""
    profile = getattr(dossier.applicant, "applicant_profile", None)
    if profile is None:
        return list(dossier.eligibility_reasons)
    return list(dossier_eligibility_reasons(dossier, profile=profile))


def judge_fields(judge_ids: list[int]) -> dict[int, set[str]]:
    """Each judge's declared fields (JudgeProfile); an empty set for a judge without one."""
    from judging.models import JudgeProfile

    declared = dict(JudgeProfile.objects.filter(judge__in=judge_ids).values_list("judge", "fields"))
    return {j: set(declared.get(j) or ()) for j in judge_ids}


def expertise_explanations(round_: Round) -> list[dict]:
    """Per dossier of the round: its field, its active judges and which of them declared that
    field — what "2 of 3 judges know fintech" is read from. Two queries."""
    from judging.expertise_assignment import Explanation

    rows = (
        Assignment.objects.filter(round=round_, status=AssignmentStatus.ACTIVE)
        .select_related("dossier__category", "judge")
        .order_by("dossier__category__number", "dossier__receipt_number", "judge__email")
    )
    by_dossier: dict[int, dict] = {}
    for row in rows:
        entry = by_dossier.setdefault(row.dossier_id, {"dossier": row.dossier, "judges": []})
        entry["judges"].append(row.judge)
    fields = judge_fields(sorted({j.pk for e in by_dossier.values() for j in e["judges"]}))
    explained = []
    for dossier_id, entry in by_dossier.items():
        field = entry["dossier"].product_field or ""
        experts = [j for j in entry["judges"] if field and field in fields.get(j.pk, ())]
        explanation = Explanation(
            dossier=dossier_id,
            field=field,
            judges=tuple(sorted(j.pk for j in entry["judges"])),
            experts=tuple(sorted(j.pk for j in experts)),
        )
        explained.append({**entry, "explanation": explanation, "experts": experts})
    return explained


def pending_suggestions(judge: User, dossier: Dossier):
    """The suggested conflicts the judge has still to confirm or dismiss for this dossier."""
    from judging.models import ConflictSuggestion, SuggestionDecision

    return ConflictSuggestion.objects.filter(
        judge=judge, dossier=dossier, decision=SuggestionDecision.PENDING
    ).order_by("reason", "pk")


def verifications_of(user: User):
    """The site verifications this user is a verifier of — and no other."""
    from judging.models import SiteVerification

    return (
        SiteVerification.objects.filter(verifiers=user)
        .select_related("dossier__category", "dossier__season")
        .order_by("scheduled_for", "dossier__receipt_number")
    )


def verification_for_scoring(assignment: Assignment):
    """The dossier's filed verification report, shown to its final-round judges."""
    from judging.models import SiteVerification

    if assignment.round.kind != RoundKind.FINAL:
        return None
    return (
        SiteVerification.objects.filter(dossier=assignment.dossier_id)
        .exclude(verdict="")
        .prefetch_related("findings", "documents", "verifiers")
        .first()
    )
