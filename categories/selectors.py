from __future__ import annotations

from django.db.models import QuerySet

from categories.models import Category, Season


def current_season() -> Season | None:
    """The season the portal presents: the most recent year."""
    return Season.objects.order_by("-year").first()


def season_categories(season: Season) -> QuerySet[Category]:
    return season.categories.order_by("number")
