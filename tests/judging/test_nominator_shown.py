"""Issue 15's "nominated by …" on the judges' scoring page and the organisers' screening pages:
organisers always, judges per the season's setting, no query per row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from judging import services
from judging.models import Assignment
from submissions.models import Nomination, NominationState
from tests.factories import UserFactory
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db

MARK = "data-nominated-by"


def nominate(dossier, email: str = "nominator@example.com") -> Nomination:
    return Nomination.objects.create(
        season=dossier.season,
        category=dossier.category,
        nominator=UserFactory(email=email),
        nominee_name="Công ty An Phát",
        nominee_email=dossier.applicant.email,
        reason="Đổi mới quy trình bán lẻ.",
        state=NominationState.CLAIMED,
        expires_at=timezone.now() + timedelta(days=30),
        claimed_at=timezone.now(),
        claimed_by=dossier.applicant,
        dossier=dossier,
    )


@pytest.fixture
def nominated(preliminary, panel, category, judges, organiser):
    dossier = make_dossier(category, 1)
    nominate(dossier)
    services.assignment_create(round_=preliminary, dossier=dossier, judge=judges[0], by=organiser)
    return dossier


def score_page(client, dossier, judge) -> str:
    assignment = Assignment.objects.get(dossier=dossier, judge=judge)
    response = client.get(f"/admin/judging/myassignment/{assignment.pk}/score/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_judge_sees_the_nominator_only_when_the_season_shows_it(
    judge_client, judges, nominated
):
    page = score_page(judge_client, nominated, judges[0])
    assert MARK not in page
    assert "nominator@example.com" not in page
    season = nominated.season
    season.show_nominator_to_judges = True
    season.save()
    page = score_page(judge_client, nominated, judges[0])
    assert MARK in page
    assert "Nominated by nominator@example.com on" in page


def test_a_dossier_not_nominated_shows_no_nominator(organiser_client, category, nominated):
    plain = make_dossier(category, 2)
    page = organiser_client.get(f"/admin/submissions/dossier/{plain.pk}/screen/").content.decode()
    assert MARK not in page


def test_organisers_always_see_it_on_the_screening_page_and_list(organiser_client, nominated):
    assert not nominated.season.show_nominator_to_judges
    page = organiser_client.get(f"/admin/submissions/dossier/{nominated.pk}/screen/")
    assert MARK in page.content.decode()
    assert "Nominated by nominator@example.com on" in page.content.decode()
    listing = organiser_client.get("/admin/submissions/dossier/").content.decode()
    assert "nominated by" in listing.lower()
    assert "nominator@example.com" in listing


def test_the_screening_list_asks_no_query_per_nominated_row(organiser_client, category, nominated):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get("/admin/submissions/dossier/").status_code == 200
        return len(queries)

    before = count()
    for n in range(2, 6):
        nominate(make_dossier(category, n), email=f"nominator{n}@example.com")
    assert count() == before
