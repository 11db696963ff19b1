"""A round's results page in Chromium, as an organiser reads it: one category at a time, 50
rows a page, the rows around the selection line and a link to the page that holds it; the same
page in English after switching language on the site, and at a phone's width; a judge who
types its address is refused."""

import csv
import io

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD, JUDGES, ORGANISER, seed_demo_users
from accounts.roles import Role
from categories.demo import seed_vda_2024
from judging.models import Panel
from tests.e2e.staff import sign_in_staff
from tests.judging.helpers import open_preliminary
from tests.judging.test_queries import assigned_dossiers

pytestmark = pytest.mark.e2e


@pytest.fixture
def sixty(transactional_db):
    """A preliminary round, open, 60 dossiers in category 3: the 30 odd ones scored 70."""
    cache.clear()  # allauth's login throttle lives in the cache
    season = seed_vda_2024()
    users = seed_demo_users()
    staff = {Role.ORGANISER: users[ORGANISER[0]], Role.JUDGE: users[JUDGES[0][0]]}
    round_ = open_preliminary(season, assignment_seed=7)
    category = season.categories.get(number=3)
    panel = Panel.objects.create(round=round_, category=category, quota=2)
    panel.judges.set([staff[Role.JUDGE]])
    assigned_dossiers(round_, category, staff[Role.JUDGE], 1, 60, review=True)
    return round_, staff


def no_wider_than_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, width


def test_an_organiser_pages_through_a_category_in_both_languages(
    live_server, browser, sixty, tmp_path
):
    round_, staff = sixty
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    sign_in_staff(page, live_server.url, staff[Role.ORGANISER], DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/judging/round/{round_.pk}/results/")

    # The summary names every category; the third holds the ranking.
    expect(page.locator("#categories-title")).to_have_text("Tất cả hạng mục")
    page.locator("table.vda-categories a[href='?category=3']").click()
    expect(page.locator("#page-title")).to_contain_text("1–50")
    expect(page.locator("#page-title")).to_contain_text("60")
    # The two selected and the first not selected, around the line; then page 2 by "next".
    line = page.get_by_role("table", name="Quanh ngưỡng chọn")
    expect(line.locator("tbody tr")).to_have_count(5)
    page.locator("nav.vda-pagination a[rel=next]").click()
    expect(page).to_have_url(
        f"{live_server.url}/admin/judging/round/{round_.pk}/results/?category=3&page=2"
    )
    expect(page.locator("#page-title")).to_contain_text("51–60")
    expect(page.locator("nav.vda-pagination [aria-current=page]")).to_have_text("2")

    # The complete ranking leaves as a file with every row.
    with page.expect_download() as download:
        page.locator(".vda-ranking-export a", has_text="CSV").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1:]
    assert sorted(row[2] for row in rows) == [f"VDA2024-C3-{n:04d}" for n in range(1, 61)]

    # English, switched on the site: the admin follows, on the same page of the same category.
    page.goto(f"{live_server.url}/")
    page.locator(".language-switcher button[lang=en]").click()
    page.goto(f"{live_server.url}/admin/judging/round/{round_.pk}/results/?category=3&page=2")
    expect(page.locator("#categories-title")).to_have_text("All categories")
    expect(page.locator("#page-title")).to_contain_text("rows 51–60 of 60")

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    no_wider_than_the_screen(page)
    expect(page.locator("nav.vda-pagination a[rel=prev]")).to_be_visible()
    context.close()


def test_a_judge_cannot_open_it(live_server, browser, sixty):
    round_, staff = sixty
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    sign_in_staff(page, live_server.url, staff[Role.JUDGE], DEMO_PASSWORD)

    response = page.goto(f"{live_server.url}/admin/judging/round/{round_.pk}/results/")

    assert response.status == 403
    expect(page.locator("body")).not_to_contain_text("VDA2024-C3-0001")
    context.close()
