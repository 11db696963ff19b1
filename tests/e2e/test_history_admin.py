"""An organiser in the admin (issue 12, part A), in Chromium: history pages read in Vietnamese
with labels and offer no revert; a name changed after confirmation is accepted as a correction
of what certificates print."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from playwright.sync_api import Page, expect

from judging.models import PrintedName
from submissions.models import ApplicantProfile
from tests.e2e.staff import sign_in_staff
from tests.judging.organiser_season import PASSWORD, judged_season

pytestmark = pytest.mark.e2e


@pytest.fixture
def judged(transactional_db):
    cache.clear()  # allauth's login throttle lives in the cache
    data = judged_season()
    EmailAddress.objects.create(
        user=data.organiser, email=data.organiser.email, verified=True, primary=True
    )
    return data


def test_organiser_reads_history_without_revert_and_accepts_a_name_correction(
    live_server, page: Page, judged
):
    sign_in_staff(page, live_server.url, judged.organiser, PASSWORD)
    round_ = judged.round
    page.goto(f"{live_server.url}/admin/judging/round/{round_.pk}/history/")
    table = page.locator("#change-history")
    expect(table).to_contain_text("Người thay đổi")
    expect(table).to_contain_text("Đang mở")  # the round's states by their labels
    expect(table).to_contain_text("Đã kết thúc")
    expect(table).not_to_contain_text("closed")
    # An old version is shown, never offered for saving.
    table.locator("tbody a").last.click()
    expect(page.locator("#content h1")).to_contain_text("Xem")
    expect(page.locator("input[name=_save]")).to_have_count(0)

    dossier = judged.dossiers["VDA2024-C3-0002"]
    ApplicantProfile.objects.filter(user=dossier.applicant).update(full_name="Đặng Thị Ướt Mới")
    page.goto(f"{live_server.url}/admin/judging/printedname/")
    row = page.locator("#result_list tr", has_text="Đặng Thị Ướt Mới")
    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("accept_corrections")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã cập nhật 1 tên.")
    assert PrintedName.objects.get(dossier=dossier).name == "Đặng Thị Ướt Mới"
