"""The dashboard's headline agrees with its charts (issue 12): it counts the open round's
reviews, not an empty final round set up ahead ("0 / 0" while the open round has 1 of 3)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from categories.models import RoundKind
from judging import services
from judging.models import Review, ReviewStatus, Round, RoundState
from tests.factories import UserFactory
from tests.judging.helpers import english, make_dossier
from tests.judging.organiser_season import ICT, judge, organiser

pytestmark = pytest.mark.django_db


def test_the_headline_counts_the_open_rounds_reviews_as_its_chart_does(client, season):
    boss = organiser()
    category = season.categories.get(number=3)
    preliminary = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, tzinfo=ICT),
        state=RoundState.OPEN,
    )
    Round.objects.create(
        season=season,
        kind=RoundKind.FINAL,
        opens_at=datetime(2024, 9, 1, tzinfo=ICT),
        closes_at=datetime(2024, 9, 30, tzinfo=ICT),
    )
    judges = [judge(n) for n in (1, 2, 3)]
    dossier = make_dossier(category, 1)
    assignments = [
        services.assignment_create(round_=preliminary, dossier=dossier, judge=j, by=boss)
        for j in judges
    ]
    Review.objects.create(
        assignment=assignments[0], status=ReviewStatus.FINAL, total=80, submitted_at=timezone.now()
    )
    UserFactory()  # someone else, irrelevant
    client.force_login(boss)
    response = english(client).get("/organisers/")
    headline = response.context["headline"]
    assert (headline.reviews_done, headline.reviews_total) == (1, 3)
    assert headline.reviews_round == preliminary
    chart = next(p for p in response.context["rounds"] if p.round == preliminary).panels
    assert chart.column_totals == [1, 2]
    html = response.content.decode()
    assert "Final reviews (Preliminary round)" in html
    assert '<dd data-figure="reviews">1 / 3</dd>' in html
