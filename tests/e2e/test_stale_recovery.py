"""Text typed in an outdated tab is kept aside; the applicant puts it back with "use this
text" and dismisses the box (issue 13)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.demo import DEMO_PASSWORD, seed_demo_users
from accounts.models import User
from categories.demo import seed_vda_2024
from submissions.demo import seed_demo_profiles
from submissions.models import StaleSave
from submissions.services import dossier_create

pytestmark = pytest.mark.e2e


@pytest.fixture
def draft(transactional_db):
    cache.clear()
    season = seed_vda_2024(open_now=True)
    seed_demo_users()
    seed_demo_profiles()
    user = User.objects.get(email="applicant1@example.com")
    return dossier_create(applicant=user, category=season.categories.get(number=3))


def test_text_from_an_outdated_tab_is_put_back_then_dismissed(live_server, page: Page, draft):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill("applicant1@example.com")
    page.get_by_label("Mật khẩu", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    url = f"{live_server.url}/applicant/dossiers/{draft.pk}/"
    old_tab = page.context.new_page()
    old_tab.goto(url)
    page.goto(url)
    page.locator("[name=title]").fill("Từ tab mới")
    page.wait_for_selector("#save-status:has-text('Đã lưu')")
    old_tab.locator("[name=product_name]").fill("Tên từ tab cũ")
    expect(old_tab.locator("#save-status")).to_contain_text("ở một thẻ hoặc cửa sổ khác")  # stale
    assert StaleSave.objects.count() == 1

    page.reload()
    box = page.locator("[data-stale-save]")
    expect(box).to_contain_text("Tên từ tab cũ")
    box.locator('[data-field="product_name"] button').click()
    expect(page.locator("[name=product_name]")).to_have_value("Tên từ tab cũ")
    page.wait_for_selector("#save-status:has-text('Đã lưu')")
    box.get_by_role("button", name="Đóng").click()
    expect(page.locator("[data-stale-save]")).to_have_count(0)
    draft.refresh_from_db()
    assert (draft.title, draft.product_name) == ("Từ tab mới", "Tên từ tab cũ")
    assert StaleSave.objects.get().dismissed is True
