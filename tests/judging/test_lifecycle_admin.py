"""The lifecycle in the admin: every bulk action shows what will change and changes nothing
until confirmed; the publication preview; read-only confirmed rounds; unconfirm for superusers."""

from datetime import datetime

import pytest
from django.contrib.messages import get_messages

from categories.models import RoundKind
from judging import selectors, services
from judging.models import (
    Assignment,
    Panel,
    ResultSnapshot,
    Round,
    RoundPublication,
    RoundState,
    RoundUnconfirmation,
)
from submissions.models import OutboundEmail
from tests.factories import UserFactory
from tests.judging.conftest import ICT
from tests.judging.helpers import english, make_dossier

pytestmark = pytest.mark.django_db
ROUNDS = "/admin/judging/round/"


@pytest.fixture
def round_(season, category, judges):
    round_ = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, 23, 59, 59, tzinfo=ICT),
        judges_per_dossier=2,
        assignment_seed=7,
    )
    panel = Panel.objects.create(round=round_, category=category, quota=1)
    panel.judges.set(judges[:2])
    for n in (1, 2):
        make_dossier(category, n)
    return round_


def score_all(round_):
    for assignment in selectors.unfinished_assignments(round_).select_related(
        "judge", "round", "dossier"
    ):
        services.review_save(
            assignment=assignment,
            values={c.pk: "7" for c in selectors.round_criteria(assignment)},
            comment="",
            by=assignment.judge,
            submit=True,
        )


def bulk(client, action, round_, **extra):
    return client.post(ROUNDS, {"action": action, "_selected_action": [round_.pk], **extra})


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_each_bulk_action_shows_what_will_change_then_does_it(organiser_client, round_):
    page = bulk(organiser_client, "open_rounds", round_)
    assert "Opens now: its judges can score until 31/08/2024 23:59." in page.content.decode()
    assert Round.objects.get(pk=round_.pk).state == RoundState.NOT_STARTED
    done = bulk(organiser_client, "open_rounds", round_, post="yes")
    assert shown(done) == ["2024 – Preliminary round: opened."]

    page = bulk(organiser_client, "assign", round_)
    assert "4 assignments will be made." in page.content.decode()
    assert Assignment.objects.count() == 0
    done = bulk(organiser_client, "assign", round_, post="yes")
    assert shown(done) == ["2024 – Preliminary round: 4 assignments made."]
    assert Assignment.objects.count() == 4

    page = bulk(organiser_client, "close_rounds", round_).content.decode()
    assert "Close with 4 reviews missing:" in page
    assert page.count('name="missing-') == 4
    assert Round.objects.get(pk=round_.pk).state == RoundState.OPEN
    refused = bulk(organiser_client, "close_rounds", round_, post="yes")  # none named
    assert shown(refused)[0].startswith("4 reviews are not final yet")
    assert Round.objects.get(pk=round_.pk).state == RoundState.OPEN
    organiser_client.get(ROUNDS)  # shows (and so clears) the messages
    missing = [a.pk for a in services.missing_reviews(round_)]
    done = bulk(
        organiser_client, "close_rounds", round_, post="yes", **{f"missing-{round_.pk}": missing}
    )
    assert shown(done) == ["2024 – Preliminary round: closed with 4 reviews missing."]

    page = bulk(organiser_client, "confirm_results", round_).content.decode()
    assert "2 dossiers ranked, 0 selected" in page
    assert not ResultSnapshot.objects.exists()
    done = bulk(organiser_client, "confirm_results", round_, post="yes")
    assert shown(done) == ["2024 – Preliminary round: results confirmed."]

    page = bulk(organiser_client, "publish_results", round_).content.decode()
    assert "Who will be told what" in page
    assert OutboundEmail.objects.count() == 0
    done = bulk(organiser_client, "publish_results", round_, post="yes")
    assert shown(done) == ["2024 – Preliminary round: 2 result emails queued."]
    organiser_client.get(ROUNDS)
    again = bulk(organiser_client, "publish_results", round_, post="yes")  # a double click
    assert shown(again) == ["The results of this round are already published."]
    assert OutboundEmail.objects.count() == 2


