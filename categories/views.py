from django.shortcuts import render
from django.utils import timezone

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
    }
    return render(request, "categories/home.html", context)
