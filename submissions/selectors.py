from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from categories.eligibility import ApplicantFacts, check, reason_message
from categories.models import Category, Season
from categories.selectors import season_categories
from submissions.completeness import Missing, missing_items
from submissions.eligibility import today_in_vietnam
from submissions.models import ApplicantProfile, Dossier


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
    """The applicant's dashboard rows: one query, whatever the number of dossiers."""
    return list(
        Dossier.objects.filter(applicant=user)
        .select_related("category", "season")
        .order_by("-updated_at")
    )


def dossier_with_relations(pk: int) -> Dossier | None:
    return (
        Dossier.objects.select_related("category", "season", "applicant__applicant_profile")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


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