def test_a_refused_action_says_why_on_its_confirmation_page(organiser_client, round_):
    page = bulk(organiser_client, "close_rounds", round_).content.decode()
    assert "Refused: The round has not opened yet." in page
    assert 'type="submit" class="default"' not in page


def test_publish_page_previews_each_email_in_each_language_then_sends_to_n_people(
    organiser_client, organiser, round_
):
    services.round_open(round_=round_, by=organiser)
    services.assign_automatically(round_=round_, by=organiser)
    score_all(round_)
    services.round_close(round_=round_, by=organiser)
    services.results_confirm(round_=round_, by=organiser)
    url = f"{ROUNDS}{round_.pk}/publish/"
    page = organiser_client.get(url).content.decode()
    assert "Send to 2 people" in page
    assert "[VDA] Your dossier VDA2024-C3-0001 is a finalist" in page
    assert page.count("Tiếng Việt") == 2  # the Vietnamese emails too
    assert page.count('class="vda-email-preview"') == 4  # two outcomes × two languages
    assert OutboundEmail.objects.count() == 0
    organiser_client.post(url)
    assert RoundPublication.objects.get(round=round_).recipients == 2
    assert OutboundEmail.objects.count() == 2


def test_publish_and_unconfirm_pages_are_refused_to_others(client, judges, round_, organiser):
    client.force_login(judges[0])
    english(client)
    assert client.get(f"{ROUNDS}{round_.pk}/publish/").status_code in (302, 403)
    assert client.post(f"{ROUNDS}{round_.pk}/publish/").status_code in (302, 403)
    client.force_login(organiser)
    assert client.get(f"{ROUNDS}{round_.pk}/unconfirm/").status_code == 403
    assert client.post(f"{ROUNDS}{round_.pk}/unconfirm/", {"reason": "x"}).status_code == 403
    assert not RoundPublication.objects.exists()


def test_a_confirmed_round_is_read_only_in_the_admin_and_a_superuser_unconfirms_it(
    client, organiser_client, organiser, round_
):
    services.round_open(round_=round_, by=organiser)
    services.assign_automatically(round_=round_, by=organiser)
    score_all(round_)
    services.round_close(round_=round_, by=organiser)
    services.results_confirm(round_=round_, by=organiser)
    change = f"{ROUNDS}{round_.pk}/change/"
    page = organiser_client.get(change).content.decode()
    assert 'name="judges_per_dossier"' not in page
    assert 'name="panels-0-quota"' not in page
    posted = organiser_client.post(change, {"judges_per_dossier": 1, "trimmed_mean": "on"})
    assert posted.status_code == 403
    panel = Panel.objects.get(round=round_)
    assert (
        organiser_client.post(f"/admin/judging/panel/{panel.pk}/change/", {"quota": 5}).status_code
        == 403
    )
    assert Round.objects.get(pk=round_.pk).judges_per_dossier == 2
    assert Panel.objects.get(pk=panel.pk).quota == 1

    boss = UserFactory(email="boss@example.com", is_superuser=True, is_staff=True)
    client.force_login(boss)
    english(client)
    url = f"{ROUNDS}{round_.pk}/unconfirm/"
    refused = client.post(url, {"reason": " "})
    assert "Please give a reason." in refused.content.decode()
    assert ResultSnapshot.objects.filter(round=round_).exists()
    done = client.post(url, {"reason": "The quota was wrong"})
    assert done.status_code == 302
    assert RoundUnconfirmation.objects.get().reason == "The quota was wrong"
    assert not ResultSnapshot.objects.filter(round=round_).exists()
    assert 'name="judges_per_dossier"' in organiser_client.get(change).content.decode()
