"""N+1 guards: every list page costs the same number of queries with 1 row and with 50."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from categories.models import RoundKind
from judging import services
from judging.models import (
    Assignment,
    ConflictOfInterest,
    Review,
    ReviewStatus,
    Round,
    RoundState,
    Score,
)
from judging.selectors import round_criteria
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def assigned_dossiers(preliminary, category, judge, first: int, last: int, *, review=False):
    """Dossiers first..last assigned to the judge (half of them with a final review)."""
    for n in range(first, last + 1):
        dossier = make_dossier(category, n)
        assignment = Assignment.objects.create(
            round=preliminary, dossier=dossier, judge=judge, queue_key=n * 7919 % 1000
        )
        if review and n % 2:
            made = Review.objects.create(
                assignment=assignment,
                status=ReviewStatus.FINAL,
                total=D("70"),
                submitted_at=dossier.submitted_at,
            )
            Score.objects.bulk_create(
                Score(review=made, criterion=c, value=D("7")) for c in round_criteria(assignment)
            )


def test_judge_queue_and_index_cost_the_same_with_1_and_50_assignments(
    judge_client, judges, preliminary, category
):
    assigned_dossiers(preliminary, category, judges[0], 1, 1, review=True)
    ConflictOfInterest.objects.create(
        judge=judges[0],
        applicant=make_dossier(category, 99).applicant,
        reason="x",
        declared_by=judges[0],
    )
    urls = ["/admin/judging/myassignment/", "/admin/", "/admin/judging/myconflict/"]
    one = [count_queries(judge_client, url) for url in urls]
    assigned_dossiers(preliminary, category, judges[0], 2, 50, review=True)
    for n in range(100, 149):
        ConflictOfInterest.objects.create(
            judge=judges[0],
            applicant=make_dossier(category, n).applicant,
            reason="x",
            declared_by=judges[0],
        )
    many = [count_queries(judge_client, url) for url in urls]
    assert many == one
    page = judge_client.get("/admin/judging/myassignment/").content.decode()
    assert "25 of 50 done" in page


def test_the_whole_queue_is_counted_by_its_progress_a_narrowed_one_by_a_count(
    judge_client, judges, preliminary, category
):
    assigned_dossiers(preliminary, category, judges[0], 1, 60, review=True)
    url = "/admin/judging/myassignment/"

    whole = judge_client.get(url + "?p=2")
    todo = judge_client.get(url + "?review=todo")

    assert whole.context["cl"].result_count == 60
    assert len(whole.context["cl"].result_list) == 10  # the second page of 50
    assert todo.context["cl"].result_count == 30  # the even ones have no review
    assert count_queries(judge_client, url + "?review=todo") == count_queries(judge_client, url) + 1


def test_organiser_changelists_cost_the_same_with_1_and_50_rows(
    organiser_client, judges, organiser, preliminary, category, panel
):
    def fill(first, last):
        assigned_dossiers(preliminary, category, judges[0], first, last, review=True)
        for n in range(first, last + 1):
            services.conflict_declare(
                judge=judges[5],
                applicant=make_dossier(category, 500 + n).applicant,
                reason="x",
                by=organiser,
            )

    urls = [
        "/admin/submissions/dossier/",
        "/admin/judging/assignment/",
        "/admin/judging/review/",
        "/admin/judging/conflictofinterest/",
        "/admin/judging/round/",
        "/admin/judging/panel/",
    ]
    fill(1, 1)
    one = [count_queries(organiser_client, url) for url in urls]
    fill(2, 50)
    many = [count_queries(organiser_client, url) for url in urls]
    assert many == one


def test_results_page_costs_the_same_with_1_and_30_dossiers(
    organiser_client, judges, organiser, preliminary, category, panel
):
    def fill(first, last):
        assigned_dossiers(preliminary, category, judges[0], first, last, review=True)

    url = f"/admin/judging/round/{preliminary.pk}/results/"
    fill(1, 1)
    one = count_queries(organiser_client, url)
    fill(2, 30)
    assert count_queries(organiser_client, url) == one


def test_review_and_results_lists_cost_the_same_with_1_and_2_rounds(organiser_client, preliminary):
    """The round filter names each round by its season without a query per round."""
    urls = ["/admin/judging/review/", "/admin/judging/dossierresult/"]
    one = [count_queries(organiser_client, url) for url in urls]
    Round.objects.create(
        season=preliminary.season,
        kind=RoundKind.FINAL,
        opens_at=preliminary.opens_at,
        closes_at=preliminary.closes_at,
        state=RoundState.NOT_STARTED,
    )
    assert [count_queries(organiser_client, url) for url in urls] == one


def test_organiser_lists_count_their_rows_once_unless_narrowed(organiser_client, preliminary):
    """Unfiltered, the list's count is the total (one COUNT, no DISTINCT for the category
    filter); a filter brings the total back beside the count."""
    for url in ["/admin/judging/review/", "/admin/judging/dossierresult/"]:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(url).status_code == 200
        sql = [q["sql"] for q in queries.captured_queries]
        assert sum("COUNT(*)" in s for s in sql) == 1, url
        assert not any("DISTINCT" in s for s in sql), url
    with CaptureQueriesContext(connection) as queries:
        organiser_client.get("/admin/judging/review/?status=final")
    assert sum("COUNT(*)" in q["sql"] for q in queries.captured_queries) == 2
