"""A round's results page shows one category at a time, 50 rows a page, with the rows around
the selection line; the complete ranking is the organisers' export."""

import csv
import io

import pytest

from tests.judging.test_queries import assigned_dossiers

pytestmark = pytest.mark.django_db


def receipts(page: str) -> list[str]:
    return [f"VDA2024-C3-{n:04d}" for n in range(1, 61) if f"VDA2024-C3-{n:04d} " in page]


@pytest.fixture
def sixty(preliminary, category, judges, panel):
    # Odd dossiers get a final review (70): 30 ranked; the even ones have no score.
    assigned_dossiers(preliminary, category, judges[0], 1, 60, review=True)


def url(round_, query=""):
    return f"/admin/judging/round/{round_.pk}/results/{query}"


def test_one_category_a_page_of_rows_and_the_selection_line(organiser_client, sixty, preliminary):
    first = organiser_client.get(url(preliminary))
    assert first.context["table"].number == 1  # the first category by default (none here)
    response = organiser_client.get(url(preliminary, "?category=3"))
    assert response.status_code == 200
    assert response.context["table"].number == 3
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(page.object_list)) == (1, 2, 50)
    second = organiser_client.get(url(preliminary, "?category=3&page=2"))
    assert len(second.context["page"].object_list) == 10
    text = second.content.decode()
    assert 'href="?category=3&amp;page=1" rel="prev"' in text
    assert "Around the selection line" in text
    line = second.context["table"].around_line()
    assert [r.selected for r in line] == [True, True, False, False, False]
    assert [r.rank for r in page.object_list] == list(range(1, 51))
    # Past the last page: the last page (Django's get_page); not a number: the first.
    assert organiser_client.get(url(preliminary, "?category=3&page=99")).context["page"].number == 2
    assert organiser_client.get(url(preliminary, "?category=3&page=x")).context["page"].number == 1


def test_a_category_the_round_has_not_got_is_404(organiser_client, sixty, preliminary):
    assert organiser_client.get(url(preliminary, "?category=9")).status_code == 404


def test_the_complete_ranking_export_has_every_row(organiser_client, sixty, preliminary):
    page = organiser_client.get(url(preliminary)).content.decode()
    link = "/organisers/exports/2024/ranking/preliminary.csv"
    assert f'href="{link}"' in page
    response = organiser_client.get(link)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["Category", "Rank", "Receipt number", "Entry title"]
    assert rows[0][-1] == "Selected"
    assert len(rows) == 61  # every dossier of every category, ranked or not
    assert [r[-1] for r in rows[1:]].count("Yes") == 2  # the panel's quota
    assert rows[1][:3] == ["3", "1", "VDA2024-C3-0001"]


@pytest.mark.parametrize("who", ["judge", "anonymous"])
def test_only_organisers_see_the_page_and_the_export(client, judges, sixty, preliminary, who):
    if who == "judge":
        client.force_login(judges[0])
    for path in (url(preliminary), "/organisers/exports/2024/ranking/preliminary.csv"):
        assert client.get(path).status_code in (302, 403)


def test_the_page_costs_the_same_queries_at_two_sizes(
    organiser_client, preliminary, category, judges, panel
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert organiser_client.get(url(preliminary)).status_code == 200
        return len(ctx)

    assigned_dossiers(preliminary, category, judges[0], 1, 2, review=True)
    small = count()
    assigned_dossiers(preliminary, category, judges[0], 3, 120, review=True)
    assert count() == small


def test_the_page_speaks_vietnamese(client, organiser, sixty, preliminary):
    client.force_login(organiser)
    text = client.get(url(preliminary, "?category=3&page=2"), HTTP_ACCEPT_LANGUAGE="vi").content
    text = text.decode()
    assert "Tất cả hạng mục" in text
    assert "Quanh ngưỡng chọn" in text
    assert "Xếp hạng: dòng 51–60 trên 60" in text


def test_an_open_rounds_ranking_is_computed_once_per_set_of_scores(
    organiser_client, sixty, preliminary, monkeypatch
):
    from django.core.cache import cache

    from judging import results
    from judging.models import Score

    cache.clear()  # the same rows as the tests above: their pages are kept under the same name
    ranked = []
    original = results.ranked
    monkeypatch.setattr(results, "ranked", lambda inputs: ranked.append(1) or original(inputs))
    first = organiser_client.get(url(preliminary, "?category=3")).context["page"].object_list
    again = organiser_client.get(url(preliminary, "?category=3&page=2"))
    assert len(ranked) == 1  # the second page, the same scores: nothing ranked again
    assert len(again.context["page"].object_list) == 10

    # One score of the 59th dossier goes up: it leads at once.
    last = Score.objects.filter(review__assignment__dossier__receipt_number="VDA2024-C3-0059")
    last.filter(pk=last.first().pk).update(value=10)
    top = organiser_client.get(url(preliminary, "?category=3")).context["page"].object_list[0]

    assert len(ranked) == 2
    assert first[0].receipt_number == "VDA2024-C3-0001"
    assert top.receipt_number == "VDA2024-C3-0059"
