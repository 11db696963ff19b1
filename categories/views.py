from django.shortcuts import render
from django.utils import timezone

from accounts.roles import Role
from categories.selectors import current_season, season_categories


def home(request):
    season = current_season()
    now = timezone.now()
    context = {
        "season": season,
        "categories": season_categories(season) if season else [],
        "is_open": season.accepts_submissions(now) if season else False,
        "has_opened": season.submissions_open_at <= now if season else False,
        "time_left": season.time_left(now) if season else None,
        "time_to_open": season.submissions_open_at - now if season else None,
        **_call_to_action(request, season),
    }
    return render(request, "categories/home.html", context)


def _call_to_action(request, season) -> dict:
    """One clear next step: sign up; continue the latest draft; or start a dossier."""
    user = request.user
    if not user.is_authenticated or season is None:
        return {}
    # Through the user's reverse relation: categories does not import submissions.
    latest = (
        user.dossiers.filter(season=season, status="draft").order_by("-updated_at").first()
        if user.has_role(Role.APPLICANT)
        else None
    )
    return {"continue_dossier": latest, "is_applicant": user.has_role(Role.APPLICANT)}
