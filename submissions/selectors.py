from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import product
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from categories.eligibility import ApplicantFacts, check, reason_message
from categories.models import Category, Season
from categories.selectors import season_categories
from submissions.completeness import Missing, missing_items
from submissions.deadlines import active_extensions, annotate_deadlines
from submissions.eligibility import today_in_vietnam
from submissions.models import (
    ApplicantProfile,
    Dossier,
    DossierMember,
    MemberState,
    Nomination,
    NominationState,
    ReceivedVia,
)

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CategoryEligibility:
    category: Category
    eligible: bool
    reasons: tuple[Reason, ...]
    # Questions still unanswered on which this category's answer depends: until they are
    # answered the panel says "answer … to see" rather than guessing.
    waiting_for: tuple[str, ...] = ()


def eligibility_overview(
    *,
    facts: ApplicantFacts,
    season: Season,
    on: date | None = None,
    unanswered: dict[str, str] | None = None,
) -> list[CategoryEligibility]:
    """Every category of the season, eligible or not, with every reason and what to do.

    ``unanswered``: fact name → question label, for the facts not answered yet (the live
    panel); a category whose answer depends on one of them waits for it."""
    on = on or today_in_vietnam()
    unanswered = unanswered or {}
    overview = []
    for category in season_categories(season):
        outcomes = _possible_reasons(facts, category.number, on, unanswered)
        if all(outcomes):  # not eligible whatever the answers: say what is certain already
            certain = set.intersection(*(set(reasons) for reasons in outcomes))
            codes = [code for code in outcomes[0] if code in certain]
            overview.append(CategoryEligibility(category, False, _reasons(codes, category, facts)))
        elif len({bool(reasons) for reasons in outcomes}) == 1:  # eligible whatever the answers
            overview.append(CategoryEligibility(category, True, ()))
        else:
            waiting = tuple(unanswered.values())
            overview.append(CategoryEligibility(category, False, (), waiting))
    return overview


def _reasons(codes, category: Category, facts: ApplicantFacts) -> tuple[Reason, ...]:
    return tuple(
        Reason(code, str(reason_message(code, category=category.number, kind=facts.kind)))
        for code in codes
    )


def _possible_reasons(
    facts: ApplicantFacts, number: int, on: date, unanswered: dict[str, str]
) -> list[tuple[str, ...]]:
    """The engine's reasons for every way the unanswered yes/no questions may be answered
    (only the facts as given when all are answered)."""
    names = list(unanswered)
    outcomes = []
    for values in product((True, False), repeat=len(names)):
        trial = replace(facts, **dict(zip(names, values, strict=True)))
        outcomes.append(check(trial, category=number, on=on).reasons)
    return outcomes


def profile_of(user) -> ApplicantProfile | None:
    return ApplicantProfile.objects.filter(user=user).first()


def applicant_dossiers(user) -> list[Dossier]:
    """The dashboard rows: the user's own dossiers and those of teams they are active in
    (`is_shared` marks the latter). One query, whatever the number of dossiers."""
    team = DossierMember.objects.filter(user=user, state=MemberState.ACTIVE).values("dossier")
    dossiers = list(
        Dossier.objects.filter(Q(applicant=user) | Q(pk__in=team))
        .select_related("category", "season")
        .order_by("-updated_at")
    )
    for dossier in dossiers:
        dossier.is_shared = dossier.applicant_id != user.pk
    annotate_deadlines(dossiers)  # each row's own deadline (extensions), one query
    return dossiers


def dossier_team(dossier: Dossier) -> list[DossierMember]:
    """The team as shown on the dossier page: invited and active members, oldest first."""
    return list(
        DossierMember.objects.filter(dossier=dossier)
        .exclude(state=MemberState.REMOVED)
        .select_related("user")
    )


def dossier_team_history(dossier: Dossier) -> list:
    """Every change to the team (invited, joined, removed, handed over), newest first."""
    return list(
        DossierMember.history.filter(dossier_id=dossier.pk)
        .select_related("history_user")
        .order_by("-history_date")
    )


def dossier_with_relations(pk: int) -> Dossier | None:
    return (
        Dossier.objects.select_related(
            "category", "season", "applicant__applicant_profile", "nomination__nominator"
        )
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


def nomination_shown(user: User, dossier: Dossier) -> Nomination | None:
    """The nomination behind the dossier if the user may see who made it (see_nominator).

    Select ``nomination__nominator`` and ``season`` with the dossier: then no query for
    organisers, owners, or judges of a season that hides the nominator."""
    nomination = getattr(dossier, "nomination", None)
    if nomination is None or not user.has_perm("submissions.see_nominator", dossier):
        return None
    return nomination


def dossier_completeness(dossier: Dossier, profile: ApplicantProfile | None) -> list[Missing]:
    if profile is None:
        return []
    uploaded = [attachment.document_type for attachment in dossier.attachments.all()]
    return missing_items(dossier, profile, uploaded)


def province_map_day() -> date:
    """The day whose administrative map the forms offer: the current season's opening day
    (Vietnam time), else today."""
    from categories.selectors import current_season
    from vda_portal.localtime import to_portal_time

    season = current_season()
    return to_portal_time(season.submissions_open_at).date() if season else today_in_vietnam()


@dataclass(frozen=True, slots=True)
class LostEligibility:
    dossier: Dossier
    reasons: tuple[str, ...]


def dossiers_made_ineligible(
    *, before: ApplicantProfile, after: ApplicantProfile
) -> list[LostEligibility]:
    """The applicant's open drafts and submitted dossiers that are eligible with the saved
    profile and would not be with the changed one (the profile page warns before saving)."""
    from submissions.eligibility import dossier_eligibility_reasons
    from submissions.models import DossierStatus

    lost = []
    dossiers = Dossier.objects.filter(
        applicant=before.user_id, status__in=(DossierStatus.DRAFT, DossierStatus.SUBMITTED)
    ).select_related("category", "season")
    for dossier in dossiers:
        if not dossier.season.accepts_submissions() and dossier.status == DossierStatus.DRAFT:
            continue  # a draft of a closed season can no longer be submitted anyway
        if dossier_eligibility_reasons(dossier, profile=before):
            continue  # not eligible already: nothing lost by this change
        codes = dossier_eligibility_reasons(dossier, profile=after)
        if codes:
            messages = tuple(
                str(reason_message(code, category=dossier.category.number, kind=after.kind))
                for code in codes
            )
            lost.append(LostEligibility(dossier, messages))
    return lost


def nominations_by(user) -> list[Nomination]:
    """The nominator's own nominations and their state: never the nominee's dossier."""
    return list(
        Nomination.objects.filter(nominator=user)
        .select_related("category", "season")
        .order_by("-created_at", "-id")
    )


def season_entry_paths(season: Season) -> dict:
    """The organisers' dashboard panel: extensions in force, nominations by state, dossiers
    filed from email, post or in person. A fixed number of queries."""
    extensions = list(
        active_extensions(season=season)
        .select_related("dossier", "applicant", "granted_by")
        .order_by("deadline", "pk")
    )
    states = dict(
        Nomination.objects.filter(season=season)
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    nominations = [(label, states.get(value, 0)) for value, label in NominationState.choices]
    offline = dict(
        Dossier.objects.filter(season=season)
        .exclude(received_via=ReceivedVia.ONLINE)
        .values_list("received_via")
        .annotate(count=Count("pk"))
        .values_list("received_via", "count")
    )
    received = [
        (label, offline.get(value, 0))
        for value, label in ReceivedVia.choices
        if value != ReceivedVia.ONLINE
    ]
    return {"extensions": extensions, "nominations": nominations, "received": received}
