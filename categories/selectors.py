from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from categories.models import Category, Criterion, Season


def current_season() -> Season | None:
    """The season the portal presents: the most recent year."""
    return Season.objects.order_by("-year").first()


def season_categories(season: Season) -> QuerySet[Category]:
    return season.categories.order_by("number")


def category_with_criteria(category_id: int, round_kind: str) -> Category:
    criteria = Criterion.objects.filter(round_kind=round_kind).order_by("position", "id")
    return Category.objects.prefetch_related(
        Prefetch("criteria", queryset=criteria, to_attr="round_criteria")
    ).get(pk=category_id)
