"""The organiser's journey in Chromium: sign in, look at the season's charts, take the honoree
list away as an Excel file."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from accounts.demo import enrol_demo_totp
from organisers.models import ExportRecord
from tests.e2e.staff import pass_second_factor
from tests.judging.organiser_season import PASSWORD, judged_season

pytestmark = pytest.mark.e2e


@pytest.fixture
def judged(transactional_db):
    cache.clear()  # allauth's login throttle lives in the cache
    data = judged_season()
    EmailAddress.objects.create(
        user=data.organiser, email=data.organiser.email, verified=True, primary=True
    )
    enrol_demo_totp(data.organiser)
    return data


def test_organiser_sees_the_charts_and_downloads_the_honorees_as_xlsx(
    live_server, page: Page, judged, tmp_path
):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(judged.organiser.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    pass_second_factor(page)
    # Staff land in the administration; the site's menu leads to the dashboard.
    page.get_by_role("link", name="Xem trang web").click()
    page.locator("nav a[href='/organisers/']").click()

    expect(page).to_have_url(live_server.url + "/organisers/")
    charts = page.locator("svg.chart-svg[role=img]")
    expect(charts).to_have_count(6)
    expect(charts.first).to_be_visible()
    with translation.override("vi"):  # the page's language, whatever the catalogue holds today
        title = gettext("Dossiers by category and status")
    expect(page.locator("#chart-status-title")).to_have_text(title)
    # The numbers behind a chart open as a table.
    status = page.locator("#chart-status")
    status.locator("summary").click()
    expect(status.locator("table")).to_be_visible()

    with page.expect_download() as download_info:
        page.locator("[data-export=honorees-xlsx]").click()
    download = download_info.value
    assert download.suggested_filename == "vda-2024-honorees.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    book = load_workbook(path)
    assert len(book.sheetnames) == 3  # all, category 1, category 3
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3], r[5], float(r[6])) for r in rows] == [
        (1, 1, "Sở Thông tin và Truyền thông tỉnh Bắc Ninh", "Tỉnh Bắc Ninh", 87.5),
        (3, 1, "Đặng Thị Ướt", "Tỉnh Thừa Thiên Huế", 89.63),
        (3, 2, "Công ty Cổ phần Công nghệ Số An Phát", "Thành phố Hà Nội", 85.0),
    ]
    assert rows[0][1] == "Cơ quan nhà nước chuyển đổi số xuất sắc"  # Vietnamese pages
    record = ExportRecord.objects.get()
    assert (record.exported_by, record.format, record.row_count) == (judged.organiser, "xlsx", 3)
