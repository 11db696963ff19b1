"""A judge scores in the admin: sign in, open the queue, score, submit; a conflicted dossier
stays out of reach."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD, seed_demo_users
from categories.demo import seed_vda_2024
from judging import services
from judging.models import Assignment, Panel, Review, ReviewStatus
from tests.e2e.staff import sign_in_staff
from tests.judging.helpers import make_dossier, open_preliminary

pytestmark = pytest.mark.e2e


def judging_scene():
    season = seed_vda_2024()
    users = seed_demo_users()
    judge, organiser = users["judge1@example.com"], users["organiser@example.com"]
    round_ = open_preliminary(season)
    category = season.categories.get(number=3)
    Panel.objects.create(round=round_, category=category).judges.set([judge])
    mine, conflicted = make_dossier(category, 1), make_dossier(category, 2)
    for dossier in (mine, conflicted):
        services.assignment_create(round_=round_, dossier=dossier, judge=judge, by=organiser)
    services.conflict_declare(
        judge=judge, dossier=conflicted, reason="Tôi là cố vấn của đơn vị này", by=judge
    )
    return judge, Assignment.objects.get(dossier=conflicted, judge=judge)


def test_judge_scores_an_assigned_dossier_and_cannot_open_a_conflicted_one(
    live_server, page: Page, transactional_db
):
    judge, conflicted = judging_scene()
    page.context.add_cookies([{"name": "vda_language", "value": "en", "url": live_server.url}])

    sign_in_staff(page, live_server.url, judge, DEMO_PASSWORD)  # password, then the code

    expect(page.get_by_text("0 of 1 done").first).to_be_visible()
    page.get_by_role("link", name="Open my assignments").click()
    expect(page.get_by_role("link", name="Dossier 3.1")).to_be_visible()
    expect(page.get_by_text("Dossier 3.2")).to_have_count(0)

    page.get_by_role("link", name="Dossier 3.1").click()
    expect(page.get_by_role("heading", name="Dossier 3.1")).to_be_visible()
    inputs = page.locator(".vda-score-input")
    expect(inputs).to_have_count(5)
    for index, value in enumerate(["8", "7.5", "6", "9", "10"]):
        inputs.nth(index).fill(value)
    # The live total comes from the static script (no inline JavaScript under the CSP).
    expect(page.locator("#vda-total")).to_have_text("80.50")
    page.locator("#comment").fill("Giải pháp tốt, số liệu rõ ràng.")
    page.once("dialog", lambda dialog: dialog.accept())  # "Submit as final?" (locks the review)
    page.get_by_role("button", name="Submit as final").click()

    expect(page.get_by_text("Your review is submitted. Thank you.")).to_be_visible()
    expect(page.get_by_text("1 of 1 done").first).to_be_visible()
    review = Review.objects.get(assignment__judge=judge)
    assert (review.status, review.total) == (ReviewStatus.FINAL, Decimal("80.50"))

    response = page.goto(f"{live_server.url}/admin/judging/myassignment/{conflicted.pk}/score/")
    assert response.status == 404
    expect(page.get_by_text("Dossier 3.2")).to_have_count(0)
