from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class CategoryEligibility:
    category: Category
    eligible: bool
    reasons: tuple[Reason, ...]


def eligibility_overview(
    *, facts: ApplicantFacts, season: Season, on: date | None = None
) -> list[CategoryEligibility]:
    """Every category of the season, eligible or not, with every reason and what to do."""
    on = on or today_in_vietnam()
    overview = []
    for category in season_categories(season):
        result = check(facts, category=category.number, on=on)
        reasons = tuple(
            Reason(code, str(reason_message(code, category=category.number)))
            for code in result.reasons
        )
        overview.append(CategoryEligibility(category, result.eligible, reasons))
    return overview


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


def dossier_completeness(dossier: Dossier, profile: ApplicantProfile | None) -> list[Missing]:
    if profile is None:
        return []
    uploaded = [attachment.document_type for attachment in dossier.attachments.all()]
    return missing_items(dossier, profile, uploaded)


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
