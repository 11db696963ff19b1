"""Who judges what: automatic assignment from the panels, assignment by hand, moving,
declining and replacing. Never a conflicted judge (judging.selectors holds the conflict rule)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import Role
from categories.models import RoundKind
from judging import rules, selectors
from judging.assignment import queue_key
from judging.expertise_assignment import plan_expertise_assignment
from judging.models import (
    Assignment,
    AssignmentStatus,
    Panel,
    Review,
    ReviewStatus,
    Round,
    RoundState,
)
from judging.services.base import JudgingError, _save, ensure_allowed, save_once
from submissions.mail import queue_email
from submissions.models import Dossier, DossierStatus


@dataclass
class AssignmentReport:
    created: int = 0
    shortfall: dict[str, int] = field(default_factory=dict)  # dossier label -> missing judges


@transaction.atomic
def assign_automatically(*, round_: Round, by: User | None) -> AssignmentReport:
    """Give every dossier of the round k judges of its category's panel (see assignment.py).
    Incremental: dossiers that already have k keep them, so running it twice adds nothing.
    `by` is None when the system runs it (the seed, management commands)."""
    ensure_allowed(rules.can_assign_automatically, by)
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
    # The same guarantees as judging.assignment.plan_assignment (k each, loads within one,
    # never excluded, only new pairs), and the most pairs whose judge knows the dossier's field.
    plan = plan_expertise_assignment(
        dossiers={d.pk: d.product_field for d in dossiers},
        judges=selectors.judge_fields(judges),
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
    excluded |= selectors.conflicted_pairs(dossiers, judges)
    load = Counter(
        Assignment.objects.filter(
            round=round_,
            status=AssignmentStatus.ACTIVE,
            dossier__category=panel.category_id,
            judge__in=judges,
        ).values_list("judge", flat=True)
    )
    return {"current": current, "excluded": excluded, "load": load}


def _create_assignments(round_: Round, pairs, by: User | None) -> list[Assignment]:
    created = _bulk_create(round_, pairs, by)
    tell_judges_assigned(round_, created)
    return created


def tell_judges_assigned(round_: Round, assignments: list[Assignment]) -> int:
    """Email each judge once per batch of new assignments: how many, the round's close date
    and their queue link. The key (round, judge, first new assignment) sends it exactly once."""
    by_judge: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_judge[assignment.judge_id].append(assignment)
    if not by_judge:
        return 0
    queue_url = settings.SITE_URL + reverse("admin:judging_myassignment_changelist")
    judges = User.objects.in_bulk(list(by_judge))
    sent = 0
    for judge_id, mine in sorted(by_judge.items()):
        judge = judges[judge_id]
        sent += (
            queue_email(
                key=f"judge-assigned:{round_.pk}:{judge_id}:{min(a.pk for a in mine)}",
                to=judge.email,
                template="judging/email/assigned",
                context={
                    "user": judge,
                    "round": round_,
                    "count": len(mine),
                    "opens_at": round_.opens_at,
                    "closes_at": round_.closes_at,
                    "queue_url": queue_url,
                },
                language=judge.language,
            )
            is not None
        )
    return sent


def _bulk_create(round_: Round, pairs, by: User | None) -> list[Assignment]:
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
    created = bulk_create_with_history(
        objs, Assignment, default_user=by, default_change_reason="automatic assignment"
    )
    _suggest_conflicts({judge for _d, judge in pairs}, {dossier for dossier, _j in pairs})
    return created


def _suggest_conflicts(judge_ids, dossier_ids) -> None:
    """Look for likely conflicts of the new pairs now, so organisers see them early."""
    from judging.services.suggestions import suggestions_refresh

    dossiers = Dossier.objects.filter(pk__in=dossier_ids).select_related(
        "applicant__applicant_profile"
    )
    suggestions_refresh(judge_ids=judge_ids, dossiers=dossiers)


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
    ensure_allowed(rules.can_manage_round, by)
    problem = assignment_problem(round_=round_, dossier=dossier, judge=judge)
    if problem:
        raise JudgingError(problem)
    key = queue_key(round_.assignment_seed, judge.pk, dossier.pk)
    pair = {"round": round_, "dossier": dossier, "judge": judge}
    assignment = Assignment.objects.filter(**pair).first()
    _suggest_conflicts({judge.pk}, {dossier.pk})
    if assignment is None:
        new = Assignment(status=AssignmentStatus.ACTIVE, queue_key=key, **pair)
        assignment = save_once(new, by=by, reason="assigned by hand", **pair)
    else:
        assignment.status = AssignmentStatus.ACTIVE
        assignment.queue_key = key
        _save(assignment, by=by, reason="assigned by hand")
    tell_judges_assigned(round_, [assignment])
    return assignment


def assignment_problem(*, round_: Round, dossier: Dossier, judge: User):
    """Why this judge may not take this dossier in this round, or None."""
    if round_.state == RoundState.CLOSED:
        return _("The round is closed.")
    if dossier.season_id != round_.season_id:
        return _("The dossier belongs to another season.")
    if not judge.has_role(Role.JUDGE):
        return _("%(user)s is not a judge.") % {"user": judge}
    if selectors.is_conflicted(judge, dossier):
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
    ensure_allowed(rules.can_manage_round, by)
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
    ensure_allowed(rules.can_decline_assignment, by, assignment, _("This is not your assignment."))
    if not reason.strip():
        raise JudgingError(_("Please give a reason."))
    if not assignment.is_active:
        raise JudgingError(_("This assignment is no longer active."))
    locked = assignment_locked_because(assignment)
    if locked == LOCKED_ROUND:
        raise JudgingError(_("The round is closed."))
    if locked == LOCKED_REVIEW:
        raise JudgingError(_("You have submitted a final review; it cannot be declined."))
    assignment.status = AssignmentStatus.DECLINED
    assignment.note = reason.strip()
    _save(assignment, by=by, reason="declined")
    return _replace(assignment, by)


LOCKED_ROUND = "round"
LOCKED_REVIEW = "review"


def assignment_locked_because(assignment: Assignment) -> str | None:
    """Why a judge may no longer give an assignment back (declining it, or declaring a conflict
    that ends it): its round is past scoring (closed, or its results confirmed), or their review
    is final. None while they still may. Organisers are not bound by it."""
    round_ = assignment.round
    # A confirmed round is closed (it is confirmed only once closed, and never reopens).
    if round_.state not in (RoundState.NOT_STARTED, RoundState.OPEN):
        return LOCKED_ROUND
    if _has_final_review(assignment):
        return LOCKED_REVIEW
    return None


def _locked_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("round", "dossier")
        .get(pk=assignment.pk)
    )


def _has_final_review(assignment: Assignment) -> bool:
    return Review.objects.filter(assignment=assignment, status=ReviewStatus.FINAL).exists()
