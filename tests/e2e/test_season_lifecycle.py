"""An organiser runs a season in Chromium from screening to publication, every step through
its confirmation page: mark eligible, open the round, assign judges, close it (the judges'
scores come in meanwhile), confirm the results, preview the emails and send them."""

from datetime import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.roles import Role
from categories.demo import seed_vda_2024
from categories.models import RoundKind
from judging import selectors, services
from judging.models import Panel, Round, RoundPublication, RoundState
from submissions.models import Dossier, DossierStatus, OutboundEmail
from tests.e2e.staff import sign_in_staff
from tests.factories import UserFactory
from tests.judging.conftest import ICT
from tests.judging.helpers import make_dossier

pytestmark = pytest.mark.e2e
PASSWORD = "pw-123456789"  # tests.factories.UserFactory's


@pytest.fixture
def season_to_run(transactional_db):
    cache.clear()  # allauth's login throttle lives in the cache
    season = seed_vda_2024()
    category = season.categories.get(number=3)
    organiser = UserFactory(email="organiser@example.com", role=Role.ORGANISER, is_staff=True)
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    judges = [
        UserFactory(email=f"judge{n}@example.com", role=Role.JUDGE, is_staff=True) for n in (1, 2)
    ]
    round_ = Round.objects.create(
        season=season,
        kind=RoundKind.PRELIMINARY,
        opens_at=datetime(2024, 7, 1, tzinfo=ICT),
        closes_at=datetime(2024, 8, 31, 23, 59, 59, tzinfo=ICT),
        judges_per_dossier=2,
    )
    Panel.objects.create(round=round_, category=category, quota=1).judges.set(judges)
    dossiers = [make_dossier(category, n, status=DossierStatus.SUBMITTED) for n in (1, 2)]
    return organiser, round_, dossiers


def run_action(page: Page, base: str, changelist: str, action: str) -> None:
    """Select every row of a changelist, run `action`: its confirmation page opens."""
    page.goto(base + changelist)
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    expect(page.locator(".vda-round-action, #content-main")).to_be_visible()


def confirm(page: Page) -> None:
    page.locator("#content-main input[type=submit].default").click()


def test_an_organiser_runs_a_season_from_screening_to_publication(
    live_server, page: Page, season_to_run
):
    organiser, round_, dossiers = season_to_run
    base = live_server.url
    page.context.add_cookies([{"name": "vda_language", "value": "en", "url": base}])
    sign_in_staff(page, base, organiser, PASSWORD)
    messages = page.locator("ul.messagelist")

    run_action(page, base, "/admin/submissions/dossier/", "mark_eligible")
    expect(page.locator("#content-main")).to_contain_text("Mark 2 dossiers")
    confirm(page)
    expect(messages).to_contain_text("2 dossiers screened.")
    assert set(Dossier.objects.values_list("status", flat=True)) == {DossierStatus.ELIGIBLE}

    run_action(page, base, "/admin/judging/round/", "open_rounds")
    expect(page.locator("#content-main")).to_contain_text("Opens now")
    assert Round.objects.get(pk=round_.pk).state == RoundState.NOT_STARTED  # nothing yet
    confirm(page)
    expect(messages).to_contain_text("opened.")

    run_action(page, base, "/admin/judging/round/", "assign")
    expect(page.locator("#content-main")).to_contain_text("4 assignments will be made.")
    confirm(page)
    expect(messages).to_contain_text("4 assignments made.")

    # The judges score meanwhile (their own journey is tests/e2e/test_judging.py).
    for assignment in selectors.unfinished_assignments(round_).select_related(
        "judge", "round", "dossier"
    ):
        value = "8" if assignment.dossier_id == dossiers[0].pk else "5"
        services.review_save(
            assignment=assignment,
            values={c.pk: value for c in selectors.round_criteria(assignment)},
            comment="",
            by=assignment.judge,
            submit=True,
        )

    run_action(page, base, "/admin/judging/round/", "close_rounds")
    expect(page.locator("#content-main")).to_contain_text("Closes now")
    confirm(page)
    expect(messages).to_contain_text("closed.")

    run_action(page, base, "/admin/judging/round/", "confirm_results")
    expect(page.locator("#content-main")).to_contain_text("2 dossiers ranked, 1 selected")
    confirm(page)
    expect(messages).to_contain_text("results confirmed.")

    page.goto(f"{base}/admin/judging/round/{round_.pk}/results/")
    page.get_by_role("link", name="Publish: email every applicant their result").click()
    expect(page.locator(".vda-publication-counts")).to_contain_text("Finalist")
    expect(page.locator(".vda-email-preview")).to_have_count(4)
    page.get_by_role("button", name="Send to 2 people").click()
    expect(messages).to_contain_text("2 result emails queued.")
    assert RoundPublication.objects.get(round=round_).recipients == 2
    assert OutboundEmail.objects.filter(key__startswith="judging-result:").count() == 2
