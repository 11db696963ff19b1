import pytest
from playwright.sync_api import Page, expect

from categories.demo import seed_vda_2024

pytestmark = pytest.mark.e2e


def test_visitor_switches_the_home_page_to_english(live_server, page: Page, transactional_db):
    seed_vda_2024(open_now=True)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("VDA 2024")
    expect(page.get_by_text("Cơ quan nhà nước chuyển đổi số xuất sắc")).to_be_visible()

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="The five categories")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Excellent digital transformation – state agency")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="Foreign technology product, service or solution")
    ).to_be_visible()
    expect(page.locator("[data-countdown]")).to_contain_text(" d ")
