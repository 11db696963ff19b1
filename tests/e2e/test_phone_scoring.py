"""A judge scores and submits on a phone (360 px wide): no horizontal scroll, the dossier
first and the criteria below, inputs large enough to tap, a confirmation before "submit as
final"."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD
from judging.models import Review, ReviewStatus, Score
from tests.e2e.staff import sign_in_staff
from tests.e2e.test_judging import judging_scene

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def no_horizontal_scroll(page: Page) -> bool:
    page.wait_for_load_state("load")
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
        " && document.body.scrollWidth <= window.innerWidth"
    )


def test_a_judge_scores_and_submits_on_a_phone(live_server, page: Page, transactional_db):
    judge, _conflicted = judging_scene()
    page.set_viewport_size(PHONE)
    page.context.add_cookies([{"name": "vda_language", "value": "en", "url": live_server.url}])
    sign_in_staff(page, live_server.url, judge, DEMO_PASSWORD)

    page.get_by_role("link", name="Open my assignments").click()
    expect(page.get_by_role("link", name="Dossier 3.1")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="Dossier 3.1").click()
    heading = page.get_by_role("heading", name="Dossier 3.1")
    expect(heading).to_be_visible()
    assert no_horizontal_scroll(page)

    # The dossier comes first, the criteria below it.
    dossier_box = page.locator(".vda-dossier").bounding_box()
    scoring_box = page.locator(".vda-scoring").bounding_box()
    assert dossier_box["y"] + dossier_box["height"] <= scoring_box["y"] + 1
    assert scoring_box["x"] + scoring_box["width"] <= PHONE["width"]

    inputs = page.locator(".vda-score-input")
    expect(inputs).to_have_count(5)
    for index in range(5):
        box = inputs.nth(index).bounding_box()
        assert box["height"] >= 44  # a finger, not a mouse pointer
        assert box["x"] + box["width"] <= PHONE["width"]
    for index, value in enumerate(["8", "7.5", "6", "9", "10"]):
        inputs.nth(index).fill(value)
    expect(page.locator("#vda-total")).to_have_text("80.50")
    first = page.locator(".vda-criterion").first
    first.locator("textarea").fill("Số liệu rõ ràng.")
    first.get_by_label("May be shown to the entrant").check()
    assert no_horizontal_scroll(page)
    submit = page.get_by_role("button", name="Submit as final")
    assert submit.bounding_box()["height"] >= 44

    # Dismissing the confirmation submits nothing.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    submit.click()
    expect(page.get_by_role("heading", name="Dossier 3.1")).to_be_visible()
    assert questions == [
        "Submit as final? Your scores and comments will be locked and can no longer be changed."
    ]
    assert not Review.objects.exists()

    page.once("dialog", lambda dialog: dialog.accept())
    submit.click()
    expect(page.get_by_text("Your review is submitted. Thank you.")).to_be_visible()
    assert no_horizontal_scroll(page)
    review = Review.objects.get(assignment__judge=judge)
    assert (review.status, review.total) == (ReviewStatus.FINAL, Decimal("80.50"))
    commented = Score.objects.get(review=review, comment="Số liệu rõ ràng.")
    assert commented.comment_visibility == "entrant"
